"""Chapter 3's shape checker and chapter 4's architecture explorer, working in the HTML page.

The ipywidgets versions (``shortcuts.shape_checker``, ``architecture.explorer``) need a kernel;
these need none. Python stays the one source of truth: the explorer's table of every net (stage
by stage: output size, blocks, parameters, multiply-adds) is computed here when the book is
built and shipped in the page as JSON; the shape checker's rule is a few lines of plain JS
(``diagram_assets/shape_rule.js``) that a test checks against ``shortcuts.check_shapes`` on a
grid of inputs, good and bad, message for message.

    >>> shape_checker_page(64, 128, stride=2, option="B")   # in a notebook cell: HTML + JS
    >>> explorer_page(depth=152)
"""

from __future__ import annotations

import functools
from html import escape

from resnet_book.architecture import EXPLORER_DEPTHS, stage_table
from resnet_book.diagrams import ASSETS
from resnet_book.i18n import label, script_json, script_words
from resnet_book.models import IMAGENET_LAYOUTS
from resnet_book.shortcuts import MAX_CHANNELS, MAX_MACS, MAX_SIZE, SHAPE_OPTIONS

SIZE = 8  # the map size the shape checker uses (``check_shapes``'s default, as the widget's)


class PageTool:
    """HTML with its CSS and JS inlined: shown by Jupyter and by the book, no kernel needed.

    Its words are English, and Chinese on the book's Chinese edition (``resnet_book.i18n``): the
    labels carry both, and the scripts' words come with their Chinese as JSON.
    """

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        css = (ASSETS / "page_tools.css").read_text(encoding="utf-8")
        rule = (ASSETS / "shape_rule.js").read_text(encoding="utf-8")
        js = (ASSETS / "page_tools.js").read_text(encoding="utf-8")
        return (
            f"<style>{css}</style>{self.html}{script_words(rule, js)}<script>{rule}</script>"
            f"<script>{js}</script>"
        )


def shape_limits() -> dict:
    """The limits and choices of ``check_shapes``, for the JS rule (one source: shortcuts.py)."""
    return {"max_channels": MAX_CHANNELS, "max_size": MAX_SIZE, "max_macs": MAX_MACS,
            "options": list(SHAPE_OPTIONS), "size": SIZE}  # fmt: skip


def shape_checker_page(in_channels=16, out_channels=32, stride=2, option="A") -> PageTool:
    """The shape checker in the page: type channels, pick stride and option, read the shapes."""

    def typed(value) -> str:
        return escape(str(value), quote=True)

    strides = "".join(
        f'<option value="{s}"{" selected" if s == stride else ""}>{s}</option>' for s in (1, 2)
    )
    opts = "".join(
        f'<option value="{o}"{" selected" if o == option else ""}>{o}</option>'
        for o in SHAPE_OPTIONS
    )
    html = (
        f'<div class="rp-tool rp-shapes" data-size="{SIZE}">'
        f'<script type="application/json" class="rp-data">{script_json(shape_limits())}</script>'
        '<div class="rp-controls">'
        f'<label>{label("in channels")} <input class="rp-in" inputmode="numeric" '
        f'value="{typed(in_channels)}"></label>'
        f'<label>{label("out channels")} <input class="rp-out" inputmode="numeric" '
        f'value="{typed(out_channels)}"></label>'
        f'<label>{label("stride")} <select class="rp-stride">{strides}</select></label>'
        f'<label>{label("option")} <select class="rp-option">{opts}</select></label></div>'
        '<div class="rp-result" aria-live="polite">'
        f"<p>{label('⚠️ This checker needs JavaScript; in Jupyter, run the widget above.')}</p>"
        "</div></div>"
    )
    return PageTool(html)


@functools.lru_cache(maxsize=1)  # 22 nets, ~9 s: once per process
def explorer_table() -> dict:
    """Every net of the explorer (ImageNet 18..152, CIFAR 6n+2), ResNet and plain, as JSON data.

    Returns {"depths": [[depth, "ImageNet" or "CIFAR"], ...], "nets": {"50-resnet": rows, ...}},
    each row as ``architecture.stage_table`` makes it.
    """
    nets = {}
    for depth in EXPLORER_DEPTHS:
        for residual in (True, False):
            key = f"{depth}-{'resnet' if residual else 'plain'}"
            nets[key] = stage_table(depth, residual)
    depths = [[d, "ImageNet" if d in IMAGENET_LAYOUTS else "CIFAR"] for d in EXPLORER_DEPTHS]
    return {"depths": depths, "nets": nets}


def explorer_page(depth: int = 50, residual: bool = True) -> PageTool:
    """The architecture explorer in the page: pick a depth and ResNet or plain, read Table 1."""
    if depth not in EXPLORER_DEPTHS:
        raise ValueError(f"depth must be one of {list(EXPLORER_DEPTHS)}; got {depth!r}")
    table = explorer_table()
    choices = "".join(
        f'<option value="{d}"{" selected" if d == depth else ""}>{d}-layer ({escape(kind)})'
        "</option>"
        for d, kind in table["depths"]
    )
    kinds = "".join(
        f'<button type="button" class="rp-kind" data-kind="{k}" '
        f'aria-pressed="{"true" if (k == "resnet") == residual else "false"}">{name}</button>'
        for k, name in (("resnet", "ResNet"), ("plain", label("plain")))
    )
    html = (
        f'<div class="rp-tool rp-explorer">'
        f'<script type="application/json" class="rp-data">{script_json(table)}</script>'
        f'<div class="rp-controls"><label>{label("depth")} <select class="rp-depth">{choices}'
        f"</select></label>{kinds}</div>"
        '<div class="rp-result" aria-live="polite">'
        f"<p>{label('⚠️ This explorer needs JavaScript; in Jupyter, run the widget above.')}</p>"
        "</div></div>"
    )
    return PageTool(html)
