"""The full-scale CIFAR-10 script, run on a tiny CIFAR-10 folder in the real pickle format.

The folder has 5 training batches of 20 images and a test batch of 20, so every run here takes
seconds: the recipe's code paths (augmentation, schedule, warm-up, logs, checkpoints, resume, two
processes over gloo) are the ones a GPU would run for 64k iterations.
"""

import csv
import json
import math
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from resnet_book.cli import main
from resnet_book.data import DataUnavailable, load_cifar10
from resnet_book.reproduce import ReproConfig, lr_at, train

ROOT = Path(__file__).resolve().parent.parent
PER_BATCH = 20
CLASSES = [b"airplane", b"automobile", b"bird", b"cat", b"deer"]
CLASSES += [b"dog", b"frog", b"horse", b"ship", b"truck"]


def _batch(rng: np.random.Generator, n: int, name: str) -> dict:
    return {
        b"batch_label": name.encode(),
        b"labels": [int(v) for v in rng.integers(0, 10, n)],  # a list of ints, as the real files
        b"data": rng.integers(0, 256, (n, 3072), dtype=np.uint8),  # rows: 1024 R, 1024 G, 1024 B
        b"filenames": [f"img_{i}.png".encode() for i in range(n)],
    }


@pytest.fixture(scope="module")
def tiny_cifar(tmp_path_factory) -> Path:
    """A data root holding cifar-10-batches-py/ exactly as the official "python version" does."""
    root = tmp_path_factory.mktemp("data")
    folder = root / "cifar-10-batches-py"
    folder.mkdir()
    rng = np.random.default_rng(0)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for name in names:
        with open(folder / name, "wb") as f:
            pickle.dump(_batch(rng, PER_BATCH, name), f)
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({b"label_names": CLASSES, b"num_cases_per_batch": PER_BATCH}, f)
    return root


def config(root: Path, out: Path, **changes) -> ReproConfig:
    settings = dict(
        depth=8, width=4, out=str(out), data_root=str(root), iterations=10, milestones=(6, 8),
        batch_size=16, log_every=2, eval_every=5, checkpoint_every=4, progress=False, device="cpu",
        threads=1,
    )  # fmt: skip
    settings.update(changes)
    return ReproConfig(**settings)


def test_load_cifar10_reads_the_real_format(tiny_cifar):
    data = load_cifar10(tiny_cifar, download=False)
    assert data.X_train.shape == (5 * PER_BATCH, 3, 32, 32)
    assert data.X_test.shape == (PER_BATCH, 3, 32, 32)
    assert data.y_train.dtype == torch.int64 and int(data.y_train.max()) < 10
    assert data.classes[0] == "airplane" and len(data.classes) == 10
    # per-pixel mean of the training set subtracted (§4.2): zero mean at every pixel
    assert data.X_train.mean(0).abs().max() < 1e-5
    with open(tiny_cifar / "cifar-10-batches-py" / "data_batch_1", "rb") as f:
        first = pickle.load(f, encoding="bytes")
    assert data.y_train[:PER_BATCH].tolist() == first[b"labels"]
    # each row is 1024 red values, then green, then blue; the mean cancels in a difference
    red = torch.from_numpy(first[b"data"][:2, :1024].reshape(2, 32, 32) / 255.0).float()
    assert torch.allclose(data.X_train[0, 0] - data.X_train[1, 0], red[0] - red[1], atol=1e-5)


def test_missing_data_gives_a_clear_message(tmp_path, capsys):
    with pytest.raises(DataUnavailable, match="cifar-10-batches-py.*cifar.html"):
        load_cifar10(tmp_path, download=False)
    code = main(["reproduce-cifar10", "--data-root", str(tmp_path), "--out", str(tmp_path / "r")])
    assert code == 2
    assert "--download" in capsys.readouterr().out


def test_schedule_is_in_iterations_as_in_section_4_2():
    cfg = ReproConfig()
    assert (cfg.iterations, cfg.milestones, cfg.batch_size) == (64_000, (32_000, 48_000), 128)
    assert (cfg.lr, cfg.momentum, cfg.weight_decay, cfg.width) == (0.1, 0.9, 1e-4, 16)
    assert [lr_at(cfg, i, False) for i in (0, 31_999, 32_000, 48_000)] == pytest.approx(
        [0.1, 0.1, 0.01, 0.001]
    )
    assert lr_at(cfg, 0, True) == 0.01
    assert not ReproConfig(depth=56).warming and ReproConfig(depth=110).warming


def test_a_short_run_logs_and_checkpoints(tiny_cifar, tmp_path):
    summary = train(config(tiny_cifar, tmp_path / "run"))
    assert summary["status"] == "done" and summary["iteration"] == 10
    rows = list(csv.DictReader(open(tmp_path / "run" / "log.csv")))
    assert [int(r["iteration"]) for r in rows] == [2, 4, 5, 6, 8, 10]
    assert [float(r["lr"]) for r in rows] == pytest.approx([0.1, 0.1, 0.1, 0.1, 0.01, 0.001])
    assert rows[-1]["test_error"] and rows[2]["test_error"] and not rows[0]["test_error"]
    log = json.loads((tmp_path / "run" / "log.json").read_text())
    assert log["eval_set"] == "test" and log["config"]["depth"] == 8
    assert "torch" in log["provenance"] and log["paper_table6"] is None  # no ResNet-8 in Table 6
    state = torch.load(tmp_path / "run" / "checkpoint.pt", weights_only=True)
    assert state["iteration"] == 10
    with pytest.raises(ValueError, match="--resume"):  # never overwrite a run by accident
        train(config(tiny_cifar, tmp_path / "run"))


