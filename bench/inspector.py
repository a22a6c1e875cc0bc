"""Driving the Inside page in a real Chromium, for the browser test and the screenshots: train both models on the
Train page, open the Inside page, open a clip from a confusion cell, read both models' bars, press an edit and
wait for the bars to move (timed from the click). `python -m bench.inspector` writes docs/inspect-*.png."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.context import ROOT
from bench.harness import chromium, new_tab, serve

IDLE = "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"
BARS = ".st-key-inspect_bars .js-plotly-plot"
SHOT_SIZE = {"width": 1280, "height": 720}
# The bars each model draws for the clip after the edits, as {model: heights}; the grey "as it is" ones are left out.
READ_BARS = """el => Object.fromEntries(el.data.filter(t => t.marker && t.marker.color !== '#9AA0A6')
    .map(t => [t.name.split(' ')[0], Array.from(t.y)]))"""


def settle(page) -> None:
    page.wait_for_function(IDLE)


def go_to(page, title: str, heading: str) -> None:
    """Follow the sidebar link (same session, so state is kept) and wait for the page's title."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
    page.get_by_role("heading", name=heading).wait_for()
    settle(page)


def train_both(page, epochs: int) -> None:
    """On the Train page: set the epochs (1 to 9, by keys) and train both models to the end."""
    go_to(page, "Train", "Train both models")
    slider = page.locator('[data-testid="stSlider"]', has_text="Epochs").get_by_role("slider")
    slider.focus()
    slider.press("Home")
    for _ in range(epochs - 1):
        slider.press("ArrowRight")
    page.locator('[data-testid="stSlider"]', has_text="Epochs").get_by_text(str(epochs), exact=True).first.wait_for()
    page.get_by_role("button", name="Train both").click()
    page.get_by_text(f"Finished: {epochs} epochs", exact=False).wait_for()
    settle(page)


def choose(page, label: str, option_index: int) -> str:
    """Pick option `option_index` of the selectbox labelled `label`; the option's text."""
    page.get_by_role("combobox", name=label, exact=True).click()
    option = page.get_by_role("option").nth(option_index)
    text = option.inner_text()
    option.click()
    settle(page)
    return text


def open_from_cell(page, cell: int = 0) -> str:
    """On the Inside page: choose a clip from a confusion cell (the `cell`-th listed, mistakes first); the
    clip's key."""
    page.get_by_text("from a confusion cell", exact=True).click()
    settle(page)
    choose(page, "Cell", cell)
    page.locator(BARS).wait_for()
    return page.get_by_role("combobox", name="Clip", exact=True).input_value()


def bars(page) -> dict[str, list[float]]:
    settle(page)
    return page.locator(BARS).evaluate(READ_BARS)


AFTER_BARS = "el => JSON.stringify(el.data.filter(t => t.marker && t.marker.color !== '#9AA0A6').map(t => t.y))"


def edit_and_wait(page, label: str) -> tuple[dict, float]:
    """Press the edit button `label`; (both models' bars after it, seconds from the click until they moved)."""
    settle(page)
    page.locator(BARS).evaluate(f"el => {{ window.barsBefore = ({AFTER_BARS})(el); }}")
    start = time.perf_counter()
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('{BARS}');"
        f" return el && el.data && ({AFTER_BARS})(el) !== window.barsBefore; }}",
        polling=10,
    )
    return bars(page), time.perf_counter() - start


def shoot(page, locator: str, path: Path) -> None:
    """A 1280x720 picture of the page scrolled to `locator`."""
    page.set_viewport_size(SHOT_SIZE)
    page.locator(locator).first.scroll_into_view_if_needed()
    page.wait_for_timeout(600)  # plotly redraws for the window
    page.screenshot(path=str(path))


def screenshots(folder: Path, scale: float = 0.2, epochs: int = 8) -> list[Path]:
    """Train on the demo at `scale`, then picture the inspector after a reverse, the attributions and the map."""
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with serve(folder, scale=scale) as server, chromium() as browser:
        page = new_tab(browser, viewport=SHOT_SIZE)
        page.goto(server.url)
        page.get_by_role("heading", name="The data").wait_for()
        train_both(page, epochs)
        go_to(page, "Inside", "Inside the models")
        open_from_cell(page)
        edit_and_wait(page, "Reverse")
        shots = [docs / "inspect-break-it.png", docs / "inspect-frames.png", docs / "inspect-map.png"]
        shoot(page, ".st-key-inspect_bars", shots[0])
        page.locator(".st-key-inspect_attribution").wait_for()
        shoot(page, ".st-key-inspect_attribution", shots[1])
        page.get_by_text("Map of all clips", exact=True).click()
        settle(page)
        page.locator(".st-key-inspect_map .js-plotly-plot").wait_for()
        shoot(page, ".st-key-inspect_map", shots[2])
        page.context.close()
    return shots


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for shot in screenshots(Path(tmp), *(float(a) for a in sys.argv[1:2])):
            print(shot.relative_to(ROOT))
