"""Figures drawn for the book's column: no text under 10 CSS px once scaled to 672 px."""

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from resnet_book.figures import COLUMN_PX, MIN_TEXT_PX, readable, shown_text_px


def texts(fig):
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("width", [6.0, 10.0, 14.0])
def test_small_text_is_enlarged_to_read_in_the_column(width):
    fig = Figure(figsize=(width, 3))
    ax = fig.subplots()
    ax.plot([1, 2], [3, 4], label="a legend at 6 pt")
    ax.legend(fontsize=6)
    ax.set_title("title", fontsize=7)
    readable(fig, dpi=150)
    for t in texts(fig):
        assert shown_text_px(fig, t.get_fontsize(), 150) >= MIN_TEXT_PX - 0.05, t.get_text()


def test_text_that_reads_well_is_left_alone():
    fig = Figure(figsize=(4, 3))  # 600 px at 150 dpi: shown at its own size, not scaled down
    ax = fig.subplots()
    ax.set_title("big enough", fontsize=9)
    fig.draw_without_rendering()  # tick labels exist once drawn
    before = {t.get_text(): t.get_fontsize() for t in texts(fig)}
    readable(fig, dpi=150)
    assert {t.get_text(): t.get_fontsize() for t in texts(fig)} == before
    assert shown_text_px(fig, 9, 150) == pytest.approx(9 * 150 / 72)
    assert COLUMN_PX == 672
