"""The diagrams, the shape checker and the explorer in the built HTML book, in headless Chromium.

Needs a built book (`make book-test`) and Debian's `chromium` (see chromium.py). Screenshots at
1280 and 390 px, light and dark, go to /tmp/diagram_shots/.
"""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from chromium import BOOK_PAGES, HTML_DIR, our_errors, unavailable

from resnet_book.architecture import stage_table
from resnet_book.shortcuts import check_shapes

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/diagram_shots")
# Chapters with diagrams: how many each shows, and how many SVGs they make (Fig. 5 and the
# options come in panels that a phone stacks).
DIAGRAMS = {"02_residual_learning": 1, "03_shortcuts": 2, "04_bottleneck": 2, "05_experiments": 1}
SVGS = {"02_residual_learning": 1, "03_shortcuts": 4, "04_bottleneck": 3, "05_experiments": 1}


def open_chapter(page, server, chapter: str):
    path = HTML_DIR / "chapters" / f"{chapter}.html"
    if not path.is_file():
        unavailable(f"{path} is missing: rebuild the book (make book-test)")
    page.goto(f"{server}/chapters/{chapter}.html")
    page.wait_for_load_state("load")


class Diagrams(HTMLParser):
    """Each inline diagram SVG of a page: its attributes, title, desc and enclosing caption."""

    def __init__(self):
        super().__init__()
        self.found: list[dict] = []
        self.stack: list[str] = []
        self.current: dict | None = None
        self.into: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("div", "figure", "figcaption"):
            self.stack.append(tag)
        if tag == "svg" and "rd-svg" in (attrs.get("class") or ""):
            self.current = {
                "attrs": attrs,
                "title": "",
                "desc": "",
                "figure": "figure" in self.stack,
            }
            self.found.append(self.current)
        elif self.current is not None and tag in ("title", "desc") and not self.into:
            if not self.current[tag]:
                self.into = tag

    def handle_data(self, data):
        if self.current is not None and self.into:
            self.current[self.into] += data

    def handle_endtag(self, tag):
        if tag in ("title", "desc"):
            self.into = None
        if tag == "svg":
            self.current = None
        if tag in ("div", "figure", "figcaption") and self.stack:
            self.stack.pop()


@pytest.mark.parametrize("name", BOOK_PAGES)
def test_every_diagram_has_alt_text_and_a_caption(name):
    """The inline-SVG twin of test_browser's image check: role="img", a label, a title, a
    description, and a figure caption around it (cell metadata mystnb.figure.caption)."""
    path = HTML_DIR / f"{name}.html"
    if not path.is_file():
        unavailable(f"{path} is missing: rebuild the book")
    text = path.read_text(encoding="utf-8")
    parser = Diagrams()
    parser.feed(text)
    chapter = name.split("/")[-1]
    assert len(parser.found) == SVGS.get(chapter, 0)
    assert text.count('class="rd-diagram"') == DIAGRAMS.get(chapter, 0)
    for svg in parser.found:
        label = svg["attrs"].get("aria-label") or ""
        assert svg["attrs"].get("role") == "img" and len(label) > 20, f"{name}: no alt text"
        assert svg["title"].strip() == label and len(svg["desc"]) > 40
        assert svg["figure"], f"{name}: the diagram '{label}' has no caption"
    assert text.count("<figcaption") >= DIAGRAMS.get(chapter, 0)


def info(root) -> str:
    return root.locator(".rd-info").inner_text()


def test_a_diagram_shows_a_layers_shape_on_hover_focus_and_tap(page, server, browser):
    open_chapter(page, server, "03_shortcuts")
    fig3 = page.locator(".rd-diagram", has=page.locator('svg[aria-label*="VGG-19"]'))
    assert fig3.count() == 1
    layer = fig3.locator('.rd-layer[data-label="3x3 conv, 128, /2"]').first
    layer.hover()
    assert info(fig3) == "3x3 conv, 128, /2 → output 128×28×28, 73,984 parameters (conv + BN)"
    assert "rd-on" in layer.get_attribute("class")
    arc = fig3.locator('.rd-shortcut[data-kind="projection"]').first
    arc.focus()  # keyboard: every layer and arc takes the focus
    assert info(fig3) == (
        "projection shortcut: 1x1 conv, 128, /2 → output 128×28×28, 8,448 parameters"
    )
    first = fig3.locator(".rd-net").nth(2).locator('.rd-layer[data-index="0"]')
    first.focus()  # the residual net's only Tab stop; the arrow keys walk on from there
    page.keyboard.press("ArrowDown")
    assert info(fig3).startswith("pool, /2 → output 64×56×56")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert info(fig3) == "identity shortcut → output 64×56×56, 0 parameters"
    page.keyboard.press("ArrowUp")
    assert info(fig3).startswith("3x3 conv, 64 → output 64×56×56")
    vgg = fig3.locator('.rd-layer[data-label="fc 4096"]').first
    vgg.hover()
    assert info(fig3) == "fc 4096 → output 4096, 102,764,544 parameters"
    assert not our_errors(page.errors)

    # A phone: tap a box.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        tab = phone.new_page()
        open_chapter(tab, server, "02_residual_learning")
        block = tab.locator(".rd-diagram").first
        block.locator(".rd-layer").first.tap()
        assert info(block) == "3x3 conv, 64 → output 64×56×56, 36,992 parameters (conv + BN)"
        block.locator(".rd-shortcut").first.dispatch_event("click")
        assert info(block) == "identity shortcut → output 64×56×56, 0 parameters"
    finally:
        phone.close()


