"""Experiments the chapters run: first of all the plain-vs-residual race of Fig. 1 and Fig. 6.

``run_degradation`` is a pure function: the widget, the command line and the tests all call it.
The nets train with ``race.race``; chapter 1's signal measurement is in ``signals``.

    >>> results = run_degradation(seed=0)       # plain-20, plain-56, ResNet-20, ResNet-56 on digits
    >>> [(r["name"], r["train_error"][-1]) for r in results["runs"]]
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable

import torch
from torch import nn

from resnet_book.blocks import check_option
from resnet_book.data import DATASETS, Dataset, load_dataset
from resnet_book.models import check_cifar_depth, cifar_net
from resnet_book.race import race
from resnet_book.training import History, TrainConfig, default_device

NETS = ("both", "plain", "residual")
# The default race: 6 epochs of 11 steps (batch 128 over 1,347 digits), about 19 CPU-seconds,
# so 10 to 20 s on 2 cores (README, "Benchmarks"). For every seed checked (bench/degradation.py),
# plain-56 ends with more than twice plain-20's training error and ResNet-56 with less than half
# of plain-56's. lr 0.05 is half the paper's 0.1: at 0.1, ResNet-56 now and then needs several of
# our few epochs to start converging (1 seed in 12 tried), as the paper found for ResNet-110
# (§4.2). Width 8 is half the paper's 16 (a quarter of the parameters, for 1,347 images); the
# digits are 8x8, not CIFAR-10's 32x32.
DEGRADATION_DEFAULTS = dict(
    depths=(20, 56),
    nets="both",
    width=8,
    epochs=6,
    lr=0.05,
    batch_size=128,
    option="A",
    dataset="digits",
    seed=0,
)
# Caps that keep a learner's kernel alive (epochs and n_train need none: more epochs cost only
# time, shown epoch by epoch, and Stop ends them; n_train beyond the data set takes all of it).
MAX_WIDTH = 64  # 4x the paper's 16; width 1000 would give plain-56 ~3.3G parameters
MAX_DEPTH = 1202  # the paper's deepest net (§4.2)
MAX_SEED = 2**32 - 1  # what torch.manual_seed and numpy accept alike
MAX_RACE_GB = 4  # what a laptop or a free cloud notebook can spare for one race
DATA_SHAPES = {"digits": (1347, 1, 8, 8), "cifar10": (50000, 3, 32, 32)}  # training (N, C, H, W)


def cached_dataset(name: str = "digits") -> Dataset:
    """``load_dataset(name)``, loaded once per session (digits import scikit-learn: ~1.5 s)."""
    return _cached_dataset(name)


@functools.lru_cache(maxsize=4)
def _cached_dataset(name: str) -> Dataset:
    return load_dataset(name)


def warm_up(dataset: str = "digits") -> None:
    """The one-time cost of a session, paid before a race is asked for (the widget does it when
    built): load the data. (Training uses ``sgd.SGD``, which imports no torch._dynamo.)"""
    cached_dataset(dataset)


def run_name(depth: int, residual: bool) -> str:
    """The names of Fig. 6: "plain-56", "ResNet-56"."""
    return f"{'ResNet' if residual else 'plain'}-{depth}"


def _whole(name: str, value, low: int, high: int | None = None, hint: str = "") -> int:
    """``value`` as an int from low to high (2.0 counts as 2), or a ValueError that says so."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be a whole number >= {low}{hint}; got {value!r}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}{hint}; got {value!r}")
    return value


def race_gigabytes(depths, nets, width, batch_size, dataset="digits", n_train=None) -> float:
    """Rough memory of a race, all nets together: weights, gradients and momentum (12 bytes a
    parameter) plus the tensors kept for backward (within 5% of ``very_deep.activation_bytes``)."""
    n_data, _, h, w = DATA_SHAPES[dataset]
    batch = min(batch_size, n_train or n_data, n_data)  # training never makes a batch larger
    total = 0
    for depth in depths:
        n = (depth - 2) // 6
        params = 9 * width**2 * (42 * n - 10)  # the 3x3 convs of the three stages; BN, fc are small
        activations = 4 * batch * width * h * w * (7 * n + 3)  # float32 (N, C, H, W), per stage
        total += (1 if nets != "both" else 2) * (12 * params + activations)
    return total / 2**30


