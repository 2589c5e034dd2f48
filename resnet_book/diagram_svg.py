"""SVG drawing for the diagrams: a column of layer boxes with shortcut arcs, as the paper draws it.

Only the drawing lives here (boxes, arrows, arcs, labels, colours); what to draw comes from
``diagram_walk.walk`` and which figure from ``diagrams``. Every colour is a CSS variable with a
light default, switched by the book's dark theme (``html[data-theme=dark]``), so one SVG reads in
both; every box and arc carries its shape and parameters as ``data-*`` attributes and a
``<title>`` (a tooltip even without JavaScript). Only a net's first box takes the Tab key (the
arrow keys move on, ``diagram.js``), so a 152-layer net costs a keyboard reader one stop.
"""

from __future__ import annotations

from html import escape

from resnet_book.diagram_walk import HEAD, Layer, Shortcut, Walk, shape_text

FONT = 12  # px in the SVG's own units; the book shows it at 85% to 100%
BOX_W, BOX_H, GAP = 150, 22, 12  # a layer box, and the arrow between two boxes
LEFT, RIGHT = 62, 40  # room for the output sizes (left) and the shortcut arcs (right)
COLUMN_W = LEFT + BOX_W + RIGHT
MIN_SCALE = 0.85  # never shrink below this in a narrow column: scroll inside the figure instead

STYLE = """
.rd-svg{--rd-fg:#1f2937;--rd-muted:#4b5563;--rd-line:#374151;--rd-hi:#d97706;
--rd-s0:#e5e7eb;--rd-s1:#dbeafe;--rd-s2:#dcfce7;--rd-s3:#fef3c7;--rd-s4:#fce7f3;--rd-s5:#e0f2fe;
--rd-head:#ede9fe;--rd-zero:#ffffff;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
html[data-theme=dark] .rd-svg,body[data-jp-theme-light=false] .rd-svg{
--rd-fg:#e5e7eb;--rd-muted:#b0b8c4;--rd-line:#cbd5e1;--rd-hi:#fbbf24;
--rd-s0:#374151;--rd-s1:#1e3a8a;--rd-s2:#14532d;--rd-s3:#713f12;--rd-s4:#831843;--rd-s5:#0c4a6e;
--rd-head:#4c1d95;--rd-zero:#111827}
.rd-svg text{fill:var(--rd-fg);font-size:12px}
.rd-svg .rd-muted{fill:var(--rd-muted);font-size:11px}
.rd-svg .rd-title{font-size:13px;font-weight:600}
.rd-svg rect,.rd-svg circle{stroke:var(--rd-line);stroke-width:1}
.rd-svg .rd-st0 rect{fill:var(--rd-s0)}.rd-svg .rd-st1 rect{fill:var(--rd-s1)}
.rd-svg .rd-st2 rect{fill:var(--rd-s2)}.rd-svg .rd-st3 rect{fill:var(--rd-s3)}
.rd-svg .rd-st4 rect{fill:var(--rd-s4)}.rd-svg .rd-st5 rect{fill:var(--rd-s5)}
.rd-svg .rd-head rect{fill:var(--rd-head)}
.rd-svg .rd-line{stroke:var(--rd-line);stroke-width:1.3;fill:none}
.rd-svg .rd-tip{fill:var(--rd-line);stroke:none}
.rd-svg .rd-add{fill:var(--rd-s0)}
.rd-svg .rd-arc{fill:none;stroke:var(--rd-line);stroke-width:1.6}
.rd-svg .rd-projection .rd-arc{stroke-dasharray:1.5 3.5;stroke-linecap:round;stroke-width:2}
.rd-svg .rd-zero-pad .rd-arc{stroke-dasharray:7 4}
.rd-svg .rd-hit{fill:none;stroke:transparent;stroke-width:12}
.rd-svg .rd-chan{fill:var(--rd-s1)}.rd-svg .rd-chan0{fill:var(--rd-zero);stroke-dasharray:2 1.5}
.rd-svg .rd-layer,.rd-svg .rd-shortcut{cursor:pointer;outline:none}
.rd-svg .rd-layer:hover rect,.rd-svg .rd-layer:focus rect,.rd-svg .rd-on rect{stroke:var(--rd-hi);
stroke-width:2.5}
.rd-svg .rd-shortcut:hover .rd-arc,.rd-svg .rd-shortcut:focus .rd-arc,.rd-svg .rd-on .rd-arc{
stroke:var(--rd-hi);stroke-width:2.6}
"""


