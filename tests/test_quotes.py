"""Every paper quote the book uses is in quizzes/quotes.yaml, and each of those is exact.

Chapter convention (quizzes/README.md): `"exact words …" (§4.2)`, in a blockquote or inline;
"…" marks words left out; the section must be the quote's section; only English is quoted.
"""

import json
import re
from pathlib import Path

import pytest

from resnet_book import quiz

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "paper" / "facts.md"
QUOTES = quiz.load_quotes()
SECTIONS = [s for s in quiz.load_schema()["$defs"]["question"]["properties"]["ref"]["enum"]]
SECTION_RE = r"Abstract|§\d(?:\.\d)?|Fig\. \d|Table \d{1,2}"
END_RE = re.compile(rf'"\s*\((?P<sec>{SECTION_RE})\)')
GAP_RE = re.compile(r"…|\.\.\.|\[(?![\d,\s]+\])[^\]]*\]|\(sic\)")  # "[16]" stays: it is text
FENCE_RE = re.compile(r"^\s*(```|~~~)(?!\{)")  # code fences; MyST directives (```{note}) are prose
CJK = re.compile(r"[\u3400-\u9fff]")


def normalise(text: str) -> str:
    """Compare what a reader sees: straight quotes, no footnote marks or emphasis, single spaces."""
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("*", "")
    text = re.sub(r"[¹²³⁴⁵]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def find_quotes(text: str) -> list[tuple[str, str]]:
    """(quoted words, section) for each `"…" (§x)` in one paragraph of normalised text."""
    found, start = [], 0
    for m in END_RE.finditer(text):
        marks = [i for i in range(start, m.start()) if text[i] == '"']
        # the opening mark: the latest one that starts a word and leaves inner quotes paired
        for k in range(len(marks) - 1, -1, -1):
            i, inner = marks[k], len(marks) - 1 - k
            opens = (i == 0 or text[i - 1] in " ([>:—–-") and not text[i + 1].isspace()
            if inner % 2 == 0 and opens:
                found.append((text[i + 1 : m.start()], m["sec"]))
                break
        start = m.end()
    return found


def paragraphs(markdown: str) -> list[str]:
    """Blockquotes and prose paragraphs of a markdown text (code blocks left out), normalised."""
    out, current, in_code = [], [], False
    for line in markdown.splitlines() + [""]:
        if FENCE_RE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        line = re.sub(r"`[^`]*`", "", re.sub(r"^\s*(>\s?)+", "", line))  # inline code is no quote
        if line.strip():
            current.append(line)
        elif current:
            out.append(normalise(" ".join(current)))
            current = []
    return out


def check_quote(words: str, section: str) -> str | None:
    """None when the quote is in quotes.yaml under that section, else what is wrong."""
    if CJK.search(words):
        return "Chinese text in a paper quote: the paper is English (translate without quotes)"
    fragments = [f.strip() for f in GAP_RE.split(words) if f.strip()]
    if not fragments:
        return "only an ellipsis: quote at least a few words"
    places = []
    for entry in QUOTES.values():
        text, pos = normalise(entry["text"]), 0
        for fragment in fragments:
            pos = text.find(fragment, pos)
            if pos < 0:
                break
            pos += len(fragment)
        else:
            places.append(entry)
    if any(e["section"] == section for e in places):
        return None
    if places:
        return f"the section is {places[0]['section']} (quote id {places[0]['id']}), not {section}"
    return "not in quizzes/quotes.yaml: copy the exact words from facts.md into it first"


def markdown_sources() -> list[tuple[str, str]]:
    """(name, markdown) for each markdown cell of the chapters, and each .md page of the book."""
    out = []
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for n, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                out.append((f"{nb.name} cell {n}", "".join(cell["source"])))
    for md in sorted([*ROOT.glob("*.md"), *(ROOT / "chapters").glob("*.md")]):
        if md.name != "README.md":
            out.append((md.name, md.read_text(encoding="utf-8")))
    return out


def test_quote_list_is_well_formed():
    assert len(QUOTES) >= 100
    for qid, entry in QUOTES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid), f"{qid}: ids are kebab-case"
        assert set(entry) == {"id", "section", "text"}, f"{qid}: keys are id, section, text"
        assert entry["section"] in SECTIONS, f"{qid}: unknown section {entry['section']!r}"
        assert not CJK.search(entry["text"]), f"{qid}: the paper is English"
        assert "conclusion" not in entry["text"].lower(), f"{qid}: the paper has no Conclusion"


@pytest.mark.skipif(not FACTS.is_file(), reason=f"{FACTS} not found (a clone without ../shared)")
def test_every_quote_is_word_for_word_in_facts():
    facts = FACTS.read_text(encoding="utf-8")
    missing = [qid for qid, e in QUOTES.items() if e["text"] not in facts]
    assert not missing, f"not found word for word in facts.md: {missing}"


def test_every_chapter_quote_is_in_the_quote_list():
    problems = []
    for name, markdown in markdown_sources():
        for para in paragraphs(markdown):
            for words, section in find_quotes(para):
                why = check_quote(words, section)
                if why:
                    problems.append(f'{name}: "{words[:70]}…" ({section}): {why}')
    assert not problems, "\n".join(problems)


GOOD = """Some prose, with a "word" in quotes.

> "Unexpectedly, such degradation is not caused by overfitting, and adding more layers
> to a suitably deep model leads to higher training error …" (§1)

Inline: the authors "argue that this is because of overfitting" (§4.2), and the 1202 net
"may be unnecessarily large (19.4M) for this small dataset" (§4.2).

> "Concurrent with our work, "highway networks" [42, 43] present shortcut connections …
> in contrast to our identity shortcuts that are parameter-free." (§2)

> "The baseline architectures are the same as the above plain nets, [except] that a shortcut
> connection is added to each pair of 3×3 filters" (§4.1)

> “We conjecture that the deep plain nets may have exponentially low convergence rates,
> which impact the reducing of the training error³.” (§4.1)

```python
print("this is code, not a quote") # (§1)
```

Write quotes as `> "…" (§4.2)`.
"""


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ('> "ResNets solve the vanishing gradient problem." (§1)', "not in quizzes/quotes.yaml"),
        ('> "such degradation is not caused by overfitting" (§4.1)', "the section is §1"),
        ('the paper says "This 103-layer network" (§4.2).', "not in quizzes/quotes.yaml"),
        ('"The 1202-layer network may be unnecessarily large for this" (§4.2)', "not in quizzes"),
        ('> "退化问题不是由过拟合引起的" (§1)', "Chinese text in a paper quote"),
        ('> "In conclusion, deeper is better." (Abstract)', "not in quizzes/quotes.yaml"),
    ],
)
def test_checker_catches_bad_quotes(markdown, expected):
    quotes = [q for p in paragraphs(markdown) for q in find_quotes(p)]
    assert len(quotes) == 1
    assert expected in (check_quote(*quotes[0]) or "")


def test_checker_accepts_good_quotes():
    quotes = [q for p in paragraphs(GOOD) for q in find_quotes(p)]
    assert [s for _, s in quotes] == ["§1", "§4.2", "§4.2", "§2", "§4.1", "§4.1"]
    assert [check_quote(*q) for q in quotes] == [None] * 6
