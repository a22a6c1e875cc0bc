"""The run record: one JSON document per training of both models, shared by the CLI and the app.

`RunRecord` (har.runs.record) is the typed record every reader uses; `loads`/`load` are the one door in, checked
once; `new_record`/`add_epoch`/`finish` (har.runs.build) grow it while a training runs."""

from __future__ import annotations

from pathlib import Path

from har.configs import ModelConfig
from har.errors import HarError
from har.paths import replace_atomically
from har.runs.build import add_epoch, finish, new_record
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
    try:
        text = Path(path).read_bytes()  # loads decodes it, and explains a file that is not text
    except OSError as e:
        raise HarError.of("run.unreadable", path=str(path), detail=str(e.strerror)) from None
    return loads(text)
