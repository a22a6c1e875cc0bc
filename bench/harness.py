"""The one way the benchmark and the browser tests run the dashboard: `streamlit run` of this checkout on a free
loopback port, timed from its start, and headless Chromium with the flags this machine needs, a tab of its own
per student, and reading what a page's main area says."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.context import ROOT
from bench.usage import TreeUsage

APP = ROOT / "streamlit_app.py"
CHROMIUM = "/usr/bin/chromium"  # Debian's; CHROMIUM_PATH names another
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 120_000  # generous: the machine may be busy; nothing here is a speed check
TAB = {"viewport": {"width": 1400, "height": 1000}, "locale": "en-US"}  # a tab's defaults (new_tab)

# Whether the button labelled `arg` is on the page and enabled (a click before the page settles is not a test).
ENABLED = """label => {
  const b = [...document.querySelectorAll('button')].find(b => b.innerText.includes(label));
  return b && !b.disabled;
}"""


class Unavailable(Exception):
    """What this machine lacks to drive the dashboard in a browser, in one sentence."""


# the server


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    started: float  # time.perf_counter() just before `streamlit run` was started
    healthy: float  # seconds from `started` until its health check answered
    log: Path
    usage: TreeUsage = field(repr=False)  # what the server and its workers use, sampled from the health check on


@contextmanager
def serve(folder: Path, *, scale: float, env: dict | None = None, options: dict | None = None, app_dir: Path = ROOT):
    """`streamlit run streamlit_app.py` in `app_dir` on a free loopback port, serving the demo at `scale` with its
    data folder in `folder`, with `env` added to this environment and `options` as `--section.name value` flags;
    yields a Server once its health check answers, and stops it after."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    environment = {**os.environ, "HAR_DEMO_SCALE": str(scale), "HAR_DATA_DIR": str(folder / "data"), **(env or {})}
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    for name, value in (options or {}).items():
        command += [f"--{name}", str(value)]
    log_path = folder / "streamlit.log"
    with open(log_path, "w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=app_dir, env=environment, stdout=log, stderr=subprocess.STDOUT)
        usage = TreeUsage(process.pid)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(process, url, log_path)
            server = Server(url, process, started, time.perf_counter() - started, log_path, usage)
            usage.start()
            yield server
        finally:
            usage.stop()
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(server: subprocess.Popen, url: str, log_path: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}: {log_path.read_text()[-500:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"streamlit did not answer its health check within {seconds:.0f} s")


# the browser


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", CHROMIUM)


def browser_parts():
    """(Chromium's path, playwright's `sync_playwright`), or Unavailable saying what is missing."""
    chromium = chromium_path()
    if not APP.exists():
        raise Unavailable(f"the browser sections need the project's source folder ({APP.name} beside har/)")
    if importlib.util.find_spec("streamlit") is None:
        raise Unavailable("streamlit is not installed, so there is no dashboard to measure")
    if not Path(chromium).exists():
        raise Unavailable(f"no Chromium at {chromium} (install chromium, or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise Unavailable("playwright is not installed (pip install playwright, part of the dev extra)") from None
    return chromium, sync_playwright


def launch(playwright, executable: str | None = None):
    """Headless Chromium (`executable`, else chromium_path()) with the flags this machine needs, from a sync or an
    async playwright (from the async one, await what this returns)."""
    return playwright.chromium.launch(executable_path=executable or chromium_path(), headless=True, args=CHROMIUM_FLAGS)


@contextmanager
def chromium():
    """A headless Chromium for the duration of the block (sync playwright)."""
    from playwright.sync_api import sync_playwright  # playwright is a test and bench dependency, not the app's

    with sync_playwright() as p:
        browser = launch(p)
        try:
            yield browser
        finally:
            browser.close()


def new_tab(browser, *, timeout_ms: float = WAIT_MS, **options):
    """A page in a browser context of its own: its own cookies, so its own Streamlit session. `options` (a
    viewport, a locale, a colour scheme) replace the defaults in TAB. Close it with `page.context.close()`."""
    context = browser.new_context(**(TAB | options))
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    return page


def press(page, label: str) -> None:
    """Click the button `label` once it is on the page and enabled."""
    page.wait_for_function(ENABLED, arg=label)
    page.get_by_role("button", name=label).click()


def settled(locator, *, reads: int = 3, interval_ms: float = 100, seconds: float = WAIT_MS / 1000):
    """`locator` once its box has stayed put for `reads` reads `interval_ms` apart, to click it. An expander that
    just opened still grows for a moment (its code block lays out after it shows): a click then gets its press on
    the button and its release on whatever moved under the pointer, and no button is clicked."""
    locator.wait_for()
    page, deadline = locator.page, time.monotonic() + seconds
    boxes = [locator.bounding_box()]
    while len(boxes) < reads or len({tuple(b.values()) if b else None for b in boxes[-reads:]}) > 1:
        if time.monotonic() > deadline:
            raise AssertionError(f"{locator} kept moving for {seconds:.0f} s: {boxes[-reads:]}")
        page.wait_for_timeout(interval_ms)
        boxes.append(locator.bounding_box())
    return locator


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
            text = main_text(page)
            shown = text if len(text) <= 1500 else f"{text[:500]} [...] {text[-1000:]}"  # the top and the latest
            raise AssertionError(f"{pattern!r} not on the page within {seconds:.0f} s: {shown!r}")
        page.wait_for_timeout(200)


def wait_until(page, condition, *, seconds: float, what: str) -> None:
    """Wait, letting the page's handlers run, until `condition()` holds; else fail saying `what` did not happen."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {seconds:.0f} s")
        page.wait_for_timeout(100)


def job_log(path: Path) -> list[dict]:
    """The server's job log (HAR_JOB_LOG: a line per ended job, har.jobs.log_job); empty before its first line."""
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def no_exception(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()
