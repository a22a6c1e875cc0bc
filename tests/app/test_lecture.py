"""The lecture under AppTest: the lecturer's panel needs the key; a setup sent reaches another session as an offer
(Load applies it, Keep mine leaves it, a running training is not touched); a prediction round counts one vote per
browser and reveals the outcome beside it; a reload (a new session of the same browser) keeps its vote and is
offered a recent setup until its browser answers it; the projector view's charts and tiles; in English and
Spanish."""

from __future__ import annotations

import sqlite3
import time

import pytest
from streamlit.testing.v1 import AppTest
from support.board import finished_run
from support.paths import ROOT

from dashboard import projector, state
from har.board import access, database, lecture
from har.board.lecture import Lecture
from har.configs import RNNConfig, SetupConfig
from har.i18n import t

BOARD = ROOT / "pages" / "board.py"
TRAIN = ROOT / "pages" / "train.py"
KEY = "s3cret"
ANA, BO, CY = "a1" * 16, "b2" * 16, "c3" * 16  # browser identities, as their cookies hold them


@pytest.fixture(autouse=True)
def _board(app_env, monkeypatch):
    monkeypatch.setenv("HAR_BOARD_DB", str(app_env / "board.sqlite"))
    monkeypatch.setenv(access.ADMIN_ENV, KEY)


def open_page(path, *, lang="en", query=None, runs=(), identity=None) -> AppTest:
    """A new session on `path`; with `identity`, of the browser whose cookie holds it (else a browser of its own)."""
    at = AppTest.from_file(str(path), default_timeout=120)
    if identity is not None:
        at.session_state[state.IDENTITY] = identity
    at.session_state[state.LANG] = lang
    at.session_state[state.RUNS] = {r.id: r for r in runs}
    at.query_params.update(query or {})
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def lecturer(**kw) -> AppTest:
    return open_page(BOARD, query={"lecturer": KEY}, **kw)


def texts(at) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_the_lecture_panel_needs_the_key():
    for query in ({}, {"lecturer": "guess"}):
        at = open_page(BOARD, query=query)
        assert not [b for b in at.button if b.key == state.LECTURE_SEND]
    at = lecturer()
    assert [b for b in at.button if b.key == state.LECTURE_SEND]
    # a stale page's button in a session without the key does nothing
    student = open_page(BOARD)
    student.session_state[state.BOARD_LECTURER] = False
    from dashboard import lecturer as panel

    panel.ask(student.session_state)
    assert Lecture().question() is None


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_sent_setup_is_offered_to_a_student_and_load_applies_it(lang):
    student = open_page(TRAIN, lang=lang)
    assert student.session_state[state.RNN_HIDDEN] != 64
    teacher = lecturer()
    teacher.session_state[state.RNN_HIDDEN] = 64
    teacher.button(key=state.LECTURE_SEND).click().run()
    assert not teacher.exception
    student.run()  # the poll
    said = texts(student)
    assert t("lecture.offer", lang).split("**")[1] in said
    assert "(rh): ` 64 `" in said  # the change it brings, its value quoted
    student.button(key="offer_load").click().run()
    student.run()
    assert student.session_state[state.RNN_HIDDEN] == 64
    assert student.session_state[state.LANG] == lang  # the student's language stays
    assert not [b for b in student.button if b.key == "offer_load"]  # answered: gone


def test_keep_mine_leaves_the_settings_and_a_training_is_not_touched():
    student = open_page(TRAIN)
    student.button(key=state.START_BUTTON).click().run()
    job = student.session_state[state.JOB]
    before = student.session_state[state.RNN_HIDDEN]
    Lecture().send(SetupConfig(rnn=RNNConfig(hidden=32)))
    student.run()
    assert t("lecture.offer_training", "en") in texts(student) or job.done
    student.button(key="offer_keep").click().run()
    assert student.session_state[state.RNN_HIDDEN] == before
    assert student.session_state[state.JOB] is job and not job.stop_event.is_set()
    job.wait(120)


