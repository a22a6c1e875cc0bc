"""The lecture's part of the board database: setups sent and which browsers answered them, how long a setup sent
stays news, short codes, questions, one vote per browser and question, reveals, limits; and the migrations from
v3 (keeping a board's entries) and v4 (keeping its votes)."""

from __future__ import annotations

import sqlite3
import time

import pytest
from support.board import finished_run

from har.board import database, lecture
from har.board.entry import entries_from_record
from har.board.lecture import CODE_ALPHABET, Lecture, board_outcome, margin_of, race_outcome
from har.board.store import Board
from har.configs import RNNConfig, SetupConfig
from har.errors import HarError
from har.store import owner_of

ANA, BO = owner_of("a" * 32), owner_of("b" * 32)  # two browsers, named as the dashboard names them


def test_a_sent_setup_is_read_back_by_another_connection_and_a_restart(tmp_path):
    path = tmp_path / "b.sqlite"
    assert Lecture(path).offer() is None
    r0 = Lecture(path).revision()
    sent = Lecture(path).send(SetupConfig(rnn=RNNConfig(hidden=64, pooling="last")))
    again = Lecture(path).offer()
    assert again.id == sent.id and again.setup.rnn.hidden == 64 and again.setup.rnn.pooling == "last"
    assert Lecture(path).revision() > r0


def test_short_codes_are_stable_typable_and_case_blind(tmp_path):
    lec = Lecture(tmp_path / "b.sqlite")
    a, b = SetupConfig(), SetupConfig(rnn=RNNConfig(hidden=32))
    code = lec.code_for(a)
    assert len(code) == lecture.CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert lec.code_for(a) == code and lec.code_for(b) != code
    assert lec.setup_for(code.lower()) == a and lec.setup_for(lec.code_for(b)).rnn.hidden == 32
    assert lec.setup_for("ZZZZZ") is None and lec.setup_for("'; DROP TABLE links; --") is None


def test_one_vote_per_browser_and_question_until_the_reveal(tmp_path):
    lec = Lecture(tmp_path / "b.sqlite")
    with pytest.raises(HarError):
        lec.vote(1, "s1", "rnn", "close")  # nothing asked
    q = lec.ask()
    lec.vote(q.id, "s1", "rnn", "close")
    lec.vote(q.id, "s1", "cnn", "some")  # a change of mind replaces the first answer
    lec.vote(q.id, "s2", "cnn", "some")
    assert lec.question().votes == {("cnn", "some"): 2} and lec.voted(q.id, "s1") == ("cnn", "some")
    for bad in (("s3", "gru", "some"), ("s3", "rnn", "huge"), ("", "rnn", "some"), ("x" * 101, "rnn", "some")):
        with pytest.raises(HarError):
            lec.vote(q.id, *bad)
    revealed = lec.reveal(q.id, "cnn", 4.2, "race")
    assert (revealed.outcome, revealed.points, revealed.source, revealed.answers) == ("cnn", 4.2, "race", 2)
    with pytest.raises(HarError, match="closed"):
        lec.vote(q.id, "s4", "rnn", "some")
    q2 = lec.ask()
    assert q2.id != q.id and q2.answers == 0 and not q2.revealed
    with pytest.raises(HarError, match="closed"):
        lec.vote(q.id, "s5", "rnn", "some")  # an old question's page


def test_a_browser_votes_once_across_its_sessions_and_another_browser_separately(tmp_path):
    path = tmp_path / "b.sqlite"
    q = Lecture(path).ask()
    Lecture(path).vote(q.id, ANA, "rnn", "close")  # the first session of a browser
    again = Lecture(path)  # a reload: a new session, a new connection, the same browser
    assert again.voted(q.id, ANA) == ("rnn", "close")
    again.vote(q.id, ANA, "cnn", "large")  # its second answer replaces the first
    assert Lecture(path).voted(q.id, BO) is None
    Lecture(path).vote(q.id, BO, "rnn", "some")
    assert Lecture(path).question().votes == {("cnn", "large"): 1, ("rnn", "some"): 1}
    with sqlite3.connect(path) as conn:  # the file holds the hash only
        assert {r[0] for r in conn.execute("SELECT browser FROM votes")} == {ANA, BO}


def test_an_offer_answered_stays_answered_for_that_browser_only(tmp_path):
    path = tmp_path / "b.sqlite"
    first = Lecture(path).send(SetupConfig(rnn=RNNConfig(hidden=64)))
    assert not Lecture(path).answered(first.id, ANA)
    r0 = Lecture(path).revision()
    assert Lecture(path).answer(first.id, ANA, loaded=True)
    assert Lecture(path).revision() > r0  # the browser's other tabs see it at their next poll
    assert Lecture(path).answered(first.id, ANA) and not Lecture(path).answered(first.id, BO)
    assert Lecture(path).answer(first.id, ANA, loaded=False)  # a second answer replaces the first
    second = Lecture(path).send(SetupConfig(rnn=RNNConfig(hidden=32)))
    assert not Lecture(path).answered(second.id, ANA)  # a new setup is news again
    assert not Lecture(path).answer(first.id, BO, loaded=True)  # an old page's button records nothing
    assert Lecture(path).answer(second.id, BO, loaded=False)
    with sqlite3.connect(path) as conn:  # answers to older offers go
        assert conn.execute("SELECT offer_id, browser, loaded FROM offer_answers").fetchall() == [(second.id, BO, 0)]
    with pytest.raises(HarError):
        Lecture(path).answer(second.id, "", loaded=True)


