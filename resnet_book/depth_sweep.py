"""Fig. 6 in small: plain-20/32/44/56 and ResNet-20/32/44/56/110 on digits, several seeds.

The recorded results (``resnet_book/recorded/fig05_depth_sweep.json``) were made by
``python -m resnet_book figures fig05_fig6_small --recompute`` on 2 CPU cores; they keep the
command, the seeds and the software versions that produced them.

    >>> results = recorded_sweep()              # load the record (or run it if absent)
    >>> print(format_summary(summary(results)))
    >>> live = run_depth_sweep(plain_depths=(20,), resnet_depths=(20,), seeds=(0,), epochs=2)
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import torch

from resnet_book.data import load_dataset
from resnet_book.experiments import run_name
from resnet_book.figures import figure, provenance, recorded, save
from resnet_book.models import cifar_net
from resnet_book.plots import colour
from resnet_book.race import race
from resnet_book.training import History, TrainConfig

# Width 8 (the paper: 16), 8x8 digits (the paper: 32x32 CIFAR-10), 8 epochs of 11 mini-batches
# (the paper: 64k iterations), no augmentation: small enough for 2 CPU cores. As in §4.2, the
# 110-layer ResNet warms up at lr 0.01 until its training error is below 80% (here checked once
# per epoch); a twin trained at 0.1 from the start shows why (footnote 5).
FIG6_DEFAULTS = dict(
    plain_depths=(20, 32, 44, 56),
    resnet_depths=(20, 32, 44, 56, 110),
    warmup_depths=(110,),
    width=8,
    epochs=8,
    lr=0.1,
    warmup_lr=0.01,
    batch_size=128,
    dataset="digits",
    seeds=(0, 1, 2),
    compare_warmup=True,
)
RECORD = "fig05_depth_sweep"
NO_WARMUP = " no warm-up"


def run_depth_sweep(
    plain_depths=FIG6_DEFAULTS["plain_depths"],
    resnet_depths=FIG6_DEFAULTS["resnet_depths"],
    warmup_depths=(),
    width: int = 8,
    epochs: int = 8,
    lr: float = 0.1,
    warmup_lr: float = 0.01,
    batch_size: int = 128,
    dataset: str = "digits",
    seeds=(0,),
    compare_warmup: bool = False,
    n_train: int | None = None,
    on_epoch: Callable[[str, History], None] | None = None,
) -> dict:
    """Race every net once per seed (all nets of a seed start from ``torch.manual_seed(seed)``).

    Args:
        warmup_depths: ResNets that start at ``warmup_lr`` until their training error is < 80%.
        compare_warmup: also train those depths at ``lr`` from the start ("ResNet-110 no warm-up").
    Returns {"config", "seconds", "runs": [{"name", "depth", "residual", "warmup", "seed",
    "train_error", "test_error", "seconds", "status", "message"}, ...]}, errors as fractions.
    """
    data = load_dataset(dataset).subset(n_train)
    start, runs = time.perf_counter(), []
    for seed in seeds:
        groups = {False: {}, True: {}}  # warm-up or not: each group is one race
        nets = [(d, False, False) for d in plain_depths]
        nets += [(d, True, d in warmup_depths) for d in resnet_depths]
        nets += [(d, True, False) for d in warmup_depths if compare_warmup]
        for depth, residual, warm in nets:
            torch.manual_seed(seed)
            name = run_name(depth, residual)
            name += NO_WARMUP if depth in warmup_depths and not warm else ""
            groups[warm][name] = (depth, cifar_net(
                depth, residual, width=width, in_channels=data.in_channels,
                num_classes=data.num_classes))  # fmt: skip
        for warm, group in groups.items():
            if not group:
                continue
            config = TrainConfig(epochs=epochs, lr=lr, batch_size=batch_size, seed=seed,
                                 warmup_lr=warmup_lr if warm else None)  # fmt: skip
            report = (lambda n, h, s=seed: on_epoch(f"{n} (seed {s})", h)) if on_epoch else None
            histories = _race(group, data, config, report)
            for name, history in histories.items():
                record = history.to_dict()
                runs.append(
                    {"name": name, "depth": group[name][0], "residual": name.startswith("ResNet"),
                     "warmup": warm, "seed": seed, "train_error": record["train_error"],
                     "test_error": record["test_error"], "seconds": round(history.seconds, 2),
                     "status": history.status, "message": history.message}
                )  # fmt: skip
    config = dict(
        plain_depths=list(plain_depths), resnet_depths=list(resnet_depths),
        warmup_depths=list(warmup_depths), width=width, epochs=epochs, lr=lr,
        warmup_lr=warmup_lr, batch_size=batch_size, dataset=dataset, seeds=list(seeds),
        compare_warmup=compare_warmup, n_train=n_train,
    )  # fmt: skip
    return {"config": config, "seconds": round(time.perf_counter() - start, 1), "runs": runs}


def _race(group: dict, data, config: TrainConfig, report) -> dict[str, History]:
    """``race`` on one thread per net, even for a lone net (threads fight on a busy CPU)."""
    nets = {name: net for name, (_, net) in group.items()}
    if len(nets) > 1:
        return race(nets, data, config, report)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return race(nets, data, config, report)
    finally:
        torch.set_num_threads(threads)


def _last(errors: list) -> float:
    return float("nan") if not errors or errors[-1] is None else errors[-1]


def summary(results: dict) -> list[dict]:
    """Final errors of each net over the seeds: mean, standard deviation and best (in %)."""
    order = sorted(results["runs"], key=lambda r: (r["residual"], r["depth"], r["name"]))
    names = list(dict.fromkeys(r["name"] for r in order))
    rows = []
    for name in names:
        runs = [r for r in results["runs"] if r["name"] == name]
        row = {"name": name, "depth": runs[0]["depth"], "residual": runs[0]["residual"]}
        row["seeds"] = len(runs)
        for key in ("train_error", "test_error"):
            values = [100 * _last(r[key]) for r in runs]
            row[key] = statistics.fmean(values)
            row[key + "_std"] = statistics.stdev(values) if len(values) > 1 else 0.0
            row[key + "_best"] = min(values)
        rows.append(row)
    return rows


def format_summary(rows: list[dict]) -> str:
    """A text table: final training and test error, mean ± std over seeds (%)."""
    lines = [f"{'net':<22}{'seeds':>6}{'training error':>20}{'test error':>18}{'best test':>11}"]
    for r in rows:
        lines.append(
            f"{r['name']:<22}{r['seeds']:>6}"
            f"{r['train_error']:>12.1f} ± {r['train_error_std']:<4.1f}"
            f"{r['test_error']:>10.1f} ± {r['test_error_std']:<4.1f}{r['test_error_best']:>9.1f}"
        )
    return "\n".join(lines)


def mean_curves(results: dict, name: str, key: str) -> list[float]:
    """The per-epoch mean over seeds of one net's error curve, in %."""
    curves = [r[key] for r in results["runs"] if r["name"] == name]
    length = min(len(c) for c in curves)
    return [100 * statistics.fmean(c[i] for c in curves) for i in range(length)]


