"""The shape checker never raises, agrees with the real blocks; option costs."""

import pytest
import torch

from resnet_book import shortcuts
from resnet_book.blocks import BasicBlock


@pytest.mark.parametrize("option", ["A", "B", "C"])
@pytest.mark.parametrize(("cin", "cout", "stride"), [(16, 16, 1), (16, 32, 2), (8, 24, 1)])
def test_checker_agrees_with_the_real_block(option, cin, cout, stride):
    result = shortcuts.check_shapes(cin, cout, stride, option)
    assert result["ok"], result["message"]
    out = BasicBlock(cin, cout, stride, option)(torch.zeros(1, cin, 8, 8))
    assert result["branch"] == result["shortcut"] == tuple(out.shape)
    assert result["message"].startswith("✅")


def test_parameter_counts():
    a, b, c = (shortcuts.check_shapes(16, 32, 2, o) for o in "ABC")
    assert a["shortcut_params"] == 0
    assert b["shortcut_params"] == c["shortcut_params"] == 16 * 32 + 2 * 32  # W_s and BN
    assert shortcuts.check_shapes(16, 16, 1, "B")["shortcut_params"] == 0  # identity where it can
    assert shortcuts.check_shapes(16, 16, 1, "C")["shortcut_params"] == 16 * 16 + 2 * 16


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((16, 32, 2, "identity"), "Cannot add: channels 32 vs 16, map 4×4 vs 8×8"),
        ((16, 16, 2, "identity"), "Cannot add: map 4×4 vs 8×8"),
        ((32, 16, 1, "A"), "Option A can only add channels"),
        ((0, 16, 1, "A"), "in_channels must be a whole number"),
        ((16, -3, 1, "A"), "out_channels must be a whole number"),
        ((16.5, 16, 1, "A"), "in_channels must be a whole number"),
        ((16, 16, 3, "A"), "stride must be 1"),
        ((16, 16, 1, "D"), "there is no option D"),
        ((16, 16, 1, None), "option must be one of"),
        (("16", 16, 1, "A"), "in_channels must be a whole number"),
        ((-5, 16, 1, "A"), "from 1 to 2048, such as 16 or 64; got -5"),
        ((99999, 16, 1, "A"), "from 1 to 2048, such as 16 or 64; got 99999"),
        ((16, 2049, 1, "A"), "out_channels must be a whole number from 1 to 2048"),
        ((16, 16, 1, "A", 0), "size must be a whole number from 1 to 256"),
        ((512, 512, 1, "A", 64), "billion multiply-adds, too slow to check here"),
    ],
)
def test_bad_shapes_and_bad_input_give_a_message_not_a_traceback(args, words):
    result = shortcuts.check_shapes(*args)
    assert not result["ok"]
    assert words in result["message"]
    assert words in " ".join(shortcuts.format_check(result).split())  # as wrapped for the book


def test_identity_works_when_nothing_changes_and_options_are_case_blind():
    assert shortcuts.check_shapes(16, 16, 1, "identity")["ok"]
    assert shortcuts.check_shapes(16, 32, 2, " b ")["option"] == "B"


def test_widget_builds_and_updates_without_training():
    box = shortcuts.shape_checker()
    cin, option, shown = box.children[0].children[0], box.children[1].children[1], box.children[2]
    assert "They add up" in shown.value
    option.value = "identity"
    assert "Cannot add" in shown.value
    cin.value = "0"  # the chapter invites "0 channels"
    assert "in_channels must be" in shown.value and "got 0." in " ".join(shown.value.split())
    for value in ("-5", "99999"):  # not clamped to 0 or 5000: check_shapes explains the value typed
        cin.value = value
        assert cin.value == value and f"got {value}." in " ".join(shown.value.split())
    cin.value = " 32 "
    assert "They add up" not in shown.value  # identity, 32 -> 32 with stride 2: the map halves
    option.value = "A"
    assert "They add up" in shown.value


@pytest.mark.parametrize("typed", ["", "   "])
def test_an_emptied_field_says_what_it_needs(typed):
    """Issue 13: an IntText snapped back to its old value without a word; the field stays empty
    and the checker says what to type."""
    box = shortcuts.shape_checker()
    cout, shown = box.children[0].children[1], box.children[2]
    cout.value = typed
    assert cout.value == typed
    words = " ".join(shown.value.split())
    assert "out_channels is empty: type a whole number from 1 to 2048, such as 32 or 128" in words
    cout.value = "12.5"
    words = " ".join(shown.value.split())
    assert "out_channels must be a whole number" in words and "got &#x27;12.5&#x27;" in words


def test_every_label_fits_and_the_identity_row_keeps_its_columns():
    box = shortcuts.shape_checker()
    controls = box.children[0].children + box.children[1].children
    for c in controls:  # ~8 px a character at 13 px, wide fonts included
        assert int(c.style.description_width.removesuffix("px")) >= 8 * len(c.description)
    text = shortcuts.format_check(shortcuts.check_shapes(16, 32, 2, "identity"))
    rows = text.splitlines()[:3]
    assert rows[2].startswith("shortcut (identity)  (1, 16, 8, 8)  identity")  # two spaces apart
    assert len({row.index("(1, ") for row in rows}) == 1  # the shapes line up
    assert all(len(line) <= 76 for line in text.splitlines())


def test_the_widest_layers_of_the_paper_still_check():
    assert shortcuts.check_shapes(1024, 2048, 2, "B")["ok"]  # ResNet-50's last stage, Table 1


def test_option_costs_resnet34_has_thirteen_extra_projections_in_c():
    rows = {r["option"]: r for r in shortcuts.option_costs(34)}
    assert [rows[o]["projections"] for o in "ABC"] == [0, 3, 16]
    assert rows["C"]["projections"] - rows["B"]["projections"] == 13  # "many (thirteen)", §4.1
    assert rows["A"]["params"] < rows["B"]["params"] < rows["C"]["params"]
    assert rows["B"]["params"] == 21_797_672  # torchvision's resnet34 (option B)
    assert rows["A"]["macs"] < rows["B"]["macs"] < rows["C"]["macs"]
