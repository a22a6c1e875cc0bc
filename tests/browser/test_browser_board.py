"""The class board in real Chromium: three students, each in their own browser context, train a tiny run and
publish it; the board, open in a fourth context the whole time, fills up without a reload.

A screenshot of the filled board goes to artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import pytest
from support.paths import TINY_SCALE
from test_browser import go_to, shot

from bench.harness import WAIT_MS, chromium, new_tab, no_exception, serve

pytestmark = pytest.mark.browser

NAMES = ("ana", "**bo**", "<img src=x onerror=window.pwned=1>")  # the last two must show as typed


def chart(page):
    """The board's chart, once the page settles on one (a rerun may briefly hold the old one beside the new)."""
    from playwright.sync_api import expect

    plot = page.locator(".st-key-board_chart_0 .js-plotly-plot")
    expect(plot).to_have_count(1, timeout=WAIT_MS)
    return plot


def chart_points(page) -> int:
    """Published points on the board's chart (every trace but the last, the notebook's reference stars)."""
    return chart(page).evaluate("el => el.data.slice(0, -1).reduce((n, t) => n + t.x.length, 0)")


def test_three_students_publish_and_a_fourth_browser_sees_the_board_fill_without_a_reload(tmp_path):
    with serve(tmp_path, scale=float(TINY_SCALE)) as server, chromium() as browser:
        url = server.url
        tabs = [new_tab(browser) for _ in range(4)]
        board, students = tabs[0], tabs[1:]

        board.goto(f"{url}/board")
        board.get_by_text("Nothing is published on this board yet", exact=False).wait_for()
        board.evaluate("window.sameDocument = true")  # a reload would forget it

        for tab in students:  # all three train at once (the server queues what it cannot run yet)
            tab.goto(f"{url}/train?preset=small&ep=1")
            tab.get_by_role("heading", name="Train both models").wait_for()
            tab.get_by_role("button", name="Train both").click()
        for tab in students:
            tab.get_by_text("Finished: 1 epoch in", exact=False).wait_for()

        for i, (tab, name) in enumerate(zip(students, NAMES, strict=True), start=1):
            go_to(tab, "Class", "The class board")
            field = tab.get_by_label("Display name", exact=True).and_(tab.get_by_test_id("stTextInputField"))
            field.fill(name)
            field.press("Enter")  # Streamlit takes a text field's value on Enter or blur
            tab.get_by_role("button", name="Publish").click()
            tab.get_by_text("Published on the board", exact=False).wait_for()
            no_exception(tab)
            board.get_by_text(f"Entries: {2 * i} · runs: {i}.", exact=False).wait_for()
            assert chart_points(board) == 2 * i

        assert board.evaluate("window.sameDocument") is True  # the board was never reloaded
        assert board.evaluate("window.pwned") is None  # the name's onerror never ran, anywhere
        hovers = chart(board).evaluate("el => el.data.slice(0, -1).flatMap(t => t.hovertext)")
        assert sum(h.startswith("&lt;img src=x onerror=window.pwned=1&gt;<br>") for h in hovers) == 2
        assert board.get_by_text("At ", exact=False).count() >= 1  # the summary is there, whatever it says
        no_exception(board)
        shot(board, "5-class-board")
