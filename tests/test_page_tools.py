"""The in-page shape checker and explorer: the JS rule against ``check_shapes``, the JSON table
against ``stage_table``. The JS runs in Node (skipped where Node is missing; the browser tests
check the page's messages too)."""

import itertools
import json
import re
import shutil
import subprocess

import pytest

from resnet_book.architecture import EXPLORER_DEPTHS, stage_table
from resnet_book.diagrams import ASSETS
from resnet_book.page_tools import explorer_page, explorer_table, shape_checker_page, shape_limits
from resnet_book.shortcuts import check_shapes

GOOD = ["1", "3", "16", "32", "64"]
BAD = ["0", "-5", "2049", "abc", "", "1.5", " 16 "]
OPTIONS = ["identity", "A", "B", "C", " b ", "a", "D", "", "Identity"]


def parse(text: str):
    """What the page does with a typed value (shape_rule.js's parseValue)."""
    return int(text) if re.fullmatch(r"[+-]?\d+", text.strip()) else text


def run_rule(cases: list[list]) -> list[dict]:
    node = shutil.which("node")
    if not node:
        pytest.skip("Node is not installed; the browser tests check the page's rule instead")
    script = (
        "const r = require(process.argv[1]); let s = '';"
        "process.stdin.on('data', d => s += d).on('end', () => {"
        "  const {cases, limits} = JSON.parse(s);"
        "  const out = cases.map(([i, o, st, opt, size]) => r.checkShapes(r.parseValue(i),"
        "    r.parseValue(o), r.parseValue(st), opt, size, limits));"
        "  process.stdout.write(JSON.stringify(out)); });"
    )
    payload = json.dumps({"cases": cases, "limits": shape_limits()})
    done = subprocess.run([node, "-e", script, str(ASSETS / "shape_rule.js")], input=payload,
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    return json.loads(done.stdout)


def python_rule(i, o, stride, option, size) -> dict:
    result = check_shapes(parse(i), parse(o), parse(stride), option, size)
    return json.loads(json.dumps(result))  # tuples -> lists, as JSON has them


def test_the_page_rule_is_check_shapes_message_for_message():
    cases = [[i, o, s, opt, 8] for i, o in itertools.product(GOOD, GOOD)
             for s in ("1", "2") for opt in ("identity", "A", "B", "C")]  # fmt: skip
    cases += [[i, "32", "2", "A", 8] for i in BAD] + [["16", o, "1", "B", 8] for o in BAD]
    cases += [["16", "32", s, "A", 8] for s in ("0", "3", "-1", "x")]
    cases += [["16", "32", "2", opt, 8] for opt in OPTIONS]
    cases += [["64", "16", "2", "A", 8], ["1024", "1024", "1", "B", 32], ["16", "16", "1", "A", 0]]
    for case, page in zip(cases, run_rule(cases)):
        assert page == python_rule(*case), f"the page and Python disagree on {case}"


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