def test_a_prediction_round_counts_one_vote_per_browser_and_reveals_the_outcome(tiny_demo):
    race = finished_run(tiny_demo, accs=((0.4, 0.5), (0.52, 0.61)))  # the CNN by 9 points
    teacher = lecturer(runs=[race])
    teacher.button(key=state.LECTURE_ASK).click().run()
    students = [open_page(TRAIN, lang=lang) for lang in ("en", "es", "en")]
    for i, s in enumerate(students):
        s.radio(key=state.VOTE_WINNER).set_value("cnn" if i else "rnn")
        s.radio(key=state.VOTE_MARGIN).set_value("clear")
        s.button(key="vote").click().run()
        assert not s.exception
    students[0].run()
    assert not [b for b in students[0].button if b.key == "vote"]  # answered once: no second vote offered
    question = Lecture().question()
    assert question.answers == 3 and question.by_winner() == {"rnn": 1, "cnn": 2}
    teacher.run()
    assert {m.label: m.value for m in teacher.metric}[t("lecture.answers", "en")] == "3"
    teacher.button(key=state.LECTURE_REVEAL).click().run()
    question = Lecture().question()
    assert question.outcome == "cnn" and question.points == pytest.approx(9.0) and question.source == "race"
    students[1].run()
    said = texts(students[1])
    assert "CNN" in said and "9,0" in said and "RNN 1, CNN 2" in said  # Spanish numbers, the class's prediction


def buttons(at) -> set[str]:
    return {b.key for b in at.button}


def test_a_reload_shows_its_browsers_vote_and_cannot_vote_again_while_another_browser_can(app_env):
    teacher = lecturer()
    teacher.button(key=state.LECTURE_ASK).click().run()
    first = open_page(TRAIN, identity=ANA)
    first.radio(key=state.VOTE_WINNER).set_value("cnn")
    first.radio(key=state.VOTE_MARGIN).set_value("large")
    first.button(key="vote").click().run()
    said = t("lecture.voted", "en", winner=t("lecture.winner.cnn", "en"), margin=t("lecture.margin.large", "en"))
    reload = open_page(TRAIN, identity=ANA)  # F5: a new session, the same cookie
    assert "vote" not in buttons(reload) and said in texts(reload)
    other = open_page(TRAIN, identity=BO)
    assert "vote" in buttons(other) and said not in texts(other)
    other.radio(key=state.VOTE_WINNER).set_value("rnn")
    other.button(key="vote").click().run()
    assert not other.exception
    assert Lecture().question().votes == {("cnn", "large"): 1, ("rnn", "close"): 1}
    teacher.run()
    assert {m.label: m.value for m in teacher.metric}[t("lecture.answers", "en")] == "2"
    stored = b"".join(f.read_bytes() for f in app_env.glob("board.sqlite*"))  # the file and its journal
    assert ANA.encode() not in stored and BO.encode() not in stored  # only the identities' hashes


def offered(at) -> bool:
    return {"offer_load", "offer_keep"} <= buttons(at)


def test_a_reload_or_a_late_arrival_is_offered_a_recent_setup_until_its_browser_answers(app_env):
    teacher = lecturer()
    teacher.session_state[state.RNN_HIDDEN] = 64
    teacher.button(key=state.LECTURE_SEND).click().run()
    teacher.run()
    assert not offered(teacher)  # the lecturer sent it: no notice for them
    late = open_page(TRAIN, identity=ANA)  # opened after the offer was sent
    assert offered(late)
    again = open_page(TRAIN, identity=ANA)  # a reload before answering: still offered
    assert offered(again)
    again.button(key="offer_load").click().run()
    again.run()
    assert again.session_state[state.RNN_HIDDEN] == 64 and not offered(again)
    assert not offered(open_page(TRAIN, identity=ANA))  # answered: a reload is not offered it again
    late.run()  # the browser's first tab, at its next poll
    assert not offered(late)
    other = open_page(TRAIN, identity=BO)
    assert offered(other)
    other.button(key="offer_keep").click().run()
    assert not offered(open_page(TRAIN, identity=BO))
    projected = open_page(TRAIN, identity=CY, query={projector.PARAM: projector.VALUE})
    assert not offered(projected)  # nor on the projector


