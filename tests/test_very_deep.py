"""Chapter 6's code: parameter and memory counts (oracles from Table 6), runs, records, figures."""

import json

import pytest
import torch

from resnet_book import figures, very_deep, very_deep_figures
from resnet_book.models import cifar_net, count_params


def test_1202_layers_have_the_papers_parameters():
    net = cifar_net(1202)  # width 16, 3 input channels, as in §4.2
    assert len(net.blocks()) == 600
    assert count_params(net) == 19_421_274  # Table 6: 19.4M
    parts = very_deep.stage_params(net)
    assert sum(parts.values()) == count_params(net)
    assert parts["stage 3"] / count_params(net) > 0.75  # 64 filters: most weights live there
    assert round(count_params(cifar_net(110)) / 1e6, 1) == 1.7  # Table 6: 1.7M


def test_activation_bytes_leave_out_weights_and_grow_with_batch():
    net = cifar_net(8, width=4, in_channels=1)
    X, y = torch.zeros(8, 1, 8, 8), torch.zeros(8, dtype=torch.long)
    small = very_deep.activation_bytes(net, X, y)
    big = very_deep.activation_bytes(
        net, torch.zeros(16, 1, 8, 8), torch.zeros(16, dtype=torch.long)
    )
    assert 0 < small < big < 2.1 * small
    assert small < 8 * 4 * 8 * 8 * 4 * 20  # tensors of activations, not of weights


@pytest.mark.parametrize("depth", [20, 32])
def test_activation_bytes_at_equals_a_direct_count(depth):
    X, y = torch.zeros(4, 3, 16, 16), torch.zeros(4, dtype=torch.long)
    direct = very_deep.activation_bytes(cifar_net(depth, width=4), X, y)
    assert very_deep.activation_bytes_at(depth, width=4, batch_size=4, image_size=(3, 16, 16)) == (
        direct
    )


def test_step_cost_reports_time_and_memory_and_restores_threads():
    threads = torch.get_num_threads()
    row = very_deep.step_cost(8, width=4, batch_size=4, steps=1)
    assert torch.get_num_threads() == threads
    assert row["depth"] == 8 and row["params"] == count_params(cifar_net(8, width=4, in_channels=1))
    assert row["seconds"] > 0 and row["cpu_seconds"] >= 0 and row["activation_mb"] > 0
    assert row["state_mb"] == pytest.approx(12 * row["params"] / 2**20)


def test_run_overfitting_is_json_ready_and_seeded():
    kwargs = dict(depths=(8, 14), runs=(2, 1), width=2, n_train=20, batch_size=10, epochs=2, seed=3)
    first = very_deep.run_overfitting(**kwargs)
    json.dumps(first)
    assert [r["name"] for r in first["runs"]] == ["ResNet-8 #1", "ResNet-8 #2", "ResNet-14"]
    assert [(r["depth"], r["seed"]) for r in first["runs"]] == [(8, 3), (8, 4), (14, 3)]
    assert first["config"]["n_train"] == 20 and first["config"]["n_test"] == 450
    assert all(len(r["train_error"]) == 2 and r["status"] == "done" for r in first["runs"])
    again = very_deep.run_overfitting(**kwargs)
    assert [r["train_error"] for r in again["runs"]] == [r["train_error"] for r in first["runs"]]


def test_run_warmup_starts_both_nets_alike_but_with_different_rates():
    results = very_deep.run_warmup(depth=8, width=2, n_train=40, batch_size=20, epochs=2)
    runs = {r["name"]: r for r in results["runs"]}
    assert runs["with warm-up"]["lr"][0] == 0.01
    assert runs["without warm-up"]["lr"] == [0.1, 0.1]


def test_train_together_reraises_errors():
    net = cifar_net(8, width=2, in_channels=1)
    data = very_deep.load_dataset("digits").subset(10, 10)
    bad = very_deep.TrainConfig(epochs=1, batch_size=10)
    bad.device = "no-such-device"
    with pytest.raises(RuntimeError):
        very_deep.train_together({"net": (net, bad)}, data)


@pytest.mark.parametrize(
    "name, defaults",
    [
        ("fig06_overfitting", very_deep.OVERFIT_DEFAULTS),
        ("fig06_warmup", very_deep.WARMUP_DEFAULTS),
        ("fig06_step_cost", very_deep_figures.STEP_COST_DEFAULTS),
    ],
)
def test_records_match_the_code_that_made_them(name, defaults):
    record = json.loads((figures.RECORD_DIR / f"{name}.json").read_text())
    settings = record["provenance"]["settings"]
    assert settings == json.loads(json.dumps(defaults))  # tuples became lists
    assert record["provenance"]["command"].endswith(f"{name} --recompute")


def test_recorded_overfitting_shows_what_the_chapter_says():
    runs = {r["depth"]: r for r in very_deep_figures.load_overfitting()["runs"]}
    assert runs[1202]["params"] > 10 * runs[110]["params"]
    assert runs[1202]["status"] == runs[110]["status"] == "done"
    assert runs[1202]["train_error"][-1] <= 0.01 and runs[110]["train_error"][-1] <= 0.01


def test_recorded_warmup_shows_footnote_5():
    runs = {r["name"]: r for r in very_deep_figures.load_warmup()["runs"]}
    assert max(runs["without warm-up"]["train_error"][:5]) > 0.8  # slow to start at lr 0.1
    assert runs["with warm-up"]["train_error"][4] < 0.8
    assert runs["without warm-up"]["train_error"][-1] < 0.01  # "still reaches similar accuracy"


@pytest.mark.parametrize("name", ["fig06_overfitting", "fig06_warmup", "fig06_step_cost"])
def test_figures_are_registered_and_drawn_from_records(name, tmp_path, monkeypatch):
    assert "resnet_book.very_deep_figures" in figures.FIGURE_MODULES
    monkeypatch.setattr(figures, "SCRATCH_DIR", tmp_path)
    path = figures.FIGURES[name](False)
    assert path == tmp_path / f"{name}.png" and path.stat().st_size > 10_000
