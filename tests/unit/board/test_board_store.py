"""The class board's SQLite database: publishing, one publish per run, the cap, boards, 30 concurrent publishers,
a writer killed with SIGKILL in the middle of a transaction, and the schema migration from version 1."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from support.board import finished_run
from support.paths import ROOT

from har.board import database, entry, store
from har.board.entry import entries_from_record
from har.board.store import Board
from har.errors import HarError


def entries(data, name="ana", **kw):
    return entries_from_record(finished_run(data, **kw), name)


def integrity(path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_publish_reads_back_as_it_was_written_and_survives_a_new_connection(tmp_path, tiny_demo):
    path = tmp_path / "board.sqlite"
    published = entries(tiny_demo)
    info = Board(path).publish(published)
    assert info.entries == 2 and info.current
    again = Board(path).entries()  # a fresh object, fresh connections: what a restarted server reads
    assert [(e.name, e.family, e.params, e.final_acc, e.best_acc) for e in again] == [
        ("ana", "rnn", 300_000, 0.5, 0.5),
        ("ana", "cnn", 400_000, 0.6, 0.6),
    ]
    assert [replace(e, board="", created="", id=0) for e in again] == published  # every field, as written
    assert {e.board for e in again} == {info.name}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION


def test_a_run_is_published_once_per_board(tmp_path, tiny_demo):
    board = Board(tmp_path / "b.sqlite")
    record = finished_run(tiny_demo)
    board.publish(entries_from_record(record, "ana"))
    with pytest.raises(HarError) as e:
        board.publish(entries_from_record(record, "someone else"))
    assert e.value.key == "board.already" and "ana" in str(e.value)
    assert len(board.entries()) == 2
    board.new_board("lecture 2")  # a new lecture: the same run may be published there
    board.publish(entries_from_record(record, "ana"))
    assert [(b.name, b.entries, b.current) for b in board.boards()][-1] == ("lecture 2", 2, True)


def test_the_cap_counts_every_board_and_refuses_a_whole_run_in_one_sentence(tmp_path, tiny_demo):
    board = Board(tmp_path / "b.sqlite", limit=3)
    board.publish(entries(tiny_demo, seed=1))
    board.new_board("next")
    with pytest.raises(HarError) as e:
        board.publish(entries(tiny_demo, seed=2))  # 2 + 2 > 3: nothing of it is written
    assert e.value.key == "board.full"
    assert e.value.message("es").startswith("la pizarra de la clase está llena (3 entradas)")
    assert [b.entries for b in board.boards()] == [2, 0]


def test_the_cap_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HAR_BOARD_MAX_ENTRIES", "7")
    assert Board(tmp_path / "b.sqlite").limit == 7
    monkeypatch.setenv("HAR_BOARD_MAX_ENTRIES", "lots")
    assert Board(tmp_path / "b.sqlite").limit == store.MAX_ENTRIES


def test_the_default_database_lives_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("HAR_BOARD_DB", raising=False)
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    assert Board().path == tmp_path / "data" / "board.sqlite"
    monkeypatch.setenv("HAR_BOARD_DB", str(tmp_path / "elsewhere.sqlite"))
    assert Board().path == tmp_path / "elsewhere.sqlite"


def test_boards_clear_and_revision(tmp_path, tiny_demo):
    board = Board(tmp_path / "b.sqlite")
    first = board.current().name
    assert first == time.strftime("%Y-%m-%d")  # a new database starts with a board named by today's date
    r0 = board.revision()
    board.publish(entries(tiny_demo, seed=1))
    r1 = board.revision()
    board.entries(), board.boards()
    assert r1 > r0 and board.revision() == r1  # reads leave it alone
    assert board.new_board().name == f"{first} (2)"  # today's date again: numbered
    with pytest.raises(HarError, match="already a board called"):
        board.new_board(first)
    board.publish(entries(tiny_demo, seed=2))
    assert board.clear() == 2 and board.entries() == [] and len(board.entries(first)) == 2
    assert board.clear_all() == 2 and board.revision() > r1
    with pytest.raises(HarError) as e:
        board.entries("nope")
    assert e.value.key == "board.no_such_board" and first in str(e.value)


@pytest.mark.parametrize("queue", ["this process's lock", "SQLite's lock alone"])
def test_thirty_sessions_publishing_at_once_all_land_and_none_sees_a_lock(tmp_path, tiny_demo, monkeypatch, queue):
    """30 threads, released together by a barrier, each publish a run to a database none has created yet;
    once queued by the process's own lock (as the server does), once by SQLite's busy timeout alone."""
    if queue == "SQLite's lock alone":
        monkeypatch.setattr(database, "_WRITERS", threading.Semaphore(30))  # lets every thread through at once
    path = tmp_path / "b.sqlite"
    runs = [entries(tiny_demo, name=f"student {i}", seed=i) for i in range(30)]
    start = threading.Barrier(30)
    errors = []

    def student(mine):
        start.wait()
        try:
            Board(path).publish(mine)
        except Exception as e:  # noqa: BLE001 (every failure is the finding)
            errors.append(repr(e))

    threads = [threading.Thread(target=student, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    found = Board(path).entries()
    assert len(found) == 60 and {e.name for e in found} == {f"student {i}" for i in range(30)}
    assert integrity(path) == "ok"


PUBLISH_SOME = """
import sys
sys.path.insert(0, {tests!r})
from support.board import finished_run
from har.board.entry import entries_from_record
from har.board.store import Board
from har.data.demo import make_demo
data, board, me = make_demo(scale=0.05), Board({path!r}), int(sys.argv[1])
ready = sys.stdin.readline()  # all start together
for i in range(5):
    board.publish(entries_from_record(finished_run(data, seed=100 * me + i), f"process {{me}}"))
