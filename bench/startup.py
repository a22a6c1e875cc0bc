"""The startup section: seconds from `streamlit run` to the first page's title in Chromium, the way a
lecturer starts the server and opens the app at once (a fresh server each time, the browser already up):
a server's very first start (an empty data folder) and a later one (the folder a previous start left)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.context import Bench, say
from bench.harness import browser_parts, launch, new_tab, serve
from bench.report import Row, count
from bench.ui import QUICK_SCALE
from har.i18n import t

TARGET_S = 3.0  # the budget for a lecture: the first page readable within 3 s
ROUNDS = 5  # fresh servers of each kind; the medians are reported
KINDS = {"first": "a server's first start (empty data folder)", "later": "a later start (data folder kept)"}


def measure(bench: Bench) -> dict:
    """Fresh servers, each opened at once on its first page: the median time to its title, per kind."""
    chromium, sync_playwright = browser_parts()  # Unavailable: the command line notes the section as skipped
    scale = QUICK_SCALE if bench.quick else 1.0
    rounds = 1 if bench.quick else max(ROUNDS, bench.rounds)
    folder = bench.tmp / "startup"
    out = {f"{kind}_{what}": [] for kind in KINDS for what in ("title_s", "healthy_s")} | {"scale": scale}
    with sync_playwright() as p:
        browser = launch(p, chromium)
        try:
            first_page(browser, folder / "kept", scale)  # untimed: leaves the folder a later start finds
            for r in range(rounds):
                for kind in ("first", "later") if r % 2 == 0 else ("later", "first"):
                    healthy, title = first_page(browser, folder / ("kept" if kind == "later" else f"new-{r}"), scale)
                    out[f"{kind}_healthy_s"].append(healthy)
                    out[f"{kind}_title_s"].append(title)
                    say(f"startup round {r + 1}, {kind} start: health check {healthy:.2f} s, title {title:.2f} s")
        finally:
            browser.close()
    runs = f"median of {count(rounds, 'fresh server')}, demo at scale {scale:g}"
    for kind, label in KINDS.items():
        median = out[f"{kind}_median_title_s"] = statistics.median(out[f"{kind}_title_s"])
        out[f"{kind}_median_healthy_s"] = statistics.median(out[f"{kind}_healthy_s"])
        title = f"`streamlit run` to the first page's title in Chromium, {label} ({runs})"
        bench.rows.append(Row("startup", title, median, "s", f"<= {TARGET_S:g} s", median <= TARGET_S))
    healthy = statistics.median(out["first_healthy_s"] + out["later_healthy_s"])
    bench.rows.append(Row("startup", "`streamlit run` to its health check answering (context)", healthy, "s"))
    return out


def first_page(browser, folder: Path, scale: float) -> tuple[float, float]:
    """(seconds to the health check, seconds to the Data page's title) of one fresh server on `folder`."""
    page = new_tab(browser)
    try:
        with serve(folder, scale=scale) as server:
            page.goto(server.url)
            page.get_by_role("heading", name=t("data.title")).wait_for()
            return server.healthy, time.perf_counter() - server.started
    finally:
        page.context.close()
