"""The paper's figures as diagrams, drawn from the very modules the chapters train.

Fig. 2 (the block), Fig. 5 (basic vs bottleneck), Fig. 3 (VGG-19, plain-34, ResNet-34, or any
ImageNet depth), the CIFAR nets of §4.2 (any 6n+2) and the shortcut options A, B and C. Each one
walks an ``nn.Module`` (``diagram_walk``), so a picture cannot drift from the code: change a
block and its diagram changes with it.

    >>> draw("resnet-34")                       # in Jupyter or the book: an interactive SVG
    >>> draw_nets([plain_cifar(20), resnet_cifar(20)]).save("cifar20.svg")
    $ python -m resnet_book draw fig3 --out fig3.svg

Why SVG written from Python and not Graphviz: Graphviz needs its system package (``dot``) on
every learner's laptop, in Colab and in CI, and its automatic layout would not look like the
paper's hand-drawn columns (one vertical stack, shortcut arcs on the right) without fighting it.
The paper's figures are columns of boxes: a few hundred lines of Python draw them exactly, with
no dependency, with CSS variables for light and dark mode and ``data-*`` attributes on every box
for the interactive book (``diagram_assets/diagram.js``).
"""

from __future__ import annotations

import re
from pathlib import Path

import torch
from torch import nn

from resnet_book.blocks import BasicBlock, Bottleneck, check_option
from resnet_book.diagram_svg import (
    BOX_W,
    COLUMN_W,
    GAP,
    LEFT,
    arrow,
    column,
    split_rows,
    svg_document,
)
from resnet_book.diagram_svg import text as svg_text
from resnet_book.diagram_walk import Walk, shape_text, walk
from resnet_book.i18n import label, script_words

ASSETS = Path(__file__).resolve().parent / "diagram_assets"
TOP = 40  # room for a column's title and its input
DETAIL_EXTRA = 120  # room for the shortcut's label beside a block (Fig. 2, Fig. 5, options)
NAMES = (
    "block (Fig. 2), bottleneck (Fig. 5), options (A, B, C), fig3 (VGG-19, plain-34, ResNet-34), "
    "resnet-N and plain-N (N = 18, 34, 50, 101, 152 for ImageNet, or 6n+2 for CIFAR: 20, 56, "
    "110), vgg-N (11, 13, 16, 19)"
)


class Diagram:
    """An SVG with its alt text: shown inline (interactive) in Jupyter and the book; ``save``."""

    def __init__(self, svg: str, alt: str, panels: list[str] | None = None):
        self.svg, self.alt = svg, alt
        self.panels = panels or []  # in the page: one SVG each, side by side or stacked

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.svg, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        css = (ASSETS / "diagram.css").read_text(encoding="utf-8")
        js = (ASSETS / "diagram.js").read_text(encoding="utf-8")
        hint = label(
            "👆 Hover over or tap a layer or an arc (or Tab to the diagram, then the arrow "
            "keys) to see its output shape and parameters."
        )  # and in the Chinese edition, the script's words in Chinese (resnet_book.i18n)
        inner = "".join(self.panels) if self.panels else self.svg
        scroll = "rd-scroll rd-panels" if self.panels else "rd-scroll"
        return (
            f'<style>{css}</style><div class="rd-diagram"><div class="{scroll}">{inner}</div>'
            f'<p class="rd-info" aria-live="polite">{hint}</p></div>{script_words(js)}'
            f"<script>{js}</script>"
        )

    def __repr__(self) -> str:
        return f"<Diagram: {self.alt}>"


def _title(net_walk: Walk) -> str:
    name = net_walk.name
    m = re.fullmatch(r"(ResNet|plain)-(\d+)(.*)", name)
    if m:
        kind = "residual" if m[1] == "ResNet" else "plain"
        return f"{m[2]}-layer {kind}{m[3]}"
    return name


def _weighted(net_walk: Walk) -> int:
    return sum(layer.kind in ("conv", "fc") for layer in net_walk.layers)