def stage_class(stage: int) -> str:
    return "rd-head" if stage == HEAD else f"rd-st{stage % 6}"


def text(x: float, y: float, words: str, cls: str = "", anchor: str = "middle") -> str:
    c = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" dominant-baseline="central"{c}>'
        f"{escape(words)}</text>"
    )


def arrow(x: float, y0: float, y1: float) -> str:
    """A vertical arrow from y0 down to y1."""
    return (
        f'<line class="rd-line" x1="{x:g}" y1="{y0:g}" x2="{x:g}" y2="{y1 - 3:g}"/>'
        f'<path class="rd-tip" d="M{x - 3.5:g},{y1 - 5:g}L{x + 3.5:g},{y1 - 5:g}L{x:g},{y1:g}Z"/>'
    )


def describe_layer(layer: Layer) -> str:
    """'3x3 conv, 128, /2: output 128×28×28, 73,984 parameters (conv + BN)'."""
    bn = " (conv + BN)" if layer.with_bn else ""
    return f"{layer.label}: output {shape_text(layer.shape)}, {layer.params:,} parameters{bn}"


def describe_shortcut(sc: Shortcut) -> str:
    what = {
        "identity": "identity shortcut (solid)",
        "zero-pad": f"option A shortcut (dashed): {sc.label}",
        "projection": f"projection shortcut (dotted): {sc.label}",
    }[sc.kind]
    return f"{what}: output {shape_text(sc.shape)}, {sc.params:,} parameters"


def layer_box(layer: Layer, index: int, cx: float, y: float, width: float = BOX_W) -> str:
    data = {
        "index": index,
        "kind": layer.kind,
        "label": layer.label,
        "shape": shape_text(layer.shape),
        "params": layer.params,
        "stage": layer.stage,
    }
    if layer.channels is not None:
        data["channels"] = layer.channels
    if layer.with_bn:
        data["bn"] = 1
    if layer.block is not None:
        data["block"] = layer.block
    attrs = " ".join(f'data-{k}="{escape(str(v))}"' for k, v in data.items())
    return (
        f'<g class="rd-layer {stage_class(layer.stage)}" tabindex="{0 if index == 0 else -1}" '
        f"{attrs}>"
        f"<title>{escape(describe_layer(layer))}</title>"
        f'<rect x="{cx - width / 2:g}" y="{y:g}" width="{width:g}" height="{BOX_H}" rx="3"/>'
        f"{text(cx, y + BOX_H / 2, layer.label)}</g>"
    )


def shortcut_arc(sc: Shortcut, block: int, cx: float, y0: float, y1: float, reach: float) -> str:
    """An arc on the right of the column, from y0 (above the block) to y1 (the addition)."""
    k = reach / 0.75  # a cubic with both handles at k bulges out to 0.75 k
    d = f"M{cx:g},{y0:g}C{cx + k:g},{y0:g} {cx + k:g},{y1:g} {cx:g},{y1:g}"
    data = (
        f'data-kind="{sc.kind}" data-block="{block}" data-label="{escape(sc.label)}" '
        f'data-shape="{shape_text(sc.shape)}" data-params="{sc.params}" data-index="{sc.last}"'
    )
    return (
        f'<g class="rd-shortcut rd-{sc.kind}" tabindex="-1" {data}>'
        f"<title>{escape(describe_shortcut(sc))}</title>"
        f'<path class="rd-hit" d="{d}"/><path class="rd-arc" d="{d}"/></g>'
    )


