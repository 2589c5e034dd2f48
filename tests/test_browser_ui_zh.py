"""The package's in-page words in both editions, in headless Chromium (issue 12).

On a Chinese page, the diagrams' hint and hover text, chapter 3's shape checker, chapter 4's
architecture explorer and the figures' lightbox speak Chinese; on the English page the same
outputs speak English, as before. The Chinese labels are wider: nothing may overflow a phone.

    RESNET_BOOK_HTML=_build/test/_build/html pytest -m browser tests/test_browser_ui_zh.py
"""

import json
import re

import pytest
from chromium import CJK, SHOTS, our_errors, visit

from resnet_book.architecture import stage_table
from resnet_book.shortcuts import check_shapes

pytestmark = pytest.mark.browser
EDITIONS = ["", "zh/"]  # the English edition, then the Chinese one under zh/


def text(locator) -> str:
    return locator.inner_text().strip()


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_shape_checker_and_the_diagrams_speak_the_pages_language(page, server, edition):
    visit(page, server, f"{edition}chapters/03_shortcuts")
    zh = edition == "zh/"
    tool = page.locator(".rp-shapes")
    labels = text(tool.locator(".rp-controls"))
    table, message = tool.locator(".rp-table"), tool.locator(".rp-message")
    if zh:
        assert all(w in labels for w in ("输入通道数", "输出通道数", "步长", "选项")), labels
        assert not re.search(r"[A-Za-z]{3}", labels.replace("identity", "")), labels
        assert "输入 x" in text(table) and "参数量 8,448" in text(table)
        assert text(message) == "✅ 可以相加：y = relu(F(x) + shortcut(x)) 是 128 个 4×4 的通道。"
    else:
        assert labels.split() == ["in", "channels", "out", "channels", "stride", "1", "2", "option",
                                  "identity", "A", "B", "C"]  # fmt: skip
        assert "input x" in text(table) and "8,448 params" in text(table)
        assert text(message) == check_shapes(64, 128, 2, "B")["message"]
    option = tool.locator('.rp-option option[value="identity"]')
    assert text(option) == ("恒等" if zh else "identity")
    tool.locator(".rp-in").fill("abc")
    if zh:
        assert text(message) == (
            "❌ in_channels（输入通道数）必须是 1 到 2048 之间的整数，"
            "例如 16 或 64；收到的是 'abc'。"
        )
    else:
        assert text(message) == check_shapes("abc", 128, 2, "B")["message"]
    tool.locator(".rp-in").fill("16")
    tool.locator(".rp-option").select_option("identity")
    assert tool.get_attribute("data-ok") == "0"
    expected = "❌ 无法相加：通道数 128 对 16，特征图 4×4 对 8×8。"
    expected = expected if zh else "❌ Cannot add: channels 128 vs 16, map 4×4 vs 8×8."
    assert text(message).startswith(expected), text(message)
    assert ("捷径（恒等）" if zh else "shortcut (identity)") in text(table)

    # The diagrams: the hint, then a layer's and an arc's shape and parameters.
    fig3 = page.locator(".rd-diagram", has=page.locator('svg[aria-label*="VGG-19"]'))
    info = fig3.locator(".rd-info")
    hint = text(info)
    assert bool(CJK.search(hint)) == zh and hint.startswith("👆")
    fig3.locator('.rd-layer[data-label="3x3 conv, 128, /2"]').first.hover()
    assert text(info) == (
        "3x3 conv, 128, /2 → 输出 128×28×28，参数量 73,984（卷积 + BN）"
        if zh
        else "3x3 conv, 128, /2 → output 128×28×28, 73,984 parameters (conv + BN)"
    )
    drawn = fig3.locator("svg text").all_text_contents()
    title = fig3.locator('.rd-layer[data-label="3x3 conv, 128, /2"] title').first.text_content()
    if zh:  # the diagram's own words, and each box's tooltip
        assert {"VGG-19", "34 层普通网络", "34 层残差网络", "输入 3×224×224"} <= set(drawn), drawn
        assert title == "3x3 conv, 128, /2 → 输出 128×28×28，参数量 73,984（卷积 + BN）"
    else:
        assert {"VGG-19", "34-layer plain", "34-layer residual", "input 3×224×224"} <= set(drawn)
        assert title == "3x3 conv, 128, /2: output 128×28×28, 73,984 parameters (conv + BN)"
    fig3.locator('.rd-shortcut[data-kind="projection"]').first.focus()
    assert text(info) == (
        "投影捷径：1x1 conv, 128, /2 → 输出 128×28×28，参数量 8,448"
        if zh
        else "projection shortcut: 1x1 conv, 128, /2 → output 128×28×28, 8,448 parameters"
    )
    pad = page.locator('.rd-shortcut[data-kind="zero-pad"]').first
    pad.scroll_into_view_if_needed()
    pad.focus()
    options = page.locator(".rd-diagram", has=pad)
    shown = text(options.locator(".rd-info"))
    drawn = options.locator("svg text").all_text_contents()
    words = ["选项 A", "x 的 16 个通道（隔一个像素取一个）+ 16 个零通道", "+16 个补零通道,", "恒等"]
    if not zh:
        words = [
            "option A",
            "16 channels of x (every 2nd pixel) + 16 of zeros",
            "+16 zero channels,",
        ]
    assert set(words) <= set(drawn), drawn
    assert re.fullmatch(
        r"选项 A 捷径（补零）：\+\d+ 个补零通道, /2 → 输出 [\d×]+，参数量 0"
        if zh
        else r"option A shortcut \(zero padding\): \+\d+ zero channels, /2 → output [\d×]+, "
        r"0 parameters",
        shown,
    ), shown
    assert not our_errors(page.errors)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_explorer_speaks_the_pages_language(page, server, edition):
    visit(page, server, f"{edition}chapters/04_bottleneck")
    zh = edition == "zh/"
    tool = page.locator(".rp-explorer")
    heads = [text(th) for th in tool.locator("thead th").all()]
    assert heads == (["层", "输出", "块", "参数量", "乘加"] if zh else
                     ["layer", "output", "block", "params", "mult-adds"])  # fmt: skip
    assert text(tool.locator("tfoot th")) == ("合计" if zh else "total")
    assert text(tool.locator(".rp-depth option:checked")) == (
        "152 层（ImageNet）" if zh else "152-layer (ImageNet)"
    )
    assert text(tool.locator('.rp-kind[data-kind="plain"]')) == ("普通" if zh else "plain")
    assert text(tool.locator(".rp-controls label")).split()[0] == ("深度" if zh else "depth")
    tool.locator(".rp-depth").select_option("56")
    tool.locator('.rp-kind[data-kind="plain"]').click()
    rows = stage_table(56, residual=False)
    blocks = [text(td) for td in tool.locator("tbody tr td:nth-child(3)").all()]
    if zh:
        assert blocks[0] == "3×3, 16, 步长 1" and blocks[-1] == "平均池化，fc"
        assert blocks[1:-1] == [r["block"] for r in rows[1:-1]]  # Table 1's notation
    else:
        assert blocks == [r["block"] for r in rows]
    assert text(tool.locator("tfoot td").first) == f"{sum(r['params'] for r in rows):,}"
    assert not our_errors(page.errors)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_lightbox_speaks_the_pages_language(page, server, edition):
    visit(page, server, f"{edition}chapters/01_degradation")
    zh = edition == "zh/"
    img = page.locator("img.zoomable").first
    assert img.get_attribute("title") == (
        "点击查看原尺寸大图" if zh else "Click to open at full size"
    )
    img.scroll_into_view_if_needed()
    img.click()
    box = page.locator(".book-lightbox")
    label = box.get_attribute("aria-label")
    assert label == ("原尺寸大图：" if zh else "Figure at full size: ") + img.get_attribute("alt")
    assert box.locator("button").get_attribute("aria-label") == ("关闭" if zh else "Close")
    page.keyboard.press("Escape")
    assert box.count() == 0 and not our_errors(page.errors)


