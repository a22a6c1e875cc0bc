"""The run store's SQLite file: one row per (owner, run) with the record as text, and the trained models as
blobs in their own table, shared by the runs that hold the same models (a run served from the store points at
the weights of the run it copies); beside them each owner's latest result of each lab study (har/lab/saved.py) and
saved settings, which expire with the runs.

Why everything in SQLite and no weights files beside it: one transaction writes a run's record and its weights
together, so a crash or a SIGKILL at any moment leaves whole runs or none, with no orphan or missing file to
reconcile; SQLite reads a blob of a few MB as fast as a file, and one file is one thing to back up or delete.
WAL journal: the pages read while a training is filed. Owners are stored as a hash of the browser's identity,
never the identity itself.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from har import runs
from har.errors import HarError
from har.paths import data_dir
from har.sqlite_errors import plain_errors
from har.store.fields import index, renamed

FILE_NAME = "runs.sqlite"
CLI_IDENTITY = "har-cli"  # whose the runs of `har train --store` are (a lecturer pre-training the lecture's setups)
PATH_ENV = "HAR_RUN_STORE"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 20.0
_WRITERS = threading.Lock()  # this process's writers queue here first; other processes wait on SQLite's lock

SCHEMA = """
CREATE TABLE weights (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL, bytes INTEGER NOT NULL);
CREATE TABLE runs (
    owner TEXT NOT NULL, id TEXT NOT NULL, key TEXT NOT NULL, status TEXT NOT NULL, created TEXT NOT NULL,
    origin TEXT NOT NULL, source TEXT NOT NULL, added REAL NOT NULL, record TEXT NOT NULL,
    weights_id INTEGER REFERENCES weights (id), bytes INTEGER NOT NULL, PRIMARY KEY (owner, id));
CREATE INDEX runs_key ON runs (key, status);
CREATE TABLE prefs (owner TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (owner, name));
"""
# Each later version's statements, applied in order to a file of the version before (a new file gets them all).
# 2: lab studies' results (one row per owner and study, its latest), and when each saved setting was written,
# so both expire with the runs.
MIGRATIONS = {
    2: """
CREATE TABLE lab (
    owner TEXT NOT NULL, study TEXT NOT NULL, added REAL NOT NULL, state TEXT NOT NULL, weights BLOB,
    bytes INTEGER NOT NULL, PRIMARY KEY (owner, study));
