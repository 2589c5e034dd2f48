"""The fast path of ``reproduce-cifar10`` (``--fast``): the same recipe, fewer launches and bytes.

On one GPU the plain loop of ResNet-20 is launch-bound: hundreds of small kernels a step, each
waiting on Python. The fast path changes how the numbers are computed, never which:

- channels-last tensors (NHWC), the layout cuDNN's tensor-core convolutions want;
- autocast to bfloat16 (GPUs that have it) or float16 with a gradient scaler (a Colab T4); the
  weights, the optimizer and the loss stay in float32 ("fp32 master weights");
- ``torch.compile`` of the net, with CUDA graphs where they apply (one process), and fused SGD;
- the data stay on the GPU for the whole run, and the augmentation's crops and flips run there
  (its random numbers come from the CPU generator: the same run on any device, resumable).

On a CPU the fast path is channels-last and float32 unless asked otherwise (``--precision bf16``,
``--compile on``), so the tests can check it against the plain path, number for number.

    >>> speed = resolve(cfg, torch.device("cuda"), world=1)   # Speed(precision='bf16', ...)
    >>> with autocast(speed, device): loss = F.cross_entropy(model(xb).float(), yb)
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import torch
from torch import nn

PRECISIONS = ("auto", "fp32", "bf16", "fp16")
COMPILE = ("auto", "on", "off")


@dataclass(frozen=True)
class Speed:
    fast: bool  # channels-last, and what follows
    precision: str  # "fp32", "bf16" or "fp16" (autocast; weights stay fp32)
    compile_mode: str | None  # torch.compile mode, None: eager


def resolve(cfg, device: torch.device, world: int) -> Speed:
    """What ``--fast``, ``--precision`` and ``--compile`` mean on this device."""
    if not cfg.fast:
        return Speed(False, "fp32", None)
    cuda = device.type == "cuda"
    precision = cfg.precision
    if precision == "auto":
        precision = ("bf16" if torch.cuda.is_bf16_supported() else "fp16") if cuda else "fp32"
    compiled = cfg.compile == "on" or (cfg.compile == "auto" and cuda)
    # CUDA graphs replay a whole step in one launch; under DDP the gradients' all-reduce must
    # stay outside them, so several processes compile without.
    mode = "max-autotune" if cuda and world == 1 else "max-autotune-no-cudagraphs"
    return Speed(True, precision, mode if compiled else None)


def prepare(net: nn.Module, X: torch.Tensor, speed: Speed) -> tuple[nn.Module, torch.Tensor]:
    """The net and the images in channels-last layout (the same values), when fast."""
    if not speed.fast:
        return net, X
    return net.to(memory_format=torch.channels_last), X.contiguous(
        memory_format=torch.channels_last
    )


def layout(xb: torch.Tensor, speed: Speed) -> torch.Tensor:
    return xb.contiguous(memory_format=torch.channels_last) if speed.fast else xb


def optimizer(params, cfg, device: torch.device, speed: Speed) -> torch.optim.SGD:
    """SGD of §4.2; on a GPU the fast path fuses its update into one kernel."""
    fused = speed.fast and device.type == "cuda"
    return torch.optim.SGD(
        params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay,
        **({"fused": True} if fused else {}),
    )  # fmt: skip


def scaler(device: torch.device, speed: Speed) -> torch.amp.GradScaler:
    """Loss scaling for float16 (its small range loses tiny gradients); a no-op otherwise."""
    return torch.amp.GradScaler(device.type, enabled=speed.precision == "fp16")


def autocast(speed: Speed, device: torch.device):
    if speed.precision == "fp32":
        return contextlib.nullcontext()
    dtype = torch.bfloat16 if speed.precision == "bf16" else torch.float16
    return torch.autocast(device.type, dtype=dtype)


def compiled(model: nn.Module, speed: Speed) -> nn.Module:
    return torch.compile(model, mode=speed.compile_mode) if speed.compile_mode else model