@pytest.mark.parametrize("width,theme", [(1280, "light"), (390, "dark"), (390, "light")])
def test_the_chinese_tools_fit_a_phone(page, server, width, theme):
    """The wider Chinese words: no tool or diagram wider than the screen, no page scrolls."""
    SHOTS.mkdir(exist_ok=True)
    for chapter in ("03_shortcuts", "04_bottleneck"):
        visit(page, server, f"zh/chapters/{chapter}", width)
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, chapter
        items = page.locator(".rp-tool, .rd-diagram")
        assert items.count() >= 1
        for i in range(items.count()):
            item = items.nth(i)
            item.scroll_into_view_if_needed()
            box = item.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{chapter} #{i}"
        for tool in page.locator(".rp-tool").all():
            controls = tool.locator(".rp-controls").bounding_box()
            frame = tool.bounding_box()
            assert controls["x"] + controls["width"] <= frame["x"] + frame["width"] + 0.5
            tool.screenshot(path=str(SHOTS / f"ui-zh-{chapter}-{theme}-{width}.png"))
    assert not our_errors(page.errors)


def test_words_js_reads_each_scripts_json_as_it_comes(page):
    """One t() for every script of a page (diagram_assets/words.js): JSON that comes after the
    first call (a later diagram's or tool's) is read too; English pages keep the English; the
    file may run many times (once a diagram) and defines itself once."""
    from resnet_book.i18n import script_words

    def json_script(words: dict) -> str:
        return f'<script type="application/json" class="rb-i18n">{json.dumps(words)}</script>'

    cases = [("zh-CN", ["关闭 1", "输入 2", "{n} left"]), ("en", ["Close 1", "in 2", "{n} left"])]
    for lang, want in cases:
        tab = page.context.new_page()  # a window of its own: set_content keeps the old one's
        tab.set_content(f'<html lang="{lang}"><body>{json_script({"Close {n}": "关闭 {n}"})}'
                        f"{script_words()}{script_words()}</body></html>")  # fmt: skip
        first = tab.evaluate("window.ResNetWords.t('Close {n}', {n: 1})")
        tab.evaluate("""words => { const s = document.createElement('script');
            s.type = 'application/json'; s.className = 'rb-i18n'; s.textContent = words;
            document.body.append(s); }""", json.dumps({"in {n}": "输入 {n}"}))  # fmt: skip
        later = tab.evaluate("window.ResNetWords.t('in {n}', {n: 2})")
        missing = tab.evaluate("window.ResNetWords.t('{n} left')")
        tab.close()
        assert [first, later, missing] == want
