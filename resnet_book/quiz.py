"""Chapter quizzes: load a question bank, check it, and show it in Jupyter or the HTML book.

Banks live in ``quizzes/NN_topic.yaml`` (format: ``quizzes/README.md``); exact paper quotes live in
``quizzes/quotes.yaml``. The output is self-contained HTML + CSS + JS (nothing from the network)
with ids derived from chapter and question id, so it is byte-identical from run to run.

Usage: ``from resnet_book import quiz; quiz.show("01_degradation")``
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import yaml
from IPython.display import HTML

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "quiz_assets"
# The repository's quizzes/; a pip-installed package (Colab) may ship a copy as quiz_assets/banks.
QUIZ_DIR = next((d for d in (ROOT / "quizzes", ASSETS / "banks") if d.is_dir()), ROOT / "quizzes")
CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_CHAR = "[\u201c\u201d\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"  # ideographs, punctuation
# A gap between two Chinese characters (also across the tags of `code` and **bold**), or after
# Chinese closing punctuation such as "。" or "，" (which already carries its own space).
_CJK_BEFORE = "|".join(f"(?<={_CJK_CHAR}{tag})" for tag in ("", "</strong>", "</code>"))
_CJK_CLOSE = "[\u3001\u3002\u300b\u300d\u300f\u3011\uff01\uff09\uff0c\uff1a\uff1b\uff1f]"
CJK_GAP = re.compile(f"(?:{_CJK_BEFORE}) +(?=(?:<strong>|<code>)?{_CJK_CHAR})|(?<={_CJK_CLOSE}) +")
LANGS = ("en", "zh")

# Interface strings, in both languages; the JS shows the one matching the reader's choice.
UI = {
    "check": ("Check ✔️", "检查答案 ✔️"),
    "reset": ("↺ Reset score", "↺ 重置分数"),
    "multi": ("Choose all that apply.", "多选：选出所有正确的选项。"),
    "quote": ("📜 From the paper", "📜 论文原文"),
    "right_single": ("✅ Correct!", "✅ 答对了！"),
    "wrong_single": ("❌ Not this one.", "❌ 不是这个。"),
    "right_multi": ("✅ This one belongs in the answer.", "✅ 这个选项应该选。"),
    "wrong_multi": ("❌ This one does not belong.", "❌ 这个选项不该选。"),
    "nojs": (
        "⚠️ Run this cell (or trust the notebook) to make the quiz clickable.",
        "⚠️ 运行这个单元格（或信任这个 notebook），测验才能点击。",
    ),
}


def chapters() -> list[str]:
    """Chapters that have a question bank, e.g. ``["00_how_to_use", "07_review"]``."""
    return sorted(p.stem for p in QUIZ_DIR.glob("[0-9][0-9]_*.yaml"))


def load_bank(chapter: str) -> dict[str, Any]:
    """Read ``quizzes/<chapter>.yaml`` as a dict (not validated; see ``validate_bank``)."""
    path = QUIZ_DIR / f"{chapter}.yaml"
    if not path.is_file():
        raise ValueError(
            f"no quiz bank for chapter {chapter!r} (looked for {path}); "
            f"banks exist for: {', '.join(chapters()) or 'none'}"
        )
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_quotes() -> dict[str, dict[str, str]]:
    """The book's exact paper quotes, ``{id: {"id", "section", "text"}}``, from quotes.yaml."""
    with (QUIZ_DIR / "quotes.yaml").open(encoding="utf-8") as f:
        entries = yaml.safe_load(f)
    return {e["id"]: e for e in entries}


def load_schema() -> dict[str, Any]:
    """The JSON schema every bank must satisfy (``quizzes/schema.json``)."""
    return json.loads((QUIZ_DIR / "schema.json").read_text(encoding="utf-8"))


