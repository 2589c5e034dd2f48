"""The in-page race, run from Python: headless Chromium (Debian's, through Playwright; never a
downloaded browser) opens the race's page, presses Train and reads what the page measured.

    >>> results = run_browser_race(seed=7)      # the default race of chapter 1's HTML page
    >>> results["runs"][1]["train_error"][-1], results["seconds"], results["offsite_requests"]

``python -m resnet_book browser-race --seed 7 --json`` prints the same dict, shaped like
``python -m resnet_book degradation --json``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from urllib.parse import urlencode, urlparse

from resnet_book.browser_race import PRESETS, standalone_page

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_SCHEMES = ("file", "data", "blob")


class BrowserUnavailable(RuntimeError):
    """No Chromium or no Playwright on this machine."""


def _is_local(url: str) -> bool:
    parts = urlparse(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in ("127.0.0.1", "localhost")


def launch(playwright):
    """Debian's Chromium, headless."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise BrowserUnavailable("Chromium is not installed (Debian, Ubuntu: apt install chromium)")
    return playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


def run_browser_race(
    seed: int = 0, preset: str = "chapter1", timeout: float = 600, **settings
) -> dict:
    """Run one race in the page; return {seed, seconds, first_epoch_seconds, backend,
    ready_seconds, offsite_requests, config, runs: [{name, depth, residual, params, train_error,
    test_error, train_loss, seconds, status, message}]}; a run's ``seconds`` are the time its
    worker spent on its epochs (as ``degradation --json`` times each run).

    Train is pressed once the page says its engine is ready (``ready_seconds`` after the workers
    started: their set-up and a throw-away warm-up step); ``seconds`` and
    ``first_epoch_seconds`` are measured in the page from that press, as a reader meets them.
    ``settings`` (depths, nets, width, epochs, lr, n) go into the page's URL, so the page checks
    them as it checks a reader's link; a bad one raises a ValueError.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserUnavailable("Playwright is not installed: pip install playwright") from None
    values = {
        k: ",".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in settings.items()
    }
    query = urlencode({**values, "seed": seed}, safe=",")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = standalone_page(tmp, preset, predict=False)
        browser = launch(p)
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 900})
            offsite: list[str] = []

            def guard(route):
                if _is_local(route.request.url):
                    route.continue_()
                else:
                    offsite.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            page.goto(f"{page_file.as_uri()}#{query}")
            race = page.locator(".race")
            page.wait_for_function(
                "document.querySelector('.race').dataset.state === 'idle'", timeout=60_000
            )
            status = page.inner_text(".race-status")
            if status.startswith("⚠️"):
                raise ValueError(status.removeprefix("⚠️ The link's settings: "))
            # as a reader would: Train once the page says its engine is ready (initialised and
            # warmed up); the page times the race from the press of Train
            page.wait_for_function(
                "document.querySelector('.race').dataset.engine === 'ready'", timeout=60_000
            )
            ready_seconds = race.evaluate("el => el.readySeconds")
            page.click(".race-train")
            start = time.perf_counter()
            page.wait_for_function(  # polled 5 times a second, not every frame: the page's
                # main thread stays as free as a reader's (the race reports its own times)
                "['done', 'stopped'].includes(document.querySelector('.race').dataset.state)",
                timeout=timeout * 1000,
                polling=200,
            )
            results = race.evaluate("el => el.raceResults")
            results["wall_seconds"] = time.perf_counter() - start  # as Python saw it
            results["status_line"] = page.inner_text(".race-status")
        finally:
            browser.close()
    config = results.pop("settings")
    return {
        "seed": config["seed"],
        "seconds": results["seconds"],
        "first_epoch_seconds": results["first_epoch_seconds"],
        "backend": results["backend"],
        "ready_seconds": ready_seconds,
        "offsite_requests": len(offsite),
        "verdict": results["verdict"],
        "summary": results["status_line"],
        "config": config,
        "runs": results["runs"],
    }


def defaults(preset: str = "chapter1") -> dict:
    """The page's starting settings of a preset (what the race runs when nothing is changed)."""
    return dict(PRESETS[preset])
