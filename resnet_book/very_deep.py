"""Very deep residual nets (§4.2, "Exploring Over 1000 layers"): what a step costs, and overfitting.

>>> rows = step_costs(depths=(20, 56, 110))      # seconds and bytes per training step
>>> results = run_overfitting()                  # ResNet-110 vs ResNet-1202 on 8x8 digits
>>> warm = run_warmup()                          # ResNet-110 with and without the 0.01 warm-up
"""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable
from dataclasses import replace

import torch
import torch.nn.functional as F

from resnet_book.data import load_dataset
from resnet_book.models import check_cifar_depth, cifar_net, count_params
from resnet_book.race import race
from resnet_book.training import History, TrainConfig

MB = 2**20
# The recorded run of Fig. 6 (right) in small, chosen to fit ~10 CPU minutes on one core (see the
# chapter, "Every way our run differs"): a small training set so that memorising it is possible.
OVERFIT_DEFAULTS = dict(
    depths=(110, 1202),
    runs=(5, 1),  # as Table 6: ResNet-110 five times (seeds 0-4), ResNet-1202 once
    width=8,
    n_train=200,
    batch_size=32,
    epochs=30,
    lr=0.05,
    milestones=(20,),
    zero_init_residual=True,  # NOT the paper's: Goyal et al. 2017 (see chapter 6)
    seed=0,
)
# The 110-layer warm-up of §4.2: 0.01 "until the training error is below 80%", then 0.1.
WARMUP_DEFAULTS = dict(
    depth=110, width=8, n_train=None, batch_size=128, epochs=60, lr=0.1, warmup_lr=0.01, seed=0
)


def stage_params(net) -> dict[str, int]:
    """Parameters of the stem, of each stage and of the fully connected layer."""
    parts = {"stem": net.stem, **{f"stage {i + 1}": s for i, s in enumerate(net.stages)}}
    parts["fc"] = net.fc
    return {name: count_params(part) for name, part in parts.items()}


def activation_bytes(net: torch.nn.Module, X: torch.Tensor, y: torch.Tensor) -> int:
    """Bytes of the tensors autograd keeps for the backward pass of one training step.

    Counted exactly with ``saved_tensors_hooks``: each storage once, the weights left out (they
    are counted with the parameters). This is the memory that grows with depth.
    """
    weights = {p.untyped_storage().data_ptr() for p in net.parameters()}
    sizes: dict[int, int] = {}

    def pack(t: torch.Tensor) -> torch.Tensor:
        storage = t.untyped_storage()
        if storage.data_ptr() not in weights:
            sizes[storage.data_ptr()] = storage.nbytes()
        return t

    was_training = net.training
    net.train()
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        loss = F.cross_entropy(net(X), y)
    del loss
    net.train(was_training)
    return sum(sizes.values())


def activation_bytes_at(
    depth: int, width: int = 16, batch_size: int = 128, image_size=(3, 32, 32)
) -> int:
    """``activation_bytes`` of any depth without building it: measured at n = 1 and n = 2.

    Every block of a stage saves the same tensors, so the bytes grow by the same amount with
    each n (a test checks this against a direct measurement).
    """
    n = check_cifar_depth(depth)
    one, per_n = _bytes_per_n(width, batch_size, tuple(image_size))
    return one + (n - 1) * per_n


@functools.lru_cache(maxsize=8)
def _bytes_per_n(width: int, batch_size: int, image_size: tuple) -> tuple[int, int]:
    X = torch.zeros(batch_size, *image_size)
    y = torch.zeros(batch_size, dtype=torch.long)
    one, two = (
        activation_bytes(cifar_net(6 * k + 2, width=width, in_channels=image_size[0]), X, y)
        for k in (1, 2)
    )
    return one, two - one


