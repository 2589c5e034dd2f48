"""Chapter 6's recorded results and figures: cost per step, ResNet-110 vs ResNet-1202, warm-up.

    >>> results = load_overfitting()          # recorded; load_overfitting(recompute=True) reruns
    $ python -m resnet_book figures fig06_overfitting --recompute     # about 10 CPU minutes

Heavy runs are recorded in resnet_book/recorded/*.json with the command, settings and versions
that made them (``figures.provenance``).
"""

from __future__ import annotations

from pathlib import Path

from resnet_book.figures import figure, provenance, readable, recorded, save
from resnet_book.plots import colour
from resnet_book.very_deep import (
    OVERFIT_DEFAULTS,
    WARMUP_DEFAULTS,
    run_overfitting,
    run_warmup,
    step_costs,
)

STEP_COST_DEFAULTS = dict(depths=(20, 56, 110, 218, 434, 1202), width=8, batch_size=32, steps=3)
WARMUP_COLOURS = {"with warm-up": "#ff7f0e", "without warm-up": "#7f7f7f"}


def _load(name: str, run, settings: dict, recompute: bool) -> dict:
    """Load resnet_book/recorded/NAME.json, or run ``run(**settings)`` and record it."""

    def compute() -> dict:
        results = run(**settings)
        if isinstance(results, list):
            results = {"rows": results}
        command = f"python -m resnet_book figures {name} --recompute"
        results["provenance"] = provenance(command, **settings)
        return results

    return recorded(name, compute, recompute)


def load_overfitting(recompute: bool = False) -> dict:
    """ResNet-110 vs ResNet-1202 on 200 digits (``very_deep.OVERFIT_DEFAULTS``)."""
    return _load("fig06_overfitting", run_overfitting, OVERFIT_DEFAULTS, recompute)


def load_warmup(recompute: bool = False) -> dict:
    """ResNet-110 with and without the 0.01 warm-up (``very_deep.WARMUP_DEFAULTS``)."""
    return _load("fig06_warmup", run_warmup, WARMUP_DEFAULTS, recompute)


def load_step_costs(recompute: bool = False) -> dict:
    """Seconds and megabytes per step on the machine that made the book."""
    return _load("fig06_step_cost", step_costs, STEP_COST_DEFAULTS, recompute)


def plot_overfitting(results: dict, axes=None):
    """Fig. 6 (right) in small: training error dashed, test error solid, one colour per depth.

    Repeated runs of one depth (seeds) are drawn thinner, with one legend entry for all of them.
    """
    import matplotlib.pyplot as plt

    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    counts = {
        d: sum(r["depth"] == d for r in results["runs"])
        for d in {r["depth"] for r in results["runs"]}
    }
    labelled = set()
    for r in results["runs"]:
        depth, many = r["depth"], counts[r["depth"]] > 1
        epochs = range(1, len(r["train_error"]) + 1)
        style = dict(color=colour(depth), lw=1.3 if many else 2.4, alpha=0.75 if many else 1)
        label = None
        if depth not in labelled:
            runs = f" × {counts[depth]} seeds" if many else ""
            label, _ = f"ResNet-{depth}{runs} ({r['params'] / 1e6:.2f}M)", labelled.add(depth)
        for ax in axes:
            ax.plot(epochs, [100 * e for e in r["train_error"]], "--", **style)
            ax.plot(epochs, [100 * e for e in r["test_error"]], "-", label=label, **style)
    axes[0].set(xlabel="epoch", ylabel="error (%)", title="the whole run")
    axes[1].set(xlabel="epoch", xlim=(9.5, None), ylim=(-0.5, 25), title="zoom: errors below 25%")
    axes[1].xaxis.get_major_locator().set_params(integer=True)
    axes[0].legend(title="solid: test, dashed: train", fontsize=8, title_fontsize=8)
    axes[0].figure.tight_layout()
    return readable(axes[0].figure)


