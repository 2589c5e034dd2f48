"""The in-page shape checker and explorer: the JS rule against ``check_shapes``, the JSON table
against ``stage_table``. The JS runs in Node (skipped where Node is missing; the browser tests
check the page's messages too)."""

import itertools
import json
import re
import shutil
import subprocess
from collections import Counter

import pytest

from resnet_book.architecture import EXPLORER_DEPTHS, stage_table
from resnet_book.diagrams import ASSETS
from resnet_book.i18n import chinese, script_texts
from resnet_book.page_tools import explorer_page, explorer_table, shape_checker_page, shape_limits
from resnet_book.shortcuts import check_shapes

GOOD = ["1", "3", "16", "32", "64"]
BAD = ["0", "-5", "2049", "abc", "", "1.5", " 16 "]
OPTIONS = ["identity", "A", "B", "C", " b ", "a", "D", "", "Identity"]


def parse(text: str):
    """What the page does with a typed value (shape_rule.js's parseValue)."""
    return int(text) if re.fullmatch(r"[+-]?\d+", text.strip()) else text


def run_rule(cases: list[list], words: dict | None = None) -> list[dict]:
    """shape_rule.js's checkShapes on each case, in Node. With WORDS (English -> 中文), it gets a
    t() as a Chinese page's, and each result carries the templates it used ("used")."""
    node = shutil.which("node")
    if not node:
        pytest.skip("Node is not installed; the browser tests check the page's rule instead")
    script = (
        "const r = require(process.argv[1]); let s = '';"
        "process.stdin.on('data', d => s += d).on('end', () => {"
        "  const {cases, limits, words} = JSON.parse(s); let used = [];"
        "  const t = (text, v) => { used.push(text); return (words[text] || text)"
        "    .replace(/\\{(\\w+)\\}/g, (m, k) => v && k in v ? String(v[k]) : m); };"
        "  const out = cases.map(([i, o, st, opt, size]) => { used = [];"
        "    const res = r.checkShapes(r.parseValue(i), r.parseValue(o), r.parseValue(st), opt,"
        "      size, limits, words ? t : undefined);"
        "    if (words) { res.used = used; } return res; });"
        "  process.stdout.write(JSON.stringify(out)); });"
    )
    payload = json.dumps({"cases": cases, "limits": shape_limits(), "words": words})
    done = subprocess.run([node, "-e", script, str(ASSETS / "shape_rule.js")], input=payload,
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    return json.loads(done.stdout)


def python_rule(i, o, stride, option, size) -> dict:
    result = check_shapes(parse(i), parse(o), parse(stride), option, size)
    return json.loads(json.dumps(result))  # tuples -> lists, as JSON has them


def grid() -> list[list]:
    """Cases for the rule: every option on good channels, and every kind of bad input."""
    cases = [[i, o, s, opt, 8] for i, o in itertools.product(GOOD, GOOD)
             for s in ("1", "2") for opt in ("identity", "A", "B", "C")]  # fmt: skip
    cases += [[i, "32", "2", "A", 8] for i in BAD] + [["16", o, "1", "B", 8] for o in BAD]
    cases += [["16", "32", s, "A", 8] for s in ("0", "3", "-1", "x")]
    cases += [["16", "32", "2", opt, 8] for opt in OPTIONS]
    cases += [["64", "16", "2", "A", 8], ["1024", "1024", "1", "B", 32], ["16", "16", "1", "A", 0]]
    return cases


def test_the_page_rule_is_check_shapes_message_for_message():
    cases = grid()
    for case, page in zip(cases, run_rule(cases)):
        assert page == python_rule(*case), f"the page and Python disagree on {case}"


# What may stay in Latin letters in a Chinese message: code (parameter names, the formula),
# the values the reader typed (abc), the option names, the paper's W_s.
CODE = {"in_channels", "out_channels", "size", "option", "stride", "relu", "shortcut",
        "identity", "abc", "conv", "W_s"}  # fmt: skip
NUMBER = r"\d+(?:[.,]\d+)*"


def test_the_page_rule_speaks_chinese_on_a_chinese_page():
    """Every message and shortcut kind, whole, in Chinese; the numbers and the rest unchanged."""
    cases, zh = grid(), chinese()
    for case, english, page in zip(cases, run_rule(cases), run_rule(cases, zh)):
        untranslated = [text for text in page.pop("used") if text not in zh]
        assert not untranslated, f"not in resnet_book.po: {untranslated}"
        for key in ("message", "shortcut_kind"):
            en_text, zh_text = english.pop(key, None), page.pop(key, None)
            if en_text is None:
                continue
            assert re.search("[\u4e00-\u9fff]", zh_text), f"{case}: {zh_text!r}"
            left = set(re.findall(r"[A-Za-z_]{3,}", zh_text)) - CODE
            assert not left, f"{case}: English left in {zh_text!r}: {left}"
            numbers = Counter(re.findall(NUMBER, en_text))
            assert not numbers - Counter(re.findall(NUMBER, zh_text)), (en_text, zh_text)
        assert page == english, f"only the words may change: {case}"


def embedded_words(html: str) -> dict:
    """English -> 中文 of every JSON script (class rb-i18n) in a tool's HTML."""
    found = re.findall(r'<script type="application/json" class="rb-i18n">(.*?)</script>', html)
    return {k: v for data in found for k, v in json.loads(data).items()}


def test_the_tools_carry_their_chinese():
    """Labels with their Chinese beside them; every word of the scripts with its Chinese."""
    scripts = script_texts((ASSETS / "shape_rule.js").read_text(encoding="utf-8"))
    scripts |= script_texts((ASSETS / "page_tools.js").read_text(encoding="utf-8"))
    assert {"in_channels", "total", "{depth}-layer ({dataset})"} <= scripts
    checker = ["in channels", "out channels", "stride", "option", "This checker needs JavaScript"]
    explorer = ["depth", "plain", "This explorer needs JavaScript"]
    for tool, labels in ((shape_checker_page(), checker), (explorer_page(152), explorer)):
        html = tool._repr_html_()
        assert embedded_words(html) == {t: chinese()[t] for t in scripts}
        for text in labels:
            pair = re.search(rf'<span class="book-en">[^<]*{text}[^<]*</span>'
                             r'<span class="book-zh" hidden>([^<]+)</span>', html)  # fmt: skip
            assert pair and re.search("[\u4e00-\u9fff]", pair[1]), f"{text}: no Chinese"


def test_the_explorer_table_is_the_stage_table():
    table = explorer_table()
    assert [d for d, _ in table["depths"]] == list(EXPLORER_DEPTHS)
    assert len(table["nets"]) == 2 * len(EXPLORER_DEPTHS)
    assert table["nets"]["50-resnet"] == stage_table(50)
    assert table["nets"]["56-plain"] == stage_table(56, residual=False)
    total = sum(r["params"] for r in table["nets"]["18-resnet"])
    assert total == 11_689_512  # torchvision's ResNet-18


def test_the_pages_are_self_contained_and_say_what_to_do_without_js():
    for tool in (shape_checker_page(), explorer_page(152)):
        html = tool._repr_html_()
        assert "http" not in html and "needs JavaScript" in html
        data = re.search(r'class="rp-data">(.*?)</script>', html).group(1)
        json.loads(data)
    with pytest.raises(ValueError, match="depth must be one of"):
        explorer_page(21)
    assert 'value="&lt;b&gt;"' in shape_checker_page("<b>")._repr_html_()
