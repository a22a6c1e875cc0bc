"""An uploaded run record whose class names and id carry HTML, in a real Chromium against `streamlit run`: the
Compare page's charts show the markup as text, with no live link, no restyled label and no request outside."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from support.paths import TINY_SCALE

from bench.harness import WAIT_MS, chromium, new_tab, no_exception, serve
from har import runs

pytestmark = pytest.mark.browser

EVIL = "evil.example"
LINK = f'<a href="https://{EVIL}/login">Sign in</a>'
STYLE = '<span style="font-size:90px;color:red">BIG</span>'


def test_markup_in_an_uploaded_records_labels_stays_text_in_the_charts(tmp_path, tiny_record):
    names = tuple((LINK if i % 2 else STYLE) + str(i) for i in range(len(tiny_record.class_names)))
    record = replace(tiny_record, id=f"run {LINK}", dataset=replace(tiny_record.dataset, class_names=names))
    path = tmp_path / "forged.json"
    path.write_text(runs.dumps(record))
    requested = []
    with serve(tmp_path / "server", scale=float(TINY_SCALE)) as server, chromium() as browser:
        page = new_tab(browser)
        page.on("request", lambda r: requested.append(r.url))
        page.goto(f"{server.url}/compare")
        page.locator('[data-testid="stExpander"] summary').first.click()
        page.locator('input[type="file"]').set_input_files(str(path))
        plot = page.locator(".js-plotly-plot").first
        plot.wait_for(timeout=WAIT_MS)
        page.locator(".js-plotly-plot .xtick text").first.wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(1500)  # every chart drawn, and anything they asked for fetched
        no_exception(page)
        ticks = page.locator(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text").evaluate_all(
            "els => els.map(e => e.textContent)"
        )  # SVG text has no innerText
        assert any("Sign in</a>1" in t for t in ticks), ticks[:6]  # the markup, shown as the text it is
        assert any("<span style=" in t for t in ticks), ticks[:6]
        anchors = page.locator(".js-plotly-plot a").evaluate_all(
            "els => els.map(e => e.getAttribute('href') || e.getAttribute('xlink:href'))"
        )
        assert [a for a in anchors if a and EVIL in a] == [], anchors
        styled = page.locator(".js-plotly-plot tspan[style]").evaluate_all("els => els.map(e => e.style.cssText)")
        assert [s for s in styled if "90px" in s] == [], styled
        assert [url for url in requested if (urlsplit(url).hostname or "").endswith(EVIL)] == []
