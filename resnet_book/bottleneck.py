"""The bottleneck of Fig. 5 in numbers: what a block costs, and why its shortcut must be identity.

§4.1: replacing the bottleneck's identity shortcut with a projection doubles "the time complexity
and model size". Here we count it, block by block and for the whole net, and build a small
CIFAR-style bottleneck net (our own, for digits: the paper's CIFAR nets have no bottlenecks).

    >>> block_costs()["bottleneck 256-d + projection"]
    >>> shortcut_costs(50)                      # ResNet-50 with options A, B and C
    >>> net = bottleneck_cifar(29, width=8, in_channels=1)
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from resnet_book.architecture import build, total_macs
from resnet_book.blocks import BasicBlock, Bottleneck, check_option
from resnet_book.figures import figure, save
from resnet_book.models import Net, _stages, init_weights


def _block_macs(block: nn.Module, size: int) -> int:
    """Conv multiply-adds of one block on a size x size map (BN and the addition not counted)."""
    macs = 0

    def count(module, inputs, output):
        nonlocal macs
        k = module.kernel_size[0] * module.kernel_size[1] * module.in_channels
        macs += output.numel() * k // module.groups

    handles = [m.register_forward_hook(count) for m in block.modules() if isinstance(m, nn.Conv2d)]
    try:
        with torch.no_grad():
            block.eval()(torch.zeros(1, block.layers[0][0].in_channels, size, size, device="meta"))
    finally:
        for h in handles:
            h.remove()
    return macs


def block_costs(channels: int = 256, size: int = 56) -> dict[str, dict]:
    """Fig. 5's two blocks on a ``size`` x ``size`` map, each with an identity and a projection.

    Returns {"basic 64-d", "basic 64-d + projection", "bottleneck 256-d",
    "bottleneck 256-d + projection"}, each {"params", "macs"} (BN parameters included).
    """
    mid = channels // Bottleneck.expansion
    with torch.device("meta"):
        blocks = {
            f"basic {mid}-d": BasicBlock(mid, mid, option="A"),
            f"basic {mid}-d + projection": BasicBlock(mid, mid, option="C"),
            f"bottleneck {channels}-d": Bottleneck(channels, channels, option="B"),
            f"bottleneck {channels}-d + projection": Bottleneck(channels, channels, option="C"),
        }
    return {
        name: {"params": sum(p.numel() for p in b.parameters()), "macs": _block_macs(b, size)}
        for name, b in blocks.items()
    }


def shortcut_costs(depth: int = 50) -> dict[str, dict]:
    """A whole ImageNet net at 224x224 with shortcut options A, B (the paper's) and C.

    Returns {"A": {"params", "macs"}, "B": {...}, "C": {...}}.
    """
    out = {}
    for option in ("A", "B", "C"):
        net, size = build(depth, option=option)
        params = sum(p.numel() for p in net.parameters())
        out[option] = {"params": params, "macs": total_macs(net, size)}
    return out


def bottleneck_cifar(
    depth: int = 29,
    width: int = 8,
    option: str = "B",
    in_channels: int = 3,
    num_classes: int = 10,
    residual: bool = True,
) -> Net:
    """A CIFAR-style net of bottleneck blocks (9n+2 layers): our experiment, not the paper's.

    Three stages of n bottlenecks, with width, 2*width, 4*width in their 3x3 convs and 4x that at
    their ends; stride 2 on the first 1x1 of stages 2 and 3; option B as for ResNet-50 (§4.1).
    ``bottleneck_cifar(29)`` has the layout (3, 3, 3) of ``resnet_cifar(20)``, as ResNet-50 has
    the layout of ResNet-34.
    """
    if not isinstance(depth, int) or depth < 11 or (depth - 2) % 9:
        raise ValueError(f"depth must be 9n+2 with n >= 1 (11, 20, 29, 56, ...); got {depth!r}")
    n = (depth - 2) // 9
    stem = nn.Sequential(
        nn.Conv2d(in_channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()
    )
    stages, features = _stages(
        Bottleneck, (width, 2 * width, 4 * width), (n, n, n), width, check_option(option), residual
    )
    name = f"{'ResNet' if residual else 'plain'}-{depth} (bottleneck)"
    net = Net(name, stem, stages, features, num_classes)
    init_weights(net)
    return net


def race_blocks(
    epochs: int = 8, seed: int = 0, width: int = 8, n_train: int | None = None, on_epoch=None
) -> dict:
    """Basic ResNet-20 vs bottleneck-29 (same (3, 3, 3) layout, similar cost) on digits.

    Returns {"costs": {name: {"params", "macs"}}, "runs": [records as ``plot_runs`` draws them]}.
    """
    from resnet_book.data import load_dataset
    from resnet_book.models import count_macs, count_params, resnet_cifar
    from resnet_book.race import race
    from resnet_book.training import TrainConfig

    data = load_dataset("digits").subset(n_train)
    size = (data.in_channels, *data.X_train.shape[2:])
    builders = {
        "basic ResNet-20": (20, lambda: resnet_cifar(20, width=width, in_channels=size[0])),
        "bottleneck-29": (29, lambda: bottleneck_cifar(29, width=width, in_channels=size[0])),
    }
    nets, costs = {}, {}
    for name, (_, build_net) in builders.items():
        torch.manual_seed(seed)
        nets[name] = build_net()
        costs[name] = {"params": count_params(nets[name]), "macs": count_macs(nets[name], size)}
    histories = race(nets, data, TrainConfig(epochs=epochs, seed=seed), on_epoch=on_epoch)
    runs = [
        {"name": name, "depth": builders[name][0], "residual": True, "status": h.status,
         **{k: v for k, v in h.to_dict().items() if k in ("train_error", "test_error")}}
        for name, h in histories.items()
    ]  # fmt: skip
    return {"costs": costs, "runs": runs}


@figure("fig04_shortcut_cost")
def fig04_shortcut_cost(recompute: bool = False) -> Path:
    """Identity vs projection shortcut: one block of each kind, then the whole ResNet-50."""
    from matplotlib.patches import Rectangle

    from resnet_book.plots import new_figure

    blocks, nets = block_costs(), shortcut_costs(50)
    fig, axes = new_figure(9.5, 3.6, columns=2, sharey=False)
    groups = [
        (
            "one block on 56×56",
            [("basic\n64-d", "basic 64-d"), ("bottleneck\n256-d", "bottleneck 256-d")],
            blocks,
            "{} + projection",
        ),
        ("whole ResNet-50 at 224×224", [("option B\n(paper)", "B")], nets, "C"),
    ]
    for ax, (title, items, costs, proj) in zip(axes, groups):
        for i, (_label, key) in enumerate(items):
            base, more = costs[key], costs[proj.format(key)]
            for j, (what, c) in enumerate((("params", "#1f77b4"), ("macs", "#ff7f0e"))):
                ratio = more[what] / base[what]
                x = i + (j - 0.5) * 0.35
                ax.bar(x, ratio, 0.35, color=c)
                ax.text(x, ratio - 0.15, f"×{ratio:.2f}", ha="center", color="white")
        ax.axhline(1, color="black", lw=1)
        ax.axhline(2, color="#d62728", ls="--", lw=1)
        ax.set_xticks(range(len(items)), [label for label, _ in items])
        ax.set(title=title, ylim=(0, 2.5), ylabel="cost with projections / with identity")
    axes[1].set_xlim(-0.8, 0.8)
    for ax in axes:
        ax.text(ax.get_xlim()[1], 2.08, '"doubled" (§4.1)', color="#d62728", fontsize=9, ha="right")
    axes[1].set_xticks([0], ["all projections (C)\nvs option B (paper)"])
    handles = [Rectangle((0, 0), 1, 1, color=c) for c in ("#1f77b4", "#ff7f0e")]
    axes[0].legend(handles, ["parameters", "multiply-adds"], loc="upper left", fontsize=8)
    fig.tight_layout()
    return save(fig, "fig04_shortcut_cost")
