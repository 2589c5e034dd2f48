"""The quizzes in the built HTML book, clicked for real in headless Chromium (no kernel, offline).

Needs a built book (`make book-test`; the folder is $RESNET_BOOK_HTML, default _build/html) and
Debian's `chromium`; Playwright drives it, and never downloads a browser. Without them these tests
skip, except under CI (env CI set), where they fail. Screenshots go to /tmp/quiz_shots/.
"""

import re
from html.parser import HTMLParser

import pytest
from chromium import BOOK_PAGES, CONFIG, HTML_DIR, ROOT, SHOTS, our_errors, unavailable

from resnet_book import quiz

pytestmark = pytest.mark.browser

PAGES = ["00_how_to_use", "07_review"]  # chapters whose page shows a whole bank
# sphinx-thebe 0.3 declares a const in a script that each page loads twice; harmless, not ours.


def open_chapter(page, server, chapter):
    """Open a chapter page and wait for its quiz; skip pages whose notebook is not written yet."""
    if not (ROOT / "chapters" / f"{chapter}.ipynb").is_file():
        pytest.skip(f"chapters/{chapter}.ipynb is not in the repository yet")
    if not (HTML_DIR / "chapters" / f"{chapter}.html").is_file():
        unavailable(f"{HTML_DIR}/chapters/{chapter}.html is missing: rebuild the book")
    page.goto(f"{server}/chapters/{chapter}.html")
    root = page.locator(f'.rq-quiz[data-chapter="{chapter}"]').first
    root.wait_for()
    page.wait_for_function(
        "document.querySelector('.rq-quiz[data-rq-ready]') !== null", timeout=5000
    )
    return root


def words(text: str) -> str:
    """What a reader sees, for comparing page text with bank text."""
    return quiz.CJK_GAP.sub("", re.sub(r"\s+", " ", re.sub(r"\*\*|`", "", text))).strip()


def score(root) -> str:
    return root.locator(".rq-score").inner_text().strip()


