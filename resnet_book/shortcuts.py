"""Shortcuts when the shapes differ (§3.2, §3.3): a shape checker, and what each option costs.

>>> print(format_check(check_shapes(16, 32, stride=2, option="A")))   # the two paths add up
>>> check_shapes(16, 32, stride=2, option="identity")["ok"]            # False: they do not

The experiments (A vs B vs C vs plain, shortcut density) are in ``shortcut_figures``.
"""

from __future__ import annotations

import torch
from torch import nn

from resnet_book.blocks import BasicBlock, make_shortcut
from resnet_book.models import count_macs, count_params, resnet_imagenet

SHAPE_OPTIONS = ("identity", "A", "B", "C")  # "identity": x as it is, no padding, no projection
MAX_CHANNELS = 2048  # the widest layer of the paper's nets (Table 1); 4096 took ~2 GB and 5 s
MAX_SIZE = 256
MAX_MACS = 5e9  # multiply-adds of F(x) for one image: 2048 -> 2048 channels of 8x8 take ~1.5 s
# The widget's labels: ~8 px a character at 13 px in wide fonts too, so "out channels" (12) fits
# (JupyterLab's default 80 px cut it to "out chann…", issue 13).
LABEL_WIDTH = "100px"


def _input_problem(in_channels, out_channels, stride, option, size) -> str | None:
    """What is wrong with the input, in words a learner can act on; None when it is fine."""
    for name, value, high, examples in (
        ("in_channels", in_channels, MAX_CHANNELS, "16 or 64"),
        ("size", size, MAX_SIZE, "8 (the default) or 32"),
        ("out_channels", out_channels, MAX_CHANNELS, "32 or 128"),
    ):
        if value is None or (isinstance(value, str) and not value.strip()):
            return f"❌ {name} is empty: type a whole number from 1 to {high}, such as {examples}."
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
            return (
                f"❌ {name} must be a whole number from 1 to {high}, such as {examples}; "
                f"got {value!r}."
            )
    if stride not in (1, 2) or isinstance(stride, bool):
        return f"❌ stride must be 1 (same map size) or 2 (halve the map, §3.3); got {stride!r}."
    if not isinstance(option, str) or option.strip().upper() not in {"IDENTITY", "A", "B", "C"}:
        return (
            f"❌ option must be one of {', '.join(SHAPE_OPTIONS)}; got {option!r}. The paper "
            "compares A, B and C (§4.1); there is no option D."
        )
    macs = 9 * size**2 * (in_channels + out_channels) * out_channels  # two 3x3 convs, stride 1
    if macs > MAX_MACS:
        return (
            f"❌ {in_channels} → {out_channels} channels of {size}×{size} takes about "
            f"{macs / 1e9:,.0f} billion multiply-adds, too slow to check here (the limit is "
            f"{MAX_MACS / 1e9:.0f} billion): use fewer channels or a smaller size, such as 8."
        )
    return None


def _describe(shortcut: nn.Module) -> str:
    if isinstance(shortcut, nn.Sequential):
        return f"1×1 conv W_s (stride {shortcut[0].stride[0]}) + BN"
    if isinstance(shortcut, nn.Identity):
        return "identity: x as it is"
    return f"zero padding: +{shortcut.extra} channels, stride {shortcut.stride}"


def check_shapes(in_channels, out_channels, stride=1, option="A", size=8) -> dict:
    """Shapes of F(x) and of the shortcut for one (1, C, size, size) image: can they be added?

    Never raises: bad input gives ``ok=False`` and a ``message`` that says what to change. Keys:
    ok, message, option, input, branch, shortcut (shapes as tuples, None where not computed),
    branch_params, shortcut_params, shortcut_kind.
    """
    result = dict(ok=False, option=option, input=None, branch=None, shortcut=None)
    problem = _input_problem(in_channels, out_channels, stride, option, size)
    if problem:
        return {**result, "message": problem}
    option = result["option"] = option.strip().upper() if len(option.strip()) == 1 else "identity"
    x = torch.zeros(1, in_channels, size, size)  # (N, C, H, W)
    block = BasicBlock(in_channels, out_channels, stride, residual=False)  # F only: two 3x3 convs
    with torch.no_grad():
        fx = block.branch(x)
        result.update(
            input=tuple(x.shape), branch=tuple(fx.shape), branch_params=count_params(block)
        )
        if option == "A" and out_channels < in_channels:  # make_shortcut would refuse
            return {
                **result,
                "message": f"❌ Option A can only add channels (zeros), not remove "
                f"them: {in_channels} → {out_channels}. Use option B or C (a 1×1 projection).",
            }
        shortcut = (
            nn.Identity()
            if option == "identity"
            else make_shortcut(in_channels, out_channels, stride, option)
        )
        sx = shortcut(x)
    result.update(
        shortcut=tuple(sx.shape),
        shortcut_params=count_params(shortcut),
        shortcut_kind=_describe(shortcut),
        ok=fx.shape == sx.shape,
    )
    if result["ok"]:
        return {
            **result,
            "message": f"✅ They add up: y = relu(F(x) + shortcut(x)) is {fx.shape[1]}"
            f" channels of {fx.shape[2]}×{fx.shape[3]}.",
        }
    what = [
        f"channels {fx.shape[1]} vs {sx.shape[1]}" if fx.shape[1] != sx.shape[1] else "",
        f"map {fx.shape[2]}×{fx.shape[3]} vs {sx.shape[2]}×{sx.shape[3]}"
        if fx.shape[2:] != sx.shape[2:]
        else "",
    ]
    return {
        **result,
        "message": f"❌ Cannot add: {', '.join(w for w in what if w)}. An identity "
        "shortcut needs the same shape on both paths; use option A, B or C.",
    }


