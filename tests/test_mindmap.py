"""The mind map of chapter 7: complete, bilingual, drawn with a font that has the Chinese glyphs."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from resnet_book import figures, mindmap  # noqa: E402

CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_branch_is_bilingual_and_points_to_a_chapter():
    assert len(mindmap.BRANCHES) == 7
    chapters = [re.match(r"Ch\. (\d)", b.where).group(1) for b in mindmap.BRANCHES]
    assert chapters == ["1", "2", "3", "4", "5", "6", "7"]
    for branch in mindmap.BRANCHES:
        assert CJK.search(branch.zh), branch.en
        assert 2 <= len(branch.leaves) <= 4
        for en, zh in branch.leaves:
            assert en and not CJK.search(en)
            assert CJK.search(zh), en


def test_later_work_is_marked_as_not_the_papers():
    later = [b for b in mindmap.BRANCHES if "later work" in b.en.lower()]
    assert len(later) == 1 and "not in the paper" in later[0].en


def test_numbers_match_the_paper():
    text = " ".join(e for b in mindmap.BRANCHES for e, _ in b.leaves)
    for number in ("25.03", "28.54", "3.57%", "11.3 billion", "< 0.1%", "7.93%", "6.43%", "19.4M"):
        assert number in text
    assert "103-layer" not in text and "zero training error" not in text


def _installed(families: list[str]) -> list[str]:
    """Font files of the families in the fallback list that are installed."""
    paths = []
    for family in families:
        try:
            prop = font_manager.FontProperties(family=family)
            paths.append(font_manager.findfont(prop, fallback_to_default=False))
        except ValueError:
            pass
    return paths


def test_chinese_text_has_a_font_with_its_glyphs():
    figures.use_style()
    fig = mindmap.draw_mindmap()
    chinese = [t for t in fig.axes[0].texts if CJK.search(t.get_text())]
    assert chinese
    for text in chinese:
        paths = _installed(text.get_fontproperties().get_family())
        fonts = [FT2Font(p) for p in paths]
        for char in set(CJK.findall(text.get_text())):
            assert any(f.get_char_index(ord(char)) for f in fonts), (char, paths)
    plt.close(fig)


def test_figure_is_registered_and_saved(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "SCRATCH_DIR", tmp_path)
    figures.use_style()
    path = figures.FIGURES["fig07_mindmap"](False)
    first = path.read_bytes()
    assert path.name == "fig07_mindmap.png" and len(first) > 50_000
    assert figures.FIGURES["fig07_mindmap"](False).read_bytes() == first  # deterministic


def test_without_a_cjk_font_the_chinese_is_left_out(monkeypatch):
    """No empty boxes on a machine without a CJK font: English only, and a note why."""
    monkeypatch.setattr(mindmap, "has_cjk_font", lambda: False)
    fig = mindmap.draw_mindmap()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert not any(CJK.search(t) for t in texts)
    assert any("needs a CJK font" in t for t in texts)
    plt.close(fig)
