"""Chapter 2's conv-net runs (Fig. 7 in small), their records and figures."""

import json

import pytest

from resnet_book import residual_figures
from resnet_book.figures import FIGURE_MODULES, FIGURES, RECORD_DIR


def test_layer_responses_tiny_run():
    record = residual_figures.run_layer_responses(("plain-8", "ResNet-8"), epochs=1, n_train=64)
    runs = {r["name"]: r for r in record["runs"]}
    assert set(runs) == {"plain-8", "ResNet-8"}
    assert all(len(r["stds"]) == 6 and min(r["stds"]) > 0 for r in runs.values())  # 6n layers


@pytest.mark.parametrize(
    "name", ["fig02_identity", "fig02_layer_responses", "fig02_gradient_norms"]
)
def test_recorded_results_have_provenance(name):
    record = json.loads((RECORD_DIR / f"{name}.json").read_text())
    assert f"figures {name} --recompute" in record["provenance"]["command"]
    assert record.get("runs") or record.get("norms")


def test_recorded_fig7_matches_the_paper_direction():
    runs = {
        r["name"]: r
        for r in json.loads((RECORD_DIR / "fig02_layer_responses.json").read_text())["runs"]
    }
    assert set(runs) == {"plain-20", "plain-56", "ResNet-20", "ResNet-56", "ResNet-110"}
    assert [len(runs[n]["stds"]) for n in ("ResNet-20", "ResNet-56", "ResNet-110")] == [18, 54, 108]


def test_figures_are_registered():
    assert {"fig02_identity", "fig02_gradient_norms", "fig02_layer_responses"} <= set(FIGURES)
    assert "resnet_book.residual_figures" in FIGURE_MODULES