def _columns(walks: list[Walk], titles: list[str], max_rows: int | None, detail: bool = False):
    """Draw each walk as one or more columns side by side; return (body, width, height)."""
    parts, x, height = [], 0.0, 0.0
    for net_walk, title in zip(walks, titles):
        groups = split_rows(net_walk, max_rows)
        parts.append('<g class="rd-net">')  # the keys move through one net, then the next
        for k, rows in enumerate(groups):
            cx = x + LEFT + BOX_W / 2
            if k == 0:
                parts.append(svg_text(cx, 12, title, "rd-title"))
                first = f"input {shape_text(net_walk.input_shape)}"
            else:
                first = "⋯ continued"
            parts.append(svg_text(cx, 30, first, "rd-muted"))
            start = TOP + (30 if detail else GAP)  # an arrow from the input to the first box
            parts.append(arrow(cx, 38, start))
            body, h = column(net_walk, rows, x, start, detail)
            parts.append(body)
            if k < len(groups) - 1:
                parts.append(svg_text(cx, start + h + 10, "continued ⋯", "rd-muted"))
                h += 20
            height = max(height, start + h + 8)
            x += COLUMN_W + (DETAIL_EXTRA if detail else 0)
        parts.append("</g>")
    return "".join(parts), x, height


def draw_nets(nets: list[nn.Module], titles: list[str] | None = None,
              max_rows: int | None = 40, input_shape=None) -> Diagram:  # fmt: skip
    """Nets side by side, each a column of its layers (wrapped after ``max_rows`` layers)."""
    walks = [walk(net, input_shape) for net in nets]
    titles = titles or [_title(w) for w in walks]
    body, width, height = _columns(walks, titles, max_rows)
    names = ", ".join(titles)
    layers = "; ".join(
        f"{t}: {_weighted(w)} weighted layers, "
        f"{sum(s.kind == 'projection' for s in w.shortcuts)} projection shortcuts"
        for t, w in zip(titles, walks)
    )
    alt = f"Layer diagram of {names}, drawn from the package's modules"
    desc = (
        f"{layers}. Each box is a layer labelled as in the paper (kernel, filters, /2 for stride "
        "2); arcs on the right are shortcuts: solid identity, dashed zero padding (option A), "
        "dotted projection. Output sizes are written on the left where they change."
    )
    return Diagram(svg_document(body, width, height, alt, desc), alt)


def draw_net(net: nn.Module, max_rows: int | None = 40, input_shape=None) -> Diagram:
    """One net, as a column of its layers (a long net wraps into several columns)."""
    return draw_nets([net], max_rows=max_rows, input_shape=input_shape)


def fig3(depth: int = 34) -> Diagram:
    """Fig. 3: VGG-19, the plain net and the residual net of ``depth`` layers (ImageNet)."""
    from resnet_book.models import plain_imagenet, resnet_imagenet
    from resnet_book.vgg import vgg

    with torch.device("meta"):  # shapes only: no memory, instant even for ResNet-152
        nets = [vgg(19), plain_imagenet(depth), resnet_imagenet(depth)]
    return draw_nets(nets, max_rows=None)


PANEL_W = COLUMN_W + DETAIL_EXTRA - 60  # a block, its arc and the arc's label; fits 358 px


def _panel(walk_: Walk, title: str) -> tuple[str, float]:
    """One block (or two) in the style of Fig. 2, as an SVG body PANEL_W wide, and its height."""
    body, _, height = _columns([walk_], [title], None, detail=True)
    return f'<g transform="translate(-40,0)">{body}</g>', height


def _panels(panels: list[tuple[str, float, str, str]], alt: str, desc: str) -> Diagram:
    """Panels (body, height, label, description) side by side in one SVG (``save``), and as
    separate SVGs for the page, where a phone stacks them instead of cutting them off."""
    height = max(h for _, h, _, _ in panels)
    joined = "".join(
        f'<g transform="translate({k * PANEL_W},0)">{body}</g>'
        for k, (body, _, _, _) in enumerate(panels)
    )
    whole = svg_document(joined, PANEL_W * len(panels), height, alt, desc)
    if len(panels) == 1:
        return Diagram(whole, alt)
    parts = [svg_document(body, PANEL_W, h, label, text) for body, h, label, text in panels]
    return Diagram(whole, alt, parts)


def _blocks(blocks: list[tuple[nn.Module, tuple, str]], what: str) -> Diagram:
    panels, descs = [], []
    for block, shape, title in blocks:
        w = walk(block, shape)
        body, height = _panel(w, title)
        sc = w.shortcuts[0]
        text = (
            f"{title}: " + ", then ".join(layer.label for layer in w.layers)
            + f", with a {sc.kind} shortcut ({sc.label}) added before the last relu"
        )  # fmt: skip
        panels.append((body, height, f"{what}: {title}", text))
        descs.append(text)
    return _panels(panels, f"{what}, drawn from the package's blocks", "; ".join(descs))


