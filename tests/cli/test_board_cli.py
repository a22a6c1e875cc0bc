"""`python -m har board ...` end to end: a run trained by `har train` is published, shown, exported, refused a
second time, and the board cleared and renewed; every mistake is one line and exit code 2."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.board import finished_run
from support.paths import ROOT

from har import runs
from har.board.cli import main
from har.board.store import Board
from har.board.summary import sentences
from har.cli import main as har_main
from har.data.demo import make_demo
from har.data.npz import save_npz
from har.i18n import render

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def run_json(tmp_path_factory) -> Path:
    """A real run record, trained by `python -m har train` on a tiny demo saved as an .npz."""
    folder = tmp_path_factory.mktemp("run")
    save_npz(folder / "tiny.npz", make_demo(scale=0.05))
    out = folder / "run.json"
    small = ["--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4", "--quiet"]
    assert har_main(["train", "--data", str(folder / "tiny.npz"), *small, "--out", str(out)]) == 0
    return out


def har(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "har", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_publish_show_and_export_through_python_m_har(run_json, tmp_path):
    """Real processes; the database comes from HAR_DATA_DIR as it does for the app."""
    env = {"HAR_DATA_DIR": str(tmp_path / "data"), "HAR_BOARD_DB": ""}
    done = har("board", "publish", str(run_json), "--name", "<script>alert(1)</script>", env=env)
    assert done.returncode == 0, done.stderr
    record = runs.load(run_json)
    assert f"published run {record.id} as '<script>alert(1)</script>'" in done.stdout
    db = tmp_path / "data" / "board.sqlite"
    assert [e.name for e in Board(db).entries()] == ["<script>alert(1)</script>"] * 2

    again = har("board", "publish", str(run_json), "--name", "again", env=env)
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.count("\n") == 1 and "is already on the board" in again.stderr

    shown = har("board", "show", "--lang", "es", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "entries 2, runs 1" in shown.stdout and "tiny.npz" in shown.stdout
    final = record.models["cnn"].history[-1].test_acc
    assert f"{final:.1%}" in shown.stdout
    assert render(sentences(Board(db).entries())[0], "es") in shown.stdout  # the summary, in Spanish

    exported = har("board", "export", env=env)
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(r["model"], float(r["final_acc"])) for r in rows][1] == ("cnn", final)
    assert {r["source"] for r in rows} == {"own"}  # the .npz's path never reaches the board


def test_every_command_against_a_chosen_database(tiny_demo, tmp_path, capsys):
    db = ["--db", str(tmp_path / "class.sqlite")]
    for seed in range(3):
        path = tmp_path / f"run{seed}.json"
        runs.save(finished_run(tiny_demo, seed=seed, split_seed=0, accs=((0.5, 0.55 + seed / 100),)), path)
        assert main(["publish", str(path), "--name", f"student {seed}", *db]) == 0
    capsys.readouterr()

    assert main(["show", "--json", "--sort", "final_acc", *db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(e["name"], e["family"]) for e in shown[:2]] == [("student 2", "cnn"), ("student 1", "cnn")]

    assert main(["show", *db]) == 0
    assert "the CNN leads the RNN by 6.0 points over 3 distinct runs" in capsys.readouterr().out

    out = tmp_path / "out" / "board.csv"
    assert main(["export", "--out", str(out), *db]) == 0
    assert len(list(csv.DictReader(out.open()))) == 6

    assert main(["clear", *db]) == 2
    assert "deletes the 6 entries" in capsys.readouterr().err and len(Board(db[1]).entries()) == 6
    assert main(["clear", "--yes", *db]) == 0 and Board(db[1]).entries() == []

    assert main(["new", "lecture 2", *db]) == 0
    assert main(["publish", str(tmp_path / "run0.json"), "--name", "again", *db]) == 0  # a new board, a new chance
    capsys.readouterr()
    assert main(["list", *db]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[-1].startswith("* lecture 2") and "2 entries" in listed[-1] and len(listed) == 2

    assert main(["clear", "--all", "--yes", *db]) == 0
    assert "deleted 2 entries of every board" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["publish", "missing.json", "--name", "x"], "missing.json"),
        (["publish", "RUN", "--name", "   "], "the display name is empty"),
        (["publish", "RUN", "--name", "x" * 41], "the display name has 41 characters; keep it to 40"),
        (["publish", "STOPPED", "--name", "x"], "only a finished run can be published, and this one is stopped"),
        (["show", "--board", "nope"], "there is no board called nope"),
        (["clear", "--board", "nope", "--yes"], "there is no board called nope"),
        (["new", ""], "the board's name is empty"),
        (["show", "--sort", "mood"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(tiny_demo, tmp_path, capsys, args, says):
    runs.save(finished_run(tiny_demo), tmp_path / "run.json")
    runs.save(finished_run(tiny_demo, status="stopped"), tmp_path / "stopped.json")
    swap = {"RUN": str(tmp_path / "run.json"), "STOPPED": str(tmp_path / "stopped.json")}
    code = main([swap.get(a, a) for a in args] + ["--db", str(tmp_path / "b.sqlite")] * (args[0] != "frobnicate"))
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and says in err, err


def test_a_database_the_board_cannot_use_is_one_line(tmp_path, capsys):
    (tmp_path / "notes.sqlite").write_bytes(b"plain text, not SQLite " * 50)
    assert main(["show", "--db", str(tmp_path / "notes.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "is not a readable board database" in err and err.count("\n") == 1
