"""The Chinese edition's catalogs (locales/zh_CN): complete, in step with the English, faithful.

Each page's catalog is checked on its own (`pytest -k 01_degradation`): every message translated
and none fuzzy; paper quotes kept in English word for word (with a translation beside them);
numbers, section marks, code, maths and links unchanged; the glossary's terms used everywhere,
in the quizzes' 中文 too. How to update the catalogs: README, "Translations".
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from resnet_book import i18n

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "locales" / "zh_CN" / "LC_MESSAGES"
PAGES = sorted(p.relative_to(CATALOGS).with_suffix("").as_posix() for p in CATALOGS.rglob("*.po"))
HOW = "translate it in locales/zh_CN/LC_MESSAGES (README, 'Translations')"

# A paper quote in the English text: straight double quotes, then where it is in the paper.
QUOTE = re.compile(r'"([^"]{12,})"\s*\((?:§|Fig\.|Table|footnote)[^)]*\)')
# What a translation must carry over unchanged.
KEPT = {
    "section": re.compile(r"§[\d.]+\d|§\d"),
    "code": re.compile(r"`[^`]+`"),
    "maths": re.compile(r"\$[^$]+\$"),
    "link target": re.compile(r"\]\([^)]+\)"),
    "role": re.compile(r"\{[a-z]+\}`[^`]+`"),
    "number": re.compile(r"(?<![\w.])\d[\d,.]*\d(?![\w])|(?<![\w.])\d(?![\w.,])"),
}


def catalog(page: str) -> list:
    with (CATALOGS / f"{page}.po").open("rb") as f:
        return [m for m in read_po(f) if m.id]


def test_every_page_has_a_catalog():
    """The toc's pages (intro, chapters, glossary) each have a catalog."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    pages = ["intro", "resnet_book"] + re.findall(r"file: (\S+)", toc)  # + the package's strings
    assert sorted(pages) == PAGES, "run `python tools/edition.py update`"


@pytest.mark.parametrize("page", PAGES)
def test_every_message_is_translated(page):
    todo = [m.id for m in catalog(page) if not m.string or m.fuzzy]
    assert not todo, f"{page}.po: {len(todo)} untranslated or fuzzy, first {todo[0][:80]!r}: {HOW}"


def test_catalogs_are_in_step_with_the_english_text():
    """A changed English paragraph fails here until its catalog is updated and translated."""
    run = subprocess.run(
        [sys.executable, "tools/edition.py", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]


@pytest.mark.parametrize("page", PAGES)
def test_paper_quotes_stay_in_english_word_for_word(page):
    for m in catalog(page):
        for quote in QUOTE.findall(m.id):
            assert quote in m.string, f"{page}.po: keep the quote as it is: {quote[:80]!r}"


@pytest.mark.parametrize("page", PAGES)
def test_numbers_sections_code_and_maths_are_unchanged(page):
    for m in catalog(page):
        for what, pattern in KEPT.items():
            missing = set(pattern.findall(m.id)) - set(pattern.findall(m.string))
            assert not missing, f"{page}.po: {what} {sorted(missing)} lost in {m.string[:80]!r}"


@pytest.mark.parametrize("page", PAGES)
def test_markup_is_balanced(page):
    for m in catalog(page):
        for mark in ("**", "`", "$"):
            assert m.string.count(mark) % 2 == 0, f"{page}.po: an unclosed {mark} in {m.string!r}"
        assert m.string.count("](") == m.id.count("]("), f"{page}.po: links in {m.string!r}"


def glossary() -> list[tuple[re.Pattern, str]]:
    """(English pattern, 中文 term) for each row of glossary.md."""
    terms = []
    for english, chinese in i18n.glossary():
        term = english.replace("normalisation", "normali[sz]ation")
        term = term.replace("network", "net(work)?").replace(" ", r"[ -]")
        terms.append((re.compile(rf"\b{term}s?\b", re.I), chinese))
    return terms


def test_glossary_has_the_issue_terms():
    assert {c for _, c in glossary()} >= {"残差", "退化", "恒等映射", "捷径连接", "瓶颈", "投影"}


def check_terms(english: str, chinese: str, where: str, quoted=QUOTE) -> None:
    """Where the English (outside code and quotes) has a glossary term, the Chinese has its term."""
    text = KEPT["code"].sub("", quoted.sub("", english))
    for pattern, term in glossary():
        if pattern.search(text):
            assert term in chinese, (
                f"{where}: {pattern.pattern!r} is {term} (glossary.md): {chinese!r}"
            )


@pytest.mark.parametrize("page", [p for p in PAGES if p != "glossary"])
def test_the_glossary_terms_are_used(page):
    for m in catalog(page):
        check_terms(m.id, m.string, f"{page}.po")


def bilingual(node, where: str):
    """Every {en, zh} pair in a quiz bank."""
    if isinstance(node, dict):
        if set(node) == {"en", "zh"}:
            yield node["en"], node["zh"], where
        for key, value in node.items():
            yield from bilingual(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from bilingual(value, f"{where}[{i}]")


@pytest.mark.parametrize("bank", sorted(p.name for p in (ROOT / "quizzes").glob("0*.yaml")))
def test_the_quizzes_use_the_glossary_terms(bank):
    data = yaml.safe_load((ROOT / "quizzes" / bank).read_text(encoding="utf-8"))
    for english, chinese, where in bilingual(data, bank):
        # a quiz quotes the paper (and later papers' titles) in English, and the 中文 keeps them
        check_terms(english, chinese, where, quoted=re.compile(r'"[^"]*"'))
