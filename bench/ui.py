"""The ui section: what the dashboard costs a training as a student sees it. Headless Chromium presses
"Train both" on a real `streamlit run` server; the time the page reports is raced against the bare
engine replaying the same run (models, split, settings, threads) in fresh processes, as the server ran it."""

from __future__ import annotations

import re
import time
from pathlib import Path

from bench.context import Bench, median_ratio, run_probe, run_probes_together, say
from bench.harness import Unavailable, browser_parts, launch, new_tab, serve
from bench.report import Row, count
from dashboard.server import LIMITER
from har.i18n import t, template
from har.presets import config_to_dict
from har.runs import EpochScores, RunRecord, load

WAIT_MS = 600_000  # a full-size training on a busy machine; nothing here is a timeout on speed
POLL_S = 0.25  # how often the harness looks for the 'Finished' line
QUICK_SCALE = 0.05  # the demo share served in quick mode, as the app tests serve it
TARGET = 1.15  # dashboard / bare engine, as for the background job in the app section


def measure(bench: Bench) -> dict:
    """Rounds of one training from the Train page and one bare replay; skipped, with the reason in the
    table, where this machine has no browser to drive."""
    try:
        chromium, sync_playwright, scale, epochs, rounds, folder = browser_section(bench, "ui", 2)
    except Unavailable as e:
        return bench.skip("ui", str(e))
    with serve(folder, scale=scale) as server, sync_playwright() as p:
        url, browser = server.url, launch(p, chromium)
        try:
            # untimed: the server's first training pays one-off imports the bare replay has paid before timing
            train_on_page(browser, url, 1, folder / "warm-up.json", seed=999)
            sides, record_path, threads = race(browser, url, folder, epochs, rounds, scale)
        finally:
            browser.close()
    record = load(record_path)
    out = {f"{k}_s": v for k, v in sides.items()}  # seconds per round, each side
    out |= {
        "shown_over_engine": median_ratio(sides["shown"], sides["engine"]),
        "waited_over_engine": median_ratio(sides["waited"], sides["engine"]),
        "epochs_over_engine_epochs": median_ratio(sides["page_epochs"], sides["engine_epochs"]),
        "epochs": epochs,
        "scale": scale,
        "clips": record.dataset.n,
        "threads": threads,
        "models": {name: config_to_dict(c) for name, c in record.model_configs().items()},
    }
    bench.rows += rows(out, rounds)
    return out


def race(browser, url: str, folder: Path, epochs: int, rounds: int, scale: float) -> tuple[dict, Path, int]:
    """The page first, then B A, A B, ...: the bare replay needs a record to replay. Returns the
    seconds of each side per round, the last record and the bare replay's torch threads."""
    sides = {"shown": [], "waited": [], "page_epochs": [], "engine": [], "engine_epochs": []}
    record_path, threads = None, None
    for r in range(rounds):
        for side in ("page", "engine") if r % 2 == 0 else ("engine", "page"):
            if side == "page":
                shown, waited, record_path = train_on_page(browser, url, epochs, folder / f"{r}.json", seed=r)
                sides["shown"].append(shown)
                sides["waited"].append(waited)
                sides["page_epochs"].append(sum(h.seconds for h in histories(load(record_path))))
            else:
                replay = bare_replay(record_path, scale)
                sides["engine"].append(replay["seconds"])
                sides["engine_epochs"].append(replay["epoch_seconds"])
                threads = replay["threads"]
        say(f"ui round {r + 1}: page {sides['shown'][-1]:.1f}s, bare engine {sides['engine'][-1]:.2f}s")
    return sides, record_path, threads


def bare_replay(record_path: Path, scale: float) -> dict:
    """The page's run through the bare engine, trained as the server trains it: on an idle server with
    two slots or more the two models race, one process each (two probes side by side); else they take
    turns in one process."""
    if LIMITER.slots < 2:
        return run_probe("engine", record_path, scale)[0]
    names = list(load(record_path).models)
    sides = run_probes_together(*[("engine", record_path, scale, name) for name in names])
    return {
        "seconds": max(s["seconds"] for s in sides),
        "epoch_seconds": sum(s["epoch_seconds"] for s in sides),
        "threads": sides[0]["threads"],
    }


def rows(out: dict, rounds: int) -> list[Row]:
    runs = f"{out['epochs']}-epoch runs of both default models on {out['clips']} clips, {count(rounds, 'round')}"
    shown = out["shown_over_engine"]
    return [
        Row("ui", f"Train page: the time it reports / bare engine ({runs})", shown, "x", "<= 1.15x", shown <= TARGET),
        Row("ui", "Train page: the epochs' own seconds / bare engine's", out["epochs_over_engine_epochs"], "x"),
        Row("ui", "Train page: click to 'Finished' seen / bare engine (context)", out["waited_over_engine"], "x"),
    ]