"""


def test_processes_publishing_at_once_take_turns(tmp_path):
    """The server and the CLI are separate processes: SQLite's own lock queues them."""
    path = tmp_path / "b.sqlite"
    code = textwrap.dedent(PUBLISH_SOME).format(tests=str(ROOT / "tests"), path=str(path))
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(me)], cwd=ROOT, stdin=subprocess.PIPE, text=True)
        for me in range(3)
    ]
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    assert [p.wait(300) for p in procs] == [0, 0, 0]
    found = Board(path).entries()
    assert len(found) == 30 and {e.name for e in found} == {"process 0", "process 1", "process 2"}


def test_a_busy_database_is_one_sentence_not_a_traceback(tmp_path, tiny_demo, monkeypatch):
    path = tmp_path / "b.sqlite"
    Board(path).revision()
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.05)
    holder = database.connect(path)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with pytest.raises(HarError) as e:
            Board(path).publish(entries(tiny_demo))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert e.value.key == "board.busy"


# A publish that stops between its two rows (its RNN written, its CNN not) and waits to be killed.
HALF_WRITE = """
import sys, time
sys.path.insert(0, {tests!r})
from support.board import finished_run
from har.board import database, store
from har.board.entry import entries_from_record
from har.data.demo import make_demo
insert = store.insert_entry
def insert_then_stop(conn, board, entry):
    insert(conn, board, entry)
    if entry.family == "rnn":
        print("half written", flush=True)
        time.sleep(600)
store.insert_entry = insert_then_stop
store.Board({path!r}).publish(entries_from_record(finished_run(make_demo(scale=0.05), seed=99), "half"))
"""

# A writer that publishes run after run until it is killed, wherever it is.
PUBLISH_FOREVER = """
import sys
sys.path.insert(0, {tests!r})
from support.board import finished_run
from har.board.entry import entries_from_record
from har.board.store import Board
from har.data.demo import make_demo
data, board = make_demo(scale=0.05), Board({path!r})
for i in range(1_000_000):
    board.publish(entries_from_record(finished_run(data, seed=i), f"loop {{i}}"))
"""


def writer(script: str, path: Path) -> subprocess.Popen:
    code = textwrap.dedent(script).format(tests=str(ROOT / "tests"), path=str(path))
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_a_writer_killed_in_the_middle_of_a_publish_leaves_only_whole_entries(tmp_path, tiny_demo):
    path = tmp_path / "b.sqlite"
    Board(path).publish(entries(tiny_demo, name="before", seed=1))
    proc = writer(HALF_WRITE, path)
    try:
        assert proc.stdout.readline().strip() == "half written"
        assert Path(f"{path}-wal").exists()  # the uncommitted row went to the write-ahead log
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert integrity(path) == "ok"
    board = Board(path)
    assert [(e.name, e.family) for e in board.entries()] == [("before", "rnn"), ("before", "cnn")]
    board.publish(entries(tiny_demo, name="after", seed=2))  # the lock died with the writer
    assert len(board.entries()) == 4


def test_a_writer_killed_at_any_moment_leaves_whole_runs(tmp_path):
    path = tmp_path / "b.sqlite"
    for round_ in range(3):
        proc = writer(PUBLISH_FOREVER, path)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05 + 0.07 * round_)
                if path.exists() and Board(path).current().entries >= 6 * (round_ + 1):
                    break
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(30)
        assert proc.returncode == -signal.SIGKILL
        assert integrity(path) == "ok"
        found = Board(path).entries()
        per_run = {}
        for e in found:
            per_run.setdefault(e.run_id, []).append(e.family)
        assert found and all(sorted(f) == ["cnn", "rnn"] for f in per_run.values()), per_run