def fig2(channels: int = 64) -> Diagram:
    """Fig. 2: a building block, ``BasicBlock(channels, channels)`` (two 3x3 convs + identity)."""
    block = BasicBlock(channels, channels, option="A")
    return _blocks([(block, (channels, 56, 56), f"{channels}-d in")], "Fig. 2, the residual block")


def fig5(channels: int = 256) -> Diagram:
    """Fig. 5: the basic block on 64-d (left) and the bottleneck on 256-d (right), on 56×56."""
    mid = channels // Bottleneck.expansion
    return _blocks(
        [
            (BasicBlock(mid, mid, option="A"), (mid, 56, 56), f"basic, {mid}-d"),
            (Bottleneck(channels, channels, option="B"), (channels, 56, 56),
             f"bottleneck, {channels}-d"),
        ],
        "Fig. 5, basic block and bottleneck",
    )  # fmt: skip


def options(in_channels: int = 16, size: int = 32) -> Diagram:
    """Shortcut options A, B, C: where a stage starts (``in_channels`` → 2×, /2) and one block on.

    Under option A, a strip of the shortcut's channels: the input's own, then the zeros.
    """
    out, panels = 2 * in_channels, []
    for option in "ABC":
        net = nn.Sequential(
            BasicBlock(in_channels, out, 2, option), BasicBlock(out, out, 1, option)
        )
        w = walk(net, (in_channels, size, size))
        w.name = f"option {option}"
        body, h = _panel(w, w.name)
        pad = next((s for s in w.shortcuts if s.kind == "zero-pad"), None)
        if pad is not None:  # what zero padding does to the channels
            y, cell = h + 6, min(6.0, (PANEL_W - 20) / out)
            for c in range(out):
                cls = "rd-chan" if c < out - pad.extra else "rd-chan rd-chan0"
                body += (
                    f'<rect class="{cls}" x="{10 + c * cell:g}" y="{y:g}" '
                    f'width="{cell - 1:g}" height="12"/>'
                )
            words = f"{out - pad.extra} channels of x (every 2nd pixel) + {pad.extra} of zeros"
            body += svg_text(10, y + 26, words, "rd-muted", "start")
            h += 44
        kinds = ", then ".join(f"{s.kind} ({s.label})" for s in w.shortcuts)
        label = f"Shortcut option {option}, where {in_channels} channels become {out}"
        panels.append((body, h, label, f"Option {option}: {kinds}."))
    alt = f"Shortcut options A, B and C where {in_channels} channels become {out}"
    desc = (
        f"Three columns, each two blocks: the first takes {in_channels} channels of "
        f"{size}×{size} to {out} channels of {size // 2}×{size // 2}, the second keeps {out}. "
        "A: zero padding (dashed arc, no parameters), then identity. B: a 1x1 projection where "
        "the shape changes (dotted arc), then identity. C: projections on both blocks."
    )
    return _panels(panels, alt, desc)


def _net(name: str, option: str | None) -> nn.Module:
    from resnet_book.models import IMAGENET_LAYOUTS, cifar_net, imagenet_net
    from resnet_book.vgg import vgg

    m = re.fullmatch(r"(resnet|plain|vgg)-(\d+)", name)
    if not m:
        raise ValueError(f"unknown net {name!r}; try one of: {NAMES}")
    kind, depth = m[1], int(m[2])
    if kind != "vgg" and depth not in IMAGENET_LAYOUTS and (depth < 8 or (depth - 2) % 6):
        raise ValueError(
            f"no {kind} net has {depth} layers: ImageNet depths are {sorted(IMAGENET_LAYOUTS)}, "
            "CIFAR depths are 6n+2 (8, 14, 20, 32, 44, 56, 110, 1202, ...)"
        )
    with torch.device("meta"):
        if kind == "vgg":
            return vgg(depth)
        if depth in IMAGENET_LAYOUTS:
            return imagenet_net(depth, kind == "resnet", check_option(option or "B"))
        return cifar_net(depth, kind == "resnet", check_option(option or "A"))


def draw(name: str, option: str | None = None, max_rows: int | None = 40) -> Diagram:
    """Any diagram by name: see ``NAMES`` (a ValueError that lists them for anything else)."""
    key = str(name).strip().lower()
    figures = {"block": fig2, "fig2": fig2, "bottleneck": fig5, "fig5": fig5,
               "options": options, "fig3": fig3}  # fmt: skip
    if key in figures:
        return figures[key]()
    return draw_net(_net(key, option), max_rows=max_rows)
