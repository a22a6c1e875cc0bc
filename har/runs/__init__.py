"""The run record: one JSON document per training of both models, shared by the CLI and the app.

`RunRecord` (har.runs.record) is the typed record every reader uses; `loads`/`load` are the one door in, checked
once; `new_record`/`add_epoch`/`finish` (har.runs.build) grow it while a training runs."""

from __future__ import annotations

import os
from pathlib import Path

from har.configs import ModelConfig
from har.errors import HarError
from har.paths import open_regular, replace_atomically
from har.runs.build import add_epoch, finish, new_record
from har.runs.check import MAX_MB
from har.runs.record import (
    FORMAT,
    HISTORY_FIELDS,
    VERSION,
    DatasetInfo,
    EpochScores,
    ModelRun,
    RunConfig,
    RunRecord,
)

__all__ = [
    "FORMAT",
    "HISTORY_FIELDS",
    "MAX_MB",
    "VERSION",
    "DatasetInfo",
    "EpochScores",
    "ModelRun",
    "RunConfig",
    "RunRecord",
    "add_epoch",
    "dumps",
    "finish",
    "load",
    "loads",
    "model_configs",
    "new_record",
    "save",
]


def model_configs(record: RunRecord) -> dict[str, ModelConfig]:
    return record.model_configs()


def dumps(record: RunRecord) -> str:
    return record.to_json()


def loads(text: str | bytes) -> RunRecord:
    """Parse and check a run record; anything malformed raises one clear HarError."""
    return RunRecord.from_json(text)


def save(record: RunRecord, path) -> Path:
    """Write the record as JSON; a crash never leaves half a record."""
    path = Path(path)
    text = dumps(record)  # fails before the file is touched
    with replace_atomically(path) as f:
        f.write(text.encode())
    return path


def load(path) -> RunRecord:
    """The record in the file at `path`, refused in one sentence before any of it is read when it is no regular
    file (a FIFO would wait for a writer forever) or larger than MAX_MB (parsing one costs seconds)."""
    most = MAX_MB * 1024 * 1024
    try:
        with open_regular(path) as f:
            size = os.fstat(f.fileno()).st_size
            if size <= most:
                text = f.read(most + 1)  # a byte past the limit: a file that grew since is refused too
                size = len(text)
    except OSError as e:
        raise HarError.of("run.unreadable", path=str(path), detail=str(e.strerror)) from None
    if size > most:
        raise HarError.of("run.too_big", path=str(path), size_mb=size / 1024 / 1024, max_mb=MAX_MB)
    return loads(text)  # it decodes the bytes, and explains a file that is not text
