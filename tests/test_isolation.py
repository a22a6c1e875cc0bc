"""A classroom on one server: each session's data, settings and runs stay its own.

The shared data set is one read-only copy."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import APP, open_app
from support.app import finish_job

from dashboard import settings, state
from har.data.npz import save_npz

w = state.widget_key


def session():
    from streamlit.testing.v1 import AppTest

    return open_app(AppTest.from_file(str(APP), default_timeout=120))


def test_one_sessions_upload_settings_and_runs_are_invisible_to_another(app_env, tiny_demo, tmp_path):
    alice, bob = session(), session()
    content = save_npz(tmp_path / "alice.npz", tiny_demo).read_bytes()
    alice.file_uploader(key=state.NPZ_UPLOADER).set_value(("alice.npz", content, "application/octet-stream")).run()
    alice.session_state[state.RNN_PRESET] = "custom"
    alice.session_state[state.RNN_HIDDEN] = 8
    alice.session_state[state.CNN_WIDTHS[0]] = 8
    alice.switch_page("pages/train.py").run()
    alice.slider(key=w(state.EPOCHS)).set_value(1).run()
    alice.button(key=state.START_BUTTON).click().run()
    job = finish_job(alice)
    assert job.status == "finished" and list(alice.session_state[state.RUNS]) == [job.id]
    assert alice.session_state[state.CONTEXT].data.name == "alice.npz"

    for page in ("pages/data.py", "pages/train.py", "pages/compare.py"):
        bob.switch_page(page).run()
        assert not bob.exception, [e.message for e in bob.exception]
        assert bob.radio(key=w(state.SOURCE)).options == ["Demo (synthetic)"]  # no "my own data" for Bob
        ctx = bob.session_state[state.CONTEXT]
        assert ctx.source == "demo" and ctx.data.name != "alice.npz"
        assert state.UPLOADED not in bob.session_state and state.JOB not in bob.session_state
        assert bob.session_state[state.RUNS] == {}
        assert bob.session_state[state.RNN_HIDDEN] == state.DEFAULTS[state.RNN_HIDDEN]
    assert any("No runs yet" in i.value for i in bob.info)  # Bob's Compare page is empty
    assert settings.model_configs(bob.session_state) != settings.model_configs(alice.session_state)


def test_the_shared_data_set_is_one_read_only_object_for_every_session(app_env):
    first, second = session(), session()
    a, b = (s.session_state[state.CONTEXT].data for s in (first, second))
    assert a is b  # loaded once per server (st.cache_resource), not once per session
    for array in (a.X, a.y):
        assert not array.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0
    # A session that trains still leaves the shared arrays as they were.
    before = a.X[:3].copy()
    first.switch_page("pages/train.py").run()
    first.slider(key=w(state.EPOCHS)).set_value(1).run()
    first.session_state[state.RNN_HIDDEN] = 8  # tiny models: the run only has to touch the data
    first.session_state[state.CNN_WIDTHS[0]] = 8
    first.button(key=state.START_BUTTON).click().run()
    assert finish_job(first).status == "finished"
    np.testing.assert_array_equal(b.X[:3], before)
    assert second.session_state[state.CONTEXT].data is first.session_state[state.CONTEXT].data