ALTER TABLE prefs ADD COLUMN added REAL NOT NULL DEFAULT 0;
UPDATE prefs SET added = {now}
""",
}


def default_path() -> Path:
    """HAR_RUN_STORE if set, else runs.sqlite in the data folder (HAR_DATA_DIR)."""
    env = os.environ.get(PATH_ENV, "").strip()
    return Path(env).expanduser() if env else data_dir() / FILE_NAME


def store_at(path) -> Path:
    """The store file a user named: a folder (the data folder, say) means runs.sqlite inside it."""
    path = Path(path).expanduser()
    return path / FILE_NAME if path.is_dir() else path


def owner_of(identity: str) -> str:
    """What the store keeps of an identity: a hash, so the file never holds what a browser presents."""
    return hashlib.sha256(f"har-owner:{identity}".encode()).hexdigest()[:32]


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Quota:
    """What the store keeps: per owner at most `runs` runs and `mb` megabytes, `total_mb` for the whole server,
    each run for `days` days after it was filed."""

    runs: int = 100
    mb: float = 400.0
    total_mb: float = 20_000.0
    days: float = 14.0

    @classmethod
    def from_env(cls) -> Quota:
        """HAR_STORE_MAX_RUNS, HAR_STORE_MAX_MB, HAR_STORE_TOTAL_MB and HAR_STORE_DAYS where set to a positive
        number, else the defaults."""
        d = cls()
        return cls(
            int(_env_number("HAR_STORE_MAX_RUNS", d.runs)),
            _env_number("HAR_STORE_MAX_MB", d.mb),
            _env_number("HAR_STORE_TOTAL_MB", d.total_mb),
            _env_number("HAR_STORE_DAYS", d.days),
        )


# The store file's failures as one sentence each (har/sqlite_errors.py).
STORE_ERROR_KEYS = {"busy": "store.busy", "unwritable": "store.unwritable", "damaged": "store.damaged"}


class RunStore:
    """The run store in the SQLite file at `path` (default: `default_path()`). Holds no connection: each call
    opens one, so any thread or process may call it at any time."""

    def __init__(self, path=None, *, quota: Quota | None = None, clock=time.time):
        self.path = Path(path) if path is not None else default_path()
        self.quota = quota if quota is not None else Quota.from_env()
        self.clock = clock

    # --- connections ----------------------------------------------------------------------

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        with plain_errors(self.path, STORE_ERROR_KEYS):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                conn.execute("PRAGMA synchronous = FULL")
                self._migrate(conn)
                yield conn
            finally:
                conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it is committed when the block ends, none of it on any exception."""
        with self._open() as conn:
            if not _WRITERS.acquire(timeout=BUSY_TIMEOUT_S):
                raise HarError.of("store.busy")
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            finally:
                _WRITERS.release()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version, tables = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        if version > SCHEMA_VERSION:
            raise HarError.of("store.newer", path=str(self.path), version=version, supported=SCHEMA_VERSION)
        if version == 0 and tables:
            raise HarError.of("store.foreign", path=str(self.path))
        conn.execute("PRAGMA journal_mode = WAL")
        if version == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = conn.execute("SELECT user_version FROM pragma_user_version").fetchone()[0]  # done meanwhile?
            steps = [SCHEMA] if found == 0 else []
            later = range(max(found, 1) + 1, SCHEMA_VERSION + 1)
            steps += [MIGRATIONS[v].format(now=float(self.clock())) for v in later]
            for statement in (s for step in steps for s in step.strip().split(";\n")):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # --- writing --------------------------------------------------------------------------

    def put(self, owner: str, record, *, key: str, weights: bytes | None = None) -> None:
        """File a run `owner` trained (with its trained models, when it finished every epoch), all or nothing.

        Refused in one sentence when it would take the owner past the quota's runs or bytes, or the server past
        its total; runs older than the quota's days go first.
        """
        text = runs.dumps(record)
        size = len(text) + (len(weights) if weights is not None else 0)
        with self._write() as conn:
            self._expire(conn)
            self._check_room(conn, owner, size, adds=size)
            weights_id = None
            if weights is not None:
                weights_id = conn.execute(
                    "INSERT INTO weights (data, bytes) VALUES (?, ?)", (sqlite3.Binary(weights), len(weights))
                ).lastrowid
            self._insert(conn, owner, record, text, key, "trained", "", weights_id, size)

    def serve(self, owner: str, key: str):
        """A finished run of content key `key` from the store, filed anew as `owner`'s own run (a new id, the same
        weights); None when the store holds none."""
        with self._write() as conn:
            self._expire(conn)
            row = conn.execute(
                """SELECT r.record, r.id, r.weights_id, coalesce(w.bytes, 0) FROM runs r
                LEFT JOIN weights w ON w.id = r.weights_id
                WHERE r.key = ? AND r.status = 'finished' AND r.weights_id IS NOT NULL
                ORDER BY r.added DESC LIMIT 1""",
                (key,),
            ).fetchone()
            if row is None:
                return None
            text, source, weights_id, weight_bytes = row
            record = renamed(runs.loads(text), uuid.uuid4().hex[:8])
            text = runs.dumps(record)
            size = len(text) + weight_bytes
            self._check_room(conn, owner, size, adds=len(text))
            self._insert(conn, owner, record, text, key, "served", source, weights_id, size)
        return record

    def forget(self, owner: str) -> int:
        """Delete every run of `owner` (and the weights no other run shares); return how many runs went."""
        with self._write() as conn:
            deleted = conn.execute("DELETE FROM runs WHERE owner = ?", (owner,)).rowcount
            conn.execute("DELETE FROM prefs WHERE owner = ?", (owner,))
            conn.execute("DELETE FROM lab WHERE owner = ?", (owner,))
            self._drop_orphans(conn)
        return deleted

    def expire(self) -> int:
        """Delete the runs older than the quota's days; return how many."""
        with self._write() as conn:
            return self._expire(conn)

    def save_prefs(self, owner: str, name: str, value: str) -> None:
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO prefs VALUES (?, ?, ?, ?)", (owner, name, value, self.clock()))

    def save_lab(self, owner: str, study: str, state: str, weights: bytes | None = None) -> None:
        """Keep `owner`'s latest result of lab study `study` (har.lab.saved's text, and the weights file of a study
        that keeps its models) in place of the one before; refused like a run past the owner's bytes or the total."""
        size = len(state) + (len(weights) if weights is not None else 0)
        with self._write() as conn:
            self._expire(conn)
            before = conn.execute(
                "SELECT coalesce(sum(bytes), 0) FROM lab WHERE owner = ? AND study = ?", (owner, study)
            ).fetchone()[0]
            self._check_room(conn, owner, size - before, adds=size - before, runs=0)
            blob = sqlite3.Binary(weights) if weights is not None else None
            conn.execute(
                "INSERT OR REPLACE INTO lab VALUES (?, ?, ?, ?, ?, ?)", (owner, study, self.clock(), state, blob, size)
            )

    def _insert(self, conn, owner, record, text, key, origin, source, weights_id, size) -> None:
        i = index(record)
        conn.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (owner, i.id, key, i.status, i.created, origin, source, self.clock(), text, weights_id, size),
        )
        self._drop_orphans(conn)  # the weights of a run replaced under the same id

    def _check_room(self, conn, owner: str, size: int, *, adds: int, runs: int = 1) -> None:
        """Refuse `runs` runs (or a lab result) of `size` bytes (charged to `owner`) that add `adds` bytes to the
        file."""
        q = self.quota
        count, used = conn.execute(
            """SELECT count(*), coalesce(sum(bytes), 0) + (SELECT coalesce(sum(bytes), 0) FROM lab WHERE owner = ?)
            FROM runs WHERE owner = ?""",
            (owner, owner),
        ).fetchone()
        if runs and count + runs > q.runs:
            raise HarError.of("store.quota_runs", runs=q.runs)
        if used + size > q.mb * 2**20:
            raise HarError.of("store.quota_bytes", mb=round(q.mb))
        total = conn.execute(
            """SELECT (SELECT coalesce(sum(length(record)), 0) FROM runs)
            + (SELECT coalesce(sum(bytes), 0) FROM weights) + (SELECT coalesce(sum(bytes), 0) FROM lab)"""
        ).fetchone()[0]
        if total + adds > q.total_mb * 2**20:
            raise HarError.of("store.full", mb=round(q.total_mb))

    def _cutoff(self) -> float:
        return self.clock() - self.quota.days * 86400

    def _expire(self, conn) -> int:
        """Delete the runs, lab results and saved settings older than the quota's days; return how many runs."""
        cutoff = self._cutoff()
        deleted = conn.execute("DELETE FROM runs WHERE added < ?", (cutoff,)).rowcount
        conn.execute("DELETE FROM lab WHERE added < ?", (cutoff,))
        conn.execute("DELETE FROM prefs WHERE added < ?", (cutoff,))
        if deleted:
            self._drop_orphans(conn)
        return deleted

    @staticmethod
    def _drop_orphans(conn) -> None:
        conn.execute("DELETE FROM weights WHERE id NOT IN (SELECT weights_id FROM runs WHERE weights_id IS NOT NULL)")

    # --- reading --------------------------------------------------------------------------

    def records(self, owner: str) -> list:
        """`owner`'s runs, oldest first (expired ones left out)."""
        cutoff = self._cutoff()
        with self._open() as conn:
            rows = conn.execute(
                "SELECT record FROM runs WHERE owner = ? AND added >= ? ORDER BY added, rowid", (owner, cutoff)
            ).fetchall()
        return [runs.loads(text) for (text,) in rows]

    def record(self, owner: str, run_id: str):
        """`owner`'s run `run_id`, or None."""
        with self._open() as conn:
            row = conn.execute("SELECT record FROM runs WHERE owner = ? AND id = ?", (owner, run_id)).fetchone()
        return runs.loads(row[0]) if row else None

    def weights(self, owner: str, run_id: str) -> bytes | None:
        """The trained models of `owner`'s run `run_id` as a weights file, or None (not theirs, or none kept)."""
        with self._open() as conn:
            row = conn.execute(
                "SELECT w.data FROM runs r JOIN weights w ON w.id = r.weights_id WHERE r.owner = ? AND r.id = ?",
                (owner, run_id),
            ).fetchone()
        return bytes(row[0]) if row else None

    def has_weights(self, owner: str, run_id: str) -> bool:
        with self._open() as conn:
            row = conn.execute(
                "SELECT 1 FROM runs WHERE owner = ? AND id = ? AND weights_id IS NOT NULL", (owner, run_id)
            ).fetchone()
        return row is not None

    def has_finished(self, key: str) -> bool:
        """Whether a finished run of content key `key`, with its models, is in the store."""
        with self._open() as conn:
            row = conn.execute(
                "SELECT 1 FROM runs WHERE key = ? AND status = 'finished' AND weights_id IS NOT NULL LIMIT 1", (key,)
            ).fetchone()
        return row is not None

    def usage(self, owner: str) -> tuple[int, int]:
        """(runs, bytes) `owner` holds."""
        with self._open() as conn:
            count, used = conn.execute(
                "SELECT count(*), coalesce(sum(bytes), 0) FROM runs WHERE owner = ?", (owner,)
            ).fetchone()
        return count, used

    def prefs(self, owner: str) -> dict[str, str]:
        """`owner`'s saved settings by name (expired ones left out)."""
        with self._open() as conn:
            rows = conn.execute(
                "SELECT name, value FROM prefs WHERE owner = ? AND added >= ?", (owner, self._cutoff())
            ).fetchall()
        return dict(rows)

    def lab(self, owner: str, study: str) -> tuple[str, bytes | None] | None:
        """`owner`'s latest result of lab study `study` as (its text, its weights file or None), or None (none kept,
        or expired)."""
        with self._open() as conn:
            row = conn.execute(
                "SELECT state, weights FROM lab WHERE owner = ? AND study = ? AND added >= ?",
                (owner, study, self._cutoff()),
            ).fetchone()
        return None if row is None else (row[0], bytes(row[1]) if row[1] is not None else None)