def check_degradation_args(
    depths, nets, width, epochs, lr, batch_size, option, dataset, seed=0, n_train=None
) -> dict:
    """The settings cleaned up, or a ValueError that tells the learner what to change."""
    if isinstance(depths, (int, float, str)):
        depths = [depths]
    if not depths:
        raise ValueError("choose at least one depth, such as 20 or 56")
    depths = [int(d) if isinstance(d, float) and d.is_integer() else d for d in depths]
    for depth in depths:
        check_cifar_depth(depth)
        if depth > MAX_DEPTH:
            raise ValueError(
                f"depths go up to {MAX_DEPTH}, the paper's deepest net (§4.2): deeper ones would "
                f"take too long and too much memory; got {depth}. Try 20, 56 or 110."
            )
    depths = sorted(set(depths))
    if nets not in NETS:
        raise ValueError(f"nets must be one of {', '.join(NETS)}; got {nets!r}")
    if not isinstance(lr, (int, float)) or isinstance(lr, bool) or not 0 < lr < math.inf:
        raise ValueError(f"the learning rate must be a positive number such as 0.1; got {lr!r}")
    if dataset not in DATASETS:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}; got {dataset!r}")
    settings = dict(
        depths=depths,
        nets=nets,
        width=_whole("width", width, 1, MAX_WIDTH, " (the paper's is 16, this book's 8)"),
        epochs=_whole("epochs", epochs, 1),
        lr=float(lr),
        batch_size=_whole("batch size", batch_size, 2),  # BN needs two images per batch
        option=check_option(option),
        dataset=dataset,
        seed=_whole("seed", seed, 0, MAX_SEED, ", such as 0 or 7"),
        n_train=None if n_train is None else _whole("n_train", n_train, 2),
    )
    gb = race_gigabytes(
        depths, nets, settings["width"], settings["batch_size"], dataset, settings["n_train"]
    )
    if gb > MAX_RACE_GB:
        raise ValueError(
            f"this race would need about {gb:.1f} GB of memory, more than the {MAX_RACE_GB} GB "
            "this book allows so that your kernel does not crash: lower the width, the batch "
            "size or the largest depth"
        )
    return settings


def build_nets(depths, nets, width, option, in_channels, num_classes, seed, device=None) -> dict:
    """The racers by name, plain ones first, each built from ``torch.manual_seed(seed)``."""
    kinds = {"both": (False, True), "plain": (False,), "residual": (True,)}[nets]
    on_cpu = (torch.device(device) if device else default_device()).type == "cpu"
    built = {}
    for residual in kinds:
        for depth in depths:
            torch.manual_seed(seed)  # same seed, same start, whatever else is in the race
            net = cifar_net(
                depth, residual=residual, option=option, width=width,
                in_channels=in_channels, num_classes=num_classes,
            )  # fmt: skip
            # NHWC convolutions are ~15% faster with oneDNN on a CPU; the same numbers otherwise
            built[run_name(depth, residual)] = (
                net.to(memory_format=torch.channels_last) if on_cpu else net
            )
    return built


