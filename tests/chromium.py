"""What every browser test shares: where the built book is, and how to say it is missing.

The fixtures `server`, `browser` and `page` live in conftest.py; test modules import the rest:
``from chromium import HTML_DIR, ROOT, unavailable``.
"""

import http.server
import os
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


def unavailable(reason: str):
    """Skip on a laptop; fail in CI, where everything must be there."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