def step_cost(
    depth: int, width: int = 8, batch_size: int = 32, steps: int = 3, image_size=(1, 8, 8)
) -> dict:
    """Time and memory of one SGD step of ``resnet_cifar(depth)`` on this machine.

    Returns wall and CPU seconds (median of ``steps`` steps after one untimed step, on one
    thread) and the memory a step needs: the activations kept for backward, plus the weights,
    their gradients and the momentum buffers.
    """
    torch.manual_seed(0)
    net = cifar_net(depth, width=width, in_channels=image_size[0])
    X = torch.randn(batch_size, *image_size)  # the values do not change the cost
    y = torch.randint(0, 10, (batch_size,))
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    walls, cpus = [], []
    threads_before = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: more threads only wait for each other
    for i in range(steps + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        loss = F.cross_entropy(net(X), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if i:  # the first step allocates the momentum buffers: not timed
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    torch.set_num_threads(threads_before)
    params = count_params(net)
    return {
        "depth": depth,
        "params": params,
        "seconds": statistics.median(walls),
        "cpu_seconds": statistics.median(cpus),
        "activation_mb": activation_bytes(net, X, y) / MB,
        "state_mb": 3 * 4 * params / MB,  # float32 weights, gradients and momentum
    }


def step_costs(depths=(20, 56, 110), **kwargs) -> list[dict]:
    """``step_cost`` for each depth (same width, batch and image size)."""
    return [step_cost(depth, **kwargs) for depth in depths]


def train_together(
    jobs: dict, data, on_epoch=None, should_stop=None, workers: int | None = None
) -> dict[str, History]:
    """Train ``name: (net, config)`` jobs with ``race.race``: every net its own config."""
    nets = {name: net for name, (net, _) in jobs.items()}
    configs = {name: config for name, (_, config) in jobs.items()}
    return race(nets, data, configs, on_epoch, should_stop, workers)


def _record(name: str, history: History, net) -> dict:
    record = history.to_dict()
    keys = ("train_error", "test_error", "lr", "status", "message")
    return (
        {"name": name, "depth": len(net.blocks()) * 2 + 2, "params": count_params(net)}
        | {k: record[k] for k in keys}
        | {"seconds": round(history.seconds, 2)}
    )


def run_overfitting(
    depths=(110, 1202),
    runs=(5, 1),
    width: int = 8,
    n_train: int | None = 200,
    batch_size: int = 32,
    epochs: int = 30,
    lr: float = 0.05,
    milestones=(20,),
    zero_init_residual: bool = True,
    seed: int = 0,
    on_epoch: Callable[[str, History], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict:
    """Train residual nets of the given depths on ``n_train`` digits; test on all 450.

    Args:
        runs: how many runs (seeds ``seed``, ``seed + 1``, ...) of each depth.
    Returns:
        JSON-ready results: {"config", "seconds", "runs": [{"name", "depth", "seed", "params",
        "train_error", "test_error", "lr", "seconds", "status", "message"}, ...]}.
    """
    settings = {k: v for k, v in locals().items() if k not in ("on_epoch", "should_stop")}
    data = load_dataset("digits").subset(n_train)
    config = TrainConfig(epochs, lr, batch_size, milestones=tuple(milestones), seed=seed).check()
    jobs, seeds = {}, {}
    for depth, count in zip(depths, runs):
        for k in range(count):
            name = f"ResNet-{depth}" + (f" #{k + 1}" if count > 1 else "")
            torch.manual_seed(seed + k)  # the weights; the config's seed does the shuffling
            net = cifar_net(
                depth, width=width, in_channels=1, zero_init_residual=zero_init_residual
            )
            jobs[name], seeds[name] = (net, replace(config, seed=seed + k)), seed + k
    start = time.perf_counter()
    histories = train_together(jobs, data, on_epoch, should_stop)
    records = [dict(_record(n, h, jobs[n][0]), seed=seeds[n]) for n, h in histories.items()]
    settings.update(depths=list(depths), runs=list(runs), milestones=list(milestones))
    settings.update(n_train=len(data.y_train), n_test=len(data.y_test))
    return {"config": settings, "seconds": round(time.perf_counter() - start, 1), "runs": records}


def run_warmup(
    depth: int = 110,
    width: int = 8,
    n_train: int | None = None,
    batch_size: int = 128,
    epochs: int = 60,
    lr: float = 0.1,
    warmup_lr: float = 0.01,
    seed: int = 0,
    on_epoch: Callable[[str, History], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict:
    """The same net twice, from the same start: with the warm-up of §4.2 and without it."""
    settings = {k: v for k, v in locals().items() if k not in ("on_epoch", "should_stop")}
    data = load_dataset("digits").subset(n_train)
    jobs = {}
    for name, warm in (("with warm-up", warmup_lr), ("without warm-up", None)):
        torch.manual_seed(seed)  # the same initial weights for both
        net = cifar_net(depth, width=width, in_channels=1)
        jobs[name] = (net, TrainConfig(epochs, lr, batch_size, warmup_lr=warm, seed=seed))
    start = time.perf_counter()
    histories = train_together(jobs, data, on_epoch, should_stop)
    settings.update(n_train=len(data.y_train))
    records = [_record(n, h, jobs[n][0]) for n, h in histories.items()]
    return {"config": settings, "seconds": round(time.perf_counter() - start, 1), "runs": records}
