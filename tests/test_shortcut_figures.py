"""Chapter 3's runs: the variants, shortcut density, the summary, records and figures."""

import json

from resnet_book import shortcut_figures
from resnet_book.figures import FIGURE_MODULES, FIGURES, RECORD_DIR


def test_variants_and_shortcut_density():
    nets = {v: shortcut_figures.build_variant(v, depth=56) for v in shortcut_figures.VARIANTS}
    counts = {v: sum(b.residual for b in net.blocks()) for v, net in nets.items()}
    assert counts == {
        "plain": 0,
        "A": 27,
        "B": 27,
        "C": 27,
        "A, every other block": 15,
        "A, stage changes only": 2,
    }
    params = {v: sum(p.numel() for p in net.parameters()) for v, net in nets.items()}
    assert params["plain"] == params["A"] == params["A, stage changes only"] < params["B"]


def test_run_variants_tiny_and_summary():
    record = shortcut_figures.run_variants(
        ("plain", "A"), depth=8, epochs=1, seeds=(0, 1), n_train=64
    )
    assert len(record["runs"]) == 4
    stats = shortcut_figures.summarise(record["runs"], "test_error")
    assert set(stats) == {"plain", "A"}
    assert all(s["min"] <= s["mean"] <= s["max"] and len(s["values"]) == 2 for s in stats.values())


def test_recorded_runs_have_provenance_and_every_variant():
    record = json.loads((RECORD_DIR / "fig03_shortcut_runs.json").read_text())
    assert "--recompute" in record["provenance"]["command"]
    seeds = record["provenance"]["settings"]["seeds"]
    assert len(record["runs"]) == len(shortcut_figures.VARIANTS) * len(seeds)


def test_figures_are_registered():
    assert {"fig03_options", "fig03_density"} <= set(FIGURES)
    assert "resnet_book.shortcut_figures" in FIGURE_MODULES