def contrast(page, selector: str) -> float:
    """WCAG contrast ratio between an element's text colour and the quiz's background."""
    return page.evaluate(
        """(sel) => {
          const el = document.querySelector(sel), box = document.querySelector('.rq-quiz');
          const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
          const a = lum(rgb(getComputedStyle(el).color));
          const b = lum(rgb(getComputedStyle(box).backgroundColor));
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        selector,
    )


@pytest.mark.parametrize("chapter", PAGES)
def test_quiz_in_the_book(page, server, chapter):
    bank = quiz.load_bank(chapter)
    by_id = {q["id"]: q for q in bank["questions"]}
    total = len(bank["questions"])
    root = open_chapter(page, server, chapter)
    assert root.locator(".rq-nojs").is_hidden(), "the script did not run"
    assert root.locator(".rq-q").count() == total
    assert score(root) == f"🎯 0 / {total} correct on first try"

    # A wrong option: its own feedback appears at once, marked wrong.
    singles = root.locator('.rq-q[data-type="single"]')
    q1 = singles.nth(0)
    bank_q1 = by_id[q1.get_attribute("data-qid")]
    wrong_at = next(i for i, o in enumerate(bank_q1["options"]) if not o["correct"])
    wrong = q1.locator(".rq-opt").nth(wrong_at)
    wrong.click()
    feedback = q1.locator(".rq-fb").nth(wrong_at)
    assert feedback.is_visible() and "rq-wrong" in wrong.get_attribute("class")
    assert words(bank_q1["options"][wrong_at]["feedback"]["en"]) in words(feedback.inner_text())
    assert score(root) == f"🎯 0 / {total} correct on first try (1 answered)"

    # The right option: marked correct, the question counts as solved, the quote shows.
    right = q1.locator('.rq-opt[data-c="1"]')
    right.click()
    assert "rq-right" in right.get_attribute("class")
    assert "rq-solved" in q1.get_attribute("class")
    if "quote" in bank_q1:
        assert q1.locator(".rq-quote").is_visible()
    assert score(root) == f"🎯 0 / {total} correct on first try (1 answered)"  # first try counts

    # Keyboard: a real button, so Enter answers.
    q2 = singles.nth(1)
    q2.locator('.rq-opt[data-c="1"]').focus()
    page.keyboard.press("Enter")
    assert "rq-solved" in q2.get_attribute("class")
    assert score(root) == f"🎯 1 / {total} correct on first try (2 answered)"

    # Multiple choice: pick every correct option, then Check.
    multi = root.locator('.rq-q[data-type="multiple"]').first
    if multi.count():
        for option in multi.locator('.rq-opt[data-c="1"]').all():
            option.click()
        assert multi.locator(".rq-fb.rq-show").count() == 0, "no feedback before Check"
        multi.locator(".rq-check").click()
        assert "rq-solved" in multi.get_attribute("class")
        assert multi.locator(".rq-fb.rq-show").count() == multi.locator(".rq-opt").count()
        assert score(root) == f"🎯 2 / {total} correct on first try (3 answered)"
    after = score(root)

    # The score survives a reload (localStorage), and answered questions say so.
    page.reload()
    root = open_chapter(page, server, chapter)
    assert score(root) == after
    earlier = root.locator(f'.rq-q[data-qid="{bank_q1["id"]}"] .rq-result')
    assert "Answered before, not right on the first try" in earlier.inner_text()
    untouched = root.locator(".rq-q").nth(total - 1).locator(".rq-result")
    assert untouched.inner_text().strip() == ""

    # Screenshots, light and dark, English and Chinese; text stays readable.
    SHOTS.mkdir(exist_ok=True)
    q1 = root.locator('.rq-q[data-type="single"]').first
    q1.locator(".rq-opt").nth(wrong_at).click()
    q1.locator('.rq-opt[data-c="1"]').click()
    for theme in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        for lang in ("en", "zh"):
            if root.get_attribute("data-lang") != lang:
                root.locator(".rq-lang").click()
            assert root.get_attribute("data-lang") == lang
            shown = q1.locator(f".rq-text .rq-{lang}")
            assert shown.is_visible()
            assert words(shown.inner_text()) == words(bank_q1["question"][lang])
            hidden = "zh" if lang == "en" else "en"
            assert q1.locator(f".rq-text .rq-{hidden}").is_hidden()
            for sel in (".rq-text", ".rq-opt", ".rq-fb.rq-show", ".rq-score"):
                assert contrast(page, sel) >= 4.5, f"{sel} is hard to read in {theme} mode"
            root.screenshot(path=str(SHOTS / f"{chapter}-{theme}-{lang}.png"))

    # The language choice is kept too, and the page stays inside a phone-sized screen.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    root = open_chapter(page, server, chapter)
    assert root.get_attribute("data-lang") == "zh"
    assert page.evaluate("document.querySelector('.rq-quiz').scrollWidth") <= page.evaluate(
        "document.querySelector('.rq-quiz').clientWidth"
    )
    root.screenshot(path=str(SHOTS / f"{chapter}-phone-zh.png"))

    # Reset clears the score and the marks.
    root.locator(".rq-reset").click()
    assert "0 / " in score(root) and "已答" not in score(root)
    assert root.locator(".rq-opt.rq-right, .rq-opt.rq-wrong, .rq-fb.rq-show").count() == 0
    page.reload()
    root = open_chapter(page, server, chapter)
    assert "0 / " in score(root) and "已答" not in score(root)

    ours = our_errors(page.errors)
    assert not ours, f"JavaScript errors: {ours}"


@pytest.mark.parametrize("name", BOOK_PAGES)
def test_every_page_stays_on_the_machine(page, server, name):
    """Readers may be offline: no page requests anything from outside (all blocked, recorded)."""
    if not (HTML_DIR / f"{name}.html").is_file():
        unavailable(f"{HTML_DIR}/{name}.html is missing: rebuild the book")
    page.goto(f"{server}/{name}.html")
    page.wait_for_load_state("networkidle")
    quizzes = page.locator(".rq-quiz")
    if quizzes.count():
        quizzes.first.locator(".rq-opt").first.click()
        quizzes.first.locator(".rq-lang").click()
    page.reload()
    page.wait_for_load_state("networkidle")
    outside = sorted(set(page.outside))
    assert not outside, (
        f"{name}.html requests {outside}; serve these from _assets (e.g. Sphinx's "
        "mathjax_path for MathJax) so the book works offline"
    )
    ours = our_errors(page.errors)
    assert not ours, f"JavaScript errors on {name}.html: {ours}"


@pytest.mark.parametrize("name", [p for p in BOOK_PAGES if p.startswith("chapters/")])
def test_every_chapter_has_its_launch_buttons(name):
    """The 🚀 menu that chapter 0 promises: this chapter's notebook in Colab and in Binder."""
    path = HTML_DIR / f"{name}.html"
    if not path.is_file():
        unavailable(f"{path} is missing: rebuild the book")
    text = path.read_text(encoding="utf-8")
    repo = CONFIG["repository"]["url"].removeprefix("https://github.com/")
    assert f"colab.research.google.com/github/{repo}/blob/main/{name}.ipynb" in text
    assert f"mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/{name}.ipynb" in text
    assert "cited for study" in text, "the footer with the licence and the quotes' source is gone"


class Images(HTMLParser):
    """A page's images: alt text, and whether each is a cell's output and held by a caption."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.stack: list[str] = []  # the class of every open <div> and <figure>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("div", "figure"):
            self.stack.append(tag if tag == "figure" else attrs.get("class") or "")
        if tag == "img" and "logo__image" not in (attrs.get("class") or ""):
            self.images.append(
                {
                    "src": attrs.get("src", ""),
                    "alt": attrs.get("alt") or "",
                    "output": any("cell_output" in c for c in self.stack),
                    "captioned": "figure" in self.stack,
                }
            )

    def handle_endtag(self, tag):
        if tag in ("div", "figure") and self.stack:
            self.stack.pop()


@pytest.mark.parametrize("name", BOOK_PAGES)
def test_every_figure_has_alt_text_and_a_caption(name):
    """Every image says what it shows (alt text); a figure a cell draws also gets a caption."""
    path = HTML_DIR / f"{name}.html"
    if not path.is_file():
        unavailable(f"{path} is missing: rebuild the book")
    parser = Images()
    parser.feed(path.read_text(encoding="utf-8"))
    hint = "give the cell metadata mystnb.image.alt and mystnb.figure.caption"
    for image in parser.images:
        src, alt = image["src"], image["alt"].strip()
        assert alt and not alt.endswith((".png", ".svg", ".jpg")), f"{src} has no alt; {hint}"
        assert image["captioned"] or not image["output"], f"{src} has no caption; {hint}"


def test_same_quiz_twice_and_inserted_late(browser):
    """Two copies on one page share a score; a copy inserted later (as Jupyter does) works too."""
    chromium_page = browser.new_page()
    try:
        html = quiz.render("00_how_to_use")
        chromium_page.set_content(f"<!doctype html><meta charset='utf-8'><body>{html}{html}</body>")
        # JupyterLab and classic Notebook: set innerHTML, re-create the scripts, attach later.
        chromium_page.evaluate(
            """(html) => {
              const host = document.createElement('div');
              host.innerHTML = html;
              host.querySelectorAll('script').forEach((old) => {
                const s = document.createElement('script');
                s.textContent = old.textContent;
                old.replaceWith(s);
              });
              document.body.appendChild(host);
            }""",
            html,
        )
        # Classic Notebook (jQuery): insert the markup, then run the script text from <head>.
        chromium_page.evaluate(
            """(html) => {
              const host = document.createElement('div');
              document.body.appendChild(host);
              host.innerHTML = html;
              const s = document.createElement('script');
              s.textContent = host.querySelector('script').textContent;
              document.head.appendChild(s).remove();
            }""",
            html,
        )
        roots = chromium_page.locator(".rq-quiz")
        total = len(quiz.load_bank("00_how_to_use")["questions"])
        assert roots.count() == 4
        assert chromium_page.locator(".rq-quiz[data-rq-ready]").count() == 4
        roots.nth(2).locator('.rq-q[data-type="single"] .rq-opt[data-c="1"]').first.click()
        for i in range(4):
            score_line = roots.nth(i).locator(".rq-score").inner_text()
            assert f"1 / {total} correct on first try" in score_line
        roots.nth(3).locator(".rq-lang").click()
        assert chromium_page.locator('.rq-quiz[data-lang="zh"]').count() == 4
    finally:
        chromium_page.close()
