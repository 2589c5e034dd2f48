"""The two editions in headless Chromium: 中文 pages read in Chinese, and the switch between them.

The Chinese edition is built into the English one's folder, under zh/ (`make book-test` builds
both). On every Chinese page: Chinese prose and figure alt text, quizzes in 中文, nothing loaded
from off the machine, no page wider than a phone, and no Chinese character drawn without a font
that has it (a box). The switch opens the same page, at the same section, in the other edition.

    RESNET_BOOK_HTML=_build/test/_build/html pytest -m browser tests/test_browser_editions.py
"""

import re

import pytest
from chromium import BOOK_PAGES, CJK, SHOTS, visit

pytestmark = pytest.mark.browser
ZH_PAGES = [f"zh/{name}" for name in BOOK_PAGES]

# The article's own prose: paragraphs, list items, headings and table cells (not code, outputs
# or the references, which cite English titles).
PROSE = """() => [...document.querySelectorAll(
  'article.bd-article :is(p, li, h1, h2, h3, th, td, figcaption)')]
  .filter(e => !e.closest('.cell_output, .cell_input, .rq-quiz, pre, .race, .rp-tool, .citation'))
  .map(e => e.innerText.trim()).filter(t => /[A-Za-z\\u4e00-\\u9fff]{3}/.test(t))"""


@pytest.mark.parametrize("name", ZH_PAGES)
def test_a_chinese_page_reads_in_chinese(server, page, name):
    visit(page, server, name)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    prose = page.evaluate(PROSE)
    english = [t for t in prose if not CJK.search(t) and len(re.findall(r"[A-Za-z]+", t)) > 6]
    assert len(prose) > 5 and not english, f"{name}: English left in the Chinese edition: {english}"
    alts = page.eval_on_selector_all("article img", "imgs => imgs.map(i => i.alt)")
    assert all(CJK.search(a) for a in alts if a), f"{name}: alt text not translated: {alts}"
    quizzes = page.locator(".rq-quiz")
    if quizzes.count():
        page.wait_for_selector(".rq-quiz[data-rq-ready]")
        assert quizzes.first.get_attribute("data-lang") == "zh", "quizzes start in 中文 here"


@pytest.mark.parametrize("name", ZH_PAGES)
def test_a_chinese_page_stays_on_the_machine_and_fits_a_phone(server, page, name):
    visit(page, server, name, width=390)
    page.wait_for_load_state("networkidle")
    assert not page.outside, f"{name}.html requests {sorted(set(page.outside))}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name} scrolls sideways"


def test_the_switch_opens_the_same_page_and_section_in_the_other_edition(server, page):
    visit(page, server, "chapters/03_shortcuts")
    section = page.locator("article section[id]").nth(2).get_attribute("id")
    page.goto(f"{server}/chapters/03_shortcuts.html#{section}")
    page.locator("a.btn-language-switch-button").click()
    page.wait_for_url(f"**/zh/chapters/03_shortcuts.html#{section}")
    assert CJK.search(page.locator("h1").first.inner_text())
    assert page.locator(f"[id='{section}']").count() == 1, "sections keep their ids in 中文"
    page.locator("a.btn-language-switch-button").click()
    page.wait_for_url(f"{server}/chapters/03_shortcuts.html#{section}")
    assert not CJK.search(page.locator("h1").first.inner_text())
    assert len(page.context.pages) == 1, "the switch opens in the same tab"


def test_a_readers_quiz_language_is_remembered_in_both_editions(server, page):
    visit(page, server, "zh/chapters/01_degradation")
    quiz = page.locator(".rq-quiz[data-rq-ready]").first
    quiz.wait_for()
    quiz.locator(".rq-lang").click()
    assert quiz.get_attribute("data-lang") == "en"
    visit(page, server, "zh/chapters/02_residual_learning")
    page.wait_for_selector(".rq-quiz[data-rq-ready]")
    assert page.locator(".rq-quiz").first.get_attribute("data-lang") == "en", "choice forgotten"
    page.locator(".rq-quiz .rq-lang").first.click()
    visit(page, server, "chapters/02_residual_learning")
    page.wait_for_selector(".rq-quiz[data-rq-ready]")
    assert page.locator(".rq-quiz").first.get_attribute("data-lang") == "zh"


# Mark every element that holds Chinese text itself (not only in its children).
MARK_CJK = """() => {
  let n = 0;
  for (const e of document.querySelectorAll('body *')) {
    const own = [...e.childNodes].some(t => t.nodeType === 3 && /[\\u4e00-\\u9fff]/.test(t.data));
    if (own && e.getClientRects().length) { e.dataset.cjk = ''; n++; }
  }
  return n;
}"""


def cjk_font(name: str) -> bool:
    return "CJK" in name or " SC" in name or "WenQuanYi" in name or "Fallback" in name


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_chinese_character_is_drawn_as_a_box(server, page, theme):
    """Chromium says which fonts drew each element's text: for Chinese, always a CJK one."""
    visit(page, server, "zh/chapters/01_degradation")
    page.wait_for_selector(".rq-quiz[data-rq-ready]")
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate(MARK_CJK) > 50
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    marked = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-cjk]"})
    for node in marked["nodeIds"]:
        fonts = [
            f["familyName"]
            for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        ]
        if fonts:  # an element laid out but not painted (e.g. folded) reports none
            assert any(cjk_font(f) for f in fonts), cdp.send("DOM.getOuterHTML", {"nodeId": node})
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"zh_01_{theme}.png"))


def test_the_tables_a_chapter_computes_have_chinese_headers_in_chinese_only(server, page):
    """The same executed output serves both editions (resnet_book.tables, _assets/book.css)."""
    heads = "table.book-table th:has(.book-zh)"
    visit(page, server, "zh/chapters/05_experiments")
    shown = page.eval_on_selector_all(heads, "ths => ths.map(t => t.innerText.trim())")
    assert shown and all(CJK.search(h) for h in shown), shown
    visit(page, server, "chapters/05_experiments")
    shown = page.eval_on_selector_all(heads, "ths => ths.map(t => t.innerText.trim())")
    assert shown and not any(CJK.search(h) for h in shown), shown


def test_the_chinese_search_finds_chinese_words(server, page):
    """Sphinx's index of the Chinese edition has its words (split by jieba), offline."""
    visit(page, server, "zh/search")
    page.goto(f"{server}/zh/search.html?q=恒等映射")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 3 and CJK.search(results.first.inner_text())