def run_degradation(
    depths=DEGRADATION_DEFAULTS["depths"],
    nets: str = DEGRADATION_DEFAULTS["nets"],
    width: int = DEGRADATION_DEFAULTS["width"],
    epochs: int = DEGRADATION_DEFAULTS["epochs"],
    lr: float = DEGRADATION_DEFAULTS["lr"],
    batch_size: int = DEGRADATION_DEFAULTS["batch_size"],
    option: str = DEGRADATION_DEFAULTS["option"],
    dataset: str = DEGRADATION_DEFAULTS["dataset"],
    seed: int = DEGRADATION_DEFAULTS["seed"],
    on_epoch: Callable[[str, History], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    n_train: int | None = None,
    device: str | None = None,
    milestones: tuple[int, ...] = (),
) -> dict:
    """Race plain and/or residual CIFAR-style nets of the given depths; return JSON-ready results.

    Args:
        nets: "both", "plain" or "residual".
        on_epoch: called as on_epoch(name, history) after every epoch of every net (live plots).
        should_stop: checked before every step; True ends every run as "stopped".
        n_train: use only the first n training images (quick mode, tests).
        milestones: epochs after which the learning rate is divided by 10 (none by default).
        device: "cpu", "cuda", ...; None picks CUDA when present.
    Returns:
        {"seed", "seconds", "config", "runs": [{"name", "depth", "residual", "train_error",
        "test_error", "seconds", "status", "message"}, ...]}, errors as fractions; a diverged
        run's last test error is None.
    """
    start = time.perf_counter()
    s = check_degradation_args(
        depths, nets, width, epochs, lr, batch_size, option, dataset, seed, n_train
    )
    data = cached_dataset(s["dataset"]).subset(s["n_train"])
    config = TrainConfig(
        epochs=s["epochs"],
        lr=s["lr"],
        batch_size=s["batch_size"],
        milestones=tuple(milestones),
        seed=s["seed"],
        device=device,
    )
    built = build_nets(
        s["depths"], s["nets"], s["width"], s["option"], data.in_channels, data.num_classes,
        s["seed"], device,
    )  # fmt: skip
    histories = race(built, data, config, on_epoch=on_epoch, should_stop=should_stop)
    runs = []
    for name, history in histories.items():
        record = history.to_dict()
        runs.append(
            {
                "name": name,
                "depth": int(name.split("-")[1]),
                "residual": name.startswith("ResNet"),
                "train_error": record["train_error"],
                "test_error": record["test_error"],
                "seconds": round(history.seconds, 3),
                "status": history.status,
                "message": history.message,
            }
        )
    return {
        "seed": s["seed"],
        "seconds": round(time.perf_counter() - start, 3),
        "config": dict(s, milestones=list(milestones)),
        "runs": runs,
    }


# Fig. 1 in small (figures/fig1_degradation.png): the plain pair of the race, trained 5x longer,
# with the learning rate divided by 10 for the last 10 epochs as §4.2 does near the end, 3 seeds.
FIG1_SETTINGS = {k: v for k, v in DEGRADATION_DEFAULTS.items() if k != "seed"} | dict(
    nets="plain", epochs=30, milestones=(20,), seeds=(0, 1, 2)
)


@torch.no_grad()
def deepen_with_identities(shallow: nn.Module, depth: int) -> nn.Module:
    """§1's "solution by construction": a deeper plain net computing exactly what ``shallow`` does.

    The first blocks of every stage, the stem and the classifier are copied from ``shallow``; each
    added block becomes an identity (centre-tap conv kernels, BN that changes nothing in eval
    mode, and ReLUs that pass the non-negative block inputs through). Compare them in eval mode.
    """
    first = shallow.stem[0]
    deep = cifar_net(
        depth, residual=False, width=first.out_channels, in_channels=first.in_channels,
        num_classes=shallow.fc.out_features,
    )  # fmt: skip
    deep.stem.load_state_dict(shallow.stem.state_dict())
    deep.fc.load_state_dict(shallow.fc.state_dict())
    for old, new in zip(shallow.stages, deep.stages):
        if len(new) < len(old):
            raise ValueError(f"depth {depth} is not deeper than the shallow net")
        for i, block in enumerate(new):
            if i < len(old):
                block.load_state_dict(old[i].state_dict())
                continue
            for conv, bn in block.layers:
                nn.init.dirac_(conv.weight)  # output channel c = input channel c, centre tap only
                bn.weight.fill_(1), bn.bias.zero_(), bn.running_mean.zero_()
                bn.running_var.fill_(1 - bn.eps)  # (x - 0) / sqrt(var + eps) = x exactly
    return deep
