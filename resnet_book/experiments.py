"""Experiments the chapters run: first of all the plain-vs-residual race of Fig. 1 and Fig. 6.

``run_degradation`` is a pure function: the widget, the command line and the tests all call it.

    >>> results = run_degradation(seed=0)       # plain-20, plain-56, ResNet-20, ResNet-56 on digits
    >>> [(r["name"], r["train_error"][-1]) for r in results["runs"]]
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import torch

from resnet_book.data import DATASETS, load_dataset
from resnet_book.models import check_cifar_depth, cifar_net
from resnet_book.training import History, TrainConfig, default_device, iter_fit

NETS = ("both", "plain", "residual")
# The default race: chosen so that degradation shows for any seed in ~10 s on 2 CPU cores
# (README, "Benchmarks"). Width 8 is half the paper's 16; digits are 8x8, not 32x32.
DEGRADATION_DEFAULTS = dict(
    depths=(20, 56),
    nets="both",
    width=8,
    epochs=8,
    lr=0.1,
    batch_size=128,
    option="A",
    dataset="digits",
    seed=0,
)


def run_name(depth: int, residual: bool) -> str:
    """The names of Fig. 6: "plain-56", "ResNet-56"."""
    return f"{'ResNet' if residual else 'plain'}-{depth}"


def race(
    nets: dict[str, torch.nn.Module],
    data,
    config: TrainConfig,
    on_epoch: Callable[[str, History], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> dict[str, History]:
    """Train several nets in turns, an epoch each, spread over worker threads.

    On a CPU each worker uses one thread, so two cores train two nets at once; every net's history
    is the same as if it had been trained alone with one thread. Callbacks are never concurrent.
    """
    names = list(nets)
    on_cpu = (torch.device(config.device) if config.device else default_device()).type == "cpu"
    workers = min(len(names), workers or (os.cpu_count() or 1)) if on_cpu else 1
    # Balance the work: deal the nets out by cost (parameters ~ depth x width^2), largest first.
    order = sorted(names, key=lambda n: -sum(p.numel() for p in nets[n].parameters()))
    shares = [order[i::workers] for i in range(workers)]
    results: dict[str, History] = {}
    lock, errors = threading.Lock(), []

    def work(share: list[str]) -> None:
        try:
            loops = {n: iter_fit(nets[n], data, config, should_stop, name=n) for n in share}
            while loops:
                for name in list(loops):
                    history = next(loops[name], None)
                    if history is None or history.status != "running":
                        loops.pop(name)
                    if history is not None:
                        with lock:
                            results[name] = history
                            if on_epoch:
                                on_epoch(name, history)
        except BaseException as error:  # re-raised in the caller's thread below
            errors.append(error)

    threads_before = torch.get_num_threads()
    if workers > 1:
        torch.set_num_threads(1)
    try:
        threads = [threading.Thread(target=work, args=(s,), daemon=True) for s in shares]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        torch.set_num_threads(threads_before)
    if errors:
        raise errors[0]
    return {n: results[n] for n in names if n in results}


def check_degradation_args(depths, nets, width, epochs, lr, batch_size, option, dataset) -> None:
    """Raise a ValueError that tells the learner what to change."""
    if not depths:
        raise ValueError("choose at least one depth, such as 20 or 56")
    for depth in depths:
        check_cifar_depth(depth)
    if nets not in NETS:
        raise ValueError(f"nets must be one of {', '.join(NETS)}; got {nets!r}")
    TrainConfig(epochs=epochs, lr=lr, batch_size=batch_size).check()
    cifar_net(depths[0], width=width, option=option)  # checks width and option
    if dataset not in DATASETS:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}; got {dataset!r}")


def run_degradation(
    depths=DEGRADATION_DEFAULTS["depths"],
    nets: str = "both",
    width: int = 8,
    epochs: int = 8,
    lr: float = 0.1,
    batch_size: int = 128,
    option: str = "A",
    dataset: str = "digits",
    seed: int = 0,
    on_epoch: Callable[[str, History], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    n_train: int | None = None,
) -> dict:
    """Race plain and/or residual CIFAR-style nets of the given depths; return JSON-ready results.

    Args:
        nets: "both", "plain" or "residual".
        n_train: use only the first n training images (quick mode, exercises).
    Returns:
        {"seed", "seconds", "config", "runs": [{"name", "depth", "residual", "train_error",
        "test_error", "seconds", "status", "message"}, ...]}, errors as fractions.
    """
    depths = tuple(int(d) if isinstance(d, float) and d.is_integer() else d for d in depths)
    check_degradation_args(depths, nets, width, epochs, lr, batch_size, option, dataset)
    data = load_dataset(dataset).subset(n_train)
    config = TrainConfig(epochs=epochs, lr=lr, batch_size=batch_size, seed=seed)
    kinds = {"both": (False, True), "plain": (False,), "residual": (True,)}[nets]
    built = {}
    for residual in kinds:
        for depth in sorted(set(depths)):
            torch.manual_seed(seed)  # same seed, same start, whatever else is in the race
            built[run_name(depth, residual)] = cifar_net(
                depth,
                residual=residual,
                option=option,
                width=width,
                in_channels=data.in_channels,
                num_classes=data.num_classes,
            )
    start = time.perf_counter()
    histories = race(built, data, config, on_epoch=on_epoch, should_stop=should_stop)
    runs = []
    for name, history in histories.items():
        depth = int(name.split("-")[1])
        record = history.to_dict()
        runs.append(
            {
                "name": name,
                "depth": depth,
                "residual": name.startswith("ResNet"),
                "train_error": record["train_error"],
                "test_error": record["test_error"],
                "seconds": round(history.seconds, 3),
                "status": history.status,
                "message": history.message,
            }
        )
    return {
        "seed": seed,
        "seconds": round(time.perf_counter() - start, 3),
        "config": dict(
            depths=list(depths),
            nets=nets,
            width=width,
            epochs=epochs,
            lr=lr,
            batch_size=batch_size,
            option=option,
            dataset=dataset,
            n_train=n_train,
        ),
        "runs": runs,
    }
