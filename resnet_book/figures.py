"""Every figure in ``figures/``, made by code, and the recorded results of heavy runs.

    python -m resnet_book figures                 # all figures, heavy runs loaded from records
    python -m resnet_book figures fig1 --recompute

A module makes a figure by decorating a function ``fn(recompute: bool) -> Path`` with ``@figure``;
its name goes into ``FIGURE_MODULES`` so that the command line finds it.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURE_DIR = ROOT / "figures"
# A chapter draws its figures into a scratch folder, so running it never changes a committed file
# (another Matplotlib or font would change the bytes); `make figures` writes figures/.
SCRATCH_DIR = Path(tempfile.gettempdir()) / "resnet_book_figures"
_INTO_REPO = {"on": False}
RECORD_DIR = Path(__file__).resolve().parent / "recorded"
FIGURE_MODULES = [
    "resnet_book.plots",
    "resnet_book.residual_figures",
    "resnet_book.shortcut_figures",
    "resnet_book.architecture",
    "resnet_book.bottleneck",
    "resnet_book.paper_tables",
    "resnet_book.depth_sweep",
    "resnet_book.very_deep_figures",
    "resnet_book.mindmap",
]
FIGURES: dict[str, Callable[[bool], Path]] = {}
# Latin text first, then the first CJK font found for Chinese labels: Linux (Debian's
# fonts-noto-cjk, WenQuanYi), macOS (PingFang, Hiragino), Windows (Microsoft YaHei, SimHei).
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
             "WenQuanYi Zen Hei", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei",
             "Arial Unicode MS"]  # fmt: skip
FONTS = ["DejaVu Sans", *CJK_FONTS]


def figure(name: str):
    """Register a figure maker under ``name`` (the stem of its file in figures/)."""

    def register(fn: Callable[[bool], Path]) -> Callable[[bool], Path]:
        FIGURES[name] = fn
        return fn

    return register


def installed_fonts() -> set[str]:
    from matplotlib import font_manager

    return {f.name for f in font_manager.fontManager.ttflist}


def has_cjk_font() -> bool:
    """Whether Chinese text can be drawn (else Matplotlib draws empty boxes)."""
    return bool(installed_fonts() & set(CJK_FONTS))


def use_style() -> None:
    """Matplotlib settings shared by every figure: readable, light, CJK-capable."""
    import matplotlib

    installed = installed_fonts()  # a font asked for but missing would warn
    matplotlib.rcParams.update(
        {
            "font.family": [f for f in FONTS if f in installed] or ["DejaVu Sans"],
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "svg.hashsalt": "resnet",
        }
    )


# The book's text column is about 672 CSS px wide at a 1280 px window (sphinx-book-theme); a
# PNG wider than that is scaled down to it. No text may then show smaller than 10 CSS px.
COLUMN_PX = 672
MIN_TEXT_PX = 10


def shown_text_px(fig, points: float, dpi: float) -> float:
    """How tall (CSS px) text of ``points`` shows once the figure, saved tight at ``dpi``, is
    scaled into the book's column."""
    width_px = fig.get_tightbbox(fig._get_renderer()).width * dpi  # any canvas, even none
    return points * dpi / 72 * min(1.0, COLUMN_PX / width_px)


def readable(fig, dpi: float | None = None):
    """Enlarge every text of ``fig`` that would show under MIN_TEXT_PX in the book's column
    (legends, tick labels, notes), then lay the figure out again. Returns ``fig``."""
    import warnings

    from matplotlib.text import Text

    dpi = dpi or fig.dpi
    for _ in range(3):  # bigger text can widen the figure's tight box: check again
        texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        smallest = min((t.get_fontsize() for t in texts), default=MIN_TEXT_PX)
        if shown_text_px(fig, smallest, dpi) >= MIN_TEXT_PX - 0.05:
            break
        least = MIN_TEXT_PX / shown_text_px(fig, 1.0, dpi)
        for t in texts:
            t.set_fontsize(max(t.get_fontsize(), least))
        if fig.get_layout_engine() is None and not fig.legends:  # a figure legend has its rect
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "not compatible with tight_layout": keep as is
                fig.tight_layout()
    return fig


def save(fig, name: str) -> Path:
    """Save a figure as NAME.png with no timestamps, so reruns give the same bytes: in figures/
    under ``make_figures(into_repo=True)`` (the command line), else in ``SCRATCH_DIR``. The
    figure is then closed, so that pyplot neither keeps it nor shows it a second time. Text too
    small to read in the book's column is enlarged first (``readable``)."""
    import matplotlib
    import matplotlib.pyplot as plt

    folder = FIGURE_DIR if _INTO_REPO["on"] else SCRATCH_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    readable(fig, dpi=matplotlib.rcParams["savefig.dpi"])
    fig.savefig(path, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return path


def provenance(command: str, **settings) -> dict:
    """What produced a record: the command, its settings and the software versions."""
    import numpy
    import torch

    return {
        "command": command,
        "settings": settings,
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "numpy": numpy.__version__,
        "machine": f"{platform.system()} {platform.machine()}",
    }


def recorded(name: str, compute: Callable[[], dict], recompute: bool = False) -> dict:
    """Load resnet_book/recorded/NAME.json, or run ``compute`` (and save it) when asked or absent.

    ``compute`` returns a dict holding at least "provenance" (see ``provenance``) and the results.
    """
    path = RECORD_DIR / f"{name}.json"
    if path.exists() and not recompute:
        return json.loads(path.read_text())
    results = compute()
    RECORD_DIR.mkdir(exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n")
    return results


def make_figures(
    names: list[str] | None = None, recompute: bool = False, into_repo: bool = False
) -> list[Path]:
    """Make the named figures (all by default) and return their paths: in figures/ when
    ``into_repo`` (what `make figures` does), else in a scratch folder."""
    for module in FIGURE_MODULES:
        importlib.import_module(module)
    unknown = sorted(set(names or []) - set(FIGURES))
    if unknown:
        raise ValueError(f"unknown figure {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    use_style()
    _INTO_REPO["on"] = into_repo
    try:
        return [FIGURES[n](recompute) for n in (names or FIGURES)]
    finally:
        _INTO_REPO["on"] = False
