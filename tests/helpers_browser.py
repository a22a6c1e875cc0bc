"""What the real-browser tests share: Chromium with the flags this machine needs, and reading a page's text."""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager

from bench.ui import CHROMIUM_FLAGS

WAIT_MS = 120_000  # generous: the CI machine may be busy; nothing here is a speed check


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def new_tab(browser, **options):
    """A page in a context of its own: its own cookies, so its own Streamlit session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US", **options)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    return page


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def wait_for_text(page, pattern: str, seconds: float = WAIT_MS / 1000) -> re.Match:
    """Wait until the page's main area matches `pattern` (a regular expression); return the match."""
    deadline = time.monotonic() + seconds
    while True:
        found = re.search(pattern, main_text(page))
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{pattern!r} not on the page within {seconds:.0f} s: {main_text(page)[:500]!r}")
        page.wait_for_timeout(200)


def no_exception(page):
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()
