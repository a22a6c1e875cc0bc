"""A closed tab frees its slot: in real Chromium against `streamlit run` with a short session TTL, a
student's training and queued study stop once Streamlit drops the session, and the next in line starts."""

from __future__ import annotations

import time

import pytest

from bench.harness import chromium, new_tab, no_exception, press, serve, wait_for_text
from har.i18n import t

pytestmark = pytest.mark.browser

TTL_S = 2  # server.disconnectedSessionTTL: how long a closed tab's session is kept for a reconnect
GRACE_S = 60  # a hang guard for the next student's start, far below what the closed tab's work would take


def test_a_closed_tab_stops_its_training_and_its_queued_study_and_the_next_in_line_starts(tmp_path):
    """One slot. Student A trains 50 epochs, then queues a 5-seed study of 50 epochs each behind it;
    student B queues a 1-epoch training behind both. A closes the tab. Had A's work gone on, B would
    wait for A's training and then the whole study (500 model-epochs on the full demo); B starts
    within a minute only if both of A's jobs stopped and left the line."""
    env = {"HAR_MAX_TRAININGS": "1"}
    options = {"server.disconnectedSessionTTL": TTL_S}
    with serve(tmp_path, scale=1.0, env=env, options=options) as server, chromium() as browser:
        a = new_tab(browser)
        a.goto(f"{server.url}/train?ep=50")
        press(a, t("train.start"))
        wait_for_text(a, r"Epoch \d+ of 50")  # A's training holds the one slot
        a.locator('[data-testid="stSidebarNav"] a', has_text=t("nav.lab")).click()
        a.get_by_role("heading", name=t("lab.page.title")).wait_for()
        press(a, t("lab.page.start"))
        a.get_by_text(t("lab.page.queued", position=1)).wait_for()  # A's study waits behind A's training

        b = new_tab(browser)
        b.goto(f"{server.url}/train?preset=small&ep=1")
        press(b, t("train.start"))
        wait_for_text(b, "number 2 in line")
        no_exception(a)

        a.context.close()
        closed = time.monotonic()
        wait_for_text(b, r"Epoch \d+ of 1|Finished: 1 epoch ", GRACE_S + TTL_S)
        waited = time.monotonic() - closed
        wait_for_text(b, "Finished: 1 epoch ")
        no_exception(b)
        b.context.close()
    print(f"\nthe next in line started {waited:.1f} s after the tab closed (session TTL {TTL_S} s)")
