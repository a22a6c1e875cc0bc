"""A browser's work kept in the run store (dashboard/keeping.py) under AppTest: a new session of the same browser
has its runs and models, another browser none; one setup trains once (served from the store, or a running training
joined, and picked up by a reloaded page); an upload never takes a trained run's place; forget; an unusable store."""

from __future__ import annotations

from dataclasses import asdict, replace

import pytest
from streamlit.testing.v1 import AppTest
from support.app import finish_job, open_app
from support.paths import APP

from dashboard import board, history, keeping, state
from har import jobs, runs
from har.backends import InProcess
from har.models import CNNConfig, RNNConfig
from har.store import RunStore, owner_of
from har.train import TrainConfig

pytestmark = pytest.mark.usefixtures("app_env")


def session(identity: str | None = None) -> AppTest:
    """The dashboard in a new session; with `identity`, of the browser whose cookie holds it."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    if identity is not None:
        at.session_state[state.IDENTITY] = identity
    return open_app(at)


def train(at, **changes):
    at.session_state[state.RNN_HIDDEN] = 4
    for key in state.CNN_WIDTHS:
        at.session_state[key] = 4
    at.session_state[state.EPOCHS] = 2
    for key, value in changes.items():
        at.session_state[key] = value
    at.switch_page("pages/train.py").run()
    at.button(key=state.START_BUTTON).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at.session_state[state.JOB]


def trained(at):
    """Train the tiny pair from the Train page and wait until its run is filed; the finished job."""
    train(at)
    return finish_job(at)


def numbers(record) -> dict:
    return {n: ([{k: v for k, v in asdict(h).items() if k != "seconds"} for h in m.history], m.predictions)
            for n, m in record.models.items()}  # fmt: skip


def test_a_new_session_of_the_same_browser_has_its_runs_and_models_and_another_browser_none():
    first = session()
    job = trained(first)
    identity = first.session_state[state.IDENTITY]
    assert len(identity) == 32 and identity not in runs.dumps(first.session_state[state.RUNS][job.id])

    again = session(identity)  # F5, a reopened tab, or a restarted server: a new session, the same cookie
    again.switch_page("pages/compare.py").run()
    assert list(again.session_state[state.RUNS]) == [job.id]
    assert state.DOWNLOAD_WEIGHTS in [b.key for b in again.get("download_button")]
    assert list(board.publishable(again.session_state)) == [job.id]

    other = session()
    other.switch_page("pages/compare.py").run()
    assert other.session_state[state.RUNS] == {} and board.publishable(other.session_state) == {}
    assert other.info[0].value.startswith("No runs yet")


def test_a_setup_already_trained_is_served_at_once_and_a_fresh_one_is_still_possible():
    ana = session()
    first = trained(ana)
    ben = session()
    served = train(ben)
    assert served.done and ben.session_state[state.JOB_NOTE][0] == served.id != first.id
    assert any("already trained on this server" in i.value for i in ben.info)
    record = ben.session_state[state.RUNS][served.id]
    assert numbers(record) == numbers(ana.session_state[state.RUNS][first.id])
    assert list(board.publishable(ben.session_state)) == [served.id]  # theirs, like any other

    ben.button(key=state.FRESH_BUTTON).click().run()
    fresh = finish_job(ben)
    assert fresh.id not in (first.id, served.id) and isinstance(fresh, jobs.TrainingJob)
    assert numbers(ben.session_state[state.RUNS][fresh.id]) == numbers(record)  # identical by construction


def make_job(data, split, epochs=3):
    return jobs.TrainingJob(
        data=data, split=split, models={"rnn": RNNConfig(hidden=4), "cnn": CNNConfig(widths=(4,))},
        train=TrainConfig(epochs=epochs, batch_size=8), source="demo", limiter=jobs.TrainingLimiter(1),
        backend=InProcess(),
    )  # fmt: skip


def new_session(identity: str) -> dict:
    ss = {state.IDENTITY: identity}
    state.init(ss)
    keeping.session_start(ss)
    return ss


def test_a_training_running_is_joined_and_a_reloaded_page_picks_it_up(tiny_demo):
    from har.data import make_split

    split = make_split(tiny_demo, "random", seed=0)
    ana, ben = new_session("a" * 32), new_session("b" * 32)
    keeping.start(ana, make_job(tiny_demo, split, epochs=4))
    job = ana[state.JOB]
    keeping.start(ben, make_job(tiny_demo, split, epochs=4))
    assert ben[state.JOB] is job and ben[state.JOB_NOTE] == (job.id, keeping.Message("store.joined"))
    reloaded = new_session("a" * 32)  # Ana's F5 while it trains
    assert reloaded[state.JOB] is job
    assert job.wait(120) and job.status == "finished"
    mine, theirs = history.collect_job(reloaded), history.collect_job(ben)
    assert mine.id == job.id and theirs.id != job.id and numbers(mine) == numbers(theirs)
    store = RunStore()
    assert store.weights(owner_of("b" * 32), theirs.id) == store.weights(owner_of("a" * 32), job.id)
    assert [r.id for r in store.records(owner_of("a" * 32))] == [job.id]


def test_a_press_while_the_finished_training_is_being_filed_joins_it_and_trains_nothing(tiny_demo, monkeypatch):
    """Filing a run (its record and weights into SQLite) takes a moment after the last epoch. A press in that
    moment once found the setup neither running nor stored and trained it a second time (seen in a class of six
    on one shared link); it joins the training being filed instead, and is filed with it."""
    import threading

    from har.data import make_split
    from har.store import filing

    split = make_split(tiny_demo, "random", seed=0)
    filing_started, go_on = threading.Event(), threading.Event()
    real = filing.file_job

    def slow_first_filing(store, owners, job, status, **kw):
        if not kw.get("kept"):
            filing_started.set()
            assert go_on.wait(60)
        return real(store, owners, job, status, **kw)

    monkeypatch.setattr(keeping, "file_job", slow_first_filing)
    ana, ben = new_session("a" * 32), new_session("b" * 32)
    keeping.start(ana, make_job(tiny_demo, split, epochs=2))
    job = ana[state.JOB]
    assert filing_started.wait(120)  # the last epoch is in; its run is being written
    keeping.start(ben, make_job(tiny_demo, split, epochs=2))
    go_on.set()
    assert ben[state.JOB] is job and ben[state.JOB_NOTE] == (job.id, keeping.Message("store.joined"))
    assert job.wait(120) and job.status == "finished"
    theirs = keeping.filed(job, owner_of("b" * 32))
    assert theirs is not None and not isinstance(theirs, Exception) and theirs.id != job.id
    store = RunStore()
    assert store.weights(owner_of("b" * 32), theirs.id) == store.weights(owner_of("a" * 32), job.id)


def test_two_presses_at_once_on_one_new_setup_train_it_once(tiny_demo, monkeypatch):
    """Thirty students press Train both on one link together. A press found the setup neither running nor in the
    store, let go of the lock to look in the store, and a second press in that moment found the same and trained
    the setup again (seen in a class of four on one shared link): the second one joins the first."""
    import threading

    from har.data import make_split

    split = make_split(tiny_demo, "random", seed=0)
    looking, go_on = threading.Event(), threading.Event()
    real = RunStore.serve

    def slow_first_look(self, owner, key):
        if not looking.is_set():
            looking.set()
            go_on.wait(5)  # the second press comes while the first is still looking
        return real(self, owner, key)

    monkeypatch.setattr(RunStore, "serve", slow_first_look)
    ana, ben = new_session("a" * 32), new_session("b" * 32)
    first = threading.Thread(target=keeping.start, args=(ana, make_job(tiny_demo, split, epochs=2)))
    first.start()
    assert looking.wait(60)
    second = threading.Thread(target=keeping.start, args=(ben, make_job(tiny_demo, split, epochs=2)))
    second.start()
    second.join(0.5)  # before the fix the second press started a training of its own here
    go_on.set()
    first.join(60)
    second.join(60)
    job = ana[state.JOB]
    assert ben[state.JOB] is job and ben[state.JOB_NOTE] == (job.id, keeping.Message("store.joined"))
    assert job.wait(120) and job.status == "finished"


def test_an_upload_never_takes_a_trained_runs_place_and_is_labelled_as_uploaded(tiny_record):
    at = session()
    job = trained(at)
    forged = runs.loads(runs.dumps(at.session_state[state.RUNS][job.id]))
    for m in forged.models.values():
        m.history[-1] = replace(m.history[-1], test_acc=0.99)
    at.switch_page("pages/compare.py").run()
    at.file_uploader(key=state.RUN_UPLOADER).set_value(("f.json", runs.dumps(forged).encode(), "application/json"))
    at.run()
    assert any("already in your history" in e.value for e in at.error)
    assert at.session_state[state.RUNS][job.id].models != forged.models
    at.file_uploader(key=state.RUN_UPLOADER).set_value(
        ("r.json", runs.dumps(tiny_record).encode(), "application/json")
    ).run()
    options = at.selectbox(key=state.widget_key(state.SELECTED_RUN)).options
    assert [o for o in options if "uploaded, for viewing only" in o] == [o for o in options if tiny_record.id in o]
    assert list(board.publishable(at.session_state)) == [job.id]


def test_forget_my_runs_empties_the_store_and_the_page():
    at = session()
    trained(at)
    at.switch_page("pages/compare.py").run()
    at.button(key=state.FORGET_BUTTON).click().run()
    assert at.session_state[state.RUNS] == {}
    assert RunStore().records(at.session_state[state.OWNER]) == []
    assert any("1 run forgotten" in s.value for s in at.success)
    assert session(at.session_state[state.IDENTITY]).session_state[state.RUNS] == {}


def test_a_store_that_cannot_be_used_is_one_sentence_and_the_app_still_trains(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("HAR_RUN_STORE", str(tmp_path / "file" / "runs.sqlite"))
    at = session()
    job = trained(at)
    assert list(at.session_state[state.RUNS]) == [job.id]
    assert isinstance(at.session_state[state.RUN_WEIGHTS][job.id], bytes)  # kept in the session instead
    warnings = [w.value for w in at.warning if "not kept on this server" in w.value]
    assert len(warnings) == 1 and "Training still works" in warnings[0]
    assert list(board.publishable(at.session_state)) == [job.id]


def test_pages_following_one_training_share_its_figures_built_once_per_epoch(tiny_demo, monkeypatch):
    """Thirty students on one shared link follow one training or are served its run: its live figures are built
    once for all of them (and again only when an epoch arrives), each page drawing the same objects."""
    from dashboard import live
    from har import plots
    from har.data import make_split

    built = []
    real = plots.training_curves
    monkeypatch.setattr(
        plots, "training_curves", lambda record, *a, **kw: built.append(record.id) or real(record, *a, **kw)
    )
    split = make_split(tiny_demo, "random", seed=3)
    pages = [new_session(f"{i:032x}") for i in range(5)]
    for ss in pages:
        keeping.start(ss, make_job(tiny_demo, split, epochs=2))
    job = pages[0][state.JOB]
    assert all(ss[state.JOB] is job for ss in pages) and job.wait(120)
    figures = [live.live_figures(ss, job, "en") for ss in pages]
    assert all(f[0] is figures[0][0] and f[1] is figures[0][1] for f in figures)
    assert built == [job.id]  # once, for five pages
    late = new_session("f" * 32)  # presses after the end: served from the store, under a run id of its own
    keeping.start(late, make_job(tiny_demo, split, epochs=2))
    served = late[state.JOB]
    assert isinstance(served, keeping.ServedRun) and served.id != job.id
    assert live.live_figures(late, served, "en")[0] is figures[0][0] and built == [job.id]
    assert [live.live_figures(ss, job, "es")[0] for ss in pages[:2]] == [live.live_figures(pages[0], job, "es")[0]] * 2
    assert built == [job.id] * 2  # a second language is a second figure, again once
