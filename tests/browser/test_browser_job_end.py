"""A Train page whose browser is starved while its training ends, in a real Chromium against `streamlit run`:
its CPU throttled and every poll it sends lost until the server's job log has the training finished. Once the
browser breathes again the page must show Finished (seen missing in full 30-student runs on a 2-core machine)."""

from __future__ import annotations

import re

import pytest
from support.paths import TINY_SCALE

from bench.harness import ENABLED, chromium, job_log, new_tab, no_exception, serve, wait_until

pytestmark = pytest.mark.browser


def ended(log) -> bool:
    return any(job["status"] == "finished" for job in job_log(log))


def test_a_training_that_ends_while_the_browser_is_starved_still_shows_finished(tmp_path):
    log = tmp_path / "jobs.jsonl"
    polls = {"lost": 0, "blocked": False}

    def route(ws):
        server = ws.connect_to_server()

        def to_server(message):
            if polls["blocked"]:
                polls["lost"] += 1  # a poll lost on the way, as from a browser too starved to send it
            else:
                server.send(message)

        ws.on_message(to_server)

    with serve(tmp_path, scale=float(TINY_SCALE), env={"HAR_JOB_LOG": str(log)}) as server, chromium() as browser:
        page = new_tab(browser)
        page.route_web_socket(re.compile(r".*/_stcore/stream.*"), route)
        page.goto(f"{server.url}/train?preset=small&ep=10")
        page.wait_for_function(ENABLED, arg="Train both")
        page.get_by_role("button", name="Train both").click()
        page.get_by_text(re.compile(r"^Epoch \d+ of 10")).wait_for(timeout=60_000)  # the progress line: it runs
        assert not ended(log), "the training ended before the browser was starved"
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 20})
        polls["blocked"] = True
        wait_until(page, lambda: ended(log), seconds=60, what="the training did not end on the server")
        at_end = polls["lost"]  # then a poll lost after the end, so the page cannot have heard of it
        wait_until(page, lambda: polls["lost"] > at_end, seconds=60, what="the starved page sent no poll after the end")
        page.wait_for_timeout(1000)  # and a few more
        polls["blocked"] = False
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        page.get_by_text(re.compile(r"^Finished: 10 epochs")).wait_for(timeout=30_000)
        no_exception(page)


def test_the_poll_that_sees_the_end_sends_finished_before_the_page_reruns(tmp_path):
    """The Train page's poll (a fragment run) that first sees the training's end sends "Finished" itself and leaves
    the page's rerun to the next poll. A rerun asked for at once starts before the server has sent the poll's
    drawing, and a new run drops the session's unsent messages: the end then waited for the whole page to be drawn
    again (3-10 s with thirty pages rerun together at a shared training's end), and reached the page only if that
    rerun did. Read from the server's own messages to the page (Streamlit's ForwardMsg)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    runs = {"current": None, "sent_finished": set()}

    def route(ws):
        server = ws.connect_to_server()

        def to_page(message):
            if isinstance(message, bytes):
                msg = ForwardMsg()
                msg.ParseFromString(message)
                if msg.WhichOneof("type") == "new_session":
                    runs["current"] = "poll" if msg.metadata.run.fragment_ids else "page"
                elif msg.WhichOneof("type") == "delta" and b"Finished: " in message:
                    runs["sent_finished"].add(runs["current"])
            ws.send(message)

        server.on_message(to_page)

    with serve(tmp_path, scale=float(TINY_SCALE)) as server, chromium() as browser:
        page = new_tab(browser)
        page.route_web_socket(re.compile(r".*/_stcore/stream.*"), route)
        page.goto(f"{server.url}/train?preset=small&ep=10")
        page.wait_for_function(ENABLED, arg="Train both")
        page.get_by_role("button", name="Train both").click()
        page.get_by_text(re.compile(r"^Finished: 10 epochs")).wait_for(timeout=60_000)
        page.locator(".st-key-train_curves .js-plotly-plot").wait_for(timeout=30_000)  # and the page's rerun
        no_exception(page)
    assert "poll" in runs["sent_finished"], f"only the page's runs sent the end: {runs['sent_finished']}"
