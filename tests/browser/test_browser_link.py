"""A shared link whose values carry markup, in a real Chromium against `streamlit run`: the sidebar's note quotes
them as plain text, with no live link, no image and no request to the host they name."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest
from support.paths import TINY_SCALE

from bench.harness import WAIT_MS, chromium, new_tab, no_exception, serve

pytestmark = pytest.mark.browser

EVIL = "evil.example"
HOSTILE = {
    "rh": f"[Sign in again](https://{EVIL}/login)",
    "preset": f"![x](https://{EVIL}/x.png)",
    "rl": f"<img src=https://{EVIL}/y.png>",
    "ep": f"www.{EVIL}/z",
    "bs": f"teacher@{EVIL}",
    "ck": f"https://{EVIL}/bare",
}


def test_markup_in_a_link_is_shown_as_plain_text_and_fetches_nothing(tmp_path):
    requested = []
    with serve(tmp_path, scale=float(TINY_SCALE)) as server, chromium() as browser:
        page = new_tab(browser)
        page.on("request", lambda r: requested.append(r.url))
        page.goto(f"{server.url}/?{urlencode(HOSTILE)}")
        sidebar = page.locator('[data-testid="stSidebar"]')
        notes = sidebar.locator('[data-testid="stAlertContainer"]')
        notes.filter(has_text="Sign in again").first.wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(1500)  # any image the note asked for would be fetched by now
        no_exception(page)
        text = sidebar.inner_text()
        for value in HOSTILE.values():
            assert value[:40] in text  # each value is quoted as it was typed
        hrefs = notes.locator("a").evaluate_all("els => els.map(e => e.href)")
        images = sidebar.locator("img").evaluate_all("els => els.map(e => e.src)")
        assert hrefs == [], hrefs
        assert [src for src in images if EVIL in src] == []
        links = sidebar.locator("a").evaluate_all("els => els.map(e => e.href)")
        assert [a for a in links if (urlsplit(a).hostname or "").endswith(EVIL)] == []
        assert [url for url in requested if (urlsplit(url).hostname or "").endswith(EVIL)] == []
        assert requested  # the listener saw the page's own requests
