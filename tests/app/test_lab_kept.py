"""A browser's lab results kept in the run store (dashboard/lab_keep.py) under AppTest: a study that ran comes back
in a new session of the same browser (a reload, or a restarted server: the store is a file) with the same figure and
paragraph and nothing trained again, and not in another browser's; a study still running when the page reloads is
followed by the new session; "Forget my runs" takes the results too; a full store says so in one sentence."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest
from support.app import open_app
from support.paths import APP

from dashboard import state
from har.store import RunStore, owner_of

pytestmark = pytest.mark.usefixtures("app_env")

ANA, BEN = "a" * 32, "b" * 32
KEPT = "From your last visit"


def lab(identity: str, study: str = "seeds") -> AppTest:
    """A new session of the browser whose cookie holds `identity`, on the Lab page's `study`, with the tiny pair."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[state.IDENTITY] = identity
    at = open_app(at)
    at.session_state[state.RNN_HIDDEN] = 4
    for key in state.CNN_WIDTHS:
        at.session_state[key] = 4
    at.session_state[state.EPOCHS] = 2
    at.session_state[state.LAB_STUDY] = study
    at.switch_page("pages/lab.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def run_study(at, study: str = "seeds"):
    if study == "seeds":
        at.slider(key=state.lab_key("seeds", "seeds")).set_value(2)
    at.button(key=f"lab_start_{study}").click().run()
    job = at.session_state[state.LAB_JOBS][study]
    assert job.wait(120) and job.status == "finished"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return job


def drawn(at, study: str = "seeds"):
    """The study's figure as sent, and the page's paragraphs."""
    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == f"lab_{study}_fig").proto.spec)
    return [(t["name"], t["y"]) for t in fig["data"]], [m.value for m in at.markdown]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.parametrize("study", ["seeds", "order"])
def test_a_study_comes_back_in_a_new_session_of_the_same_browser_and_in_no_other(study):
    first = lab(ANA, study)
    job = run_study(first, study)
    before = drawn(first, study)
    assert not any(KEPT in c for c in captions(first))

    again = lab(ANA, study)  # F5, or the server restarted on the same data folder
    back = again.session_state[state.LAB_JOBS][study]
    assert back is not job and back.kept and back.started is None  # rebuilt from the store, never trained
    assert drawn(again, study) == before
    assert any(KEPT in c for c in captions(again))
    if study == "order":  # its models came back too: the weights download is offered again
        assert [b.label for b in again.get("download_button")] == ["Download the trained models"]

    other = lab(BEN, study)
    assert study not in other.session_state[state.LAB_JOBS]
    assert not any(c.key == f"lab_{study}_fig" for c in other.get("plotly_chart"))


def test_a_study_running_when_the_page_reloads_is_followed_by_the_new_session(monkeypatch):
    import threading

    from har.lab.job import StudyJob

    # held until the reload is done: on a quick machine the tiny study could otherwise end (and be kept) first
    go_on, real = threading.Event(), StudyJob._work
    monkeypatch.setattr(StudyJob, "_work", lambda self: (go_on.wait(60), real(self)))
    first = lab(ANA)
    first.slider(key=state.lab_key("seeds", "seeds")).set_value(3)
    first.button(key="lab_start_seeds").click().run()
    job = first.session_state[state.LAB_JOBS]["seeds"]
    again = lab(ANA)  # while it trains
    assert not job.done and again.session_state[state.LAB_JOBS]["seeds"] is job
    go_on.set()
    assert job.wait(120) and job.status == "finished"
    assert RunStore().lab(owner_of(ANA), "seeds") is not None  # kept by the study's own thread as it ended
    third = lab(ANA)
    assert third.session_state[state.LAB_JOBS]["seeds"].kept
    assert len(third.session_state[state.LAB_JOBS]["seeds"].result().seeds) == 3


def test_a_page_reloaded_while_the_ended_study_is_being_filed_still_gets_its_result(monkeypatch):
    import threading

    saving, go_on, real = threading.Event(), threading.Event(), RunStore.save_lab

    def held(self, *args, **kwargs):  # the study has ended and its thread is filing it: held there
        saving.set()
        go_on.wait(60)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(RunStore, "save_lab", held)
    first = lab(ANA)
    first.slider(key=state.lab_key("seeds", "seeds")).set_value(2)
    first.button(key="lab_start_seeds").click().run()
    job = first.session_state[state.LAB_JOBS]["seeds"]
    assert saving.wait(120)
    again = lab(ANA)  # F5 right then: not in the store yet, and no longer training
    go_on.set()
    assert again.session_state[state.LAB_JOBS].get("seeds") is job  # followed, not lost
    assert job.wait(120) and job.status == "finished"
    again.run()
    assert any("Over 2 seeds" in m.value for m in again.markdown)
    assert RunStore().lab(owner_of(ANA), "seeds") is not None


def test_forget_my_runs_forgets_the_lab_results_too():
    first = lab(ANA)
    run_study(first)
    first.switch_page("pages/compare.py").run()  # no run trained: the button is there all the same
    first.button(key=state.FORGET_BUTTON).click().run()
    assert "seeds" not in first.session_state[state.LAB_JOBS]
    assert RunStore().lab(owner_of(ANA), "seeds") is None
    assert "seeds" not in lab(ANA).session_state[state.LAB_JOBS]


def test_a_full_store_keeps_the_result_in_the_tab_and_says_so(monkeypatch):
    monkeypatch.setenv("HAR_STORE_MAX_MB", "0.000001")
    first = lab(ANA)
    job = run_study(first)
    assert job.keep_error is not None and job.result() is not None
    warnings = [w.value for w in first.warning if "not kept on this server" in w.value]
    assert len(warnings) == 1 and "this tab only" in warnings[0]
    assert "seeds" not in lab(ANA).session_state[state.LAB_JOBS]


def test_a_result_kept_for_other_data_is_not_shown(monkeypatch):
    first = lab(ANA)
    run_study(first)
    text, weights = RunStore().lab(owner_of(ANA), "seeds")
    forged = json.loads(text) | {"data": "0" * 16}
    RunStore().save_lab(owner_of(ANA), "seeds", json.dumps(forged), weights)
    again = lab(ANA)
    assert "seeds" not in again.session_state[state.LAB_JOBS] and not again.exception