def validate_bank(bank: dict[str, Any], quotes: dict[str, Any]) -> list[str]:
    """Problems in a bank as readable strings (empty when the bank is fine)."""
    import jsonschema  # here, not at the top: importing it can take seconds (format plug-ins)

    name = bank.get("chapter", "?") if isinstance(bank, dict) else "?"
    validator = jsonschema.Draft202012Validator(load_schema())
    problems = [
        f"{name}: {'/'.join(map(str, e.absolute_path)) or '(top level)'}: {e.message}"
        for e in sorted(validator.iter_errors(bank), key=lambda e: list(map(str, e.path)))
    ]
    # The checks below assume the shape is right.
    return problems or _content_problems(bank, quotes)


def _content_problems(bank: dict[str, Any], quotes: dict[str, Any]) -> list[str]:
    """What the schema cannot say: unique ids, the right number of correct options, known
    quotes, Chinese where Chinese is due. Raises KeyError or TypeError on a malformed bank."""
    name, problems = bank["chapter"], []
    prefix = name[:2] + "-"
    seen: set[str] = set()
    for q in bank["questions"]:
        qid, where = q["id"], f"{name}: question {q['id']!r}"
        if qid in seen:
            problems.append(f"{where}: id is used twice; ids must be unique")
        seen.add(qid)
        if not qid.startswith(prefix):
            problems.append(f"{where}: id must start with the chapter number {prefix!r}")
        n_right = sum(o["correct"] for o in q["options"])
        if q["type"] == "single" and n_right != 1:
            problems.append(
                f"{where}: a single-choice question needs exactly 1 correct option, "
                f"found {n_right} (use type: multiple for more)"
            )
        if q["type"] == "multiple" and n_right < 1:
            problems.append(f"{where}: a multiple-choice question needs at least 1 correct option")
        if "quote" in q and q["quote"] not in quotes:
            problems.append(
                f"{where}: quote {q['quote']!r} is not in quizzes/quotes.yaml; "
                "add it there (copied word for word from facts.md) or fix the id"
            )
        # Option texts may be names or numbers ("MNIST", "6.43%"); sentences must be Chinese.
        texts = [("question", q["question"])]
        texts += [
            (f"option {chr(65 + i)} feedback", o["feedback"]) for i, o in enumerate(q["options"])
        ]
        problems += [
            f"{where}: {label}: zh text has no Chinese characters"
            for label, t in texts
            if not CJK.search(t["zh"])
        ]
    return problems


def _inline(text: str) -> str:
    """Escape text, then render `code`, **bold** and blank-line paragraph breaks."""
    out = html.escape(text.strip(), quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"\s*\n\s*\n\s*", "<br><br>", out).replace("\n", " ")
    return CJK_GAP.sub("", out)  # YAML folds lines with a space; Chinese takes none


def _both(text: dict[str, str] | tuple[str, str], tag: str = "span") -> str:
    """The same text in both languages; CSS hides the one the reader did not choose."""
    en, zh = (text["en"], text["zh"]) if isinstance(text, dict) else text
    return (
        f'<{tag} class="rq-en" lang="en">{_inline(en)}</{tag}>'
        f'<{tag} class="rq-zh" lang="zh-Hans">{_inline(zh)}</{tag}>'
    )