def test_an_offer_answers_at_most_answers_max_browsers(tmp_path, monkeypatch):
    monkeypatch.setattr(lecture, "ANSWERS_MAX", 1)
    lec = Lecture(tmp_path / "b.sqlite")
    offer = lec.send(SetupConfig())
    assert lec.answer(offer.id, ANA, loaded=True) and lec.answer(offer.id, ANA, loaded=False)
    assert not lec.answer(offer.id, BO, loaded=True) and not lec.answered(offer.id, BO)


def sent_ago(path, seconds: float) -> None:
    """Date the latest offer `seconds` back, as if it had been sent then."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE offers SET created = ? WHERE id = (SELECT max(id) FROM offers)",
            (time.strftime(database.TIME_FORMAT, time.localtime(time.time() - seconds)),),
        )


def test_an_offer_is_news_for_a_bounded_time(tmp_path):
    path = tmp_path / "b.sqlite"
    Lecture(path).send(SetupConfig())
    assert Lecture(path).offer().recent()
    sent_ago(path, lecture.OFFER_NEWS_S - 60)
    assert Lecture(path).offer().recent()
    sent_ago(path, lecture.OFFER_NEWS_S + 60)
    assert not Lecture(path).offer().recent()


def test_a_question_takes_at_most_votes_max_answers(tmp_path, monkeypatch):
    monkeypatch.setattr(lecture, "VOTES_MAX", 2)
    lec = Lecture(tmp_path / "b.sqlite")
    q = lec.ask()
    lec.vote(q.id, "a", "rnn", "some")
    lec.vote(q.id, "b", "rnn", "some")
    lec.vote(q.id, "a", "cnn", "some")  # a session already counted may still change its answer
    with pytest.raises(HarError, match="2 answers"):
        lec.vote(q.id, "c", "rnn", "some")


def test_outcomes_from_a_race_and_from_the_board(tiny_demo):
    race = finished_run(tiny_demo, accs=((0.4, 0.5), (0.7, 0.61)))
    assert race_outcome(race) == ("rnn", pytest.approx(9.0))
    assert race_outcome(finished_run(tiny_demo, accs=((0.5, 0.5),)))[0] == "tie"
    entries = entries_from_record(race, "a") + entries_from_record(finished_run(tiny_demo, accs=((0.3, 0.6),)), "b")
    assert board_outcome(entries) == ("cnn", pytest.approx(10.5))  # mean final accuracies 0.5 vs 0.605
    assert board_outcome([]) is None
    assert [margin_of(p) for p in (0.5, 2.0, 7.0, 12.0)] == ["close", "some", "clear", "large"]


def test_a_version_3_board_migrates_keeping_its_entries(tmp_path, tiny_demo, monkeypatch):
    path = tmp_path / "v3.sqlite"
    monkeypatch.setattr(database, "SCHEMA_VERSION", 3)
    Board(path).publish(entries_from_record(finished_run(tiny_demo), "ana"))
    monkeypatch.undo()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert [e.name for e in Board(path).entries()] == ["ana", "ana"]
    assert Lecture(path).ask().answers == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION


def test_a_version_4_board_migrates_keeping_its_votes_and_offers(tmp_path, monkeypatch):
    path = tmp_path / "v4.sqlite"
    monkeypatch.setattr(database, "SCHEMA_VERSION", 4)
    q = Lecture(path).ask()
    with sqlite3.connect(path) as conn:  # a v4 server's votes: one per session
        assert [r[1] for r in conn.execute("PRAGMA table_info(votes)")][:2] == ["question_id", "session"]
        conn.execute("INSERT INTO votes VALUES (?, 's1', 'rnn', 'some', '2026-01-01T10:00:00')", (q.id,))
    offer = Lecture(path).send(SetupConfig())
    monkeypatch.undo()
    lec = Lecture(path)
    assert lec.question().votes == {("rnn", "some"): 1} and lec.voted(q.id, "s1") == ("rnn", "some")
    assert lec.offer().id == offer.id and not lec.answered(offer.id, ANA)
    lec.vote(q.id, ANA, "cnn", "close")
    assert lec.answer(offer.id, ANA, loaded=True) and lec.answered(offer.id, ANA)
    assert lec.question().answers == 2
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION == 5
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
