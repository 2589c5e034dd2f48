"""Building blocks of He et al., "Deep Residual Learning for Image Recognition" (arXiv:1512.03385).

Fig. 2 (two 3x3 convs) and Fig. 5 (the 1x1-3x3-1x1 bottleneck), with BN right after each conv and
the second ReLU after the addition (§3.2, §3.4). Every block has a plain twin: the same layers with
``residual=False``, so no shortcut at all.

    >>> block = BasicBlock(16, 32, stride=2, option="A")
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

OPTIONS = ("A", "B", "C")


def check_option(option: str) -> str:
    """Return the shortcut option in upper case, or raise a ValueError a learner can act on."""
    if not isinstance(option, str) or option.upper() not in OPTIONS:
        raise ValueError(
            f"shortcut option must be 'A' (zero padding), 'B' (projection where the shape "
            f"changes) or 'C' (projection everywhere); got {option!r}"
        )
    return option.upper()


class ZeroPadShortcut(nn.Module):
    """Option A (§3.3): identity, subsampled by stride, with zero channels padded on."""

    def __init__(self, in_channels: int, out_channels: int, stride: int):
        super().__init__()
        self.extra, self.stride = out_channels - in_channels, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, C, H, W) -> (N, C + extra, H/s, W/s)
        if self.stride > 1:
            x = x[:, :, :: self.stride, :: self.stride]
        return F.pad(x, (0, 0, 0, 0, 0, self.extra)) if self.extra else x

    def extra_repr(self) -> str:
        return f"pad_channels={self.extra}, stride={self.stride}"


def make_shortcut(in_channels: int, out_channels: int, stride: int, option: str) -> nn.Module:
    """The one place that decides what a shortcut does (§3.3, §4.1).

    A: identity; zero padding and stride-2 subsampling where the shape changes (no parameters).
    B: identity; a 1x1 projection W_s (with BN) only where the shape changes.
    C: a 1x1 projection (with BN) on every shortcut.
    """
    option = check_option(option)
    changes_shape = stride != 1 or in_channels != out_channels
    if option == "C" or (option == "B" and changes_shape):
        return nn.Sequential(
            nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
            nn.BatchNorm2d(out_channels),
        )
    if option == "A" and changes_shape:
        if out_channels < in_channels:
            raise ValueError("option A can only add channels, not remove them; use 'B' or 'C'")
        return ZeroPadShortcut(in_channels, out_channels, stride)
    return nn.Identity()


def conv_bn(in_channels: int, out_channels: int, kernel: int, stride: int = 1) -> nn.Sequential:
    """A conv with BN "right after each convolution and before activation" (§3.4); no bias."""
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel, stride, padding=kernel // 2, bias=False),
        nn.BatchNorm2d(out_channels),
    )


class _Block(nn.Module):
    """Shared forward of both blocks: y = relu(F(x) + shortcut(x)), Eqn. (1)/(2) and Fig. 2."""

    expansion = 1

    def __init__(
        self, in_channels: int, out_channels: int, stride: int, option: str, residual: bool
    ):
        super().__init__()
        self.residual = residual
        self.shortcut = (
            make_shortcut(in_channels, out_channels, stride, option) if residual else None
        )

    def branch(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.branch(x)  # F(x): the stacked layers, last BN included
        if self.residual:
            out = out + self.shortcut(x)  # the "+ x" of Fig. 2
        return F.relu(out)  # "the second nonlinearity after the addition" (§3.2)

    def last_bn(self) -> nn.BatchNorm2d:
        return self.layers[-1][1]


class BasicBlock(_Block):
    """Two 3x3 convs (Fig. 5 left): conv-BN-ReLU-conv-BN, add, ReLU. Stride on the first conv."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        stride: int = 1,
        option: str = "A",
        residual: bool = True,
    ):
        super().__init__(in_channels, out_channels, stride, option, residual)
        self.layers = nn.ModuleList(
            [conv_bn(in_channels, out_channels, 3, stride), conv_bn(out_channels, out_channels, 3)]
        )

    def branch(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers[1](F.relu(self.layers[0](x)))


class Bottleneck(_Block):
    """1x1 (reduce), 3x3, 1x1 (restore x4) (Fig. 5 right).

    The stride sits on the first 1x1 conv, as in the paper's released model; torchvision moves it to
    the 3x3 conv ("ResNet v1.5"), which costs more multiply-adds but changes no parameter count.
    """

    expansion = 4

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        stride: int = 1,
        option: str = "B",
        residual: bool = True,
    ):
        super().__init__(in_channels, out_channels, stride, option, residual)
        mid = out_channels // self.expansion
        self.layers = nn.ModuleList(
            [
                conv_bn(in_channels, mid, 1, stride),
                conv_bn(mid, mid, 3),
                conv_bn(mid, out_channels, 1),
            ]
        )

    def branch(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.layers[0](x))
        x = F.relu(self.layers[1](x))
        return self.layers[2](x)
