"""The few fields of a run record the store's index needs, read in this one place: the store keeps the record
itself as opaque text (har.runs.dumps) and reads it back with har.runs.loads."""

from __future__ import annotations

from dataclasses import dataclass

from har import runs


@dataclass(frozen=True)
class Index:
    id: str
    status: str  # har.status words: finished, stopped, diverged, ...
    created: str


def index(record) -> Index:
    return Index(str(record.id), str(record.status), str(record.created))


def renamed(record, run_id: str):
    """A copy of `record` under another run id (a run served to another browser is its own run there)."""
    copy = runs.loads(runs.dumps(record))
    copy.id = run_id
    return copy
