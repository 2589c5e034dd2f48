"""What every browser test shares: where the built book is, and how to say it is missing.

The fixtures `server`, `browser` and `page` live in conftest.py; test modules import the rest:
``from chromium import HTML_DIR, ROOT, unavailable``.
"""

import http.server
import os
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HTML_DIR = ROOT / os.environ.get("RESNET_BOOK_HTML", "_build/html")
SHOTS = Path("/tmp/quiz_shots")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
BOOK_PAGES = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
CJK = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character (CJK Unified Ideographs)
# Errors the theme's own scripts raise on every page: not ours to fix.
THIRD_PARTY_ERRORS = ["Identifier 'THEBE_JS_URL' has already been declared"]


def unavailable(reason: str):
    """Skip on a laptop; fail in CI, where everything must be there."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def our_errors(errors: list[str]) -> list[str]:
    """A page's JavaScript errors, less the theme's known ones."""
    return [e for e in errors if not any(known in e for known in THIRD_PARTY_ERRORS)]


def visit(page, server: str, name: str, width: int = 1000):
    """Open a built page at WIDTH px and wait until it has loaded."""
    if not (HTML_DIR / f"{name}.html").is_file():
        unavailable(f"{HTML_DIR}/{name}.html is missing: run `make book-test` (both editions)")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server}/{name}.html")
    page.wait_for_load_state("load")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
