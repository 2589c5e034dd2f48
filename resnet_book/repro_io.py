"""What ``reproduce.py`` writes and reads: logs (CSV and JSON), checkpoints, the paper's numbers.

log.csv        iteration, epoch, lr, train_loss, train_error, test_error (or val_error), seconds
log.json       the same rows, plus the config, the provenance, notes and the final result
checkpoint.pt  everything needed to continue exactly: model, optimizer, iteration, data order,
               random state, warm-up flag, log rows
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

import torch

from resnet_book import paper_tables
from resnet_book.figures import provenance

# A resumed run must be the same experiment; --iterations, logging and checkpointing may change.
SAME_RUN = ("depth", "residual", "width", "batch_size", "val_split", "seed", "lr", "weight_decay")


def save_checkpoint(out: Path, state: dict) -> Path:
    """Write ``out/checkpoint.pt`` atomically (a crash mid-write leaves the old one intact)."""
    out.mkdir(parents=True, exist_ok=True)
    path, tmp = out / "checkpoint.pt", out / "checkpoint.pt.tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)
    return path


def load_checkpoint(out: Path, cfg, device) -> dict | None:
    """The state saved in ``out/checkpoint.pt``, or None (with a note) when there is none yet."""
    path = Path(out) / "checkpoint.pt"
    if not path.exists():
        print(f"no checkpoint in {out}: starting from iteration 0", flush=True)
        return None
    state = torch.load(path, map_location="cpu", weights_only=True)
    saved = state["config"]
    differ = [k for k in SAME_RUN if saved[k] != getattr(cfg, k)]
    if differ:
        what = ", ".join(f"{k}={saved[k]!r} (now {getattr(cfg, k)!r})" for k in differ)
        raise ValueError(f"{path} is another experiment: {what}. Use another --out.")
    if state["iteration"] >= cfg.iterations:
        print(f"{path} is already at iteration {state['iteration']}: nothing to do", flush=True)
    return state


def paper_error(depth: int, residual: bool) -> dict | None:
    """Table 6's CIFAR-10 test error for ResNet-``depth`` (None for plain nets and other depths)."""
    if not residual:
        return None
    try:
        r = paper_tables.row(6, "ResNet", layers=depth)
    except KeyError:
        return None
    return {k: r[k] for k in ("error", "mean", "std", "runs") if k in r}


class RunLog:
    """Rows of a run, written to log.csv and log.json by process 0 as they come."""

    def __init__(self, out: Path, cfg, eval_name: str, n_train: int, write: bool):
        self.out, self.cfg, self.eval_name, self.write = Path(out), cfg, eval_name, write
        self.per_epoch = max(1, n_train // cfg.batch_size)  # iterations per epoch
        self.rows: list[dict] = []
        self.notes: list[str] = []
        self.started = time.perf_counter()
        self.columns = ["iteration", "epoch", "lr", "train_loss", "train_error",
                        f"{eval_name}_error", "seconds"]  # fmt: skip
        if write:
            self.out.mkdir(parents=True, exist_ok=True)

    def seconds(self) -> float:
        before = self.rows[-1]["seconds"] if self.rows and self.rows[-1].get("seconds") else 0.0
        return before + time.perf_counter() - self.started

    def progress_bar(self, cfg, start: int, enabled: bool):
        from tqdm.auto import tqdm

        name = f"{'ResNet' if cfg.residual else 'plain'}-{cfg.depth}"
        return tqdm(total=cfg.iterations, initial=start, disable=not enabled, unit="it", desc=name)

    def add(self, iteration: int, lr: float, values: dict, bar) -> None:
        now = self.seconds()
        self.started = time.perf_counter()
        epoch = round(iteration / self.per_epoch, 2)
        row = {"iteration": iteration, "epoch": epoch, "lr": float(f"{lr:.6g}")}
        row.update({k: values.get(k) for k in self.columns[3:6]}, seconds=round(now, 1))
        self.rows.append(row)
        shown = {k.replace("_error", "_err"): f"{v:.1%}" for k, v in values.items() if "error" in k}
        bar.set_postfix(lr=f"{lr:g}", **shown, refresh=False)
        if self.write:
            self._write_csv()

    def note(self, text: str) -> None:
        self.notes.append(text)
        if self.write:
            print(text, file=sys.stderr, flush=True)

    def _write_csv(self) -> None:
        with open(self.out / "log.csv", "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=self.columns)
            writer.writeheader()
            writer.writerows(self.rows)

    def finish(self, status: str, iteration: int, world: int, device, paper: dict | None) -> dict:
        """Write log.json and print the result beside the paper's; return the summary."""
        key = f"{self.eval_name}_error"
        last = next((r[key] for r in reversed(self.rows) if r.get(key) is not None), None)
        summary = {
            "status": status,
            "iteration": iteration,
            "final": {
                key: last,
                "train_error": self.rows[-1]["train_error"] if self.rows else None,
            },
            "paper_table6": paper,
            "eval_set": self.eval_name,
            "world_size": world,
            "device": str(device),
            "config": asdict(self.cfg),
            "provenance": provenance("python -m resnet_book " + " ".join(sys.argv[1:])),
            "notes": self.notes,
            "rows": self.rows,
        }
        if self.write:
            self._write_csv()
            (self.out / "log.json").write_text(json.dumps(summary, indent=1) + "\n")
            name = f"{'ResNet' if self.cfg.residual else 'plain'}-{self.cfg.depth}"
            ours = "n/a" if last is None else f"{last:.2%}"
            print(f"{name}: {status} at iteration {iteration}, {self.eval_name} error {ours}")
            if paper and self.eval_name == "test":
                print(f"paper, Table 6: {paper['error']}%" + (
                    f" (best of {paper['runs']}; mean {paper['mean']} ± {paper['std']})"
                    if "mean" in paper else ""))  # fmt: skip
            print(f"logs: {self.out / 'log.csv'}, {self.out / 'log.json'}", flush=True)
        return summary
