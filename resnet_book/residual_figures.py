"""Chapter 2's recorded results and figures, and the conv-net runs behind them (Fig. 7 in small).

    >>> fig7 = layer_responses_record()   # recorded; layer_responses_record(True) trains again
    $ python -m resnet_book figures fig02_layer_responses --recompute     # five nets, minutes

The NumPy block and its stacks are in ``residual``. Heavy runs are recorded in
resnet_book/recorded/*.json with the command, settings and versions that made them
(``figures.provenance``).
"""

from __future__ import annotations

from pathlib import Path

import torch

from resnet_book.figures import figure, provenance, readable, recorded, save, use_style
from resnet_book.residual import IDENTITY_GRID, best_runs, gradient_norms, identity_grid

# ---- Fig. 7 in small ---------------------------------------------------------------------------

FIG7_NETS = ("plain-20", "plain-56", "ResNet-20", "ResNet-56", "ResNet-110")  # the paper's legend
FIG7_DEFAULTS = dict(width=8, epochs=12, lr=0.1, seed=0)
COMMAND = "python -m resnet_book figures "


def run_layer_responses(
    nets=FIG7_NETS, width=8, epochs=12, lr=0.1, seed=0, n_train=None, on_epoch=None
) -> dict:
    """Train the nets on digits, then the std of each 3x3 layer's output on the test images.

    The responses are taken "after BN and before other nonlinearity (ReLU/addition)" (§4.2).
    As in §4.2, only a net of 110 layers or more warms up at lr / 10 until training error < 80%.
    """
    from resnet_book.data import load_dataset
    from resnet_book.models import cifar_net
    from resnet_book.probes import layer_responses
    from resnet_book.race import race
    from resnet_book.training import TrainConfig

    data, built, histories = load_dataset("digits").subset(n_train), {}, {}
    for name in nets:
        torch.manual_seed(seed)
        built[name] = cifar_net(
            int(name.split("-")[1]),
            residual=name.startswith("ResNet"),
            width=width,
            in_channels=1,
            num_classes=10,
        )
    for warm in (False, True):
        group = {n: net for n, net in built.items() if (int(n.split("-")[1]) >= 110) == warm}
        config = TrainConfig(epochs=epochs, lr=lr, seed=seed, warmup_lr=lr / 10 if warm else None)
        histories.update(race(group, data, config, on_epoch) if group else {})
    return {
        "runs": [
            dict(
                name=n,
                depth=int(n.split("-")[1]),
                residual=n.startswith("ResNet"),
                stds=[round(s, 5) for s in layer_responses(built[n], data.X_test)],
                train_error=h.train_error[-1],
                test_error=h.test_error[-1],
            )
            for n, h in histories.items()
        ]
    }


# ---- figures -----------------------------------------------------------------------------------


def plot_identity(runs: list[dict]):
    """Relative error per step of each net at its best (init scale, lr), one panel per depth."""
    import matplotlib.pyplot as plt

    use_style()

    best = best_runs(runs)
    depths = sorted({d for d, _ in best})
    fig, axes = plt.subplots(1, len(depths), figsize=(4.6 * len(depths), 3.3), squeeze=False)
    for ax, depth in zip(axes[0], depths):
        for residual, style, color in ((False, "--", "#7f7f7f"), (True, "-", "#d62728")):
            r = best[(depth, residual)]
            label = f"{'residual' if residual else 'plain'} (scale {r['scale']}, lr {r['lr']})"
            steps = range(0, 10 * len(r["curve"]), 10)
            ax.semilogy(steps, r["curve"], style, lw=2, color=color, label=label)
        ax.set(title=f"{depth} blocks learn y = x", xlabel="gradient step")
        ax.legend(fontsize=8)
    axes[0][0].set_ylabel("relative error |y − x|² / |x|²")
    fig.tight_layout()
    return readable(fig)


def plot_gradient_norms(stacks: dict[str, list[float]], convs: dict[str, list[float]]):
    """Left: NumPy stacks without BN; right: the CIFAR nets with BN. The input is at block 0."""
    import matplotlib.pyplot as plt

    use_style()

    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    panels = (stacks, "fully connected blocks, no BN"), (convs, "CIFAR nets, width 8, BN, digits")
    for ax, (curves, title) in zip(axes, panels):
        for name, norms in curves.items():
            style = "--" if name.startswith("plain") else "-"
            ax.semilogy(range(len(norms)), norms, style, lw=2, label=name)
        ax.set(title=title, xlabel="block (0 = nearest the input)", ylabel="gradient norm")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return readable(fig)


