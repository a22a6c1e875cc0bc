"""Every run's drawing reaches the browser: a fragment's timer no longer drops the end of the run before it.

Streamlit's server (1.67 and earlier) hands a script run's messages to its event loop one callback at a time, and
ignores every callback of a script runner that is no longer the session's current one. A fragment's rerun request
(a `run_every` tick: the Train page's status poll, the students' bar) that the event loop handles after a run has
finished, but before it has handled that run's last messages, finds the runner stopped and starts a new one at once
(`AppSession.request_rerun`). The finished run's unhandled messages are then dropped: the rest of its drawing, its
`script_finished`, and the poll timers it registered. On a server busy with a class the loop lags by many messages,
so the lost part can be most of a page. A Train page whose final drawing was lost that way showed its last epoch
line for ever, with nothing left to poll for the end.

`apply` makes such a request wait, a few milliseconds at a time, until the session has handled its finished
runner's shutdown; only then does Streamlit start the fragment's run. A request for a full rerun is left alone:
it stops the old runner on purpose and draws the whole page again.
"""

from __future__ import annotations

import logging

from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

RETRY_S = 0.005  # how often a held request looks again
HOLD_S = 5.0  # after this, the request goes as Streamlit would send it (a runner that never shuts down)

_LOGGER = logging.getLogger(__name__)


def runner_stopping(session: AppSession) -> bool:
    """Whether the session's current script runner has finished (or been told to stop) and has not yet shut down:
    a request now would start a new runner while the old one's messages still wait on the event loop."""
    runner = getattr(session, "_scriptrunner", None)
    requests = getattr(runner, "_requests", None)
    return getattr(requests, "_state", None) == ScriptRequestType.STOP


def held_request_rerun(original):
    """`AppSession.request_rerun`, with a fragment's request held while the previous runner shuts down."""

    def request_rerun(self: AppSession, client_state=None, *, _waited: float = 0.0) -> None:
        fragment = client_state is not None and bool(client_state.fragment_id)
        if (
            fragment
            and _waited < HOLD_S
            and self._state != AppSessionState.SHUTDOWN_REQUESTED
            and runner_stopping(self)
        ):
            try:
                self._event_loop.call_later(
                    RETRY_S, lambda: request_rerun(self, client_state, _waited=_waited + RETRY_S)
                )
                return
            except RuntimeError:  # the event loop is closing: nothing will be delivered either way
                pass
        original(self, client_state)

    request_rerun.holds_fragment_reruns = True
    request_rerun.original = original
    return request_rerun


def apply() -> bool:
    """Install the hold once per server process (every session shares the class); False where this Streamlit's
    session has none of the parts it relies on, and is left as it is."""
    current = AppSession.request_rerun
    if getattr(current, "holds_fragment_reruns", False):
        return True
    if not all(
        hasattr(AppSession, name) for name in ("_create_scriptrunner", "_handle_scriptrunner_event_on_event_loop")
    ):
        _LOGGER.warning("This Streamlit's AppSession is not the one dashboard.delivery knows; left unchanged.")
        return False
    AppSession.request_rerun = held_request_rerun(current)
    return True
