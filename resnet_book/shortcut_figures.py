"""Chapter 3's experiments, recorded results and figures: A vs B vs C vs plain (Table 3), and
how many shortcuts a net needs.

    >>> record = run_variants(("plain", "A", "B", "C"), depth=20, epochs=1)
    $ python -m resnet_book figures fig03_options fig03_density --recompute   # 18 runs, minutes

The shape checker and the cost of each option are in ``shortcuts``. Heavy runs are recorded in
resnet_book/recorded/*.json with the command, settings and versions that made them
(``figures.provenance``).
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from resnet_book.figures import figure, provenance, readable, recorded, save, use_style
from resnet_book.models import cifar_net, count_params
from resnet_book.paper_tables import value

# ---- experiments: A vs B vs C vs plain, and shortcut density -----------------------------------

VARIANTS = {  # name: (option, which blocks keep their shortcut)
    "plain": (None, "none"),
    "A": ("A", "all"),
    "B": ("B", "all"),
    "C": ("C", "all"),
    "A, every other block": ("A", "every other"),
    "A, stage changes only": ("A", "stage changes"),
}
RUN_DEFAULTS = dict(depth=56, width=8, epochs=8, lr=0.1, seeds=(0, 1, 2))


def build_variant(variant: str, depth=56, width=8, seed=0) -> nn.Module:
    """A digits-sized CIFAR net; for the sparse variants, some blocks lose their "+ x"."""
    option, keep = VARIANTS[variant]
    torch.manual_seed(seed)
    net = cifar_net(
        depth,
        residual=option is not None,
        option=option or "A",
        width=width,
        in_channels=1,
        num_classes=10,
    )
    for i, block in enumerate(net.blocks()):
        changes = block.layers[0][0].stride != (1, 1)  # the first block of stages 2 and 3
        drop = {"every other": i % 2 == 1, "stage changes": True}.get(keep, False)
        if drop and not changes:
            block.residual = False  # this block is now plain: y = relu(F(x))
    return net


def run_variants(
    variants=tuple(VARIANTS),
    depth=56,
    width=8,
    epochs=8,
    lr=0.1,
    seeds=(0, 1, 2),
    n_train=None,
    on_epoch=None,
) -> dict:
    """Train every variant with every seed on digits (a race per seed); per-epoch errors."""
    from resnet_book.data import load_dataset
    from resnet_book.race import race
    from resnet_book.training import TrainConfig

    data, runs = load_dataset("digits").subset(n_train), []
    for seed in seeds:
        nets = {v: build_variant(v, depth, width, seed) for v in variants}
        histories = race(nets, data, TrainConfig(epochs=epochs, lr=lr, seed=seed), on_epoch)
        for v, h in histories.items():
            runs.append(
                dict(
                    variant=v,
                    seed=seed,
                    params=count_params(nets[v]),
                    shortcuts=sum(b.residual for b in nets[v].blocks()),
                    train_error=h.train_error,
                    test_error=h.test_error,
                    status=h.status,
                )
            )
    return {"runs": runs}


def summarise(runs: list[dict], key: str = "train_error") -> dict[str, dict]:
    """Final error per variant over seeds: mean, std (n - 1), min, max and the values, in %."""
    import numpy as np

    out = {}
    for v in dict.fromkeys(r["variant"] for r in runs):  # diverged (None) counts as 100%
        vals = np.array([100 * (r[key][-1] or 1.0) for r in runs if r["variant"] == v])
        std = float(vals.std(ddof=1)) if len(vals) > 1 else 0.0
        out[v] = dict(
            mean=vals.mean(), std=std, min=vals.min(), max=vals.max(), values=vals.round(2).tolist()
        )
    return out


# ---- figures -----------------------------------------------------------------------------------

# Table 3 (ImageNet val, 10-crop, 34 layers), top-1 / top-5 error (%), from the paper.
# Table 3's (top-1, top-5) for plain-34 and ResNet-34 A/B/C, from resnet_book/paper/table3.yaml.
TABLE3 = {
    v: (value(3, name, "top1"), value(3, name, "top5"))
    for v, name in (("plain", "plain-34"), *((o, f"ResNet-34 {o}") for o in "ABC"))
}
COLOURS = {
    "plain": "#7f7f7f",
    "A": "#1f77b4",
    "B": "#2ca02c",
    "C": "#9467bd",
    "A, every other block": "#ff7f0e",
    "A, stage changes only": "#d62728",
}


def plot_options(runs: list[dict]):
    """Our final errors (dots: seeds; bar: mean ± std) beside Table 3's top-1 errors."""
    import matplotlib.pyplot as plt

    use_style()
    names = [v for v in TABLE3 if any(r["variant"] == v for r in runs)]
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4))
    for ax, key in zip(axes, ("train_error", "test_error")):
        stats = summarise([r for r in runs if r["variant"] in names], key)
        for i, v in enumerate(names):
            s = stats[v]
            ax.bar(i, s["mean"], yerr=s["std"], color=COLOURS[v], alpha=0.35, capsize=4)
            ax.plot([i] * len(s["values"]), s["values"], "o", color=COLOURS[v], ms=5)
        title = f"ours: final {key.split('_')[0]} error, 3 seeds"
        ax.set(xticks=range(len(names)), xticklabels=names, ylabel="error (%)", title=title)
    top1 = [TABLE3[v][0] for v in names]
    bars = axes[2].bar(range(len(names)), top1, color=[COLOURS[v] for v in names], alpha=0.8)
    axes[2].bar_label(bars, [f"{e:.2f}" for e in top1], fontsize=8)  # the axis starts at 0
    axes[2].set(
        xticks=range(len(names)),
        xticklabels=names,
        xlabel="ResNet-34 (and its plain twin)",
        ylim=(0, 32),
        ylabel="top-1 error (%)",
        title="paper, Table 3 (ImageNet val, 10-crop)",
    )
    fig.tight_layout()
    return readable(fig)


