"""A browser keeps its work on the server, in real Chromium against `streamlit run`: train, F5, and Compare and
the weights download still have the run; a slider moved before F5 keeps its value; a training interrupted by F5
carries on in the new page; the same after restarting the server with the same data folder; another browser
context sees none of it; a lab study's result comes back after F5 and a restart without training again."""

from __future__ import annotations

import re

import pytest
from support.paths import TINY_SCALE

from bench.harness import chromium, job_log, main_text, new_tab, no_exception, press, serve, wait_for_text, wait_until
from dashboard.identity import COOKIE
from har.i18n import t

pytestmark = pytest.mark.browser


def hidden(page):
    """The RNN's hidden size slider on the Models page."""
    return page.locator('[data-testid="stSlider"]', has_text="Hidden size").get_by_role("slider")


def hidden_size(page) -> int:
    return int(hidden(page).input_value())


def restored(page) -> bool:
    return page.get_by_test_id("stSidebar").get_by_text(t("side.setup_restored")).count() == 1


def compare_has(page, url: str, run_id: str) -> None:
    page.goto(f"{url}/compare")
    wait_for_text(page, re.escape(run_id))
    page.get_by_role("button", name=t("export.weights")).wait_for()
    no_exception(page)


def test_a_reload_and_a_server_restart_keep_the_browsers_runs_and_another_browser_sees_none(tmp_path):
    with chromium() as browser:
        a = new_tab(browser)
        with serve(tmp_path, scale=float(TINY_SCALE)) as server:
            a.goto(f"{server.url}/train?preset=small&ep=2")
            press(a, t("train.start"))
            wait_for_text(a, "Finished: 2 epochs")
            cookie = next(c for c in a.context.cookies() if c["name"] == COOKIE)
            assert re.fullmatch(r"[0-9a-f]{32}", cookie["value"]) and cookie["value"] not in a.url
            a.goto(f"{server.url}/compare")
            run_id = wait_for_text(a, r"\b([0-9a-f]{8}) · ").group(1)

            a.reload()  # F5
            compare_has(a, server.url, run_id)

            a.goto(f"{server.url}/models")  # no link: the settings are this browser's own
            params = a.locator('[data-testid="stMetric"]', has_text="RNN parameters")
            size, count = hidden_size(a), params.inner_text()
            hidden(a).focus()
            hidden(a).press("ArrowRight")
            a.wait_for_function("([el, old]) => el.innerText != old", arg=[params.element_handle(), count])
            a.reload()  # F5: a new session, on the settings the last one ended on
            hidden(a).wait_for()
            assert hidden_size(a) == size + 1 and restored(a)
            no_exception(a)

        with serve(tmp_path, scale=float(TINY_SCALE)) as restarted:  # the same data folder
            compare_has(a, restarted.url, run_id)
            a.goto(f"{restarted.url}/models")
            hidden(a).wait_for()
            assert hidden_size(a) == size + 1
            b = new_tab(browser)  # another browser: its own cookies
            b.goto(f"{restarted.url}/compare")
            wait_for_text(b, "No runs yet")
            assert run_id not in b.locator("section.main, [data-testid='stMain']").first.inner_text()
            no_exception(b)
            b.context.close()

            a.goto(f"{restarted.url}/train?preset=small&ep=50")
            press(a, t("train.start"))
            wait_for_text(a, r"Epoch \d+ of 50")
            a.reload()  # F5 mid-training: the new page follows the same training
            first = int(wait_for_text(a, r"Epoch (\d+) of 50").group(1))
            wait_for_text(a, rf"Epoch (?!{first} )\d+ of 50")  # its curves go on
            a.get_by_test_id("stMainBlockContainer").get_by_role("button", name=t("train.stop")).click()
            wait_for_text(a, "Stopped: the")
        a.context.close()


PARAGRAPH = r"[^\n]*Over 5 seeds[^\n]*paired t-test[^\n]*"  # the seeds study's discussion, all five seeds done


def test_a_lab_result_survives_a_reload_and_a_server_restart_and_is_not_trained_again(tmp_path):
    log = tmp_path / "jobs.log"
    with chromium() as browser:
        a = new_tab(browser)
        with serve(tmp_path, scale=float(TINY_SCALE), env={"HAR_JOB_LOG": str(log)}) as server:
            a.goto(f"{server.url}/lab?preset=small&ep=2")
            press(a, t("lab.page.start"))
            # the page shows a partial result from the second seed on: reload once the study's log line (written
            # after it was filed in the store) says it has ended
            wait_until(a, lambda: job_log(log), seconds=120, what="the study did not end")
            paragraph = wait_for_text(a, PARAGRAPH).group(0)  # its numbers: seed means, interval and p-value
            assert t("lab.page.kept") not in main_text(a)

            a.reload()  # F5: a new session
            wait_for_text(a, re.escape(t("lab.page.kept")))
            assert wait_for_text(a, PARAGRAPH).group(0) == paragraph
            no_exception(a)

        studies = [job["kind"] for job in job_log(log)]
        assert studies == ["lab-seeds"]  # it trained once
        with serve(tmp_path, scale=float(TINY_SCALE), env={"HAR_JOB_LOG": str(log)}) as restarted:  # same folder
            a.goto(f"{restarted.url}/lab")
            wait_for_text(a, re.escape(t("lab.page.kept")))
            assert wait_for_text(a, PARAGRAPH).group(0) == paragraph
            no_exception(a)
        a.context.close()
    assert [job["kind"] for job in job_log(log)] == studies  # and never again
