"""Whole networks: the CIFAR nets of §4.2 (depth 6n+2) and the ImageNet nets of Table 1.

Every residual net has a plain twin with the same layers and no shortcuts (``residual=False``).

    >>> net = resnet_cifar(depth=20)            # 0.27M parameters, as in Table 6
    >>> twin = plain_cifar(depth=20)            # same layers, no shortcuts
    >>> big = resnet_imagenet(depth=50)          # option B, 25,557,032 parameters
"""

from __future__ import annotations

import functools

import torch
from torch import nn

from resnet_book.blocks import BasicBlock, Bottleneck, check_option

# Table 1: block type and blocks per stage (conv2_x .. conv5_x).
IMAGENET_LAYOUTS = {
    18: (BasicBlock, (2, 2, 2, 2)),
    34: (BasicBlock, (3, 4, 6, 3)),
    50: (Bottleneck, (3, 4, 6, 3)),
    101: (Bottleneck, (3, 4, 23, 3)),
    152: (Bottleneck, (3, 8, 36, 3)),
}
CIFAR_DEPTHS = (20, 32, 44, 56, 110, 1202)  # n = 3, 5, 7, 9, 18, 200 in §4.2


def check_cifar_depth(depth: int) -> int:
    """Return n for a depth of 6n+2, or raise a ValueError that says what would work."""
    if not isinstance(depth, int) or depth < 8 or (depth - 2) % 6:
        raise ValueError(
            f"depth must be 6n+2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, 1202, ...); got {depth!r}"
        )
    return (depth - 2) // 6


def _check_positive(name: str, value: int) -> None:
    if not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive whole number; got {value!r}")


def init_weights(net: nn.Module) -> None:
    """He initialisation ("as in [13]", §3.4), BN scale 1 and shift 0."""
    for m in net.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


class Net(nn.Module):
    """A stem, stages of blocks, global average pooling and a fully connected layer."""

    def __init__(
        self, name: str, stem: nn.Module, stages: nn.Sequential, features: int, classes: int
    ):
        super().__init__()
        self.name, self.stem, self.stages = name, stem, stages
        self.fc = nn.Linear(features, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, C, H, W) -> (N, classes)
        x = self.stages(self.stem(x))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))

    def blocks(self) -> list[nn.Module]:
        return [b for stage in self.stages for b in stage]

    def __repr__(self) -> str:
        return f"{self.name}: {count_params(self):,} parameters, {len(self.blocks())} blocks"


def _stages(block, widths, counts, in_channels, option, residual) -> tuple[nn.Sequential, int]:
    stages = []
    for i, (width, count) in enumerate(zip(widths, counts)):
        out_channels = width * block.expansion
        stride = 1 if i == 0 else 2  # the first block of every later stage halves the map (§3.3)
        blocks = []
        for j in range(count):
            blocks.append(
                block(in_channels, out_channels, stride if j == 0 else 1, option, residual)
            )
            in_channels = out_channels
        stages.append(nn.Sequential(*blocks))
    return nn.Sequential(*stages), in_channels


def cifar_net(
    depth: int = 20,
    residual: bool = True,
    option: str = "A",
    width: int = 16,
    in_channels: int = 3,
    num_classes: int = 10,
    zero_init_residual: bool = False,
) -> Net:
    """The 6n+2-layer CIFAR-10 net of §4.2, for any input size and channel count.

    Args:
        width: filters of the first stage; the stages have width, 2*width, 4*width (paper: 16).
        zero_init_residual: start each block's last BN at zero, so every block begins as an identity
            (Goyal et al. 2017). A later trick, not the paper's; off by default.
    """
    n = check_cifar_depth(depth)
    option = check_option(option)
    _check_positive("width", width)
    _check_positive("in_channels", in_channels)
    _check_positive("num_classes", num_classes)
    stem = nn.Sequential(
        nn.Conv2d(in_channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()
    )
    stages, features = _stages(
        BasicBlock, (width, 2 * width, 4 * width), (n, n, n), width, option, residual
    )
    net = Net(f"{'ResNet' if residual else 'plain'}-{depth}", stem, stages, features, num_classes)
    init_weights(net)
    if zero_init_residual:
        for block in net.blocks():
            nn.init.zeros_(block.last_bn().weight)
    return net


def resnet_cifar(depth: int = 20, **kwargs) -> Net:
    """Residual CIFAR net (option A, as in all of §4.2)."""
    return cifar_net(depth, residual=True, **kwargs)


def plain_cifar(depth: int = 20, **kwargs) -> Net:
    """The plain twin: the same layers as ``resnet_cifar(depth)`` without shortcuts."""
    return cifar_net(depth, residual=False, **kwargs)


def imagenet_net(
    depth: int = 34,
    residual: bool = True,
    option: str = "B",
    num_classes: int = 1000,
) -> Net:
    """ResNet-18/34/50/101/152 of Table 1 (option B as for ResNet-50/101/152 in Table 3)."""
    if depth not in IMAGENET_LAYOUTS:
        raise ValueError(f"ImageNet depth must be one of {sorted(IMAGENET_LAYOUTS)}; got {depth!r}")
    block, counts = IMAGENET_LAYOUTS[depth]
    option = check_option(option)
    stem = nn.Sequential(  # conv1 and the max pool of conv2_x
        nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False),
        nn.BatchNorm2d(64),
        nn.ReLU(),
        nn.MaxPool2d(3, stride=2, padding=1),
    )
    stages, features = _stages(block, (64, 128, 256, 512), counts, 64, option, residual)
    net = Net(f"{'ResNet' if residual else 'plain'}-{depth}", stem, stages, features, num_classes)
    init_weights(net)
    return net


