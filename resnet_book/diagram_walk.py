"""Walk a net of the package into the rows a diagram draws: layers, shortcuts, shapes, parameters.

The diagrams never describe a net by hand: they run the very module the chapters train (with
convolutions replaced by shape-only stand-ins, as ``models.count_macs`` does) and record, in the
order the forward pass meets them, every conv, pool and fc layer with its output shape and
parameters, and every block's shortcut (identity, zero padding or projection).

    >>> walk(resnet_imagenet(34)).layers[1].label        # '3x3 conv, 64' (after conv1 and pool)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from resnet_book.blocks import ZeroPadShortcut, _Block
from resnet_book.models import _conv_shape_only

HEAD = -1  # the stage index of avg pool and fc


@dataclass
class Layer:
    """One box of a diagram."""

    kind: str  # "conv", "pool", "avg pool" or "fc"
    label: str  # as the paper writes it: "3x3 conv, 128, /2", "pool, /2", "fc 1000"
    shape: tuple[int, ...]  # output for one image: (C, H, W), or (features,) after fc
    params: int  # weights and biases, plus the BN that follows a conv
    stage: int  # 0: stem (conv1), 1..: the stages (VGG: the groups between pools), HEAD: head
    block: int | None = None  # index of the residual or plain block it belongs to
    channels: int | None = None  # output channels (conv) or features (fc)
    with_bn: bool = False  # params include the BN right after the conv


@dataclass
class Shortcut:
    """The shortcut of one block: an arc from its first layer to its last."""

    kind: str  # "identity", "zero-pad" or "projection"
    first: int  # index in ``Walk.layers`` of the block's first layer
    last: int  # index of the block's last layer (the addition comes after it)
    label: str  # "identity", "+64 zero channels, /2", "1x1 conv, 128, /2"
    shape: tuple[int, ...]  # what the shortcut outputs, (C, H, W)
    params: int = 0
    extra: int = 0  # zero channels appended (option A)
    stride: int = 1


@dataclass
class Walk:
    name: str
    input_shape: tuple[int, ...]
    layers: list[Layer] = field(default_factory=list)
    shortcuts: list[Shortcut] = field(default_factory=list)
    blocks: int = 0


def shape_text(shape: tuple[int, ...]) -> str:
    """(64, 56, 56) -> '64×56×56'; (1000,) -> '1000'."""
    return "×".join(str(s) for s in shape)


def _conv_label(conv: nn.Conv2d) -> str:
    k, s = conv.kernel_size, conv.stride[0]
    return f"{k[0]}x{k[1]} conv, {conv.out_channels}" + (f", /{s}" if s > 1 else "")


def _bn_after(net: nn.Module) -> dict[int, nn.BatchNorm2d]:
    """The BN right after each conv of a Sequential ("right after each convolution", §3.4)."""
    pairs = {}
    for seq in net.modules():
        if isinstance(seq, nn.Sequential):
            kids = list(seq)
            for a, b in zip(kids, kids[1:]):
                if isinstance(a, nn.Conv2d) and isinstance(b, nn.BatchNorm2d):
                    pairs[id(a)] = b
    return pairs


def default_input(net: nn.Module) -> tuple[int, int, int]:
    """224×224 for ImageNet nets (7x7 stem) and VGG, 32×32 for CIFAR-style nets."""
    first = next(m for m in net.modules() if isinstance(m, nn.Conv2d))
    big = first.kernel_size[0] == 7 or not any(isinstance(m, _Block) for m in net.modules())
    return (first.in_channels, 224, 224) if big else (first.in_channels, 32, 32)


def walk(net: nn.Module, input_shape: tuple[int, int, int] | None = None) -> Walk:
    """The layers and shortcuts of ``net`` in forward order, with shapes for one image."""
    input_shape = tuple(input_shape or default_input(net))
    name = getattr(net, "name", type(net).__name__)
    result = Walk(name, input_shape)
    blocks = [m for m in net.modules() if isinstance(m, _Block)]
    block_of = {id(b): i for i, b in enumerate(blocks)}
    stage_of = {}
    if hasattr(net, "stages"):  # models.Net: stages.i -> stage i + 1
        for i, stage in enumerate(net.stages):
            stage_of.update({id(b): i + 1 for b in stage})
    in_shortcut = {id(m) for b in blocks if b.shortcut is not None for m in b.shortcut.modules()}
    bn_after = _bn_after(net)
    state = {"block": None, "stage": 0, "pools": 0, "first": None}
    pending: dict[int, dict] = {}

    def params(module: nn.Module) -> int:
        bn = bn_after.get(id(module))
        own = sum(p.numel() for p in module.parameters())
        return own + (sum(p.numel() for p in bn.parameters()) if bn is not None else 0)

    def add(kind, label, module, output, channels=None):
        block = state["block"]
        if block is not None:
            stage = stage_of.get(id(blocks[block]), 1)
        elif kind == "fc":
            stage = HEAD
        else:
            stage = 0 if stage_of else state["pools"]
        if block is not None and pending[block]["first"] is None:
            pending[block]["first"] = len(result.layers)
        shape = tuple(output.shape[1:])
        with_bn = id(module) in bn_after
        result.layers.append(
            Layer(kind, label, shape, params(module), stage, block, channels, with_bn)
        )

    def on_layer(module, inputs, output):
        if id(module) in in_shortcut:
            return  # drawn as the block's shortcut arc
        if isinstance(module, nn.Conv2d):
            add("conv", _conv_label(module), module, output, module.out_channels)
        elif isinstance(module, nn.Linear):
            if not result.layers or result.layers[-1].kind not in ("fc", "avg pool"):
                if hasattr(net, "stages"):  # Net.forward pools with a function, not a module
                    c = module.in_features
                    result.layers.append(Layer("avg pool", "avg pool", (c, 1, 1), 0, HEAD))
            add("fc", f"fc {module.out_features}", module, output, module.out_features)
        elif isinstance(module, nn.MaxPool2d):
            s = module.stride if isinstance(module.stride, int) else module.stride[0]
            add("pool", f"pool, /{s}", module, output)
            state["pools"] += 1

    def enter_block(module, inputs):
        state["block"] = block_of[id(module)]
        pending[state["block"]] = {"first": None, "input": tuple(inputs[0].shape[1:])}

    def leave_block(module, inputs, output):
        i = block_of[id(module)]
        state["block"] = None
        result.layers[-1].block = i
        sc = module.shortcut
        if sc is None:
            return  # a plain block: no shortcut
        first, last = pending[i]["first"], len(result.layers) - 1
        shape = tuple(output.shape[1:])
        if isinstance(sc, ZeroPadShortcut):
            label = f"+{sc.extra} zero channels" + (f", /{sc.stride}" if sc.stride > 1 else "")
            kind, extra, stride, p = "zero-pad", sc.extra, sc.stride, 0
        elif isinstance(sc, nn.Identity):
            label, kind, extra, stride, p = "identity", "identity", 0, 1, 0
        else:
            conv = next(m for m in sc.modules() if isinstance(m, nn.Conv2d))
            label, kind, extra = _conv_label(conv), "projection", 0
            stride, p = conv.stride[0], sum(q.numel() for q in sc.parameters())
        result.shortcuts.append(Shortcut(kind, first, last, label, shape, p, extra, stride))

    layers = [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear, nn.MaxPool2d))]
    handles = [m.register_forward_hook(on_layer) for m in layers]
    for b in blocks:
        handles.append(b.register_forward_pre_hook(enter_block))
        handles.append(b.register_forward_hook(leave_block))
    convs = [m for m in layers if isinstance(m, nn.Conv2d)]
    for conv in convs:
        conv.forward = _conv_shape_only(conv)
    was_training = net.training
    try:
        net.eval()
        with torch.no_grad():
            device = next(net.parameters()).device
            net(torch.zeros(1, *input_shape, device=device))
    finally:
        for h in handles:
            h.remove()
        for conv in convs:
            del conv.forward
        net.train(was_training)
    result.blocks = len(blocks)
    return result
