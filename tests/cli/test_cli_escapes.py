"""What the command line prints from a run record, a link, a weights file or a board entry cannot steer the terminal:
escape sequences, other control characters and bidi overrides in it are printed as escapes (`\\x1b[2J`)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from support.board import finished_run
from support.records import HOSTILE

from har.args import printable
from har.cli import main

CLEAR = "\x1b[2J"  # clears the screen
FLIP = "\u202e"  # shows the rest of the line right to left
RAW = (CLEAR[0], FLIP, "\x9b", "\x07", "\r")


def shows_no_control(text: str) -> bool:
    return not any(c in text for c in RAW)


def test_control_characters_are_written_as_escapes():
    assert printable(f"a{CLEAR}b{FLIP}c\x7f\x9b\r\x00") == "a\\x1b[2Jb\\u202ec\\x7f\\x9b\\r\\x00"
    assert (
        printable("tabs\tand\nnewlines stay, and so does ñ or 日本")
        == "tabs\tand\nnewlines stay, and so does ñ or 日本"
    )


@pytest.fixture
def tricky_record(tiny_record, tmp_path):
    """The record with control characters in its id, clip keys and the two class names of one of its confusions."""
    record = json.loads(tiny_record.to_json())
    names = record["dataset"]["class_names"]
    true, wrong = record["test_labels"][0], (record["test_labels"][0] + 1) % len(names)
    record["models"]["rnn"]["predictions"][0] = wrong  # one confusion to list
    record["id"] = f"run{CLEAR}{FLIP}1"
    names[true], names[wrong] = f"diving{CLEAR}", f"golf{FLIP}swing"
    record["test_keys"] = [f"clip{CLEAR}{i}" for i in range(len(record["test_keys"]))]
    path = tmp_path / "run.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path, true, wrong


def test_a_records_class_names_and_clip_keys_print_escaped(tricky_record, capsys):
    path, true, wrong = tricky_record
    assert main(["lab", "failures", str(path), "--model", "rnn", "--true", str(true), "--pred", str(wrong)]) == 0
    out = capsys.readouterr().out
    assert shows_no_control(out)
    assert "diving\\x1b[2J" in out and "golf\\u202eswing" in out and "clip\\x1b[2J" in out


def test_an_error_naming_what_the_record_holds_prints_escaped(tricky_record, capsys):
    path, _, wrong = tricky_record
    argv = ["lab", "failures", str(path), "--model", "rnn", "--true", f"no{CLEAR}such", "--pred", str(wrong)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert shows_no_control(err) and "no\\x1b[2Jsuch" in err and "diving\\x1b[2J" in err


def test_board_entries_print_escaped_even_when_the_database_holds_control_characters(tiny_demo, tmp_path, capsys):
    path = tmp_path / "run.json"
    path.write_text(finished_run(tiny_demo, accs=((0.5, 0.6),)).to_json(), encoding="utf-8")
    db = tmp_path / "board.sqlite"
    assert main(["board", "publish", str(path), "--name", f"Ana{CLEAR}", "--db", str(db)]) == 0
    assert shows_no_control(capsys.readouterr().out)  # the board itself keeps no control character of a name
    with sqlite3.connect(db) as conn:  # a database written by something else
        conn.execute("UPDATE entries SET name = ?, split = ?", (f"Ana{CLEAR}{FLIP}", f"random{CLEAR}"))
        conn.execute("UPDATE boards SET name = ?", (f"Lecture{CLEAR}",))
    assert main(["board", "show", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert shows_no_control(out) and "Ana\\x1b[2J\\u202e" in out and "random\\x1b[2J" in out
    assert main(["board", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert shows_no_control(out) and "Lecture\\x1b[2J" in out


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("command", [["lab", "discuss"], ["lab", "mcnemar"]])
def test_a_hostile_record_is_one_sentence_in_the_cli(tiny_record, tmp_path, capsys, case, command):
    forge, word = HOSTILE[case]
    path = tmp_path / "run.json"
    path.write_text(forge(tiny_record.to_json()), encoding="utf-8")
    assert main([*command, str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and word in err and "Traceback" not in err
