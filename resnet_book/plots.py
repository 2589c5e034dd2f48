"""Curves as the paper draws them (Fig. 6: dashed = training error, solid = test error).

>>> fig = plot_runs(run_degradation()["runs"])
"""

from __future__ import annotations

from pathlib import Path

from resnet_book.figures import figure, provenance, recorded, save

# One colour per depth, the same in every chapter: shallow nets cool, deep nets warm.
DEPTH_COLOURS = {
    20: "#1f77b4",
    32: "#2ca02c",
    44: "#9467bd",
    56: "#d62728",
    110: "#ff7f0e",
    1202: "#8c564b",
}


def colour(depth: int) -> str:
    return DEPTH_COLOURS.get(depth, "#7f7f7f")


def plot_runs(runs: list[dict], title: str = "", axes=None):
    """Training (dashed) and test (solid) error per epoch; plain on the left, ResNets on the right.

    ``runs`` are the records of ``run_degradation``. A diverged or stopped run is marked in its
    legend entry, never dropped.
    """
    import matplotlib.pyplot as plt

    groups = [
        ("plain", [r for r in runs if not r["residual"]]),
        ("ResNet", [r for r in runs if r["residual"]]),
    ]
    groups = [(label, rs) for label, rs in groups if rs]
    if axes is None:
        fig, axes = plt.subplots(
            1, len(groups), figsize=(5 * len(groups), 3.6), sharey=True, squeeze=False
        )
        axes = axes[0]
    else:
        fig = axes[0].figure
    for ax, (label, rs) in zip(axes, groups):
        for r in rs:
            epochs = range(1, len(r["train_error"]) + 1)
            tag = {"diverged": " (diverged!)", "stopped": " (stopped)"}.get(r.get("status"), "")
            train = [None if e is None else 100 * e for e in r["train_error"]]
            test = [None if e is None else 100 * e for e in r["test_error"]]
            ax.plot(epochs, train, "--", color=colour(r["depth"]), lw=1.5)
            ax.plot(epochs, test, "-", color=colour(r["depth"]), lw=2.2, label=r["name"] + tag)
        ax.set_title(f"{label} nets")
        ax.set_xlabel("epoch")
        ax.legend(title="solid: test, dashed: train", fontsize=8, title_fontsize=8)
    axes[0].set_ylabel("error (%)")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


@figure("fig1_degradation")
def fig1_degradation(recompute: bool = False) -> Path:
    """Fig. 1 in small: plain-20 vs plain-56 on digits, training and test error, one seed."""
    import matplotlib.pyplot as plt

    from resnet_book.experiments import DEGRADATION_DEFAULTS, run_degradation

    def compute() -> dict:
        results = run_degradation(
            nets="plain", **{k: v for k, v in DEGRADATION_DEFAULTS.items() if k != "nets"}
        )
        results["provenance"] = provenance(
            "python -m resnet_book figures fig1_degradation --recompute", **DEGRADATION_DEFAULTS
        )
        return results

    results = recorded("fig1_degradation", compute, recompute)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
    for ax, key, label in zip(axes, ("train_error", "test_error"), ("training", "test")):
        for r in results["runs"]:
            ax.plot(
                range(1, len(r[key]) + 1),
                [100 * e for e in r[key]],
                color=colour(r["depth"]),
                lw=2,
                label=f"{r['depth']}-layer",
            )
        ax.set(xlabel="epoch", ylabel=f"{label} error (%)", title=f"{label} error, digits")
        ax.legend()
    fig.tight_layout()
    path = save(fig, "fig1_degradation")
    plt.close(fig)
    return path