def plot_warmup(results: dict, axes=None):
    """Training error (left) and learning rate (right) of ResNet-110, with and without warm-up."""
    import matplotlib.pyplot as plt

    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), gridspec_kw=dict(width_ratios=(3, 2)))
    for r in results["runs"]:
        epochs = range(1, len(r["train_error"]) + 1)
        c = WARMUP_COLOURS.get(r["name"], "#1f77b4")
        axes[0].plot(epochs, [100 * e for e in r["train_error"]], "--", color=c, label=r["name"])
        axes[0].plot(epochs, [100 * e for e in r["test_error"]], "-", lw=2, color=c)
        axes[1].step(epochs, r["lr"], where="mid", color=c, label=r["name"])  # lr of each epoch
    axes[0].axhline(80, color="k", lw=0.8, ls=":")
    axes[0].text(len(epochs), 76, "80%: the warm-up ends below this", fontsize=8, ha="right")
    axes[0].set(xlabel="epoch", ylabel="error (%)", ylim=(0, 100), title="ResNet-110 on digits")
    axes[0].legend(title="solid: test, dashed: train", fontsize=8, title_fontsize=8)
    first = min(len(epochs), 12)  # the switch happens early: show the first epochs
    axes[1].set(xlabel="epoch", ylabel="learning rate", yscale="log", xlim=(0.5, first + 0.5))
    axes[1].set_title(f"learning rate, first {first} epochs")
    axes[0].figure.tight_layout()
    return readable(axes[0].figure)


def plot_step_costs(rows: list[dict], axes=None):
    """Seconds (left) and megabytes (right) per training step against depth."""
    import matplotlib.pyplot as plt

    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    depths = [r["depth"] for r in rows]
    axes[0].plot(depths, [r["cpu_seconds"] for r in rows], "o-", label="CPU time")
    axes[0].plot(depths, [r["seconds"] for r in rows], "s--", label="wall time")
    axes[0].set(xlabel="depth (layers)", ylabel="seconds per step", title="time per step")
    axes[0].legend(fontsize=8)
    axes[1].plot(depths, [r["activation_mb"] for r in rows], "o-", label="kept for backward")
    axes[1].plot(depths, [r["state_mb"] for r in rows], "s--", label="weights + grads + momentum")
    axes[1].set(xlabel="depth (layers)", ylabel="MB per step", title="memory per step")
    axes[1].legend(fontsize=8)
    axes[0].figure.tight_layout()
    return readable(axes[0].figure)


@figure("fig06_overfitting")
def fig06_overfitting(recompute: bool = False) -> Path:
    return save(plot_overfitting(load_overfitting(recompute)), "fig06_overfitting")


@figure("fig06_warmup")
def fig06_warmup(recompute: bool = False) -> Path:
    return save(plot_warmup(load_warmup(recompute)), "fig06_warmup")


@figure("fig06_step_cost")
def fig06_step_cost(recompute: bool = False) -> Path:
    return save(plot_step_costs(load_step_costs(recompute)["rows"]), "fig06_step_cost")


def against_table6(results: dict):
    """Our ResNet-110 and ResNet-1202 next to Table 6's, as Table 6 reports them: test error
    "best (mean±std)" over the runs (%), and the final training error (the paper's from §4.2:
    "<0.1%" for 1202; for 110 it says only "similar")."""
    import statistics

    from resnet_book.paper_tables import row
    from resnet_book.tables import Table

    def best_mean_std(values: list[float]) -> str:
        if len(values) == 1:
            return f"{values[0]:.2f}"
        return f"{min(values):.2f} ({statistics.fmean(values):.2f}±{statistics.stdev(values):.2f})"

    rows = []
    for depth in (110, 1202):
        paper = row(6, "ResNet", layers=depth)
        spread = f" ({paper['mean']:.2f}±{paper['std']:.2f})" if "mean" in paper else ""
        train = "<0.1" if depth == 1202 else "-"
        rows.append([f"ResNet-{depth}, paper", f"{paper['params_m']}M", paper.get("runs", 1)])
        rows[-1] += [train, f"{paper['error']:.2f}{spread}"]
        runs = [r for r in results["runs"] if r["depth"] == depth]
        train = max(100 * r["train_error"][-1] for r in runs)
        test = best_mean_std([100 * r["test_error"][-1] for r in runs])
        size = f"{runs[0]['params'] / 1e6:.2f}M"
        rows.append([f"ResNet-{depth}, ours", size, len(runs), f"{train:.1f}", test])
    return Table(
        ["net", "params", "runs", "training error (%)", "test error (%)"],
        rows,
        caption="test error: best (mean±std) over the runs, as in Table 6; ours on 200 digits, "
        "the paper's on CIFAR-10 (Table 6; training error: §4.2)",
        highlight=[1, 3],
    )