def test_resume_after_interruption_continues_exactly(tiny_cifar, tmp_path):
    straight = train(config(tiny_cifar, tmp_path / "a"))

    def ctrl_c(iteration):
        if iteration == 7:
            raise KeyboardInterrupt

    stopped = train(config(tiny_cifar, tmp_path / "b"), on_iteration=ctrl_c)
    assert stopped["status"] == "interrupted" and stopped["iteration"] == 7
    resumed = train(config(tiny_cifar, tmp_path / "b", resume=True))
    assert resumed["status"] == "done"
    a = torch.load(tmp_path / "a" / "checkpoint.pt", weights_only=True)
    b = torch.load(tmp_path / "b" / "checkpoint.pt", weights_only=True)
    for key in a["model"]:
        assert torch.allclose(a["model"][key].float(), b["model"][key].float(), atol=1e-5), key
    assert [r["iteration"] for r in resumed["rows"]] == [r["iteration"] for r in straight["rows"]]
    assert resumed["final"] == pytest.approx(straight["final"])


def test_warmup_and_validation_split(tiny_cifar, tmp_path):
    summary = train(config(tiny_cifar, tmp_path / "w", warmup="on", warmup_until=1.01,
                           val_split=20, batch_size=8))  # fmt: skip
    assert summary["eval_set"] == "val" and "val_error" in summary["rows"][-1]
    assert summary["rows"][0]["lr"] == pytest.approx(0.01)  # warming up ...
    assert summary["rows"][1]["lr"] == pytest.approx(0.1)  # ... ended: error < 101%
    assert summary["notes"] == ["warm-up ended at iteration 2"]


def test_two_processes_on_cpu_with_torchrun(tiny_cifar, tmp_path):
    out = tmp_path / "ddp"
    command = [
        sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
        "-m", "resnet_book", "reproduce-cifar10", "--depth", "8", "--width", "4",
        "--plain", "--data-root", str(tiny_cifar), "--out", str(out), "--iterations", "4",
        "--milestones", "2", "--batch-size", "16", "--log-every", "2", "--eval-every", "4",
        "--device", "cpu", "--threads", "1", "--no-progress",
    ]  # fmt: skip
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT))
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    log = json.loads((out / "log.json").read_text())
    assert log["world_size"] == 2 and log["status"] == "done"
    assert [r["iteration"] for r in log["rows"]] == [2, 4]
    assert "plain-8: done at iteration 4" in done.stdout


def _weights(folder: Path) -> dict:
    return torch.load(folder / "checkpoint.pt", weights_only=True)["model"]


def test_the_fast_path_computes_what_the_plain_path_computes(tiny_cifar, tmp_path):
    """On a CPU --fast is channels-last and fp32: other kernels, the same numbers (to rounding)."""
    plain = train(config(tiny_cifar, tmp_path / "plain"))
    fast = train(config(tiny_cifar, tmp_path / "fast", fast=True))
    assert fast["status"] == plain["status"] == "done"
    a, b = _weights(tmp_path / "plain"), _weights(tmp_path / "fast")
    for key in a:
        assert torch.allclose(a[key].float(), b[key].float(), rtol=1e-3, atol=2e-4), key
    for r, s in zip(plain["rows"], fast["rows"]):
        assert r["iteration"] == s["iteration"] and r["lr"] == s["lr"]
        if r.get("train_loss") is not None:  # rows of a test evaluation alone have none
            assert r["train_loss"] == pytest.approx(s["train_loss"], rel=1e-3)


def test_the_fast_path_resumes_exactly(tiny_cifar, tmp_path):
    straight = train(config(tiny_cifar, tmp_path / "a", fast=True))

    def ctrl_c(iteration):
        if iteration == 5:
            raise KeyboardInterrupt

    train(config(tiny_cifar, tmp_path / "b", fast=True), on_iteration=ctrl_c)
    resumed = train(config(tiny_cifar, tmp_path / "b", fast=True, resume=True))
    assert resumed["status"] == "done" and resumed["final"] == pytest.approx(straight["final"])
    a, b = _weights(tmp_path / "a"), _weights(tmp_path / "b")
    for key in a:
        assert torch.allclose(a[key].float(), b[key].float(), atol=1e-5), key


@pytest.mark.parametrize("precision", ["bf16", "fp16"])
def test_a_mixed_precision_run_keeps_its_loss_finite(tiny_cifar, tmp_path, precision):
    summary = train(config(tiny_cifar, tmp_path / precision, fast=True, precision=precision))
    assert summary["status"] == "done"
    losses = [r["train_loss"] for r in summary["rows"] if r.get("train_loss") is not None]
    assert len(losses) == 5 and all(math.isfinite(v) for v in losses)
    state = torch.load(tmp_path / precision / "checkpoint.pt", weights_only=True)
    assert all(t.dtype == torch.float32 for t in state["model"].values() if t.is_floating_point())


def test_bad_fast_settings_say_what_to_change():
    with pytest.raises(ValueError, match="--precision"):
        ReproConfig(precision="fp8").check()
