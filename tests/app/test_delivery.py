"""dashboard.delivery: a fragment's rerun request waits while the session's finished runner shuts down (so that
runner's last messages are handled, not dropped), a full rerun never waits, and the dashboard installs the hold.
The race itself, in a real server and Chromium: tests/browser/test_browser_delivery.py."""

from __future__ import annotations

import asyncio

import pytest
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests
from support.paths import APP

from dashboard import delivery


class Runner:
    """A script runner as AppSession holds it; only its requests are read (a real ScriptRequests)."""

    def __init__(self, stopped: bool):
        self._requests = ScriptRequests()
        if stopped:
            self._requests.request_stop()


class Session:
    def __init__(self, loop, runner):
        self._event_loop, self._scriptrunner, self._state = loop, runner, AppSessionState.APP_NOT_RUNNING


@pytest.fixture
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def run_for(loop, seconds):
    loop.run_until_complete(asyncio.sleep(seconds))


def test_a_fragments_request_waits_until_the_finished_runner_has_shut_down(loop):
    sent = []
    request_rerun = delivery.held_request_rerun(lambda session, state: sent.append(state))
    session = Session(loop, Runner(stopped=True))
    tick = ClientState(fragment_id="status", is_auto_rerun=True)
    request_rerun(session, tick)
    run_for(loop, 0.05)
    assert sent == []  # the runner's messages still wait on the loop: starting another now would drop them
    session._scriptrunner = None  # its SHUTDOWN event, handled
    run_for(loop, 0.05)
    assert sent == [tick]


def test_a_running_runner_takes_a_fragments_request_at_once_and_a_full_rerun_never_waits(loop):
    sent = []
    request_rerun = delivery.held_request_rerun(lambda session, state: sent.append(state))
    tick, click = ClientState(fragment_id="status"), ClientState()
    request_rerun(Session(loop, Runner(stopped=False)), tick)
    request_rerun(Session(loop, Runner(stopped=True)), click)
    request_rerun(Session(loop, None), tick)
    assert sent == [tick, click, tick]


def test_a_runner_that_never_shuts_down_holds_a_request_only_so_long(loop, monkeypatch):
    monkeypatch.setattr(delivery, "HOLD_S", 0.03)
    sent = []
    request_rerun = delivery.held_request_rerun(lambda session, state: sent.append(state))
    request_rerun(Session(loop, Runner(stopped=True)), tick := ClientState(fragment_id="status"))
    run_for(loop, 0.3)
    assert sent == [tick]


def test_the_dashboard_installs_the_hold_once(app_env, monkeypatch):
    from streamlit.testing.v1 import AppTest

    bare = getattr(AppSession.request_rerun, "original", AppSession.request_rerun)
    monkeypatch.setattr(AppSession, "request_rerun", bare)  # as a fresh server process has it
    AppTest.from_file(str(APP), default_timeout=120).run()
    installed = AppSession.request_rerun
    assert installed.holds_fragment_reruns and installed.original is bare
    assert delivery.apply() and AppSession.request_rerun is installed  # a second session's run changes nothing
