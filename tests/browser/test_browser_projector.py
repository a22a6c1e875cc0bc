"""The projector view at 1280x720 in real Chromium, dark theme: the race (driven from the keyboard, PageDown to
train, as a presenter remote sends), Compare and the class board, the sidebar folded away, the race, its end
and the board without scrolling. Screenshots go to HAR_SCREENSHOTS_DIR (the README's are made so) or the test's
folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.board import finished_run
from support.paths import TINY_SCALE
from test_browser import go_to

from bench.harness import ENABLED, chromium, new_tab, no_exception, serve, wait_for_text
from har.board.entry import entries_from_record
from har.board.lecture import Lecture
from har.board.store import Board
from har.data.demo import make_demo

pytestmark = pytest.mark.browser

SCREEN = {"viewport": {"width": 1280, "height": 720}, "color_scheme": "dark"}
NAMES = ("ana", "bo", "cy", "dee", "eli", "fay")


def fill_board(path: Path) -> None:
    """Six students' runs on the board, and a prediction question with some answers."""
    data = make_demo(scale=float(TINY_SCALE))
    board = Board(path)
    for i, name in enumerate(NAMES):
        rnn, cnn = 0.45 + 0.03 * i, 0.5 + 0.025 * (i % 4)
        board.publish(entries_from_record(finished_run(data, seed=i, accs=((rnn - 0.1, cnn - 0.1), (rnn, cnn))), name))
    lecture = Lecture(path)
    question = lecture.ask()
    for i in range(7):
        lecture.vote(question.id, f"s{i}", "cnn" if i % 3 else "rnn", "some" if i % 2 else "clear")


FITS = """() => { const el = document.querySelector('[data-testid="stMain"]');
  return el.scrollHeight <= el.clientHeight + 2; }"""


def fits(page, seconds: float = 15) -> bool:
    """Whether the main area shows everything without scrolling, once the page settles (a rerun may hold the
    old figure beside the new one for a moment)."""
    try:
        page.wait_for_function(FITS, timeout=seconds * 1000)
    except Exception:  # playwright's TimeoutError
        return False
    return True


def sidebar_folded(page) -> bool:
    return page.locator('[data-testid="stSidebar"]').get_attribute("data-collapsed") == "true"


def unfold_and_go(page, title: str, heading: str) -> None:
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    go_to(page, title, heading)
    page.locator('[data-testid="stSidebar"] [data-testid="stSidebarCollapseButton"] button').click()


def test_the_projector_view_at_1280x720(tmp_path):
    shots = Path(os.environ.get("HAR_SCREENSHOTS_DIR") or tmp_path)
    db = tmp_path / "board.sqlite"
    fill_board(db)
    with serve(tmp_path, scale=float(TINY_SCALE), env={"HAR_BOARD_DB": str(db)}) as server, chromium() as browser:
        page = new_tab(browser, **SCREEN)
        page.goto(f"{server.url}/train?view=projector&ep=40&lang=en")
        page.get_by_text("RNN test accuracy").wait_for()
        assert sidebar_folded(page)
        page.wait_for_function(ENABLED, arg="Train both")
        page.keyboard.press("PageDown")  # Train both, as a presenter remote's "next"
        wait_for_text(page, r"Epoch ([3-9]|[1-3]\d) of 40")  # mid-race, however fast this machine is
        page.locator(".st-key-train_curves .js-plotly-plot").wait_for()
        page.wait_for_timeout(1500)
        assert fits(page), "the race scrolls at 1280x720"
        page.screenshot(path=str(shots / "projector-train.png"))
        wait_for_text(page, r"Finished: 40 epochs")
        page.wait_for_timeout(1500)  # the end's rerun draws the last epochs' curves
        assert fits(page), "the race's end scrolls at 1280x720"
        no_exception(page)

        unfold_and_go(page, "Compare", "Compare the models")
        page.locator(".st-key-compare_confusion .js-plotly-plot").wait_for()
        assert sidebar_folded(page)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(shots / "projector-compare.png"))
        no_exception(page)

        board = new_tab(browser, **SCREEN)
        board.goto(f"{server.url}/board?view=projector&lang=en")
        board.locator(".st-key-board_chart_0 .js-plotly-plot").wait_for()
        wait_for_text(board, r"Answers\s+7")
        board.wait_for_timeout(1500)
        board.screenshot(path=str(shots / "projector-class.png"))
        assert sidebar_folded(board) and fits(board), "the board scrolls at 1280x720"
        no_exception(board)
