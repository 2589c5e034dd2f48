"""The race as it was before issue 14, kept callable so that bench/degradation.py can time it
against today's in the same run. Do not use it elsewhere: ``resnet_book.race.race`` is the race.

Copied from resnet_book/race.py and resnet_book/training.py at commit 132d2c5; the only
difference from today's code is the optimizer (torch.optim.SGD, whose first step imports
torch._dynamo).
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, Iterator

import torch
import torch.nn.functional as F
from torch import nn

from resnet_book.data import Dataset
from resnet_book.race import one_thread
from resnet_book.training import History, TrainConfig, augment_batch, default_device, evaluate


def iter_fit(
    net: nn.Module,
    data: Dataset,
    config: TrainConfig | None = None,
    should_stop: Callable[[], bool] | None = None,
    name: str = "",
) -> Iterator[History]:
    """The loop of ``fit``, one epoch at a time: yields the history after every epoch.

    The last history yielded has status "done", "stopped" or "diverged". Several nets can then be
    trained in turns, so that all of them show their first epoch early.
    """
    config = (config or TrainConfig()).check()
    device = torch.device(config.device) if config.device else default_device()
    history = History(name=name or getattr(net, "name", ""))
    generator = torch.Generator().manual_seed(config.seed)
    net.to(device).train()
    X, y = data.X_train.to(device), data.y_train.to(device)
    X_test, y_test = data.X_test.to(device), data.y_test.to(device)
    warming = config.warmup_lr is not None
    optimizer = torch.optim.SGD(
        net.parameters(),
        lr=config.warmup_lr if warming else config.lr,
        momentum=config.momentum,
        weight_decay=config.weight_decay,
    )
    num_batches = max(1, math.ceil(len(y) / config.batch_size))
    for epoch in range(config.epochs):
        start = time.perf_counter()
        loss_sum = torch.zeros((), device=device)
        wrong = torch.zeros((), device=device, dtype=torch.long)
        seen = 0
        # near-equal batches, so no last batch of one image trips BN
        for idx in torch.randperm(len(y), generator=generator).to(device).tensor_split(num_batches):
            if should_stop is not None and should_stop():
                history.status, history.message = "stopped", f"stopped in epoch {epoch + 1}"
                yield history
                return
            xb = augment_batch(X[idx], generator) if config.augment else X[idx]
            out = net(xb)
            loss = F.cross_entropy(out, y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss_sum += loss.detach() * len(idx)
            wrong += (out.detach().argmax(1) != y[idx]).sum()
            seen += len(idx)
        train_loss = loss_sum.item() / seen
        history.lr.append(optimizer.param_groups[0]["lr"])
        history.train_loss.append(train_loss)
        history.train_error.append(wrong.item() / seen)
        if not math.isfinite(train_loss):
            history.test_error.append(float("nan"))
            history.epoch_seconds.append(time.perf_counter() - start)
            history.status = "diverged"
            history.message = (
                f"diverged: the loss became {train_loss} in epoch {epoch + 1}; "
                f"try a smaller learning rate than {history.lr[-1]}"
            )
            yield history
            return
        history.test_error.append(evaluate(net, X_test, y_test))
        history.epoch_seconds.append(time.perf_counter() - start)
        if warming and history.train_error[-1] < config.warmup_until:
            warming = False  # "then go back to 0.1 and continue training" (§4.2)
        decay = 0.1 ** sum(m <= epoch + 1 for m in config.milestones)
        for group in optimizer.param_groups:
            group["lr"] = (config.warmup_lr if warming else config.lr) * decay
        if epoch + 1 == config.epochs:
            history.status = "done"
        yield history


def race_before(
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
    # Balance the work: deal the nets out by cost (parameters ~ depth x width^2), largest first;
    # each worker then starts with its cheapest net, so that the first points come early.
    order = sorted(names, key=lambda n: -sum(p.numel() for p in nets[n].parameters()))
    shares = [order[i::workers][::-1] for i in range(workers)]
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