def format_check(result: dict) -> str:
    """The result of ``check_shapes`` as a few aligned lines of text (at most 76 wide: the book's
    output box shows about 78 characters)."""
    import textwrap

    message = textwrap.fill(result["message"], 76, subsequent_indent="   ")
    if result["input"] is None:
        return message
    rows = [
        ("input x", result["input"], ""),
        ("F(x)", result["branch"], f"2 × (3×3 conv + BN): {result['branch_params']:,} params"),
    ]
    if result["shortcut"] is not None:
        kind = f"{result['shortcut_kind']}: {result['shortcut_params']:,} params"
        rows.append((f"shortcut ({result['option']})", result["shortcut"], kind))
    # columns as wide as their longest entry plus two spaces ("shortcut (identity)" is 19 wide);
    # names at least as wide as "shortcut (A)", so that outputs line up with each other too
    names = max(len("shortcut (A)"), *(len(row[0]) for row in rows)) + 2
    shapes = max(len(str(row[1])) for row in rows) + 2
    lines = [
        f"{name:<{names}}{str(shape):<{shapes}}{extra}".rstrip() for name, shape, extra in rows
    ]
    return "\n".join(lines + [message])


def _as_typed(text: str):
    """A text field's value for ``check_shapes``: an int when it is one, else the text itself
    (``check_shapes`` then says what it needs, an empty field included)."""
    try:
        return int(text.strip())
    except ValueError:
        return text


def shape_checker(in_channels=16, out_channels=32, stride=2, option="A"):
    """A small widget over ``check_shapes``: change a control, read the shapes."""
    import html

    import ipywidgets as widgets

    style, layout = {"description_width": LABEL_WIDTH}, {"width": "220px"}

    # Text, not IntText: IntText snaps an emptied field back to its old value without a word;
    # no bounds either: check_shapes explains any value, "", 0 and -5 included
    def box(value, label):
        return widgets.Text(str(value), description=label, style=style, layout=layout)

    controls = [
        box(in_channels, "in channels"),
        box(out_channels, "out channels"),
        widgets.Dropdown(options=[1, 2], value=stride, description="stride", style=style),
        widgets.Dropdown(options=SHAPE_OPTIONS, value=option, description="option", style=style),
    ]
    for dropdown in controls[2:]:
        dropdown.layout = widgets.Layout(**layout)
    shown = widgets.HTML()

    def update(_=None) -> None:
        values = [_as_typed(c.value) if isinstance(c, widgets.Text) else c.value for c in controls]
        text = format_check(check_shapes(*values))
        shown.value = f"<pre style='font-size: 12px'>{html.escape(text)}</pre>"

    for c in controls:
        c.observe(update, "value")
    update()
    return widgets.VBox([widgets.HBox(controls[:2]), widgets.HBox(controls[2:]), shown])


# ---- what each option costs --------------------------------------------------------------------


def projections(net: nn.Module) -> int:
    """Number of projection shortcuts (1x1 conv + BN) in a net."""
    return sum(isinstance(b.shortcut, nn.Sequential) for b in net.blocks())


def option_costs(depth: int = 34) -> list[dict]:
    """Parameters, multiply-adds (224×224) and projection shortcuts of ResNet-``depth`` A, B, C."""
    nets = {option: resnet_imagenet(depth, option=option) for option in "ABC"}
    return [
        dict(option=o, params=count_params(n), macs=count_macs(n), projections=projections(n))
        for o, n in nets.items()
    ]
