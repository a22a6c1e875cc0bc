"""The class board's SQLite file: connections, write transactions (one writer at a time), and the schema,
which carries its version in `PRAGMA user_version` and migrates forward, step by step, when opened."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from har.errors import HarError

SCHEMA_VERSION = 5
BUSY_TIMEOUT_S = 20.0  # a writer waits this long for the one before it; a publish takes milliseconds

# Writers of this process queue here first: SQLite's busy handler polls with growing sleeps, a lock hands over at
# once; other processes (the CLI) still wait on SQLite's own lock.
_WRITERS = threading.Lock()

# --- the schema, one step per version ------------------------------------------------------


def _create_v1(conn: sqlite3.Connection) -> None:
    """Version 1: a single board, one row per published model."""
    conn.execute(
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL,
            name TEXT NOT NULL, run_id TEXT NOT NULL, model TEXT NOT NULL, family TEXT NOT NULL,
            kind TEXT NOT NULL, params INTEGER NOT NULL, pooling TEXT NOT NULL, hidden INTEGER,
            widths TEXT NOT NULL, split TEXT NOT NULL, seed INTEGER NOT NULL, final_acc REAL NOT NULL,
            best_acc REAL NOT NULL, epochs INTEGER NOT NULL, seconds REAL NOT NULL,
            dataset TEXT NOT NULL, synthetic INTEGER NOT NULL,
            UNIQUE (run_id, model))"""
    )


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Version 2: named boards (one per lecture, one of them current), where each entry's data came from,
    and a revision number every write bumps, so a page can poll the board cheaply.

    The v1 entries become the first board, named after the day of the oldest one. SQLite cannot
    change a UNIQUE constraint in place, so the table is rebuilt and the rows copied.
    """
    conn.execute(
        "CREATE TABLE boards (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL)"
    )
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    oldest = conn.execute("SELECT min(created) FROM entries").fetchone()[0]
    board = conn.execute(
        "INSERT INTO boards (name, created) VALUES (?, ?)", ((oldest or now())[:10], oldest or now())
    ).lastrowid
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("current_board", board), ("revision", 1)])
    conn.execute(
        """CREATE TABLE entries_v2 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE, created TEXT NOT NULL,
            name TEXT NOT NULL, run_id TEXT NOT NULL, model TEXT NOT NULL, family TEXT NOT NULL,
            kind TEXT NOT NULL, params INTEGER NOT NULL, pooling TEXT NOT NULL, hidden INTEGER,
            widths TEXT NOT NULL, split TEXT NOT NULL, seed INTEGER NOT NULL, final_acc REAL NOT NULL,
            best_acc REAL NOT NULL, epochs INTEGER NOT NULL, seconds REAL NOT NULL,
            dataset TEXT NOT NULL, synthetic INTEGER NOT NULL, source TEXT NOT NULL,
            UNIQUE (board_id, run_id, model))"""
    )
    # v1 kept no source: synthetic rows were the demo; real rows named UCF11 the course's features
    conn.execute(
        """INSERT INTO entries_v2 SELECT id, ?, created, name, run_id, model, family, kind, params, pooling,
            hidden, widths, split, seed, final_acc, best_acc, epochs, seconds, dataset, synthetic,
            CASE WHEN synthetic THEN 'demo' WHEN dataset LIKE 'UCF11%' THEN 'ucf11' ELSE 'own' END
            FROM entries ORDER BY id""",
        (board,),
    )
    conn.execute("DROP TABLE entries")
    conn.execute("ALTER TABLE entries_v2 RENAME TO entries")
    conn.execute("CREATE INDEX entries_board ON entries (board_id)")


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """Version 3: what makes two runs comparable (the split's seed and test fraction, a hash of the data and its
    test clips) and two results identical (a hash of every setting). Older entries keep NULL and '' there: the
    board compares them only with each other, and says their split seed is unknown."""
    for column in ("split_seed INTEGER", "test_fraction REAL", "data_id TEXT NOT NULL DEFAULT ''",
                   "config_id TEXT NOT NULL DEFAULT ''"):  # fmt: skip
        conn.execute(f"ALTER TABLE entries ADD COLUMN {column}")


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    """Version 4: the lecture. The setups the lecturer sent to the class, short codes for joining links, the
    prediction questions with their outcome once revealed, and one vote per session and question."""
    conn.execute("INSERT INTO meta VALUES ('lecture_revision', 1)")  # bumped by every lecture write
    conn.execute(
        "CREATE TABLE offers (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, query TEXT NOT NULL)"
    )
    conn.execute("CREATE TABLE links (code TEXT PRIMARY KEY, query TEXT NOT NULL UNIQUE, created TEXT NOT NULL)")
    conn.execute(
        """CREATE TABLE questions (
            id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, kind TEXT NOT NULL,
            revealed TEXT, outcome_winner TEXT, outcome_points REAL, outcome_source TEXT)"""
    )
    conn.execute(
        """CREATE TABLE votes (
            question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
            session TEXT NOT NULL, winner TEXT NOT NULL, margin TEXT NOT NULL, created TEXT NOT NULL,
            PRIMARY KEY (question_id, session))"""
    )


def _v4_to_v5(conn: sqlite3.Connection) -> None:
    """Version 5: the lecture keyed by browser, not by Streamlit session (a reload is a new session). A vote
    belongs to a browser, named by the hash of its identity the run store keeps (har.store.owner_of), never the
    identity itself; and which browsers answered a setup sent (Load or Keep mine), so a reload is not offered
    it again. The v4 votes stay, each one browser's."""
    conn.execute("ALTER TABLE votes RENAME COLUMN session TO browser")
    conn.execute(
        """CREATE TABLE offer_answers (
            offer_id INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
            browser TEXT NOT NULL, loaded INTEGER NOT NULL, created TEXT NOT NULL,
            PRIMARY KEY (offer_id, browser))"""
    )


MIGRATIONS = {
    0: _create_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
}  # version -> the step that takes the file to version + 1


# --- connections and transactions ----------------------------------------------------------


def connect(path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), full sync, busy timeout (`migrate` turns
    on the WAL journal once it knows the file is a board's)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction: it takes the one write lock first (this process's, then SQLite's, each waiting up
    to the busy timeout), so two writers never interleave; it commits when the block ends, and rolls back on
    any exception."""
    if not _WRITERS.acquire(timeout=BUSY_TIMEOUT_S):
        raise HarError.of("board.busy")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # SQLite itself rolls back after some errors (a full disk)
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        _WRITERS.release()


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, path="") -> None:
    """Bring the file to SCHEMA_VERSION, one step at a time, in one transaction, in WAL mode.

    A file of a newer version, or another program's SQLite file, is refused before anything in it changes.
    """
    _check_ours(conn, path)
    conn.execute("PRAGMA journal_mode = WAL")  # stays set in the file; a no-op from then on
    if user_version(conn) == SCHEMA_VERSION:
        return
    with transaction(conn):
        version = _check_ours(conn, path)  # another process may have migrated it while this one waited
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _check_ours(conn: sqlite3.Connection, path) -> int:
    """The file's schema version, refusing a newer one and another program's (tables but no version).

    One statement reads both, from one snapshot: read apart, a migration committed in between by
    another connection would make a new board file look like another program's.
    """
    version, tables = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)"
    ).fetchone()
    if version > SCHEMA_VERSION:
        raise HarError.of("board.newer", path=str(path), version=version, supported=SCHEMA_VERSION)
    if version == 0 and tables:
        raise HarError.of("board.foreign", path=str(path))
    return version


TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"  # local time, to the second


def now() -> str:
    return time.strftime(TIME_FORMAT)
