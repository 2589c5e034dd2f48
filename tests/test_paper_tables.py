"""Tables 2-6 as data: key values, internal consistency, and what may be compared."""

import json

import pytest

from resnet_book import paper_tables as pt


@pytest.mark.parametrize("table", pt.TABLES)
def test_every_table_loads_with_caption_and_protocol(table):
    data = pt.load(table)
    assert data["table"] == table and data["caption"] and data["rows"]
    assert set(data["protocol"]) == {"data", "testing", "models"}
    for row in data["rows"]:
        assert set(row) - {"digits", "test_set", "mean", "std", "runs"} <= set(data["columns"])
    assert f"Table {table}:" in pt.format_rows(table)


def test_key_values():
    assert pt.value(2, 34, "plain") == 28.54 and pt.value(2, 34, "resnet") == 25.03
    assert pt.value(2, 18, "plain") == 27.94 and pt.value(2, 18, "resnet") == 27.88
    assert pt.value(3, "ResNet-152", "top5") == 5.71  # 10-crop: not the 4.49 of Table 4
    assert pt.value(3, "ResNet-34 A", "top1") == 25.03 == pt.value(2, 34, "resnet")
    assert pt.value(4, "ResNet-152", "top5") == 4.49
    assert pt.value(4, "ResNet-152", "top1") == 19.38
    assert pt.value(5, "ResNet (ILSVRC'15)", "top5") == 3.57
    r110 = pt.row(6, "ResNet", layers=110)
    assert (r110["error"], r110["mean"], r110["std"], r110["runs"]) == (6.43, 6.61, 0.16, 5)
    assert pt.value(6, "ResNet", "error", layers=1202) == 7.93
    assert pt.value(6, "ResNet", "params_m", layers=1202) == 19.4
    assert [r["params_m"] for r in pt.table6_resnets()] == [0.27, 0.46, 0.66, 0.85, 1.7, 19.4]


def test_section_4_1_gains_are_absolute_top1_points_of_table_2():
    gains = pt.section41_gains()
    assert gains["ResNet-34 vs ResNet-18"] == 2.85  # "by 2.8%"
    assert gains["ResNet-34 vs plain-34"] == 3.51  # "reduces the top-1 error by 3.5%"


def test_internal_consistency():
    # plain-34 is the same model in Tables 2 and 3; option A is Table 2's ResNet
    assert pt.value(3, "plain-34", "top1") == pt.value(2, 34, "plain")
    # Table 3: C better than B better than A, all better than plain (§4.1)
    models = ("plain-34", "ResNet-34 A", "ResNet-34 B", "ResNet-34 C")
    top1 = [pt.value(3, m, "top1") for m in models]
    assert top1 == sorted(top1, reverse=True) and len(set(top1)) == 4
    # deeper is better in Tables 3 and 4; the best of 5 is below their mean
    for table, key in ((3, "model"), (4, "method")):
        errors = [pt.value(table, f"ResNet-{d}", "top5") for d in (50, 101, 152)]
        assert errors == sorted(errors, reverse=True), key
    r110 = pt.row(6, "ResNet", layers=110)
    assert r110["error"] < r110["mean"]
    # "6.43 … is among the state-of-the-art": ResNet-110 is the lowest error of Table 6
    assert min(r["error"] for r in pt.load(6)["rows"]) == 6.43
    # Table 4 has no ResNet-34 A row; its one test-set entry is marked
    with pytest.raises(KeyError):
        pt.row(4, "ResNet-34 A")
    assert pt.protocol(4, "VGG (ILSVRC'14)")["data"] == "ImageNet test"


def test_what_may_be_compared():
    same, _ = pt.comparable((3, "ResNet-152"), (3, "VGG-16"))
    assert same
    ok, why = pt.comparable((3, "ResNet-152"), (4, "ResNet-152"))
    assert not ok and "testing" in why
    ok, why = pt.comparable((4, "ResNet-152"), (5, "ResNet (ILSVRC'15)"))
    assert not ok and "data" in why and "models" in why


def test_numbers_print_as_in_the_paper():
    text = pt.format_rows(4)
    assert "5.60" in text and "24.4 " in text and " 7.1\n" in text and "7.10" not in text
    assert "8.80" in pt.format_rows(6)
    with pytest.raises(ValueError):
        pt.load(7)


def test_recorded_fig6_in_small_keeps_its_provenance_and_its_trend():
    from resnet_book.depth_sweep import FIG6_DEFAULTS, RECORD, format_summary, summary
    from resnet_book.figures import RECORD_DIR

    results = json.loads((RECORD_DIR / f"{RECORD}.json").read_text())
    prov = results["provenance"]
    assert prov["command"] == "python -m resnet_book figures fig05_fig6_small --recompute"
    assert {"torch", "numpy", "python"} <= set(prov)
    assert prov["settings"]["seeds"] == list(FIG6_DEFAULTS["seeds"])
    assert len(results["runs"]) == 3 * 10  # 4 plain + 5 ResNets + ResNet-110 without warm-up
    rows = {r["name"]: r for r in summary(results)}
    plain = [rows[f"plain-{d}"]["train_error"] for d in (20, 32, 44, 56)]
    assert plain == sorted(plain)  # deeper plain nets train worse (Fig. 6, left)
    assert all(rows[f"ResNet-{d}"]["train_error"] < 5 for d in (20, 32, 44, 56))
    assert rows["ResNet-110"]["train_error"] < rows["ResNet-110 no warm-up"]["train_error"]
    assert "ResNet-110" in format_summary(list(rows.values()))