def plot_layer_responses(runs: list[dict]):
    """Fig. 7 in small: std of each 3x3 layer's response, in order (top) and sorted (bottom)."""
    import matplotlib.pyplot as plt

    use_style()

    from resnet_book.plots import colour

    fig, axes = plt.subplots(2, 1, figsize=(8, 5.6))
    for r in runs:
        style = dict(color=colour(r["depth"]), ls="-" if r["residual"] else "--", lw=1.6)
        index, label = range(1, len(r["stds"]) + 1), f"{r['name']} (train {r['train_error']:.0%})"
        axes[0].semilogy(index, r["stds"], label=label, **style)  # log: plain-56 reaches ~10
        axes[1].semilogy(index, sorted(r["stds"], reverse=True), **style)
    axes[0].set(xlabel="layer index (original)", ylabel="std")
    axes[1].set(xlabel="layer index (sorted by magnitude)", ylabel="std")
    axes[0].legend(fontsize=8, ncol=3)
    fig.tight_layout()
    return readable(fig)


def identity_record(recompute: bool = False) -> dict:
    """The recorded identity grid (``recompute=True``: run it again, about a minute)."""
    compute = lambda: {  # noqa: E731
        "provenance": provenance(COMMAND + "fig02_identity --recompute", **IDENTITY_GRID),
        "runs": identity_grid(**IDENTITY_GRID),
    }
    return recorded("fig02_identity", compute, recompute)


@figure("fig02_identity")
def fig02_identity(recompute: bool = False) -> Path:
    """Plain vs residual stacks learning the identity, each at its best init scale and lr."""
    return save(plot_identity(identity_record(recompute)["runs"]), "fig02_identity")


def conv_gradient_norms(depth: int = 56, n: int = 256, seed: int = 0) -> dict[str, list[float]]:
    """Backward gradient norm per block of plain-/ResNet-``depth`` (width 8) at init, on digits."""
    from resnet_book.data import load_dataset
    from resnet_book.models import cifar_net
    from resnet_book.probes import signal_norms

    data, out = load_dataset("digits"), {}
    for residual in (False, True):
        torch.manual_seed(seed)
        net = cifar_net(depth, residual=residual, width=8, in_channels=1)
        norms = signal_norms(net, data.X_train[:n], data.y_train[:n])["backward"]
        out[f"{'ResNet' if residual else 'plain'}-{depth}"] = norms
    return out


@figure("fig02_gradient_norms")
def fig02_gradient_norms(recompute: bool = False) -> Path:
    """Gradient norm per block at init: NumPy stacks (computed) and CIFAR nets (recorded)."""
    stacks = {
        f"{kind}, init scale {s}": gradient_norms(30, kind == "residual", s)
        for s in (0.25, 1.0)
        for kind in ("plain", "residual")
    }
    compute = lambda: {  # noqa: E731
        "provenance": provenance(COMMAND + "fig02_gradient_norms --recompute", depth=56, n=256),
        "norms": conv_gradient_norms(56, 256),
    }
    convs = recorded("fig02_gradient_norms", compute, recompute)["norms"]
    return save(plot_gradient_norms(stacks, convs), "fig02_gradient_norms")


def layer_responses_record(recompute: bool = False) -> dict:
    """The recorded Fig. 7 run (``recompute=True``: train the five nets again, minutes)."""
    compute = lambda: {  # noqa: E731
        "provenance": provenance(
            COMMAND + "fig02_layer_responses --recompute", nets=FIG7_NETS, **FIG7_DEFAULTS
        ),
        **run_layer_responses(**FIG7_DEFAULTS),
    }
    return recorded("fig02_layer_responses", compute, recompute)


@figure("fig02_layer_responses")
def fig02_layer_responses(recompute: bool = False) -> Path:
    """Fig. 7 in small, from the recorded run (``--recompute`` trains the five nets again)."""
    runs = layer_responses_record(recompute)["runs"]
    return save(plot_layer_responses(runs), "fig02_layer_responses")
