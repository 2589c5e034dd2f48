"""Several processes, one run: join the group that ``torchrun`` sets up, and sum across it.

    torchrun --nproc_per_node 2 -m resnet_book reproduce-cifar10 ...   # sets RANK, WORLD_SIZE, ...

NCCL on GPUs, gloo on CPUs; a single process (no torchrun) needs no group at all.
"""

from __future__ import annotations

import os

import torch
import torch.distributed as dist

from resnet_book.training import evaluate


def setup_distributed(device: str | None, threads: int | None = None) -> tuple:
    """(rank, world size, device); under torchrun, join the group (nccl on GPUs, gloo on CPUs)."""
    world, rank = int(os.environ.get("WORLD_SIZE", 1)), int(os.environ.get("RANK", 0))
    local = int(os.environ.get("LOCAL_RANK", 0))
    use_cuda = (device or ("cuda" if torch.cuda.is_available() else "cpu")).startswith("cuda")
    dev = torch.device(f"cuda:{local}" if use_cuda else "cpu")
    if use_cuda:
        torch.cuda.set_device(dev)
        torch.backends.cudnn.benchmark = True  # fixed shapes: let cuDNN pick its fastest kernels
    else:  # share the cores between the processes instead of oversubscribing them
        torch.set_num_threads(threads or max(1, (os.cpu_count() or 1) // world))
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if use_cuda else "gloo")
    return rank, world, dev


def all_sum(values: list[float], device, world: int) -> list[float]:
    """Sum a few numbers over all processes (as float64, so counts stay exact)."""
    t = torch.tensor(values, dtype=torch.float64, device=device)
    if world > 1:
        dist.all_reduce(t)
    return t.tolist()


def eval_error(net, X, y, rank, world, device) -> float:
    """Error on the evaluation set, each process taking every world-th image."""
    Xs, ys = X[rank::world].to(device), y[rank::world].to(device)
    wrong, count = all_sum([evaluate(net, Xs, ys) * len(ys), len(ys)], device, world)
    return wrong / count
