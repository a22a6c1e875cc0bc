"""Which clips fail: the test clips behind one cell of a run's confusion matrix."""

from __future__ import annotations

import numpy as np

from har.data.dataset import Dataset
from har.errors import HarError
from har.runs import ModelRun, RunRecord


def class_index(record: RunRecord, value) -> int:
    """A class given by name or by number, checked against the run's class names."""
    names = list(record.class_names)
    if isinstance(value, str) and value in names:
        return names.index(value)
    try:
        i = int(value)
    except (TypeError, ValueError):
        raise HarError.of("lab.unknown_class", value=value, last=len(names) - 1, names=", ".join(names)) from None
    if not 0 <= i < len(names):
        raise HarError.of("lab.class_range", i=i, last=len(names) - 1)
    return i


def _entry(record: RunRecord, model: str) -> ModelRun:
    if model not in record.models:
        raise HarError.of("lab.no_model", model=model, models=", ".join(record.models))
    entry = record.models[model]
    if len(entry.predictions) != len(record.test_labels):
        raise HarError.of("lab.no_predictions", model=model)
    return entry


def failures(record: RunRecord, model: str, true, pred) -> list[dict]:
    """Test clips of class `true` that `model` predicted as `pred` (the diagonal lists the hits).

    Each item: position in the run's test list, index in the data set, and the clip's key.
    """
    a, b = class_index(record, true), class_index(record, pred)
    entry = _entry(record, model)
    labels = np.asarray(record.test_labels)
    preds = np.asarray(entry.predictions)
    hits = np.flatnonzero((labels == a) & (preds == b))
    keys, idx = record.test_keys, record.test_idx
    return [{"position": int(i), "index": int(idx[i]) if idx else None, "key": keys[i] if keys else None} for i in hits]


def clip(data: Dataset, item: dict) -> np.ndarray:
    """The (T, F) features of a listed clip in `data`, found by key (its index is only a hint)."""
    i, key = item.get("index"), item.get("key")
    if i is not None and 0 <= i < data.n and (key is None or data.keys[i] == key):
        return data.X[i]
    if key in data.keys:
        return data.X[data.keys.index(key)]
    raise HarError.of("lab.clip_missing", clip=key or i)
