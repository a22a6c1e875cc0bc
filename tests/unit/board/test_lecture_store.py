"""The lecture's part of the board database: setups sent, short codes, questions, one vote per session and
question, reveals, limits; and the v3 -> v4 migration keeping a board's entries."""

from __future__ import annotations

import sqlite3

import pytest
from support.board import finished_run

from har.board import database, lecture
from har.board.entry import entries_from_record
from har.board.lecture import CODE_ALPHABET, Lecture, board_outcome, margin_of, race_outcome
from har.board.store import Board
from har.configs import RNNConfig, SetupConfig
from har.errors import HarError


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


def test_one_vote_per_session_and_question_until_the_reveal(tmp_path):
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
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