def test_an_old_offer_is_not_news_to_a_new_session(app_env):
    Lecture().send(SetupConfig(rnn=RNNConfig(hidden=32)))
    old = time.localtime(time.time() - lecture.OFFER_NEWS_S - 60)
    with sqlite3.connect(app_env / "board.sqlite") as conn:
        conn.execute("UPDATE offers SET created = ?", (time.strftime(database.TIME_FORMAT, old),))
    student = open_page(TRAIN, identity=ANA)
    assert not offered(student)
    Lecture().send(SetupConfig(rnn=RNNConfig(hidden=64)))  # sent while the session is open: news
    student.run()
    assert offered(student)


def test_a_damaged_board_keeps_the_lecture_quiet_and_an_answer_stays_in_the_session(app_env):
    Lecture().send(SetupConfig(rnn=RNNConfig(hidden=32)))
    student = open_page(TRAIN, identity=ANA)
    assert offered(student)
    for f in app_env.glob("board.sqlite*"):
        f.unlink()
    (app_env / "board.sqlite").write_bytes(b"not a database " * 100)
    student.button(key="offer_keep").click().run()  # recording the answer fails: the session still remembers
    assert not student.exception and not offered(student) and not student.error
    reload = open_page(TRAIN, identity=ANA)
    assert not offered(reload) and not reload.error  # no lecture to read: quiet


def test_the_projector_view_enlarges_the_charts_and_shows_tiles(tiny_demo):
    record = finished_run(tiny_demo)
    compare = open_page(ROOT / "pages" / "compare.py", runs=[record], query={projector.PARAM: projector.VALUE})
    assert compare.session_state[state.PROJECTOR]
    tiles = {m.label: m.value for m in compare.metric}
    assert tiles[t("projector.acc_cnn", "en")] == "60.0 %"
    assert tiles[t("projector.params_rnn", "en")] == "300,000"
    assert not compare.get("file_uploader")  # only what the class needs to see


def test_a_training_that_ended_unseen_is_noticed_by_the_polls_on_every_page(tiny_demo):
    """The students' bar polls on every page: once a session's training has ended and no full run has filed it, it
    asks for one (which files and draws the end); a filed one, or none, asks for nothing."""
    from dashboard import keeping, lecture
    from dashboard.history import collect_job
    from har import jobs
    from har.backends import InProcess
    from har.data import make_split
    from har.models import CNNConfig, RNNConfig
    from har.train import TrainConfig

    ss = {state.IDENTITY: "c" * 32}
    state.init(ss)
    keeping.session_start(ss)
    assert not lecture.ended_unseen(ss)  # no training
    models = {"rnn": RNNConfig(hidden=4), "cnn": CNNConfig(widths=(4,))}
    job = jobs.TrainingJob(
        data=tiny_demo, split=make_split(tiny_demo, "random", seed=11), models=models,
        train=TrainConfig(epochs=1, batch_size=8), source="demo", limiter=jobs.TrainingLimiter(1), backend=InProcess(),
    )  # fmt: skip
    keeping.start(ss, job)
    assert ss[state.JOB].wait(120)
    ended = ss[state.JOB].ended
    assert not lecture.ended_unseen(ss, now=ended + 1)  # the Train page's own poll draws the end first
    assert lecture.ended_unseen(ss, now=ended + lecture.UNSEEN_GRACE_S)
    assert collect_job(ss) is not None and not lecture.ended_unseen(ss, now=ended + lecture.UNSEEN_GRACE_S)