def plot_density(
    runs: list[dict], variants=("A", "A, every other block", "A, stage changes only", "plain")
):
    """Training error per epoch as the shortcuts thin out: mean over seeds, band = min to max."""
    import matplotlib.pyplot as plt
    import numpy as np

    use_style()
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for v in variants:
        errs = np.array([r["train_error"] for r in runs if r["variant"] == v], dtype=float) * 100
        if not len(errs):
            continue
        n = next(r["shortcuts"] for r in runs if r["variant"] == v)
        epochs = np.arange(1, errs.shape[1] + 1)
        ax.plot(epochs, errs.mean(0), lw=2, color=COLOURS[v], label=f"{v} ({n} shortcuts)")
        ax.fill_between(epochs, errs.min(0), errs.max(0), color=COLOURS[v], alpha=0.15)
    ax.set(xlabel="epoch", ylabel="training error (%)", title="shortcut density, 56 layers")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return readable(fig)


_FRESH: set[str] = set()  # records recomputed in this process: the second figure reuses them


def shortcut_runs(recompute: bool = False) -> dict:
    """The recorded A/B/C/plain and density runs (``recompute=True`` trains them all again)."""
    command = "python -m resnet_book figures fig03_options fig03_density --recompute"
    again = recompute and "runs" not in _FRESH
    _FRESH.add("runs") if again else None
    return recorded(
        "fig03_shortcut_runs",
        lambda: {
            "provenance": provenance(command, variants=list(VARIANTS), **RUN_DEFAULTS),
            **run_variants(**RUN_DEFAULTS),
        },
        again,
    )


@figure("fig03_options")
def fig03_options(recompute: bool = False) -> Path:
    return save(plot_options(shortcut_runs(recompute)["runs"]), "fig03_options")


@figure("fig03_density")
def fig03_density(recompute: bool = False) -> Path:
    return save(plot_density(shortcut_runs(recompute)["runs"]), "fig03_density")