def browser_section(bench: Bench, section: str, epochs: int) -> tuple:
    """What a browser section runs with: (Chromium's path, `sync_playwright`, demo scale, epochs per
    training, rounds, its folder); tiny and once in quick mode. Unavailable without a browser to drive."""
    chromium, sync_playwright = browser_parts()
    scale, epochs, rounds = (QUICK_SCALE, 1, 1) if bench.quick else (1.0, epochs, bench.rounds)
    return chromium, sync_playwright, scale, epochs, rounds, bench.tmp / section


def train_on_page(browser, url: str, epochs: int, record_path: Path, seed: int = 0) -> tuple[float, float, Path]:
    """One 'Train both' in a fresh session on training seed `seed`: (seconds the page reports, seconds from click
    to 'Finished' seen, the run record downloaded from the Compare page). Each timed round takes a seed of its
    own: the run store serves a setup it already holds at once, and that is not a training."""
    page = new_tab(browser, timeout_ms=WAIT_MS)
    try:
        page.goto(f"{url}/?seed={seed}")
        open_page(page, "nav.train")
        set_slider(page, t("setting.train.epochs"), epochs)
        finished_text, seconds = finished_pattern(epochs)
        finished = page.get_by_text(finished_text)
        failed = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        start = time.perf_counter()
        page.get_by_role("button", name=t("train.start")).click()
        while not (finished.count() or failed.count()):  # a glance every POLL_S: a waiting loop in
            page.wait_for_timeout(1000 * POLL_S)  # the page would take a core from the training it times
        waited = time.perf_counter() - start
        if not finished.count():
            raise RuntimeError(f"the Train page did not finish: {failed.first.inner_text()[:300]}")
        shown = float(seconds.search(finished.first.inner_text())["seconds"])
        open_page(page, "nav.compare")
        with page.expect_download() as download:
            page.get_by_role("button", name=t("compare.download_run")).click()
        download.value.save_as(record_path)
        asked = load(record_path).config.train.epochs
        if asked != epochs:
            raise RuntimeError(f"the Train page trained {count(asked, 'epoch')}, not the {epochs} set on its slider")
        return shown, waited, record_path
    finally:
        page.context.close()


def open_page(page, title_key: str) -> None:
    """Follow the sidebar's link to a page, as a student does (the session and its state are kept)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=t(title_key)).click()


def set_slider(page, label: str, value: int) -> None:
    """Move the slider labelled `label` to `value` with the keyboard, as a student would.

    While a rerun draws the page, Streamlit can show the slider twice (the stale copy fades out),
    so each try starts once the page is idle with one slider left, and succeeds when the page
    settles with that one at `value`.
    """
    slider = page.locator(f'input[type="range"][aria-label="{label}"]')
    for _ in range(3):
        if not settle(page, label, lambda values: len(values) == 1, WAIT_MS / 1000):
            break
        slider.focus()
        page.keyboard.press("Home")
        for _ in range(value - int(slider.get_attribute("min"))):
            page.keyboard.press("ArrowRight")
        if settle(page, label, lambda values: values == [str(value)], 30):
            return  # else the slider was redrawn between two key presses: press them again
    raise RuntimeError(f"the {label!r} slider did not stay at {value}")


def settle(page, label: str, done, seconds: float, quiet: float = 0.5) -> bool:
    """Whether, within `seconds`, the app stopped running and `done(values of the sliders labelled
    label)` held for `quiet` seconds on end (a key press reruns the app a moment later)."""
    deadline, since = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        state, values = page.evaluate(SLIDER_VALUES, label)
        if state == "notRunning" and done(values):
            since = since or time.monotonic()
            if time.monotonic() - since >= quiet:
                return True
        else:
            since = None
        page.wait_for_timeout(50)
    return False


SLIDER_VALUES = """label => [
    document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
    [...document.querySelectorAll('input[type="range"]')].filter(e => e.ariaLabel === label).map(e => e.value),
]"""


def finished_pattern(epochs: int = 2) -> tuple[str, re.Pattern]:
    """The 'Finished' line's fixed start and a pattern reading its seconds, both from the text catalog (in the
    plural form a training of `epochs` epochs shows)."""
    parts = re.split(r"(\{[^}]*\})", template("train.finished", count=epochs))
    fields = {"{seconds": r"(?P<seconds>[0-9]+(?:\.[0-9]+)?)"}
    regex = "".join(
        next((v for k, v in fields.items() if p.startswith(k)), r".+?") if p.startswith("{") else re.escape(p)
        for p in parts
    )
    return parts[0].strip(), re.compile(regex)


def histories(record: RunRecord) -> list[EpochScores]:
    return [epoch for model in record.models.values() for epoch in model.history]
