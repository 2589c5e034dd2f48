"""resnet_book.tables: one set of rows, as HTML for the book and as aligned text for nbval."""

import pytest

from resnet_book import paper_tables
from resnet_book.tables import Table, settings, stages


def test_text_and_html_show_the_same_cells():
    t = Table(["net", "params"], [["ResNet-20", 272474], ["<plain>", None]], fmt={"params": ","})
    assert str(t).splitlines() == ["net         params", "ResNet-20  272,474", "<plain>          -"]
    html = t._repr_html_()
    assert "<td class=num>272,474</td>" in html and "&lt;plain&gt;" in html
    assert html.startswith('<table class="book-table">')


def test_a_row_of_the_wrong_length_says_what_to_do():
    with pytest.raises(ValueError, match="every row needs 2 cells"):
        Table(["a", "b"], [[1]])


def test_highlighted_rows_are_marked():
    t = Table(["x"], [[1], [2]], highlight=[1])
    assert t._repr_html_().count("<tr class=ours>") == 1


@pytest.mark.parametrize("number", paper_tables.TABLES)
def test_paper_tables_carry_every_row_and_the_caption(number):
    t = paper_tables.table(number)
    assert len(t.rows) == len(paper_tables.load(number)["rows"])
    assert t.caption.startswith(f"Table {number}: ")


def test_table6_prints_best_and_mean_as_the_paper_does():
    cells = [r[-1] for r in paper_tables.table(6).rows]
    assert "6.43 (6.61±0.16)" in cells and "7.54 (7.72±0.16)" in cells
    assert "8.43†" in [r[-1] for r in paper_tables.table(4).rows]


def test_stage_table_has_a_total_and_settings_fit_two_columns():
    from resnet_book.architecture import stage_table

    t = stages(stage_table(50))
    assert t.rows[-1][0] == "total" and t.rows[-1][3] == "25,557,032"
    assert settings({"lr": 0.05}).rows == [["lr", "0.05"]]


def test_our_overfitting_run_sits_next_to_table6():
    from resnet_book.very_deep_figures import against_table6, load_overfitting

    t = against_table6(load_overfitting())
    assert [r[0] for r in t.rows] == [
        "ResNet-110, paper",
        "ResNet-110, ours",
        "ResNet-1202, paper",
        "ResNet-1202, ours",
    ]
    assert t.rows[0][-1] == "6.43 (6.61±0.16)" and t.rows[2][3] == "<0.1"
    assert t.rows[1][-1].startswith("7.11 (8.6") and t.highlight == {1, 3}


def test_a_header_carries_its_chinese_hidden_for_the_chinese_edition():
    out = Table(["net", "no such header"], [["plain-20", 1]])._repr_html_()
    assert '<span class="book-en">net</span><span class="book-zh" hidden>网络</span>' in out
    assert "<th>no such header</th>" in out or ">no such header</th>" in out
    assert "网络" not in str(Table(["net"], [["plain-20"]])), "text stays English"
