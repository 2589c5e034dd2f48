"""Reproduce Table 6 for real: §4.2's CIFAR-10 recipe at full scale, on a CPU, a GPU or several.

    python -m resnet_book reproduce-cifar10 --depth 20 --out runs/resnet20
    python -m resnet_book reproduce-cifar10 --depth 56 --plain --out runs/plain56
    torchrun --nproc_per_node 2 -m resnet_book reproduce-cifar10 --depth 110 --out runs/resnet110
    python -m resnet_book reproduce-cifar10 --depth 110 --out runs/resnet110 --resume
    python -m resnet_book reproduce-cifar10 --depth 20 --fast     # one GPU: bf16/fp16, compiled

The recipe (§4.2): per-pixel mean subtracted; 4-pixel padding, a random 32x32 crop and a random
horizontal flip; mini-batch 128 (split across the processes, as the paper split it "on two
GPUs"); SGD, momentum 0.9, weight decay 1e-4, He initialisation, BN; learning rate 0.1, divided by
10 at 32k and 48k iterations, stop at 64k; for 110 layers, lr 0.01 until the training error is
below 80%, then back to 0.1. Option A shortcuts. The test set is evaluated on single 32x32 views.

Outputs in --out: ``log.csv`` and ``log.json`` (iteration, lr, training loss and error, test
error), ``checkpoint.pt`` (model, optimizer, iteration, data order and random state: ``--resume``
continues exactly where the run stopped, Ctrl-C included).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn.functional as F

from resnet_book import repro_fast
from resnet_book.data import CIFAR_FOLDER, DataUnavailable, load_cifar10
from resnet_book.distributed import all_sum, eval_error, setup_distributed
from resnet_book.models import cifar_net
from resnet_book.repro_io import RunLog, load_checkpoint, paper_error, save_checkpoint
from resnet_book.training import augment_batch

EXPECTED = """Table 6 (CIFAR-10 test error, %): ResNet-20 8.75, -32 7.51, -44 7.17, -56 6.97,
-110 6.43 (best of 5 runs; mean 6.61 ± 0.16), -1202 7.93. One run differs from these by a few
tenths of a point: compare the mean of several seeds. Plain nets: no table; Fig. 6 (left) shows
them getting worse with depth."""


@dataclass
class ReproConfig:
    depth: int = 20  # 6n+2: 20, 32, 44, 56, 110, 1202 (§4.2)
    residual: bool = True  # False: the plain twin, same layers, no shortcuts
    out: str = "runs/cifar10"  # folder for logs and checkpoints
    data_root: str = "data"  # holds cifar-10-batches-py/
    download: bool = False  # fetch CIFAR-10 with torchvision when it is missing
    iterations: int = 64_000  # "terminate training at 64k iterations"
    milestones: tuple[int, ...] = (32_000, 48_000)  # lr / 10 at these iterations
    batch_size: int = 128  # the global mini-batch, split across processes
    lr: float = 0.1
    momentum: float = 0.9
    weight_decay: float = 1e-4
    warmup: str = "auto"  # auto: lr 0.01 first for depth >= 110 (§4.2); on; off
    warmup_lr: float = 0.01
    warmup_until: float = 0.8  # training error below which warm-up ends
    val_split: int = 0  # 5000: train on 45k, evaluate on the other 5k (how §4.2 set the schedule)
    width: int = 16  # filters of the first stage (paper: 16)
    seed: int = 0
    log_every: int = 100  # iterations between log rows (and warm-up checks)
    eval_every: int = 1000  # iterations between test evaluations (and at the end)
    checkpoint_every: int = 2000
    resume: bool = False
    device: str | None = None  # None: cuda when present, else cpu
    threads: int | None = None  # CPU threads per process; None: the cores shared among processes
    progress: bool = True
    fast: bool = False  # channels-last, autocast, torch.compile, fused SGD (repro_fast)
    precision: str = "auto"  # with fast: auto (bf16 or fp16 on a GPU, fp32 on a CPU), fp32, ...
    compile: str = "auto"  # with fast: auto (on a GPU), on, off

    def check(self) -> ReproConfig:
        if self.iterations < 1 or any(m < 1 for m in self.milestones):
            raise ValueError("--iterations and --milestones must be positive iterations")
        if self.warmup not in ("auto", "on", "off"):
            raise ValueError(f"--warmup must be auto, on or off; got {self.warmup!r}")
        for name in ("log_every", "eval_every", "checkpoint_every", "batch_size"):
            if getattr(self, name) < 1:
                raise ValueError(f"--{name.replace('_', '-')} must be >= 1")
        if self.precision not in repro_fast.PRECISIONS or self.compile not in repro_fast.COMPILE:
            raise ValueError(
                "--precision must be auto, fp32, bf16 or fp16; --compile auto, on, off"
            )
        if self.val_split < 0 or self.val_split >= 50_000:
            raise ValueError("--val-split must be 0 (use the test set) or e.g. 5000 (45k/5k)")
        return self

    @property
    def warming(self) -> bool:
        return self.warmup == "on" or (self.warmup == "auto" and self.depth >= 110)


def prepare_data(cfg: ReproConfig, rank: int, world: int):
    """(X_train, y_train, X_eval, y_eval, eval_name); rank 0 downloads first if asked to."""
    folder = Path(cfg.data_root) / CIFAR_FOLDER
    if not (folder / "test_batch").exists() and not cfg.download:
        load_cifar10(cfg.data_root, download=False)  # raises DataUnavailable with the how-to
    if world > 1 and rank != 0:
        dist.barrier()  # wait until rank 0 has the data on disk
    data = load_cifar10(cfg.data_root, download=cfg.download)
    if world > 1 and rank == 0:
        dist.barrier()
    X, y = data.X_train, data.y_train
    if not cfg.val_split:
        return X, y, data.X_test, data.y_test, "test"
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(0))  # a fixed split
    train, val = order[cfg.val_split :], order[: cfg.val_split]
    mean = X[train].mean(0, keepdim=True)  # the per-pixel mean of the 45k training images only
    return X[train] - mean, y[train], X[val] - mean, y[val], "val"


def lr_at(cfg: ReproConfig, iteration: int, warming: bool) -> float:
    """The learning rate of the step after ``iteration`` completed steps."""
    base = cfg.warmup_lr if warming else cfg.lr
    return base * 0.1 ** sum(iteration >= m for m in cfg.milestones)


def train(cfg: ReproConfig, on_iteration=None) -> dict:
    """Run (or resume) the recipe; return the summary that log.json also holds.

    Args:
        on_iteration: called with the iteration count after every step (tests stop runs here).
    """
    threads = torch.get_num_threads()
    try:
        return _train(cfg.check(), on_iteration)
    finally:
        torch.set_num_threads(threads)  # a caller in the same process keeps its own setting


def _train(cfg: ReproConfig, on_iteration) -> dict:
    rank, world, device = setup_distributed(cfg.device, cfg.threads)
    if cfg.batch_size % world:
        raise ValueError(f"--batch-size {cfg.batch_size} must divide among {world} processes")
    X, y, X_eval, y_eval, eval_name = prepare_data(cfg, rank, world)
    if cfg.batch_size > len(y):
        raise ValueError(f"--batch-size {cfg.batch_size} is larger than the {len(y)} images")
    out = Path(cfg.out)
    state = load_checkpoint(out, cfg, device) if cfg.resume else None
    if state is None and (out / "checkpoint.pt").exists():
        raise ValueError(f"{out} already holds a run: pass --resume to continue it, or a new --out")
    speed = repro_fast.resolve(cfg, device, world)
    torch.manual_seed(cfg.seed)  # the same initial weights in every process
    net, X = repro_fast.prepare(cifar_net(cfg.depth, cfg.residual, "A", cfg.width), X, speed)
    net = net.to(device)
    optimizer = repro_fast.optimizer(net.parameters(), cfg, device, speed)
    scaler = repro_fast.scaler(device, speed)
    gen = torch.Generator().manual_seed(cfg.seed)  # data order and augmentation, same on all ranks
    it, pos, perm, warming = 0, len(y), None, cfg.warming
    log = RunLog(out, cfg, eval_name, len(y), write=rank == 0)
    if state:
        net.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        if state.get("scaler"):
            scaler.load_state_dict(state["scaler"])
        gen.set_state(state["generator"])
        it, pos, warming = state["iteration"], state["pos"], state["warming"]
        perm = None if state["perm"] is None else state["perm"].to(device)
        log.rows = state["rows"]
    model = net
    if world > 1:
        ids = [device.index] if device.type == "cuda" else None
        model = torch.nn.parallel.DistributedDataParallel(net, device_ids=ids)
    model = repro_fast.compiled(model, speed)
    X, y = X.to(device), y.to(device)
    local = cfg.batch_size // world
    sums = torch.zeros(3, dtype=torch.float64, device=device)  # loss, wrong, seen since last log
    if state:
        sums += state["sums"].to(device)
    bar = log.progress_bar(cfg, it, enabled=cfg.progress and rank == 0)

    def snapshot() -> dict:
        return {"model": net.state_dict(), "optimizer": optimizer.state_dict(), "iteration": it,
                "pos": pos, "perm": None if perm is None else perm.cpu(),
                "generator": gen.get_state(), "warming": warming,
                "scaler": scaler.state_dict(),
                "rows": log.rows, "sums": sums.cpu(), "config": asdict(cfg)}  # fmt: skip

    status = "done"
    try:
        while it < cfg.iterations:
            if pos + cfg.batch_size > len(y):  # a new epoch: a new order, the remainder dropped
                perm, pos = torch.randperm(len(y), generator=gen).to(device), 0
            idx = perm[pos : pos + cfg.batch_size][rank::world]  # this process' share
            pos += cfg.batch_size
            for group in optimizer.param_groups:
                group["lr"] = lr_at(cfg, it, warming)
            xb = repro_fast.layout(augment_batch(X[idx], gen), speed)  # pad 4, crop, flip (§4.2)
            with repro_fast.autocast(speed, device):
                logits = model(xb)
            loss = F.cross_entropy(logits.float(), y[idx])  # the loss in fp32 in any precision
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()  # no-op scaling unless fp16
            scaler.step(optimizer)
            scaler.update()
            it += 1
            sums[0] += loss.detach() * local  # kept on the device: no sync per step
            sums[1] += (logits.argmax(1) != y[idx]).sum()
            sums[2] += local
            row = {}
            if it % cfg.log_every == 0 or it == cfg.iterations:
                loss_sum, wrong, seen = all_sum(sums.tolist(), device, world)
                sums.zero_()
                if not math.isfinite(loss_sum):
                    status = "diverged"
                row.update(train_loss=loss_sum / seen, train_error=wrong / seen)
                if warming and wrong / seen < cfg.warmup_until:
                    warming = False  # "then go back to 0.1 and continue training" (§4.2)
                    log.note(f"warm-up ended at iteration {it}")
            if it % cfg.eval_every == 0 or it == cfg.iterations or status == "diverged":
                row[f"{eval_name}_error"] = eval_error(net, X_eval, y_eval, rank, world, device)
            if row:
                log.add(it, optimizer.param_groups[0]["lr"], row, bar)
            if (it % cfg.checkpoint_every == 0 or it == cfg.iterations) and rank == 0:
                save_checkpoint(out, snapshot())
            bar.update(1)
            if on_iteration:
                on_iteration(it)
            if status == "diverged":
                break
    except KeyboardInterrupt:
        status = "interrupted"
        if rank == 0:
            save_checkpoint(out, snapshot())
            log.note(f"interrupted at iteration {it}: rerun with --resume to continue")
    finally:
        bar.close()
    summary = log.finish(status, it, world, device, paper_error(cfg.depth, cfg.residual))
    if world > 1 and status == "done":
        dist.barrier()
        dist.destroy_process_group()
    return summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m resnet_book reproduce-cifar10`` (defaults: the paper's)."""
    d = ReproConfig()
    parser.description = "The CIFAR-10 recipe of §4.2, exactly; defaults are the paper's."
    parser.epilog = EXPECTED
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--depth", type=int, default=d.depth, help="6n+2: 20, 32, 44, 56, 110")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--residual", dest="residual", action="store_true", default=True)
    kind.add_argument("--plain", dest="residual", action="store_false", help="no shortcuts")
    parser.add_argument("--out", default=None, help="run folder (default: runs/<net>-<depth>)")
    parser.add_argument("--data-root", default=d.data_root, help="folder of cifar-10-batches-py")
    parser.add_argument("--download", action="store_true", help="download CIFAR-10 if missing")
    parser.add_argument("--iterations", type=int, default=d.iterations)
    parser.add_argument("--milestones", type=int, nargs="*", default=list(d.milestones))
    parser.add_argument("--batch-size", type=int, default=d.batch_size, help="global mini-batch")
    parser.add_argument("--lr", type=float, default=d.lr)
    parser.add_argument("--weight-decay", type=float, default=d.weight_decay)
    warm = "lr 0.01 until training error < 80%% (auto: on for depth >= 110)"
    parser.add_argument("--warmup", choices=("auto", "on", "off"), default=d.warmup, help=warm)
    parser.add_argument("--val-split", type=int, default=0, help="5000: train 45k, evaluate 5k")
    parser.add_argument("--width", type=int, default=d.width)
    parser.add_argument("--seed", type=int, default=d.seed)
    parser.add_argument("--log-every", type=int, default=d.log_every)
    parser.add_argument("--eval-every", type=int, default=d.eval_every)
    parser.add_argument("--checkpoint-every", type=int, default=d.checkpoint_every)
    parser.add_argument("--resume", action="store_true", help="continue from --out/checkpoint.pt")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda if present)")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads per process")
    parser.add_argument("--no-progress", dest="progress", action="store_false")
    fast = "channels-last, autocast, torch.compile, fused SGD: minutes on one GPU (repro_fast)"
    parser.add_argument("--fast", action="store_true", help=fast)
    parser.add_argument("--precision", choices=repro_fast.PRECISIONS, default=d.precision,
                        help="with --fast: auto: bf16/fp16 on a GPU, fp32 on a CPU")  # fmt: skip
    parser.add_argument("--compile", choices=repro_fast.COMPILE, default=d.compile,
                        help="with --fast: torch.compile the net (auto: on a GPU)")  # fmt: skip
    parser.set_defaults(run=run_from_args)


def run_from_args(args: argparse.Namespace) -> int:
    fields = {k: v for k, v in vars(args).items() if k in ReproConfig.__dataclass_fields__}
    fields["milestones"] = tuple(fields["milestones"])
    if fields["out"] is None:
        fields["out"] = f"runs/{'resnet' if args.residual else 'plain'}-{args.depth}"
    try:
        summary = train(ReproConfig(**fields))
    except DataUnavailable as error:
        print(f"error: {error}\nFrom the command line: add --download (about 170 MB).", flush=True)
        return 2
    return {"done": 0, "interrupted": 130}.get(summary["status"], 1)
