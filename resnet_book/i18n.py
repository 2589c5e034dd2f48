"""The package's own words in Chinese, for the book's Chinese edition (README, "Translations").

Sphinx translates the chapters' prose. What the package itself writes into a page (a table's
headers, a diagram's hint, the in-page tools' and the race's labels and messages) is translated
here, from one catalog: ``locales/zh_CN/LC_MESSAGES/resnet_book.po``. One executed output serves
both editions, so it carries both languages and the page shows one:

- static HTML: ``label(text)`` writes the English and, hidden, the Chinese beside it; the Chinese
  edition's CSS (``_assets/book.css``) shows the Chinese instead. Jupyter shows the English.
- a script's words: ``script_words(source)`` embeds their Chinese as JSON, and the script's
  ``t("English {n}", {n: 3})`` (``diagram_assets/words.js``) looks them up when the page's
  ``<html lang>`` is Chinese.

``tools/edition.py update`` finds the texts (``label("...")`` calls in Python, ``t("...")`` calls in
the scripts, tables' headers) and keeps the catalog in step; a test fails on any left untranslated.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable
from pathlib import Path

# Absent when the package is installed without the repository (Colab): then English only.
CATALOG = Path(__file__).resolve().parent.parent / "locales/zh_CN/LC_MESSAGES/resnet_book.po"
# t(text, values) for the page's scripts: the English looked up in their JSON (script_messages).
WORDS_JS = Path(__file__).resolve().parent / "diagram_assets" / "words.js"
# The book's terms in both languages, one table row each (a page of both editions).
GLOSSARY = Path(__file__).resolve().parent.parent / "glossary.md"
# t("...") in a script, with a string literal, or literals joined by + over several lines (the
# texts tools/edition.py extracts).
STRING = r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')"""
SCRIPT_CALL = re.compile(rf"\bt\(\s*({STRING}(?:\s*\+\s*{STRING})*)")


@functools.cache
def chinese() -> dict[str, str]:
    """English → 中文, every translated (and not fuzzy) message of the catalog."""
    try:
        from babel.messages.pofile import read_po
    except ImportError:  # babel comes with Sphinx: only the book's build needs the Chinese
        return {}
    if not CATALOG.is_file():
        return {}
    with CATALOG.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}


def glossary() -> list[tuple[str, str]]:
    """(English, 中文) for each row of glossary.md, each without its parenthesised part."""
    rows = re.findall(r"^\| ([^|]+) \| ([^|]+) \| \d+ \|$", GLOSSARY.read_text("utf-8"), re.M)
    return [
        (re.sub(r"\(.*?\)", "", en).strip(), re.sub(r"（.*?）", "", zh).strip()) for en, zh in rows
    ]


def label(text: str) -> str:
    """HTML for a fixed text: the English, and its Chinese hidden beside it when there is one."""
    english, zh = html.escape(text), chinese().get(text)
    if not zh:
        return english
    zh = html.escape(zh)
    return f'<span class="book-en">{english}</span><span class="book-zh" hidden>{zh}</span>'


def script_words(*sources: str) -> str:
    """The words of these scripts, for the page they are inlined in: the Chinese of their
    t("...") texts as JSON (``script_messages``), then ``diagram_assets/words.js``, the t that
    looks them up. The book loads words.js on every page too; Jupyter has no _static, so each
    diagram, tool and race inlines it (it defines itself once)."""
    texts = set().union(*(script_texts(source) for source in sources))
    return f"{script_messages(texts)}<script>{WORDS_JS.read_text(encoding='utf-8')}</script>"


def script_json(data) -> str:
    """JSON that is safe inside <script type="application/json"> (no "</" can close the tag)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def script_messages(texts: Iterable[str]) -> str:
    """A <script> of JSON, English → 中文 for TEXTS, for the page's scripts (class rb-i18n)."""
    zh = chinese()
    found = {t: zh[t] for t in sorted(texts) if t in zh}
    return f'<script type="application/json" class="rb-i18n">{script_json(found)}</script>'


def _literal(token: str) -> str:
    """A JS string literal's text ("..." or '...')."""
    inner = token[1:-1]
    if token[0] == "'":
        inner = inner.replace("\\'", "'").replace('"', '\\"')
    return json.loads(f'"{inner}"')


def script_texts(source: str) -> set[str]:
    """The texts of every t("...") call in a script's source (t("a " + "b") is "a b")."""
    return {
        "".join(_literal(m.group(0)) for m in re.finditer(STRING, call.group(1)))
        for call in SCRIPT_CALL.finditer(source)
    }
