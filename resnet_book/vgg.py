"""VGG-19, the left column of Fig. 3: the reference the paper's plain nets are measured against.

Simonyan and Zisserman (2015), configuration E: sixteen 3x3 convs in five groups, each group
followed by a 2x2 max pool, then three fully connected layers. As the paper's Fig. 3 draws it
("VGG-19 ... 19.6 billion FLOPs"); our multiply-add count agrees (``models.count_macs``).
Built here as a real ``nn.Module`` so that its diagram, like every other, is drawn from code.

    >>> net = vgg(19)                           # 143,667,240 parameters, as torchvision's vgg19
"""

from __future__ import annotations

import torch
from torch import nn

# Filters of each conv, "M" for a max pool (Simonyan and Zisserman 2015, Table 1).
VGG_LAYOUTS = {
    11: (64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"),
    13: (64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"),
    16: (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"),
    19: (64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
         512, 512, 512, 512, "M"),
}  # fmt: skip


class VGG(nn.Module):
    """Conv layers (3x3, bias, ReLU; no BN, as in 2014) with max pools, then fc 4096, 4096, 1000."""

    def __init__(self, depth: int = 19, num_classes: int = 1000):
        super().__init__()
        if depth not in VGG_LAYOUTS:
            raise ValueError(f"VGG depth must be one of {sorted(VGG_LAYOUTS)}; got {depth!r}")
        self.name = f"VGG-{depth}"
        layers: list[nn.Module] = []
        channels = 3
        for item in VGG_LAYOUTS[depth]:
            if item == "M":
                layers.append(nn.MaxPool2d(2, stride=2))
            else:
                layers += [nn.Conv2d(channels, item, 3, padding=1), nn.ReLU()]
                channels = item
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(
            nn.Linear(channels * 7 * 7, 4096), nn.ReLU(), nn.Dropout(),
            nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(),
            nn.Linear(4096, num_classes),
        )  # fmt: skip

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, 3, 224, 224) -> (N, classes)
        return self.classifier(torch.flatten(self.features(x), 1))  # (N, 512 * 7 * 7) in between

    def __repr__(self) -> str:
        return f"{self.name}: {sum(p.numel() for p in self.parameters()):,} parameters"


def vgg(depth: int = 19, num_classes: int = 1000) -> VGG:
    """VGG-11/13/16/19 (configurations A, B, D, E); the paper's Fig. 3 shows VGG-19."""
    return VGG(depth, num_classes)
