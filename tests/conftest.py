"""Shared pytest setup: the `browser` marker (tests that drive headless Chromium)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: needs a built book and Chromium; run with `pytest -m browser`"
    )