# --- the schema ---------------------------------------------------------------------------

V1 = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL,
    name TEXT NOT NULL, run_id TEXT NOT NULL, model TEXT NOT NULL, family TEXT NOT NULL,
    kind TEXT NOT NULL, params INTEGER NOT NULL, pooling TEXT NOT NULL, hidden INTEGER,
    widths TEXT NOT NULL, split TEXT NOT NULL, seed INTEGER NOT NULL, final_acc REAL NOT NULL,
    best_acc REAL NOT NULL, epochs INTEGER NOT NULL, seconds REAL NOT NULL,
    dataset TEXT NOT NULL, synthetic INTEGER NOT NULL,
    UNIQUE (run_id, model));
INSERT INTO entries VALUES
    (1, '2026-10-02T10:00:00', 'ana', 'aa11', 'rnn', 'rnn', 'rnn', 891147, 'mean', 128, '', 'random', 0,
     0.61, 0.63, 10, 40.5, 'UCF11 (DenseNet-121 features)', 0),
    (2, '2026-10-02T10:00:00', 'ana', 'aa11', 'cnn', 'cnn', 'cnn', 890251, 'mean', NULL, '288', 'random', 0,
     0.58, 0.60, 10, 30.1, 'UCF11 (DenseNet-121 features)', 0),
    (3, '2026-10-03T09:00:00', 'bo', 'bb22', 'rnn', 'rnn', 'rnn', 1000, 'last', 4, '', 'group', 1,
     0.2, 0.3, 2, 1.0, 'Synthetic demo (not UCF11)', 1);
PRAGMA user_version = 1;
"""


def v1_file(path: Path) -> Path:
    """A board database as version 1 of the schema wrote it: one board, no sources, no revision."""
    with sqlite3.connect(path) as conn:
        conn.executescript(V1)
    return path


def test_a_version_1_database_migrates_to_the_current_version_keeping_every_entry(tmp_path, tiny_demo):
    path = v1_file(tmp_path / "old.sqlite")
    board = Board(path)
    found = board.entries()
    assert [(e.id, e.name, e.run_id, e.family, e.params, e.final_acc) for e in found] == [
        (1, "ana", "aa11", "rnn", 891147, 0.61),
        (2, "ana", "aa11", "cnn", 890251, 0.58),
        (3, "bo", "bb22", "rnn", 1000, 0.2),
    ]
    assert [e.source for e in found] == ["ucf11", "ucf11", "demo"]
    # version 3: what an old entry never stored stays unknown, not guessed
    assert all((e.split_seed, e.test_fraction, e.data_id, e.config_id) == (None, None, "", "") for e in found)
    assert [(b.name, b.entries, b.current) for b in board.boards()] == [("2026-10-02", 3, True)]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION == 5
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert integrity(path) == "ok"
    # version 2's rules hold on the migrated file: one publish per run and board, new boards
    record = finished_run(tiny_demo)
    board.publish(entries_from_record(record, "cy"))
    with pytest.raises(HarError, match="already on the board"):
        board.publish(entries_from_record(record, "cy"))
    assert board.new_board("lecture 2").entries == 0
    newest = Board(path).entries("2026-10-02")[-1]
    assert newest.name == "cy" and newest.split_seed == 0 and newest.test_fraction == 0.2
    assert (newest.data_id, newest.config_id) == entry.run_ids(record)


def test_a_migration_that_fails_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    path = v1_file(tmp_path / "old.sqlite")

    def broken(conn):
        database._v1_to_v2(conn)
        raise sqlite3.OperationalError("disk I/O error")  # the step fails after changing everything

    monkeypatch.setitem(database.MIGRATIONS, 1, broken)
    with pytest.raises(HarError):
        Board(path).entries()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 3
    assert "boards" not in tables
    monkeypatch.undo()
    assert len(Board(path).entries()) == 3


def test_files_the_board_cannot_use_are_refused_in_one_sentence(tmp_path):
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all " * 100)
    folder = tmp_path / "a folder"
    folder.mkdir()
    for path, key in ((newer, "board.newer"), (foreign, "board.foreign"), (garbage, "board.damaged")):
        with pytest.raises(HarError) as e:
            Board(path).entries()
        assert e.value.key == key, (path, e.value)
    with pytest.raises(HarError) as e:
        Board(folder).entries()
    assert e.value.key == "board.unwritable"
    with sqlite3.connect(foreign) as conn:  # untouched
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
