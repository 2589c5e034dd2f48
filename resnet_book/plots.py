"""Curves as the paper draws them (Fig. 6: dashed = training error, solid = test error).

>>> fig = plot_runs(run_degradation()["runs"])

The figures of chapter 1 are made here from recorded runs (``python -m resnet_book figures``).
Drawing uses Matplotlib's object API, never pyplot's global state, so a widget can draw from a
background thread.
"""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure

from resnet_book.figures import figure, provenance, readable, recorded, save, use_style

# One colour per depth, the same in every chapter: shallow nets cool, deep nets warm.
DEPTH_COLOURS = {
    20: "#1f77b4",
    32: "#2ca02c",
    44: "#9467bd",
    56: "#d62728",
    110: "#ff7f0e",
    1202: "#8c564b",
}
OTHER_COLOURS = ("#17becf", "#bcbd22", "#e377c2", "#7f7f7f", "#111111", "#637939")  # none near blue
MARK = {"diverged": " (diverged!)", "stopped": " (stopped)"}


def colour(depth: int) -> str:
    """The book's colour for a depth; other depths get a fixed colour of their own."""
    return DEPTH_COLOURS.get(depth, OTHER_COLOURS[(depth // 6) % len(OTHER_COLOURS)])


class BookFigure(Figure):
    """A figure that Jupyter shows as a PNG, whether pyplot is in use or not."""

    def _repr_png_(self) -> bytes:
        return png_bytes(self, dpi=100)


def new_figure(width: float = 9.5, height: float = 3.4, columns: int = 2, sharey: bool = True):
    """A Matplotlib figure that is not registered with pyplot (safe in any thread)."""
    use_style()
    fig = BookFigure(figsize=(width, height))
    axes = fig.subplots(1, columns, sharey=sharey, squeeze=False)[0]
    return fig, list(axes)


def plot_runs(runs: list[dict], title: str = "", axes=None, epochs: int | None = None):
    """Training (dashed) and test (solid) error per epoch; plain on the left, ResNets on the right.

    ``runs`` are the records of ``run_degradation``. A diverged or stopped run is marked in its
    legend entry (and a diverged one with a ✖ where it blew up), never dropped. ``epochs`` fixes
    the x axis, so that a live plot does not jump.
    """
    groups = [
        ("plain", [r for r in runs if not r["residual"]]),
        ("ResNet", [r for r in runs if r["residual"]]),
    ]
    groups = [(label, rs) for label, rs in groups if rs] or [("plain", [])]
    own = axes is None
    if own:
        fig, axes = new_figure(4.2 * len(groups), 3.3, len(groups))
    fig = axes[0].figure
    for ax, (label, rs) in zip(axes, groups):
        for r in rs:
            shown = range(1, len(r["train_error"]) + 1)
            c = colour(r["depth"])
            train = [float("nan") if e is None else 100 * e for e in r["train_error"]]
            test = [float("nan") if e is None else 100 * e for e in r["test_error"]]
            name = r["name"] + MARK.get(r.get("status"), "")
            ax.plot(shown, train, "--", color=c, lw=1.5, marker="o", ms=3)
            ax.plot(shown, test, "-", color=c, lw=2.2, marker="o", ms=3, label=name)
            if r.get("status") == "diverged":
                ax.plot(shown[-1], min(train[-1], 100) if train[-1] == train[-1] else 100, "X",
                        color=c, ms=12, mec="black")  # fmt: skip
        ax.set_title("ResNets" if label == "ResNet" else "plain nets")
        ax.set_xlabel("epoch")
        ax.set_ylim(0, 100)
        if epochs:
            ax.set_xlim(0.7, epochs + 0.3)
            ax.xaxis.get_major_locator().set_params(integer=True)
        if rs:
            ax.legend(title="solid: test, dashed: training", fontsize=9, title_fontsize=8.5)
    axes[0].set_ylabel("error (%)")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return readable(fig) if own else fig  # a widget that passes its axes lays them out itself


def png_bytes(fig, dpi: int = 90) -> bytes:
    """The figure as PNG bytes (for an ipywidgets.Image)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _save(fig, name: str) -> Path:
    fig.tight_layout()
    return save(fig, name)


@figure("fig1_degradation")
def fig1_degradation(recompute: bool = False) -> Path:
    """Fig. 1 in small: plain-20 vs plain-56 on digits, training and test error, 3 seeds, longer."""
    from resnet_book.experiments import FIG1_SETTINGS, run_degradation

    def compute() -> dict:
        seeds = FIG1_SETTINGS["seeds"]
        settings = {k: v for k, v in FIG1_SETTINGS.items() if k != "seeds"}
        runs = [run_degradation(seed=s, **settings) for s in seeds]
        return {
            "seeds": list(seeds),
            "results": runs,
            "provenance": provenance(
                "python -m resnet_book figures fig1_degradation --recompute", **FIG1_SETTINGS
            ),
        }

    record = recorded("fig1_degradation", compute, recompute)
    fig, axes = new_figure(8.5, 3.3)
    for ax, key, label in zip(axes, ("train_error", "test_error"), ("training", "test")):
        for depth in (20, 56):
            curves = [
                r[key] for res in record["results"] for r in res["runs"] if r["depth"] == depth
            ]
            epochs = range(1, len(curves[0]) + 1)
            for curve in curves:  # each seed, thin
                ax.plot(epochs, [100 * e for e in curve], color=colour(depth), lw=0.8, alpha=0.45)
            mean = [100 * sum(c[i] for c in curves) / len(curves) for i in range(len(curves[0]))]
            ax.plot(epochs, mean, color=colour(depth), lw=2.4, label=f"{depth}-layer")
        ax.set(xlabel="epoch (11 iterations of 128 images)", ylabel=f"{label} error (%)")
        ax.set_title(f"{label} error, plain nets on digits", fontsize=10)
        ax.set_ylim(0, 100)
        ax.legend(title=f"mean of {len(record['seeds'])} seeds (thin: each)", title_fontsize=8)
    path = _save(fig, "fig1_degradation")
    return path


@figure("degradation_race")
def degradation_race(recompute: bool = False) -> Path:
    """The default race of the chapter's widget (plain/ResNet-20/56, seed 0), for the HTML book."""
    from resnet_book.experiments import DEGRADATION_DEFAULTS, run_degradation

    def compute() -> dict:
        results = run_degradation(**DEGRADATION_DEFAULTS)
        results["provenance"] = provenance(
            "python -m resnet_book figures degradation_race --recompute", **DEGRADATION_DEFAULTS
        )
        return results

    results = recorded("degradation_race", compute, recompute)
    fig = plot_runs(results["runs"], epochs=results["config"]["epochs"])
    return _save(fig, "degradation_race")


@figure("degradation_signals")
def degradation_signals(recompute: bool = False) -> Path:
    """§4.1's check: forward std and backward gradient size per block of plain-56 (and friends)."""
    from resnet_book.signals import SIGNAL_SETTINGS, signal_experiment

    def compute() -> dict:
        results = signal_experiment(**SIGNAL_SETTINGS)
        results["provenance"] = provenance(
            "python -m resnet_book figures degradation_signals --recompute", **SIGNAL_SETTINGS
        )
        return results

    fig = plot_signals(recorded("degradation_signals", compute, recompute))
    return save(fig, "degradation_signals")


SIGNAL_STYLES = {  # name: (colour, line style)
    "plain-56, BN, at init": (DEPTH_COLOURS[56], "-"),
    "plain-56, BN, trained": (DEPTH_COLOURS[56], ":"),
    "ResNet-56, BN, at init": ("#2ca02c", "-"),
    "plain-56, no BN, He init": ("#555555", "--"),
    "plain-56, no BN, default init": ("#999999", "-."),
}


def plot_signals(results: dict):
    """Two panels, log scale: forward std and backward gradient size at each block's output.

    ``results`` is what ``signals.signal_experiment`` returns. A gradient that underflowed to
    exactly 0 cannot sit on a log scale: its line starts at the first block where it is not 0.
    """
    fig, axes = new_figure(8.5, 4.0, sharey=False)
    for name, norms in results["nets"].items():
        c, style = SIGNAL_STYLES.get(name, ("#7f7f7f", "-"))
        for ax, key in zip(axes, ("forward", "backward")):
            values = [v if v > 0 else float("nan") for v in norms[key]]
            ax.plot(range(1, len(values) + 1), values, style, color=c, lw=2, label=name)
    titles = ("forward: std of each block's output", "backward: gradient size at each block")
    for ax, title in zip(axes, titles):
        ax.set_yscale("log")
        ax.set_title(title, fontsize=10.5)
        ax.set_xlabel("block (input → output)")
    axes[0].set_ylabel("size (log scale)")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=2, fontsize=9)
    fig.tight_layout(rect=(0, 0.17, 1, 1))
    return readable(fig)


def _text(x: float, y: float, words: str, anchor: str = "middle", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {extra}>{words}</text>'


def race_svg(runs: list[dict], epochs: int, width: int = 840, height: int = 314) -> str:
    """The trainer's live plot as SVG: the picture of ``plot_runs`` (plain left, ResNets right,
    dashed = training, solid = test) drawn in about a millisecond, where Matplotlib takes ~0.2 s
    of CPU that the race would lose at every redraw. ``runs`` may be empty (axes only)."""
    left, top, bottom, gap = 46, 26, 52, 24
    w, h = (width - left - 10 - gap) / 2, height - top - bottom
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px;background:#fff;color:#222;font:12px sans-serif">',
        _text(12, top + h / 2, "error (%)", extra=f'transform="rotate(-90 12 {top + h / 2})"'),
        _text(
            width / 2, height - 4, "solid: test error, dashed: training error", extra='fill="#555"'
        ),
    ]
    for panel, (title, residual) in enumerate((("plain nets", False), ("ResNets", True))):
        x0 = left + panel * (w + gap)
        x_of = lambda e, x0=x0: x0 + (e - 0.7) / (epochs - 0.4) * w  # noqa: E731
        y_of = lambda err: top + (1 - min(err, 1)) * h  # noqa: E731
        svg.append(_text(x0 + w / 2, 16, title))
        svg.append(_text(x0 + w / 2, top + h + 32, "epoch"))
        for pct in range(0, 101, 20):
            y = y_of(pct / 100)
            svg.append(f'<line x1="{x0:.1f}" x2="{x0 + w:.1f}" y1="{y}" y2="{y}" stroke="#ddd"/>')
            svg.append(_text(x0 - 6, y + 4, str(pct), "end") if panel == 0 else "")
        for e in range(1, epochs + 1, max(1, round(epochs / 10))):
            svg.append(_text(x_of(e), top + h + 16, str(e)))
        box = f'x="{x0:.1f}" y="{top}" width="{w:.1f}" height="{h}"'
        svg.append(f'<rect {box} fill="none" stroke="#888"/>')
        for i, r in enumerate(r for r in runs if r["residual"] == residual):
            c, tag = colour(r["depth"]), MARK.get(r.get("status"), "")
            for key, dash, lw in (("train_error", "5,3", 1.5), ("test_error", "none", 2.2)):
                pts = [(x_of(e), y_of(v)) for e, v in enumerate(r[key], 1) if v is not None]
                line = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
                svg.append(f'<polyline points="{line}" fill="none" stroke="{c}" '
                           f'stroke-width="{lw}" stroke-dasharray="{dash}"/>')  # fmt: skip
                svg += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{c}"/>' for x, y in pts]
            if r.get("status") == "diverged" and r["train_error"]:
                x, y = x_of(len(r["train_error"])), y_of(r["train_error"][-1] or 1)
                svg.append(_text(x, y + 6, "✖", extra=f'fill="{c}" font-size="18"'))
            svg.append(_text(x0 + w - 8, top + 16 * (i + 1), r["name"] + tag, "end", f'fill="{c}"'))
    return "".join(svg) + "</svg>"