def resnet_imagenet(depth: int = 34, **kwargs) -> Net:
    return imagenet_net(depth, residual=True, **kwargs)


def plain_imagenet(depth: int = 34, **kwargs) -> Net:
    return imagenet_net(depth, residual=False, **kwargs)


def count_params(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())


def _conv_shape_only(conv: nn.Conv2d):
    """A stand-in forward that returns zeros of the conv's output shape, without convolving."""

    def forward(x: torch.Tensor) -> torch.Tensor:
        h, w = (
            (size + 2 * pad - dil * (k - 1) - 1) // stride + 1
            for size, pad, dil, k, stride in zip(
                x.shape[2:], conv.padding, conv.dilation, conv.kernel_size, conv.stride
            )
        )
        return x.new_zeros(x.shape[0], conv.out_channels, h, w)

    return forward


def count_macs(net: nn.Module, input_size: tuple[int, int, int] = (3, 224, 224)) -> int:
    """Multiply-adds of conv and fc layers for one image: the paper's "FLOPs" (§3.3).

    Convolutions are not computed, only their output shapes, so even ResNet-152 counts in a blink.
    """
    total = 0

    def hook(module, inputs, output):
        nonlocal total
        if isinstance(module, nn.Conv2d):
            k = module.kernel_size[0] * module.kernel_size[1] * module.in_channels // module.groups
            total += output.numel() * k
        else:
            total += module.in_features * module.out_features

    layers = [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    handles = [m.register_forward_hook(hook) for m in layers]
    convs = [m for m in layers if isinstance(m, nn.Conv2d)]
    for conv in convs:
        conv.forward = _conv_shape_only(conv)
    was_training, threads = net.training, torch.get_num_threads()
    try:
        net.eval()
        torch.set_num_threads(1)  # tiny tensors: threads would only wait for each other
        with torch.no_grad():
            net(torch.zeros(1, *input_size, device=next(net.parameters()).device))
    finally:
        for h in handles:
            h.remove()
        for conv in convs:
            del conv.forward  # back to the class's own forward
        net.train(was_training)
        torch.set_num_threads(threads)
    return total


def architecture_table() -> list[dict]:
    """Name, depth, parameters and multiply-adds of every ImageNet and CIFAR net in the book."""
    return [dict(row) for row in _architecture_table()]


@functools.lru_cache(maxsize=1)  # ~10 s of building and counting: do it once per process
def _architecture_table() -> tuple[dict, ...]:
    rows = []
    for depth in IMAGENET_LAYOUTS:
        for net in (resnet_imagenet(depth), plain_imagenet(depth)):
            rows.append(_row(net, depth, (3, 224, 224)))
    for depth in CIFAR_DEPTHS:
        for net in (resnet_cifar(depth), plain_cifar(depth)):
            rows.append(_row(net, depth, (3, 32, 32), prefix="cifar-"))
    return tuple(rows)


def _row(net: Net, depth: int, input_size, prefix: str = "") -> dict:
    return {
        "name": prefix + net.name.lower(),  # resnet-18, cifar-plain-20: keys for scripts
        "depth": depth,
        "params": count_params(net),
        "macs": count_macs(net, input_size),
    }
