"""The commands that read a run record (`har lab discuss`, `har board publish`) refuse what is no record file in one
sentence and exit 2 before reading it: a file over the upload limit, a FIFO (which would wait for a writer
forever) and a folder."""

from __future__ import annotations

import os

import pytest
from support.cli import assert_cli_error, run, run_process

from har import runs
from har.runs import finish
from har.status import Status


def commands(record: str, db: str) -> list[tuple[str, ...]]:
    return [("lab", "discuss", record), ("board", "publish", record, "--name", "Ana", "--db", db)]


@pytest.fixture
def finished(tiny_record):
    finish(tiny_record, Status.FINISHED)
    return tiny_record


def test_a_record_over_the_limit_is_refused_by_its_size(capsys, tmp_path, finished):
    """A real record padded with JSON whitespace past MAX_MB: it would parse, but it is not read at all."""
    path = tmp_path / "big.json"
    text = finished.to_json().encode()
    path.write_bytes(text + b" " * (runs.MAX_MB * 1024 * 1024 + 1 - len(text)))
    assert path.stat().st_size > runs.MAX_MB * 1024 * 1024
    for argv in commands(str(path), str(tmp_path / "board.sqlite")):
        code, _, err = run(capsys, *argv)
        assert_cli_error(code, err, str(path), f"more than the {runs.MAX_MB} MB allowed")
    path.write_bytes(text)  # the same record at its own size is read
    for argv in commands(str(path), str(tmp_path / "board.sqlite")):
        code, _, err = run(capsys, *argv)
        assert code == 0, err


def test_a_folder_given_as_the_record_is_refused(capsys, tmp_path):
    folder = tmp_path / "run.json"
    folder.mkdir()
    for argv in commands(str(folder), str(tmp_path / "board.sqlite")):
        code, _, err = run(capsys, *argv)
        assert_cli_error(code, err, str(folder), "not a regular file (a folder")


def test_a_fifo_given_as_the_record_is_refused_not_waited_on(tmp_path):
    """In a process of its own: before the check, reading the FIFO waited for a writer until the timeout."""
    fifo = tmp_path / "run.json"
    os.mkfifo(fifo)
    for argv in commands(str(fifo), str(tmp_path / "board.sqlite")):
        done = run_process(*argv)
        assert_cli_error(done.returncode, done.stderr, str(fifo), "not a regular file")