def plot_sweep(results: dict, title: str = ""):
    """Fig. 6 in small, mean over seeds, dashed = training, solid = test: plain nets, ResNets,
    and (when recorded) ResNet-110 with and without its warm-up."""
    from matplotlib.ticker import MaxNLocator

    from resnet_book.plots import new_figure

    rows = summary(results)
    warm = [r for r in rows if r["name"].endswith(NO_WARMUP)]
    warm = [r for r in rows if r["depth"] == warm[0]["depth"] and r["residual"]] if warm else []
    panels = [
        ("plain nets", [r for r in rows if not r["residual"]]),
        ("ResNets", [r for r in rows if r["residual"] and not r["name"].endswith(NO_WARMUP)]),
    ]
    if warm:
        panels.append((f"ResNet-{warm[0]['depth']}: warm-up or not", warm))
    fig, axes = new_figure(3.6 * len(panels), 3.6, columns=len(panels), sharey=True)
    for ax, (label, group) in zip(axes, panels):
        for r in group:
            grey = r["name"].endswith(NO_WARMUP)
            for key, style, width in (("train_error", "--", 1.4), ("test_error", "-", 2.2)):
                curve = mean_curves(results, r["name"], key)
                name = r["name"].replace(NO_WARMUP, ", no warm-up") if grey else r["name"]
                name += ", warm-up" if warm and r in warm and not grey else ""
                ax.plot(range(1, len(curve) + 1), curve, style, lw=width,
                        color="#7f7f7f" if grey else colour(r["depth"]),
                        label=name if key == "test_error" else None)  # fmt: skip
        ax.set(xlabel="epoch", title=label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(title="dashed: train, solid: test", fontsize=7, title_fontsize=7)
    axes[0].set_ylabel(f"error (%), mean of {len(results['config']['seeds'])} seed(s)")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def recorded_sweep(recompute: bool = False) -> dict:
    """The recorded sweep with ``FIG6_DEFAULTS``; ``recompute=True`` reruns it (minutes)."""

    def compute() -> dict:
        results = run_depth_sweep(**FIG6_DEFAULTS)
        results["provenance"] = provenance(
            "python -m resnet_book figures fig05_fig6_small --recompute",
            cpu_cores=os.cpu_count(),
            **FIG6_DEFAULTS,
        )
        return results

    return recorded(RECORD, compute, recompute)


@figure("fig05_fig6_small")
def fig05_fig6_small(recompute: bool = False) -> Path:
    return save(plot_sweep(recorded_sweep(recompute)), "fig05_fig6_small")
