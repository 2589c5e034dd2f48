"""Several nets trained at once: in turns, an epoch each, spread over worker threads.

Every experiment that compares nets (the chapters' races, the depth sweep, the recorded runs)
trains them with ``race``; ``training.fit`` trains one.

    >>> histories = race({"plain-20": plain, "ResNet-20": resnet}, data, TrainConfig(epochs=6))
    >>> histories["ResNet-20"].train_error[-1]
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable

import torch
from torch import nn

from resnet_book.data import Dataset
from resnet_book.training import History, TrainConfig, default_device, iter_fit


@contextlib.contextmanager
def one_thread(on: bool = True):
    """Run torch ops on one CPU thread inside the block (the tiny nets here gain little from more,
    and two-thread kernels slow down many times over when other processes take the cores)."""
    before = torch.get_num_threads()
    if on:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def deal(names: list[str], cost: Callable[[str], float], workers: int) -> list[list[str]]:
    """The workers' shares of the nets, to balance the work: by cost (parameters ~ depth x
    width^2), largest first, dealt there and back (workers 1, 2, 2, 1, 1, 2, ...), so that the
    worker with the dearer net of a round gets the cheaper of the next, and plain and residual
    twins (a residual net costs a little more: its additions) go to different workers. Each
    worker then starts with its cheapest net, so that the first points come early.

    >>> deal(["plain-20", "plain-56", "ResNet-20", "ResNet-56"], lambda n: int(n[-2:]), 2)
    [['ResNet-20', 'plain-56'], ['plain-20', 'ResNet-56']]
    """
    shares: list[list[str]] = [[] for _ in range(workers)]
    lap = 2 * workers
    for k, name in enumerate(sorted(names, key=lambda n: -cost(n))):
        shares[min(k % lap, lap - 1 - k % lap)].append(name)
    return [share[::-1] for share in shares if share]


def race(
    nets: dict[str, nn.Module],
    data: Dataset,
    config: TrainConfig | dict[str, TrainConfig],
    on_epoch: Callable[[str, History], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> dict[str, History]:
    """Train several nets in turns, an epoch each, spread over worker threads.

    ``config`` is one TrainConfig for all, or one per net (a dict keyed like ``nets``).

    On a CPU each worker uses one thread, so two cores train two nets at once, and every net's
    history is the same whatever else is in the race. (One thread per net also keeps a busy machine
    fast: two-thread kernels slow down many times when other processes take the cores.)
    Callbacks are never concurrent.
    A net that diverges drops out of the race; the others go on.
    """
    names = list(nets)
    configs = config if isinstance(config, dict) else dict.fromkeys(names, config)
    device = configs[names[0]].device
    on_cpu = (torch.device(device) if device else default_device()).type == "cpu"
    workers = min(len(names), workers or (os.cpu_count() or 1)) if on_cpu else 1
    shares = deal(names, lambda n: sum(p.numel() for p in nets[n].parameters()), workers)
    results: dict[str, History] = {}
    lock, errors = threading.Lock(), []

    def work(share: list[str]) -> None:
        try:
            loops = {n: iter_fit(nets[n], data, configs[n], should_stop, name=n) for n in share}
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

    with one_thread(on_cpu):
        threads = [threading.Thread(target=work, args=(s,), daemon=True) for s in shares]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    if errors:
        raise errors[0]
    return {n: results[n] for n in names if n in results}
