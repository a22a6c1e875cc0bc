"""A page whose full run ends while the server's event loop still holds the run's last messages, and a fragment's
timer request is handled in that moment: the race `dashboard.delivery` closes, made certain rather than left to
chance. The run itself asks the event loop to wait until the run has finished (its runner stopped), and then to
handle the request exactly as a browser's `run_every` tick arrives (a rerun_script BackMsg for the fragment). The
run's last line, "done N", is queued on the loop after that request.

LOST_END_FIX=1 installs the fix, as the dashboard does; without it this shows how Streamlit drops the line.
"""

import os
import time

import streamlit as st
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import delivery

if os.environ.get("LOST_END_FIX") == "1":
    delivery.apply()

ss = st.session_state
ss["runs"] = ss.get("runs", 0) + 1


@st.fragment(run_every=600)  # the page's one fragment; its own timer never fires in a test
def tick():
    st.caption(f"tick {time.monotonic():.2f}")


tick()
st.button("again")
ctx = get_script_run_ctx()
if ss["runs"] > 1:
    session = Runtime.instance()._session_mgr.get_session_info(ctx.session_id).session
    fragment = next(iter(session._fragment_storage._fragments))  # the page's one fragment
    tick_request = BackMsg(
        rerun_script=ClientState(fragment_id=fragment, is_auto_rerun=True, page_script_hash=ctx.page_script_hash)
    )

    def tick_arrives():
        deadline = time.monotonic() + 10
        while not delivery.runner_stopping(session) and time.monotonic() < deadline:
            time.sleep(0.001)  # the loop waits here, behind on this run's messages, until the run has finished
        session.handle_backmsg(tick_request)

    session._event_loop.call_soon_threadsafe(tick_arrives)
st.write(f"done {ss['runs']}")
