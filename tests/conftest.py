"""Shared pytest setup: the `browser` marker, and the fixtures of the tests that drive headless
Chromium (`server`, `browser`, `page`; see chromium.py for the rest)."""

import functools
import http.server
import shutil
import threading
from urllib.parse import urlparse

import pytest
from chromium import CHROMIUM_ARGS, HTML_DIR, QuietHandler, unavailable


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: needs a built book and Chromium; run with `pytest -m browser`"
    )


@pytest.fixture(scope="module")
def server():
    """The built book served on 127.0.0.1 at a free port, for the duration of the module."""
    if not (HTML_DIR / "index.html").is_file():
        unavailable(f"no built book in {HTML_DIR}: run `make book-test` first")
    handler = functools.partial(QuietHandler, directory=str(HTML_DIR))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        unavailable("chromium is not installed (Debian: apt install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page (empty storage) that blocks and records every request leaving the machine."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if urlparse(url).hostname in ("127.0.0.1", "localhost") or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.outside, pg.errors = outside, errors
    yield pg
    context.close()
