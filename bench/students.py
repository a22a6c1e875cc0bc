"""One student of the classroom (bench/classroom.py) in a Chromium context of their own: the page they open,
the press of Train both, and what their page noted and when (read from the page, in the browser's clock)."""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field

from bench.harness import ENABLED
from bench.ui import finished_pattern
from har.i18n import languages, t

# the app's page titles
NAV_KEYS = ("nav.data", "nav.models", "nav.train", "nav.compare", "nav.lab", "nav.inspect", "nav.board")

EPOCHS = 3  # of every training in the class (the shared link's `ep`)

# Runs in every student's page: notes (in browser time, ms since the epoch) when its status line first
# says "waiting", "epoch" and "finished", whether an exception box ever showed, and every state of the
# sidebar's page menu. A timer reads the page at most every 100 ms, and only after the DOM changed. And, from
# its WebSocket to the server, how many messages carried the end line, and when the last came in and went out:
# a page that never shows "Finished" tells whether the server never sent it or the page lost it.
OBSERVER = """
(() => {
  const finished = new RegExp(%(finished)s), waiting = new RegExp(%(waiting)s), epoch = new RegExp(%(epoch)s);
  const h = window.__class = {finished: null, finishedText: null, waiting: null, epoch: null, exception: false,
                              menus: [], heard: 0, lastIn: null, lastOut: null};
  const end = new TextEncoder().encode(%(end)s), Socket = window.WebSocket;
  const carries = (bytes) => {
    for (let i = bytes.indexOf(end[0]); i >= 0 && i <= bytes.length - end.length; i = bytes.indexOf(end[0], i + 1)) {
      if (end.every((b, k) => bytes[i + k] === b)) return true;
    }
    return false;
  };
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        h.lastIn = Date.now();
        if (e.data instanceof ArrayBuffer && carries(new Uint8Array(e.data))) h.heard += 1;
      });
    }
    send(data) { h.lastOut = Date.now(); super.send(data); }
  };
  let dirty = true;
  new MutationObserver(() => { dirty = true; }).observe(document, {subtree: true, childList: true,
                                                                    characterData: true});
  setInterval(() => {
    if (!dirty) return;
    dirty = false;
    const now = Date.now(), main = document.querySelector('[data-testid="stMain"]');
    const text = main ? main.textContent : '';
    if (h.waiting === null && waiting.test(text)) h.waiting = now;
    if (h.epoch === null && epoch.test(text)) h.epoch = now;
    const done = text.match(finished);
    if (h.finished === null && done) { h.finished = now; h.finishedText = done[0]; }
    if (document.querySelector('[data-testid="stException"]')) h.exception = true;
    const menu = JSON.stringify([...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
      .map(a => a.textContent.trim()));
    if (h.menus[h.menus.length - 1] !== menu) h.menus.push(menu);
  }, 100);
})();
"""

# Points per trace of the training curves drawn on the page.
CURVE_POINTS = """() => {
  const plot = document.querySelector('.st-key-train_curves .js-plotly-plot');
  return plot && plot.data ? plot.data.map(t => (t.y || []).length) : null;
}"""


@dataclass
class Student:
    pressed: float | None = None  # time.time() of the press
    first_epoch: float | None = None  # when its status line first showed an epoch
    finished: float | None = None  # when the page first said "Finished" (the browser's clock, same machine)
    reported_s: float | None = None  # the training's own time on its slot, as the page reports it
    epochs: int | None = None  # epochs the finished line reports
    curve_points: list[int] | None = None
    waited: bool = False  # saw its place in line
    exception: bool = False
    menus: list[list[str]] = field(default_factory=list)
    heard: int = 0  # messages from the server that carried the end line
    last_in: float | None = None  # when the page last heard from the server
    last_out: float | None = None  # when it last sent anything (a poll, a click)
    shown: str | None = None  # what the page's main area said when the wait ended without "Finished"

    @property
    def finish_s(self) -> float | None:
        return None if self.finished is None else self.finished - self.pressed

    def stuck(self) -> str:
        """For a student who never saw "Finished": what their page heard, sent and showed."""

        def since(moment: float | None) -> str:
            return "never" if moment is None else f"{moment - self.pressed:.1f} s after the press"

        return (
            f"{self.heard} message(s) from the server carried the end line; the page last heard from it "
            f"{since(self.last_in)} and last sent {since(self.last_out)}; it showed: {self.shown!r}"
        )