def column(walk: Walk, rows: list[int], x0: float, y0: float, detail: bool = False):
    """Draw the layers ``rows`` of ``walk`` as one column from (x0, y0); return (svg, height).

    Args:
        detail: the block style of Fig. 2 and Fig. 5: "relu" between layers, a ⊕ at each addition.
    """
    gap = 30 if detail else GAP
    cx = x0 + LEFT + BOX_W / 2
    ends = {sc.last: sc for sc in walk.shortcuts}
    starts = {sc.first: sc for sc in walk.shortcuts}
    arcs, boxes, y = [], [], y0
    top: dict[int, float] = {}
    shown_size = None
    for n, i in enumerate(rows):
        layer = walk.layers[i]
        top[i] = y
        size = layer.shape[1:] if len(layer.shape) == 3 else None
        if size and size != shown_size and not detail:  # where it changes, as Fig. 3's left
            boxes.append(text(x0 + LEFT - 8, y + BOX_H / 2, "×".join(map(str, size)),
                              "rd-muted", "end"))  # fmt: skip
            shown_size = size
        boxes.append(layer_box(layer, i, cx, y))
        y += BOX_H
        last_row = n == len(rows) - 1
        if i in ends and detail:  # F(x) + x, then relu
            boxes.append(arrow(cx, y, y + gap / 2 - 8))
            boxes.append(f'<circle class="rd-add" cx="{cx:g}" cy="{y + gap / 2:g}" r="8"/>')
            boxes.append(text(cx, y + gap / 2, "+"))
            boxes.append(text(cx - 14, y + gap / 2, "relu", "rd-muted", "end"))
            if not last_row:
                boxes.append(arrow(cx, y + gap / 2 + 8, y + gap))
        elif not last_row:
            boxes.append(arrow(cx, y, y + gap))
            if detail and layer.block is not None:
                boxes.append(text(cx + 8, y + gap / 2, "relu", "rd-muted", "start"))
        elif i in ends:  # the block's output leaves the column
            boxes.append(arrow(cx, y, y + gap))
        y += gap if (not last_row or i in ends) else 0
    for i in rows:
        sc = starts.get(i)
        if sc is None or sc.last not in top:
            continue
        y_in = top[i] - gap / 2
        y_out = top[sc.last] + BOX_H + gap / 2
        arcs.append(shortcut_arc(sc, walk.layers[i].block, cx, y_in, y_out, BOX_W / 2 + 22))
        if detail:
            x_label, y_label = cx + BOX_W / 2 + 26, (y_in + y_out) / 2
            cut = sc.label.rfind(", ") if len(sc.label) > 15 else -1  # two lines fit a phone
            lines = [sc.label[: cut + 1], sc.label[cut + 2 :]] if cut > 0 else [sc.label]
            for j, line in enumerate(lines):
                y_line = y_label + (j - (len(lines) - 1) / 2) * 14
                arcs.append(text(x_label, y_line, line, "rd-muted", "start"))
    return "".join(arcs + boxes), y - y0


def split_rows(walk: Walk, max_rows: int | None) -> list[list[int]]:
    """The layers in columns of at most ``max_rows`` (a block is never split), preferably
    starting a column where a stage starts."""
    layers = walk.layers
    if not max_rows or len(layers) <= max_rows:
        return [list(range(len(layers)))]
    columns: list[list[int]] = [[]]
    for i, layer in enumerate(layers):
        current = columns[-1]
        starts_unit = layer.block is None or i == 0 or layers[i - 1].block != layer.block
        if starts_unit and current:
            size = (
                sum(1 for lay in layers if lay.block == layer.block)
                if layer.block is not None
                else 1
            )
            new_stage = layer.stage not in (HEAD, layers[i - 1].stage)
            new_stage = new_stage and len(current) >= max_rows // 2
            if new_stage or len(current) + size > max_rows:
                columns.append(current := [])
        current.append(i)
    return columns


def svg_document(body: str, width: float, height: float, label: str, desc: str) -> str:
    """The whole SVG: role="img", aria-label, <title> and <desc>, the style, then ``body``."""
    w, h = round(width), round(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rd-svg" role="img" '
        f'aria-label="{escape(label)}" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'style="min-width:{round(w * MIN_SCALE)}px">'
        f"<title>{escape(label)}</title><desc>{escape(desc)}</desc>"
        f"<style>{STYLE}</style>{body}</svg>"
    )
