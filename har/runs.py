"""The run record: one JSON document per training of both models, shared by the CLI and the app."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict
from pathlib import Path

import numpy as np

from har.configs import EpochRecord, ModelConfig, TrainConfig
from har.data.dataset import Dataset
from har.data.splits import Split
from har.errors import HarError
from har.metrics import confusion_matrix
from har.paths import replace_atomically
from har.presets import config_from_dict, config_to_dict

FORMAT, VERSION = "har-run", 1
HISTORY_FIELDS = ("epoch", "train_loss", "train_acc", "test_loss", "test_acc", "seconds")
STATUSES = ("running", "finished", "stopped", "diverged")


def new_record(
    *,
    data: Dataset,
    source: str,
    split: Split,
    models: dict[str, ModelConfig],
    params: dict[str, int],
    train: TrainConfig,
    test_fraction: float = 0.2,
    split_seed: int = 0,
    threads: int | None = None,
) -> dict:
    """An empty record (no epochs yet) for training `models` on `split` of `data`.

    A record holds the full configuration, the data set's description, the test labels and, per
    model, its parameter count, per-epoch history, confusion matrix and last test predictions.
    `threads` is the torch threads each model trained on: the same seed and config give the same
    history at the same thread count, and may differ in the last digits at another.
    """
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": uuid.uuid4().hex[:8],
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "status": "running",
        "message": "",
        "config": {
            "data": source,
            "split": split.kind,
            "split_seed": split_seed,
            "test_fraction": test_fraction,
            "train": asdict(train),
            "models": {name: config_to_dict(c) for name, c in models.items()},
            "threads": threads,
        },
        "dataset": {
            "name": data.name,
            "n": data.n,
            "t": data.t,
            "f": data.f,
            "class_names": list(data.class_names),
            "synthetic": data.synthetic,
        },
        "test_idx": split.test_idx.tolist(),
        "test_labels": data.y[split.test_idx].tolist(),
        "test_keys": [data.keys[i] for i in split.test_idx],
        "models": {
            name: {"params": int(params[name]), "history": [], "confusion": None, "test_pred": []} for name in models
        },
    }


def add_epoch(record: dict, name: str, epoch: EpochRecord) -> None:
    """Append one epoch of model `name`; its confusion matrix and predictions become the latest."""
    entry = record["models"][name]
    # plain ints and floats: a caller may hand over numpy scalars, which json cannot write
    entry["history"].append({k: (int(v) if k == "epoch" else float(v)) for k, v in epoch.as_dict().items()})
    entry["test_pred"] = [int(v) for v in epoch.test_pred]
    n_classes = len(record["dataset"]["class_names"])
    entry["confusion"] = confusion_matrix(record["test_labels"], epoch.test_pred, n_classes).tolist()


def model_configs(record: dict) -> dict[str, ModelConfig]:
    return {name: config_from_dict(d) for name, d in record["config"]["models"].items()}


def dumps(record: dict) -> str:
    return json.dumps(record, indent=1)


def loads(text: str | bytes) -> dict:
    """Parse and check a run record; anything malformed raises one clear HarError."""
    try:
        record = json.loads(text)
    except (ValueError, UnicodeDecodeError) as e:
        raise HarError.of("run.not_json", detail=str(e)) from None
    if not isinstance(record, dict) or record.get("format", FORMAT) != FORMAT:
        raise HarError.of("run.not_a_run")
    if record.get("version") != VERSION:
        raise HarError.of("run.version", version=record.get("version"), expected=VERSION)
    try:
        _check(record)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as e:
        raise HarError.of("run.malformed", detail=f"{type(e).__name__}: {e}") from None
    return record


def _check(record: dict) -> None:
    names = record["dataset"]["class_names"]
    n_classes = len(names)
    labels = record["test_labels"]
    if any(not isinstance(v, int) or not 0 <= v < n_classes for v in labels):
        raise ValueError("test labels out of range")
    model_configs(record)
    if not record["models"]:
        raise ValueError("no models")
    for name, entry in record["models"].items():
        int(entry["params"])
        for h in entry["history"]:
            for k in HISTORY_FIELDS:
                float(h[k])
        pred = entry.get("test_pred") or []
        if pred and len(pred) != len(labels):
            raise ValueError(f"{name} has {len(pred)} test predictions for {len(labels)} test labels")
        if any(not isinstance(v, int) or not 0 <= v < n_classes for v in pred):
            raise ValueError(f"{name} test predictions out of range")
        if entry.get("confusion") is not None:
            cm = np.asarray(entry["confusion"], dtype=np.int64)
            if cm.shape != (n_classes, n_classes):
                raise ValueError(f"{name} confusion matrix has shape {cm.shape}, expected {(n_classes, n_classes)}")
            if (cm < 0).any():
                raise ValueError(f"{name} confusion matrix has negative counts")


def save(record: dict, path) -> Path:
    """Write the record as JSON; a crash never leaves half a record."""
    path = Path(path)
    with replace_atomically(path) as f:
        f.write(dumps(record).encode())
    return path


def load(path) -> dict:
    try:
        text = Path(path).read_bytes()  # loads decodes it, and explains a file that is not text
    except OSError as e:
        raise HarError.of("run.unreadable", path=str(path), detail=str(e.strerror)) from None
    return loads(text)