def observer_script(epochs: int = EPOCHS) -> str:
    start, finished = finished_pattern(epochs)
    return OBSERVER % {
        "finished": json.dumps(finished.pattern.replace("?P<seconds>", "")),  # JavaScript names no groups
        "end": json.dumps(start),  # "Finished:", as the server's messages carry it
        "waiting": json.dumps(numbers_pattern(t("train.queued"))),
        "epoch": json.dumps(numbers_pattern(t("train.progress"))),
    }


def numbers_pattern(template: str) -> str:
    """A regular expression for a catalog text whose `{fields}` are numbers."""
    return "".join(r"[0-9.]+" if p.startswith("{") else re.escape(p) for p in re.split(r"(\{[^}]*\})", template))


async def open_tab(browser, url: str, epochs: int = EPOCHS):
    """A student's own browser context on `url` (a training of `epochs`), once its Train button can be pressed."""
    context = await browser.new_context(viewport={"width": 1100, "height": 800}, locale="en-US")
    await context.add_init_script(observer_script(epochs))
    page = await context.new_page()
    page.set_default_timeout(300_000)
    await page.goto(url)
    await page.wait_for_function(ENABLED, arg=t("train.start"), polling=250)
    return page


async def press(page, student: Student) -> None:
    student.pressed = time.time()
    await page.get_by_role("button", name=t("train.start")).click()


async def curve_points(page, timeout_s: float = 60, epochs: int = EPOCHS) -> list[int] | None:
    """Points per trace of the page's training curves once each trace has all `epochs` (a chart is drawn a
    moment after the status line that says "Finished"), or as they are after `timeout_s`."""
    from playwright.async_api import TimeoutError as Timeout

    full = f"() => {{ const n = ({CURVE_POINTS})(); return n && n.length && n.every(k => k === {epochs}); }}"
    try:
        await page.wait_for_function(full, timeout=timeout_s * 1000, polling=250)
    except Timeout:  # report what is there
        pass
    return await page.evaluate(CURVE_POINTS)


async def wait_all(tabs, everyone: list[Student], deadline: float, epochs: int = EPOCHS) -> None:
    """Read each page's notes every second until all have finished (a training of `epochs`), or until `deadline`."""
    _, seconds = finished_pattern(epochs)
    while True:
        for page, s in zip(tabs, everyone, strict=True):
            if s.finished is not None:
                continue
            notes = await page.evaluate("window.__class")
            s.waited = notes["waiting"] is not None
            s.first_epoch = notes["epoch"] and notes["epoch"] / 1000
            s.exception = notes["exception"]
            s.menus = [json.loads(m) for m in notes["menus"]]
            s.heard = notes["heard"]
            s.last_in, s.last_out = (None if v is None else v / 1000 for v in (notes["lastIn"], notes["lastOut"]))
            if notes["finished"] is not None:
                s.finished = notes["finished"] / 1000
                s.reported_s = float(seconds.search(notes["finishedText"])["seconds"])
                s.epochs = int(re.search(r"\d+", notes["finishedText"])[0])
        if all(s.finished is not None for s in everyone):
            return
        if time.time() > deadline:
            for page, s in zip(tabs, everyone, strict=True):
                if s.finished is None:
                    s.shown = await what_it_shows(page)
            return
        await asyncio.sleep(1.0)


async def what_it_shows(page) -> str:
    """A stuck page's words, for its description: its main area, or its whole body where it has none (a page
    whose drawing was lost part-way may lack one), and never a wait on a locator that is not coming."""
    try:
        read = page.evaluate(
            "() => (document.querySelector('[data-testid=\"stMain\"]') || document.body || {innerText: ''}).innerText"
        )
        text = await asyncio.wait_for(read, timeout=10)
    except Exception as e:  # a crashed or closed tab: say so instead
        text = f"(unreadable: {type(e).__name__})"
    return " ".join(text.split())[:400]


async def new_visitor(browser, url: str, delay: float) -> tuple[float | None, float]:
    """(seconds to a new visitor's first page title, when it was drawn), `delay` seconds into the rush."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1100, "height": 800}, locale="en-US")
    page = await context.new_page()
    start = time.time()
    try:
        await page.goto(url)
        await page.get_by_role("heading", name=t("data.title")).wait_for(timeout=120_000)
        return time.time() - start, time.time()
    except Exception:
        return None, time.time()
    finally:
        await context.close()


def file_menus(menus: list[list[str]]) -> list[list[str]]:
    """The menu states that list anything but the app's own page titles (the folder router's file names)."""
    ours = {t(key, lang) for key in NAV_KEYS for lang in languages()}
    return [m for m in menus if any(not any(title in link for title in ours) for link in m)]