def _question_html(chapter: str, number: int, q: dict[str, Any], quotes: dict[str, Any]) -> str:
    """One question as an HTML <section>; option buttons carry their own feedback."""
    multi = q["type"] == "multiple"
    qid = f"rq-{chapter}-{q['id']}"
    stars = "⭐" * q["difficulty"]
    parts = [
        f'<section class="rq-q" id="{qid}" data-qid="{q["id"]}" data-type="{q["type"]}">',
        f'<div class="rq-meta"><span class="rq-num">Q{number}</span>',
        f'<span class="rq-diff" title="difficulty {q["difficulty"]} of 3">{stars}</span>',
        f'<span class="rq-ref">📖 {html.escape(q["ref"])}</span></div>',
        f'<p class="rq-text">{_both(q["question"])}</p>',
    ]
    if multi:
        parts.append(f'<p class="rq-hint">{_both(UI["multi"])}</p>')
    parts.append('<div class="rq-opts">')
    for i, o in enumerate(q["options"]):
        verdict = UI[("right_" if o["correct"] else "wrong_") + ("multi" if multi else "single")]
        pressed = ' aria-pressed="false"' if multi else ""
        parts.append(
            f'<div class="rq-row"><button type="button" class="rq-opt" data-c="{int(o["correct"])}"'
            f'{pressed}><span class="rq-letter">{chr(65 + i)}</span>'
            f'<span class="rq-label">{_both(o["text"])}</span></button>'
            f'<div class="rq-fb" id="{qid}-fb{i}" aria-live="polite">'
            # The space after the verdict is English only: Chinese "。" needs none.
            f'<strong>{_both(verdict)}</strong><span class="rq-en"> </span>'
            f"{_both(o['feedback'])}</div></div>"
        )
    parts.append("</div>")
    if multi:
        parts.append(f'<button type="button" class="rq-check">{_both(UI["check"])}</button>')
    parts.append('<p class="rq-result" aria-live="polite"></p>')
    if "quote" in q:
        quote = quotes[q["quote"]]
        label = f'<span class="rq-quote-label">{_both(UI["quote"])}</span>'
        parts.append(
            f'<blockquote class="rq-quote">{label} '
            f'<span lang="en">“{html.escape(quote["text"])}”</span> '
            f"<cite>({html.escape(quote['section'])})</cite></blockquote>"
        )
    parts.append("</section>")
    return "".join(parts)


def render(chapter: str, ids: list[str] | None = None, lang: str = "en") -> str:
    """The quiz as one self-contained HTML string (what ``show`` displays)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}; got {lang!r}")
    bank, quotes = load_bank(chapter), load_quotes()
    try:  # the quick checks; the full schema only when the bank is malformed
        problems = _content_problems(bank, quotes)
    except (KeyError, TypeError, AttributeError):
        problems = validate_bank(bank, quotes)
    if problems:
        raise ValueError(f"quizzes/{chapter}.yaml has problems:\n  " + "\n  ".join(problems))
    numbered = {q["id"]: (n, q) for n, q in enumerate(bank["questions"], start=1)}
    wanted = list(numbered) if ids is None else list(ids)
    unknown = [i for i in wanted if i not in numbered]
    if unknown:
        raise ValueError(
            f"unknown question id(s) {unknown} in {chapter}; this bank has: {', '.join(numbered)}"
        )
    css = (ASSETS / "quiz.css").read_text(encoding="utf-8")
    js = (ASSETS / "quiz.js").read_text(encoding="utf-8")
    body = "".join(_question_html(chapter, *numbered[i], quotes) for i in wanted)
    toggle = (
        '<button type="button" class="rq-lang" aria-label="Language / 语言">'
        '<span class="rq-lang-en">EN</span> / <span class="rq-lang-zh">中文</span></button>'
    )
    return (
        f"<style>{css}</style>"
        f'<div class="rq-quiz" data-chapter="{chapter}" data-lang="{lang}" '
        f'data-ids="{" ".join(numbered)}" lang="{"en" if lang == "en" else "zh-Hans"}">'
        f'<div class="rq-top"><div class="rq-title">🧩 {_both(bank["title"])}</div>{toggle}</div>'
        f'<p class="rq-nojs">{_both(UI["nojs"])}</p>{body}'
        f'<div class="rq-bottom"><span class="rq-score" aria-live="polite"></span>'
        f'<button type="button" class="rq-reset">{_both(UI["reset"])}</button></div>'
        f"</div><script>{js}</script>"
    )


def show(chapter: str, ids: list[str] | None = None, lang: str = "en") -> HTML:
    """Display a chapter's quiz (or the questions ``ids``, in that order) in a notebook or book.

    Args:
        chapter: bank name, e.g. ``"01_degradation"`` for ``quizzes/01_degradation.yaml``.
        ids: question ids to show; ``None`` shows the whole bank.
        lang: starting language, ``"en"`` or ``"zh"``; readers can toggle (the choice is kept).
    """
    return HTML(render(chapter, ids, lang))
