"""One deterministic training loop: ``fit(net, data, config, on_epoch=...) -> History``.

SGD with momentum 0.9 and weight decay 1e-4 as in §4.2. Training error is counted on the
mini-batches as they are trained, so no epoch costs an extra pass; test error is one batched pass
in eval mode. A loss that turns NaN/inf stops the run, and the history says so.

    >>> net = resnet_cifar(20, in_channels=1)
    >>> history = fit(net, load_dataset("digits"), TrainConfig(epochs=5))
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from resnet_book.data import Dataset
from resnet_book.sgd import SGD


@dataclass
class TrainConfig:
    epochs: int = 10  # passes over the training set
    lr: float = 0.1  # initial learning rate (§4.2: 0.1)
    batch_size: int = 128  # §4.2: 128
    momentum: float = 0.9
    weight_decay: float = 1e-4
    milestones: tuple[int, ...] = ()  # epochs after which lr is divided by 10
    warmup_lr: float | None = None  # §4.2 (110 layers): 0.01 until training error < warmup_until
    warmup_until: float = 0.8
    augment: bool = False  # 4-pixel pad, random crop and flip (§4.2); for CIFAR-sized images
    seed: int = 0  # shuffling and augmentation; seed the net yourself before building it
    device: str | None = None  # None: CUDA when present, else CPU

    def check(self) -> TrainConfig:
        """Raise a ValueError that says what to change, or return self."""
        if not isinstance(self.epochs, int) or self.epochs < 1:
            raise ValueError(f"epochs must be a whole number >= 1; got {self.epochs!r}")
        if not isinstance(self.batch_size, int) or self.batch_size < 2:
            raise ValueError(
                f"batch_size must be a whole number >= 2 (BN needs 2); got {self.batch_size!r}"
            )
        for name in ("lr", "warmup_lr"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, (int, float)) and 0 < value < math.inf):
                raise ValueError(f"{name} must be a positive number such as 0.1; got {value!r}")
        if not 0 <= self.momentum < 1 or self.weight_decay < 0:
            raise ValueError("momentum must be in [0, 1) and weight_decay >= 0")
        return self


@dataclass
class History:
    """Per-epoch records of one run; errors are fractions in [0, 1]."""

    name: str = ""
    train_error: list[float] = field(default_factory=list)
    test_error: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    epoch_seconds: list[float] = field(default_factory=list)
    status: str = "running"  # then "done", "stopped" or "diverged"
    message: str = ""

    @property
    def seconds(self) -> float:
        return sum(self.epoch_seconds)

    @property
    def diverged(self) -> bool:
        return self.status == "diverged"

    def to_dict(self) -> dict:
        """Plain JSON-ready values (NaN and inf become None)."""
        clean = lambda v: v if not isinstance(v, float) or math.isfinite(v) else None  # noqa: E731
        return {
            k: [clean(x) for x in v] if isinstance(v, list) else v for k, v in asdict(self).items()
        }


def default_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def augment_batch(x: torch.Tensor, generator: torch.Generator, pad: int = 4) -> torch.Tensor:
    """Pad by ``pad`` pixels, crop at random to the old size, flip half the images (§4.2)."""
    n, _, h, w = x.shape  # (N, C, H, W)
    padded = F.pad(x, (pad, pad, pad, pad))
    dy, dx = (torch.randint(0, 2 * pad + 1, (2, n), generator=generator)).to(x.device)
    rows = (dy[:, None] + torch.arange(h, device=x.device))[:, None, :, None]  # (N, 1, H, 1)
    cols = (dx[:, None] + torch.arange(w, device=x.device))[:, None, None, :]  # (N, 1, 1, W)
    flip = torch.rand(n, generator=generator).to(x.device) < 0.5
    cols = torch.where(flip[:, None, None, None], cols.flip(-1), cols)
    batch = torch.arange(n, device=x.device)[:, None, None, None]
    chans = torch.arange(x.shape[1], device=x.device)[None, :, None, None]
    return padded[batch, chans, rows, cols]


@torch.no_grad()
def evaluate(net: nn.Module, X: torch.Tensor, y: torch.Tensor, batch_size: int = 1000) -> float:
    """Error (fraction wrong) in eval mode, in large batches."""
    was_training = net.training
    net.eval()
    wrong = sum(
        (net(X[i : i + batch_size]).argmax(1) != y[i : i + batch_size]).sum().item()
        for i in range(0, len(y), batch_size)
    )
    net.train(was_training)
    return wrong / max(len(y), 1)


def fit(
    net: nn.Module,
    data: Dataset,
    config: TrainConfig | None = None,
    on_epoch: Callable[[History], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    progress: bool = False,
    name: str = "",
) -> History:
    """Train ``net`` on ``data`` and return its per-epoch history.

    Args:
        on_epoch: called with the history after every epoch (live plots subscribe here).
        should_stop: checked before every step; returning True ends the run as "stopped".
        progress: show a tqdm progress bar (for scripts).
    """
    epochs = iter_fit(net, data, config, should_stop, name)
    if progress:
        from tqdm.auto import tqdm

        epochs = tqdm(epochs, total=(config or TrainConfig()).epochs, unit="epoch", desc=name)
    history = History(name=name)
    for history in epochs:
        if on_epoch:
            on_epoch(history)
    return history


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
    optimizer = SGD(  # what torch.optim.SGD computes, without its ~2 s first-step import
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
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.detach() * len(idx)
            wrong += (out.detach().argmax(1) != y[idx]).sum()
            seen += len(idx)
        train_loss = loss_sum.item() / seen
        history.lr.append(optimizer.lr)
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
        optimizer.lr = (config.warmup_lr if warming else config.lr) * decay
        if epoch + 1 == config.epochs:
            history.status = "done"
        yield history
