"""The class board: one SQLite file (har/board/database.py) that every session of the server and the CLI
share. WAL journal (readers never wait for the writer), one writer at a time, and a publish is all or nothing,
even when the process is killed in the middle of it."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from har.board.database import connect, migrate, now, transaction
from har.board.entry import Entry, clean_text
from har.errors import HarError
from har.paths import data_dir
from har.sqlite_errors import plain_errors

MAX_ENTRIES = 5000  # rows in the whole database unless HAR_BOARD_MAX_ENTRIES says otherwise
BOARD_NAME_MAX = 60
FILE_NAME = "board.sqlite"

# The stored columns of an entry, in Entry's order (board, created and id come from the database).
COLUMNS = tuple(f.name for f in fields(Entry) if f.name not in ("board", "created", "id"))


def default_path() -> Path:
    """HAR_BOARD_DB if set, else board.sqlite in the data folder (HAR_DATA_DIR)."""
    env = os.environ.get("HAR_BOARD_DB", "").strip()
    return Path(env).expanduser() if env else data_dir() / FILE_NAME


def max_entries() -> int:
    """The server-wide cap on published entries: HAR_BOARD_MAX_ENTRIES if a positive number, else MAX_ENTRIES."""
    try:
        value = int(os.environ.get("HAR_BOARD_MAX_ENTRIES", ""))
    except ValueError:
        return MAX_ENTRIES
    return value if value > 0 else MAX_ENTRIES


@dataclass(frozen=True)
class BoardInfo:
    """One board (a lecture's worth of entries)."""

    id: int
    name: str
    created: str
    entries: int
    current: bool


def current_board(conn: sqlite3.Connection) -> tuple[int, str]:
    """(id, name) of the current board (every database has one from version 2 on; boards are never deleted)."""
    return conn.execute(
        "SELECT b.id, b.name FROM meta m JOIN boards b ON b.id = m.value WHERE m.key = 'current_board'"
    ).fetchone()


def insert_entry(conn: sqlite3.Connection, board: int, entry: Entry) -> None:
    values = astuple(entry)[: len(COLUMNS)]
    marks = ", ".join("?" for _ in range(len(COLUMNS) + 2))
    conn.execute(
        f"INSERT INTO entries (board_id, created, {', '.join(COLUMNS)}) VALUES ({marks})", (board, now(), *values)
    )


def _bump(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")


def _add_board(conn: sqlite3.Connection, name: str | None) -> int:
    """Add a board and make it current; without a name it is named by today's date ("2026-11-27 (2)" if taken)."""
    base = clean_text(name, BOARD_NAME_MAX, "board.board_name") if name is not None else time.strftime("%Y-%m-%d")
    taken = {r[0] for r in conn.execute("SELECT name FROM boards")}
    if name is not None and base in taken:
        raise HarError.of("board.name_taken", name=base)
    chosen, n = base, 1
    while chosen in taken:
        n += 1
        chosen = f"{base} ({n})"
    board = conn.execute("INSERT INTO boards (name, created) VALUES (?, ?)", (chosen, now())).lastrowid
    conn.execute("UPDATE meta SET value = ? WHERE key = 'current_board'", (board,))
    _bump(conn)
    return board


# The board file's failures as one sentence each (har/sqlite_errors.py).
BOARD_ERROR_KEYS = {"busy": "board.busy", "unwritable": "board.unwritable", "damaged": "board.damaged"}


# --- the board -----------------------------------------------------------------------------


class Board:
    """The class board in the SQLite file at `path` (default: `default_path()`).

    Holds no connection: each call opens one, so any thread or process may call it at any time.
    """

    def __init__(self, path=None, *, limit: int | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.limit = limit if limit is not None else max_entries()

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        with plain_errors(self.path, BOARD_ERROR_KEYS):
            conn = connect(self.path)
            try:
                migrate(conn, self.path)
                yield conn
            finally:
                conn.close()

    def publish(self, entries: list[Entry]) -> BoardInfo:
        """Add one run's entries to the current board, all or none; return that board.

        Refused in one sentence when the run is already on it or the database holds `limit` entries.
        """
        if not entries or len({e.run_id for e in entries}) != 1:
            raise ValueError("publish takes the entries of exactly one run")
        with self._open() as conn, transaction(conn):
            board, name = current_board(conn)
            found = conn.execute(
                "SELECT name FROM entries WHERE board_id = ? AND run_id = ? LIMIT 1", (board, entries[0].run_id)
            ).fetchone()
            if found:
                raise HarError.of("board.already", run=entries[0].run_id, name=found[0], board=name)
            total = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            if total + len(entries) > self.limit:
                raise HarError.of("board.full", limit=self.limit)
            for entry in entries:
                insert_entry(conn, board, entry)
            _bump(conn)
        return self.current()

    def entries(self, board: str | None = None) -> list[Entry]:
        """The entries of the board named `board` (default: the current one), oldest first."""
        with self._open() as conn:
            board_id = self._board_id(conn, board)
            rows = conn.execute(
                f"""SELECT {", ".join("e." + c for c in COLUMNS)}, b.name, e.created, e.id
                FROM entries e JOIN boards b ON b.id = e.board_id WHERE e.board_id = ? ORDER BY e.id""",
                (board_id,),
            ).fetchall()
        return [_entry(row) for row in rows]

    def revision(self) -> int:
        """A number every write changes: poll it, and read the entries again only when it moved."""
        with self._open() as conn:
            return conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0]

    def current(self) -> BoardInfo:
        return next(b for b in self.boards() if b.current)

    def boards(self) -> list[BoardInfo]:
        """Every board, oldest first, with its entry count."""
        with self._open() as conn:
            current = current_board(conn)[0]
            rows = conn.execute(
                """SELECT b.id, b.name, b.created, count(e.id) FROM boards b
                LEFT JOIN entries e ON e.board_id = b.id GROUP BY b.id ORDER BY b.id"""
            ).fetchall()
        return [BoardInfo(i, name, created, n, i == current) for i, name, created, n in rows]

    def new_board(self, name: str | None = None) -> BoardInfo:
        """Start a new board (e.g. one per lecture) and make it current; the old ones are kept."""
        with self._open() as conn, transaction(conn):
            _add_board(conn, name)
        return self.current()

    def clear(self, board: str | None = None) -> int:
        """Delete every entry of the board named `board` (default: the current one); return how many."""
        with self._open() as conn, transaction(conn):
            board_id = self._board_id(conn, board)
            deleted = conn.execute("DELETE FROM entries WHERE board_id = ?", (board_id,)).rowcount
            _bump(conn)
        return deleted

    def clear_all(self) -> int:
        """Delete every entry of every board (the boards stay); return how many."""
        with self._open() as conn, transaction(conn):
            deleted = conn.execute("DELETE FROM entries").rowcount
            _bump(conn)
        return deleted

    def _board_id(self, conn: sqlite3.Connection, name: str | None) -> int:
        if name is None:
            return current_board(conn)[0]
        row = conn.execute("SELECT id FROM boards WHERE name = ?", (name,)).fetchone()
        if row is None:
            names = [r[0] for r in conn.execute("SELECT name FROM boards ORDER BY id")]
            raise HarError.of("board.no_such_board", name=str(name)[:BOARD_NAME_MAX], names=", ".join(names))
        return row[0]


def _entry(row) -> Entry:
    values = dict(zip((*COLUMNS, "board", "created", "id"), row, strict=True))
    values["synthetic"] = bool(values["synthetic"])
    return Entry(**values)
