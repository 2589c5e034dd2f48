"""Pages that read well, in headless Chromium on the built book (issue 11).

At 1280 px no code cell runs past the text column; at 390 px (a phone) no page scrolls sideways;
every figure has alt text and opens at full size on a click; the folded install and import cells
unfold; the paper's tables are HTML tables.

    RESNET_BOOK_HTML=_build/test/_build/html pytest -m browser tests/test_browser_pages.py
"""

import pytest
from chromium import BOOK_PAGES, visit

pytestmark = pytest.mark.browser
CHAPTERS = [p for p in BOOK_PAGES if p.startswith("chapters/")]
WITH_FIGURES = [p for p in CHAPTERS if p != "chapters/00_how_to_use"]  # chapter 0 has none

OVERFLOWING_CODE = """() => {
  for (const d of document.querySelectorAll('details.hide')) d.open = true;
  return [...document.querySelectorAll('div.cell_input pre')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.innerText.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), ''));
}"""

PAGE_WIDTH = "() => document.documentElement.scrollWidth"

FIGURES = """() => [...document.querySelectorAll('article.bd-article img')].map(img => ({
  src: img.getAttribute('src'), alt: (img.alt || '').trim(),
  zoom: img.classList.contains('zoomable'), natural: img.naturalWidth,
}))"""


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_code_cell_runs_past_the_column_at_desktop_width(server, page, name):
    visit(page, server, name, 1280)
    assert page.evaluate(OVERFLOWING_CODE) == [], "a code line wider than the column"


@pytest.mark.parametrize("name", BOOK_PAGES)
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_page_scrolls_sideways_on_a_phone(server, page, name, theme):
    page.add_init_script(f"localStorage.setItem('mode', '{theme}')")  # the theme's own key
    visit(page, server, name, 390)
    for d in page.query_selector_all("details.hide summary"):
        d.click()  # unfolded code must not widen the page either
    assert page.evaluate("document.documentElement.dataset.theme") == theme
    assert page.evaluate(PAGE_WIDTH) <= 390
    assert page.outside == []


@pytest.mark.parametrize("name", WITH_FIGURES)
def test_every_figure_has_alt_text_and_opens_at_full_size(server, page, name):
    visit(page, server, name, 1280)
    figures = page.evaluate(FIGURES)
    assert figures, f"{name} shows no figure"
    for f in figures:
        assert f["alt"], f"{f['src']} has no alt text"
        assert f["zoom"] and f["natural"] > 0, f"{f['src']} cannot be opened"
    images = page.query_selector_all("article.bd-article img.zoomable")
    for img in (images[0], images[-1]):
        img.scroll_into_view_if_needed()
        img.click()
        big = page.wait_for_selector(".book-lightbox img", state="visible")
        page.wait_for_function("document.querySelector('.book-lightbox img').complete")
        shown, natural = big.evaluate("i => [i.clientWidth, i.naturalWidth]")
        assert shown == natural, "the lightbox scales the figure instead of showing it in full"
        page.keyboard.press("Escape")
        assert page.query_selector(".book-lightbox") is None


def test_a_tap_on_a_phone_opens_the_figure_and_a_tap_closes_it(server, page):
    visit(page, server, "chapters/01_degradation", 390)
    img = page.query_selector("article.bd-article img.zoomable")
    img.scroll_into_view_if_needed()
    img.click()
    box = page.wait_for_selector(".book-lightbox", state="visible")
    assert page.evaluate(PAGE_WIDTH) <= 390  # the full-size figure scrolls inside its box
    box.click(position={"x": 5, "y": 5})
    assert page.query_selector(".book-lightbox") is None


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_install_cell_and_the_imports_are_folded_and_unfold(server, page, name):
    visit(page, server, name, 1280)
    folded = page.query_selector_all("details.hide.above-input")
    assert len(folded) >= 2, "the install cell and the import block should be folded"
    install, imports = folded[0], folded[1]
    for cell in (install, imports):
        code = cell.evaluate_handle("d => d.closest('.cell').querySelector('.cell_input pre')")
        assert not code.is_visible()
        cell.query_selector("summary").click()
        assert code.is_visible()
    assert "%pip install" in install.evaluate("d => d.closest('.cell').innerText")
    assert "from resnet_book" in imports.evaluate("d => d.closest('.cell').innerText")


def test_the_papers_tables_are_tables(server, page):
    visit(page, server, "chapters/05_experiments", 1280)
    captions = page.eval_on_selector_all(
        "table.book-table caption", "cs => cs.map(c => c.innerText.split(':')[0])"
    )
    assert [c for c in captions if c.startswith("Table ")] == [f"Table {n}" for n in range(2, 7)]
    cells = page.eval_on_selector_all("table.book-table td", "tds => tds.map(t => t.innerText)")
    assert "6.43 (6.61±0.16)" in cells and "25.03" in cells