def test_the_shape_checker_works_in_the_page(page, server):
    open_chapter(page, server, "03_shortcuts")
    tool = page.locator(".rp-shapes")
    assert tool.count() == 1 and tool.get_attribute("data-rp-ready") == "1"
    message = tool.locator(".rp-message")
    assert message.inner_text() == check_shapes(64, 128, 2, "B")["message"]
    assert "(1, 128, 4, 4)" in tool.locator(".rp-table").inner_text()
    for typed_in, typed_out, stride, option, python in [
        ("abc", "128", "2", "B", ("abc", 128, 2, "B")),
        ("0", "128", "2", "B", (0, 128, 2, "B")),
        ("128", "64", "1", "A", (128, 64, 1, "A")),
        ("64", "128", "2", "identity", (64, 128, 2, "identity")),
        ("16", "32", "2", "A", (16, 32, 2, "A")),
    ]:
        tool.locator(".rp-in").fill(typed_in)
        tool.locator(".rp-out").fill(typed_out)
        tool.locator(".rp-stride").select_option(stride)
        tool.locator(".rp-option").select_option(option)
        expected = check_shapes(*python)
        assert message.inner_text() == expected["message"]
        assert tool.get_attribute("data-ok") == ("1" if expected["ok"] else "0")
    assert not our_errors(page.errors)


def test_the_explorer_works_in_the_page(page, server):
    open_chapter(page, server, "04_bottleneck")
    tool = page.locator(".rp-explorer")
    assert tool.count() == 1
    total = tool.locator("tfoot td").first
    for depth, residual in ((152, True), (50, True), (1202, False), (20, True)):
        tool.locator(".rp-depth").select_option(str(depth))
        tool.locator(f'.rp-kind[data-kind="{"resnet" if residual else "plain"}"]').click()
        rows = stage_table(depth, residual)
        assert total.inner_text() == f"{sum(r['params'] for r in rows):,}"
        assert tool.locator("tbody tr").count() == len(rows)
        assert tool.locator("tbody tr").first.locator("td").nth(1).inner_text() == rows[0]["block"]
    assert not our_errors(page.errors)


CONTRAST = """(args) => {
  const [sel, inBox] = args, el = document.querySelector(sel);
  const rgba = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const text = inBox ? el.querySelector('text') : el;
  const style = getComputedStyle(text);
  const fg = text instanceof SVGElement ? style.fill : style.color;
  let bg = null;
  if (inBox) { bg = getComputedStyle(el.querySelector('rect')).fill; }
  for (let n = el; !bg && n; n = n.parentElement) {  // the first painted background behind it
    const c = getComputedStyle(n).backgroundColor, v = rgba(c);
    if (v.length < 4 || v[3] > 0.5) { bg = c; }
  }
  const a = lum(rgba(fg)), b = lum(rgba(bg || 'rgb(255, 255, 255)'));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def contrast(page, selector: str, in_box: bool = False) -> float:
    """WCAG contrast of a text against what is painted behind it (its own box, if ``in_box``)."""
    return page.evaluate(CONTRAST, [selector, in_box])


@pytest.mark.parametrize("width", [1280, 390])
def test_diagrams_and_tools_read_in_light_and_dark_and_fit_a_phone(page, server, width):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    for chapter in DIAGRAMS:
        open_chapter(page, server, chapter)
        for theme in ("light", "dark"):
            page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
            for stage in range(6):
                sel = f".rd-svg .rd-layer.rd-st{stage}"
                if page.locator(sel).count():
                    assert contrast(page, sel, True) >= 4.5, f"{sel} is hard to read ({theme})"
            for sel in (".rd-svg .rd-muted", ".rd-svg .rd-title", ".rd-info", ".rp-tool label",
                        ".rp-tool .rp-table td", ".rp-tool .rp-message"):  # fmt: skip
                if page.locator(sel).count():
                    assert contrast(page, sel) >= 4.5, f"{sel} is hard to read in {theme} mode"
            items = page.locator(".rd-diagram, .rp-tool")
            for i in range(items.count()):
                item = items.nth(i)
                item.scroll_into_view_if_needed()
                box = item.bounding_box()
                # a wide diagram scrolls inside its figure, never the page
                assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
                figure = item.locator("xpath=ancestor::figure[1]")
                shot = figure if figure.count() else item  # with its caption, where it has one
                shot.screenshot(path=str(SHOTS / f"{chapter}-{i}-{theme}-{width}.png"))
    assert not our_errors(page.errors)
