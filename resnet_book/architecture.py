"""Table 1 and Fig. 5 measured on the real models: stage by stage, block by block (§3.3, §4.1).

Parameters and multiply-adds (the paper's "FLOPs", §3.3) are counted on the models that the
chapters train, built on PyTorch's "meta" device: every shape is real, no memory is filled, so even
ResNet-152 and the 1202-layer CIFAR net are measured in a blink.

    >>> rows = stage_table(50)                  # conv1, conv2_x .. conv5_x, fc of ResNet-50
    >>> print(format_table(rows))
    >>> table1_flops()                          # our multiply-adds vs Table 1's FLOPs row
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import torch
from torch import nn

from resnet_book.blocks import Bottleneck
from resnet_book.figures import figure, save
from resnet_book.models import IMAGENET_LAYOUTS, check_cifar_depth, cifar_net, imagenet_net

# Table 1, "FLOPs" row (x10^9 multiply-adds) and §4.1 for VGG-16/19.
PAPER_FLOPS = {18: 1.8, 34: 3.6, 50: 3.8, 101: 7.6, 152: 11.3}
VGG_FLOPS = {"VGG-16": 15.3, "VGG-19": 19.6}
IMAGENET_INPUT = (3, 224, 224)
CIFAR_INPUT = (3, 32, 32)


def build(depth: int, residual: bool = True, option: str | None = None, meta: bool = True):
    """The net of a given depth and its input size: ImageNet for 18..152, else CIFAR (6n+2).

    Args:
        meta: build on the "meta" device (shapes only, no memory, instant); False for a net to run.
    """
    with torch.device("meta" if meta else "cpu"):
        if depth in IMAGENET_LAYOUTS:
            return imagenet_net(depth, residual, option or "B"), IMAGENET_INPUT
        check_cifar_depth(depth)  # a clear message for 50-ish typos
        return cifar_net(depth, residual, option or "A"), CIFAR_INPUT


def _group(name: str) -> str:
    """The row of Table 1 a module belongs to: stem -> conv1, stages.i -> conv{i+2}_x, fc -> fc."""
    if name.startswith("stages."):
        return f"conv{int(name.split('.')[1]) + 2}_x"
    return "fc" if name.startswith("fc") else "conv1"


def measure(net: nn.Module, input_size=IMAGENET_INPUT) -> dict[str, dict]:
    """Parameters and multiply-adds of each part of ``net``, and the shape each part outputs.

    Works on any device; counts conv and fc multiply-adds exactly as ``models.count_macs``.
    Returns {"conv1": {"params", "macs", "shape"}, "conv2_x": {...}, ..., "fc": {...}}; the shape
    of conv1 is that of its conv (Table 1 puts the max pool in conv2_x).
    """
    parts: dict[str, dict] = {}
    for name, p in net.named_parameters():
        part = parts.setdefault(_group(name), {"params": 0, "macs": 0, "shape": None})
        part["params"] += p.numel()

    def macs(key):
        def record(module, inputs, output):
            if isinstance(module, nn.Conv2d):
                k = module.kernel_size[0] * module.kernel_size[1] * module.in_channels
                parts[key]["macs"] += output.numel() * k // module.groups
            else:
                parts[key]["macs"] += module.in_features * module.out_features

        return record

    def shape(key):
        def record(module, inputs, output):
            parts[key]["shape"] = tuple(output.shape[1:])  # (C, H, W) or (classes,)

        return record

    handles = [
        m.register_forward_hook(macs(_group(n)))
        for n, m in net.named_modules()
        if isinstance(m, (nn.Conv2d, nn.Linear))
    ]
    handles.append(net.stem[0].register_forward_hook(shape("conv1")))
    handles += [s.register_forward_hook(shape(f"conv{i + 2}_x")) for i, s in enumerate(net.stages)]
    handles.append(net.fc.register_forward_hook(shape("fc")))
    was_training = net.training
    try:
        net.eval()
        with torch.no_grad():
            net(torch.zeros(1, *input_size, device=next(net.parameters()).device))
    finally:
        for h in handles:
            h.remove()
        net.train(was_training)
    return parts


def _block_text(block: nn.Module) -> str:
    """A block as Table 1 writes it: [3×3, 64; 3×3, 64] or [1×1, 64; 3×3, 64; 1×1, 256]."""
    convs = [layer[0] for layer in block.layers]
    return (
        "["
        + "; ".join(f"{c.kernel_size[0]}×{c.kernel_size[1]}, {c.out_channels}" for c in convs)
        + "]"
    )


def stage_table(depth: int, residual: bool = True, option: str | None = None) -> list[dict]:
    """One row per part of the net (conv1, each stage, fc), as in Table 1, measured on the model.

    Each row: {"layer", "output" ("56×56" or "1000-d"), "channels", "blocks", "block",
    "params", "macs"}.
    """
    net, input_size = build(depth, residual, option)
    parts = measure(net, input_size)
    rows = []
    for key, part in parts.items():
        shape = part["shape"]
        row = {"layer": key, "params": part["params"], "macs": part["macs"]}
        if key == "fc":
            row.update(output=f"{shape[0]}-d", channels=shape[0], blocks=0, block="avg pool, fc")
        elif key == "conv1":
            c = net.stem[0]
            text = f"{c.kernel_size[0]}×{c.kernel_size[1]}, {c.out_channels}, stride {c.stride[0]}"
            row.update(output=f"{shape[1]}×{shape[2]}", channels=shape[0], blocks=0, block=text)
        else:
            stage = net.stages[int(key[4]) - 2]
            row.update(
                output=f"{shape[1]}×{shape[2]}",
                channels=shape[0],
                blocks=len(stage),
                block=f"{_block_text(stage[0])}×{len(stage)}",
            )
        rows.append(row)
    return rows


def format_table(rows: list[dict]) -> str:
    """A plain-text table of ``stage_table`` rows (78 characters wide), with a total line."""
    lines = [f"{'layer':<8}{'output':>8}  {'block':<34}{'params':>11}{'mult-adds':>15}"]
    for r in rows:
        lines.append(
            f"{r['layer']:<8}{r['output']:>8}  {r['block']:<34}{r['params']:>11,}{r['macs']:>15,}"
        )
    params, macs = sum(r["params"] for r in rows), sum(r["macs"] for r in rows)
    lines.append(f"{'total':<52}{params:>11,}{macs:>15,}")
    return "\n".join(lines)


def total_macs(net: nn.Module, input_size=IMAGENET_INPUT) -> int:
    return sum(p["macs"] for p in measure(net, input_size).values())


def stride_on_3x3(net: nn.Module) -> nn.Module:
    """Move each bottleneck's stride from the first 1x1 conv (the paper) to the 3x3 (torchvision).

    Parameters do not change, but multiply-adds grow: the first 1x1 conv of each downsampling
    block then computes every position of the full-size map (a conv's cost counts its output
    positions), while the 3x3 conv's output is the halved map either way. Changes ``net`` in
    place and returns it.
    """
    for block in net.modules():
        if isinstance(block, Bottleneck) and block.layers[0][0].stride != (1, 1):
            block.layers[0][0].stride, block.layers[1][0].stride = (1, 1), (2, 2)
    return net


def table1_flops() -> list[dict]:
    """Our multiply-adds for ResNet-18..152 (paper: stride on the 1x1) beside Table 1's FLOPs.

    Each row: {"depth", "paper" (x10^9), "ours" (x10^9, stride on 1x1), "stride_3x3" (x10^9,
    torchvision's placement), "params"}.
    """
    return [dict(r) for r in _table1_flops()]


@cache  # five nets, measured twice: once per process is enough
def _table1_flops() -> tuple[dict, ...]:
    rows = []
    for depth, paper in PAPER_FLOPS.items():
        net, size = build(depth)
        ours = total_macs(net, size)
        moved = total_macs(stride_on_3x3(net), size)
        params = sum(p.numel() for p in net.parameters())
        rows.append(
            {"depth": depth, "paper": paper, "ours": ours / 1e9, "stride_3x3": moved / 1e9,
             "params": params}
        )  # fmt: skip
    return tuple(rows)


EXPLORER_DEPTHS = (18, 34, 50, 101, 152, 20, 32, 44, 56, 110, 1202)


def explorer(depth: int = 50):
    """A drop-down of depths (ImageNet 18..152, CIFAR 6n+2) that shows ``stage_table`` for each.

    Building it measures one net and trains nothing.
    """
    import ipywidgets as widgets

    choice = widgets.Dropdown(
        options=[(f"{d}-layer ({'ImageNet' if d in IMAGENET_LAYOUTS else 'CIFAR'})", d)
                 for d in EXPLORER_DEPTHS],
        value=depth, description="depth",
    )  # fmt: skip
    residual = widgets.ToggleButtons(options=[("ResNet", True), ("plain", False)], value=True)
    out = widgets.Output()

    def show(change=None) -> None:
        out.clear_output(wait=True)
        with out:
            print(format_table(stage_table(choice.value, residual.value)))

    choice.observe(show, names="value")
    residual.observe(show, names="value")
    show()
    return widgets.VBox([widgets.HBox([choice, residual]), out])


@figure("fig04_table1_flops")
def fig04_table1_flops(recompute: bool = False) -> Path:
    """Table 1's FLOPs row beside our counts (stride on the 1x1 and on the 3x3), and VGG-16/19."""
    from resnet_book.plots import new_figure

    rows = table1_flops()
    fig, (ax,) = new_figure(8, 3.8, columns=1)
    x = range(len(rows))
    bars = [
        ("paper, Table 1", "paper", "#9e9e9e"),
        ("ours: stride on the 1×1 (paper)", "ours", "#1f77b4"),
        ("stride on the 3×3 (torchvision)", "stride_3x3", "#ff7f0e"),
    ]
    for k, (label, key, c) in enumerate(bars):
        xs = [i + (k - 1) * 0.27 for i in x]
        ax.bar(xs, [r[key] for r in rows], 0.27, color=c, label=label)
    for name, flops in VGG_FLOPS.items():
        ax.axhline(flops, color="#d62728", ls="--", lw=1)
        ax.text(-0.45, flops + 0.3, f"{name}: {flops}", color="#d62728", fontsize=9)
    ax.set_xticks(list(x), [f"ResNet-{r['depth']}" for r in rows])
    ax.set_ylabel("multiply-adds (×10⁹)")
    ax.set_ylim(0, 21.5)
    ax.set_title("Table 1, FLOPs row: paper vs counted on our models (224×224)")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.64), fontsize=8)
    fig.tight_layout()
    return save(fig, "fig04_table1_flops")
