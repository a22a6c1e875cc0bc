"""What one server shares among all its sessions, under AppTest: its training line (dashboard/server.py, sized by
HAR_MAX_TRAININGS) and one read-only copy of the data set; and what it never shares: each session's data,
settings and runs stay its own.

The load test: many sessions train both models at once through the real Train page.
Each session is an AppTest in its own thread, on the tiny demo with tiny models, so the test
stays within a bounded minute or so on two cores. AppTest swaps a process-wide mock runtime in
and out around every script run, so the sessions take turns for their script runs (each a
fraction of a second); their trainings, which are what loads the server, run at the same time.
It checks that every training finishes with all its epochs and that the server-wide
limiter never lets more trainings run than it has slots; it prints (and writes to
artifacts/load_test.json) the wall time, the peak memory and the longest wait in line.
No timing is asserted: those figures are a report, not a test.
"""

from __future__ import annotations

import json
import resource
import threading
import time

import numpy as np
import pytest
from support.app import finish_job, open_app
from support.paths import APP, ROOT

from dashboard import server, settings, state
from har import jobs
from har.data.npz import save_npz
from har.slots import slot

SESSIONS = 10
EPOCHS = 2
SLOTS = 2  # as on the two-core machine the course serves from, so most sessions wait in line
DEADLINE_S = 150  # a hang guard for the whole test, never a speed target

w = state.widget_key


# A class training at once


def student(results: dict, i: int, deadline: float, ready: threading.Barrier) -> None:
    """One session: open the app, pick tiny models, train both for EPOCHS epochs, wait, collect the run."""
    from streamlit.testing.v1 import AppTest

    at = open_app(AppTest.from_file(str(APP), default_timeout=120))
    at.session_state[state.RNN_PRESET] = "custom"
    at.session_state[state.RNN_HIDDEN] = 8
    at.session_state[state.CNN_PRESET] = "custom"
    at.session_state[state.CNN_LAYERS] = 1
    at.session_state[state.CNN_WIDTHS[0]] = 8
    at.session_state[state.setting_key(slot("seed", "train"))] = i  # ten distinct setups: none joins another's
    at.switch_page("pages/train.py").run()
    at.slider(key=w(state.EPOCHS)).set_value(EPOCHS).run()
    ready.wait(timeout=max(1.0, deadline - time.monotonic()))  # the whole class presses Train together
    at.button(key=state.START_BUTTON).click().run()
    job = at.session_state[state.JOB]
    seen_in_line = False
    while not job.done and time.monotonic() < deadline:
        if job.status == "queued" and not seen_in_line:
            at.run()  # what a waiting student sees: their place in line
            seen_in_line = any("in line" in m.value for m in at.info)
        job.wait(0.5)
    at.run()  # files the finished run in this session's history
    results[i] = {
        "job": job,
        "runs": dict(at.session_state[state.RUNS]),
        "exceptions": [e.message for e in at.exception],
        "saw_queue": seen_in_line,
    }


def one_script_run_at_a_time(monkeypatch) -> None:
    """Serialize AppTest's script runs: each one installs and removes the global mock Runtime."""
    from streamlit.testing.v1 import AppTest

    turn = threading.Lock()
    run = AppTest._run

    def take_turns(self, *args, **kwargs):
        with turn:
            return run(self, *args, **kwargs)

    monkeypatch.setattr(AppTest, "_run", take_turns)


def test_ten_sessions_train_at_once_and_all_finish(app_env, monkeypatch):
    one_script_run_at_a_time(monkeypatch)
    limiter = jobs.TrainingLimiter(SLOTS)
    monkeypatch.setattr(server, "LIMITER", limiter)  # a fresh server-wide limiter, to count its peak
    results, errors = {}, []
    start = time.monotonic()
    deadline = start + DEADLINE_S
    ready = threading.Barrier(SESSIONS)

    def run(i):
        try:
            student(results, i, deadline, ready)
        except Exception as e:  # reported below with the session's number
            ready.abort()  # the others stop waiting for this session
            errors.append(f"session {i}: {type(e).__name__}: {e}")

    threads = [threading.Thread(target=run, args=(i,), name=f"student-{i}", daemon=True) for i in range(SESSIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1.0, deadline + 30 - time.monotonic()))
    wall = time.monotonic() - start

    assert not errors, errors
    assert sorted(results) == list(range(SESSIONS)), "some sessions never finished"
    for i, r in results.items():
        job = r["job"]
        assert not r["exceptions"], (i, r["exceptions"])
        assert job.status == "finished" and job.error == "", (i, job.status, job.error)
        assert job.limiter is limiter
        record = r["runs"][job.id]  # filed in this session's history, and only that run
        assert list(r["runs"]) == [job.id]
        for name in ("rnn", "cnn"):
            assert [h.epoch for h in record.models[name].history] == list(range(1, EPOCHS + 1)), (i, name)
    ids = {r["job"].id for r in results.values()}
    assert len(ids) == SESSIONS  # ten separate runs, none shared
    assert 1 <= limiter.peak <= SLOTS, f"{limiter.peak} trainings ran at once with {SLOTS} slots"
    assert limiter.running == 0 and all(limiter.position(r["job"]) is None for r in results.values())

    waits = [r["job"].queue_wait() for r in results.values()]
    report = {
        "sessions": SESSIONS,
        "epochs": EPOCHS,
        "slots": SLOTS,
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),  # Linux counts kB
        "longest_queue_wait_s": round(max(waits), 2),
        "mean_queue_wait_s": round(sum(waits) / len(waits), 2),
        "max_concurrent_trainings": limiter.peak,
        "sessions_that_saw_their_place_in_line": sum(r["saw_queue"] for r in results.values()),
    }
    out = ROOT / "artifacts" / "load_test.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print("\nload test:", json.dumps(report))


# The training line


def test_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("HAR_MAX_TRAININGS", "3")
    assert server.limit_from_env() == 3
    monkeypatch.setenv("HAR_MAX_TRAININGS", "")
    assert server.limit_from_env() == jobs.cores()
    with pytest.raises(ValueError):
        jobs.TrainingLimiter(0)


# Each session its own; the data set once for all


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


def test_a_training_limit_beyond_the_memory_is_capped_in_one_line(monkeypatch, caplog):
    from har.guard import trainings_that_fit

    monkeypatch.setenv("HAR_MAX_TRAININGS", "1000000")
    with caplog.at_level("WARNING", logger="har.server"):
        slots = server.limit_from_env()
    assert 1 <= slots < 1_000_000 and abs(slots - trainings_that_fit()) <= 2  # the free memory moves a little
    (line,) = [r.getMessage() for r in caplog.records if r.name == "har.server"]
    assert line.startswith("HAR_MAX_TRAININGS=1000000 is more trainings at once") and "\n" not in line
    limiter = jobs.TrainingLimiter(slots)
    assert jobs.memory_per_training(limiter) >= 250 * 2**20  # enough for the notebook's pair: not refused for memory
