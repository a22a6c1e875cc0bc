"""A run record as a training makes it: empty at the start, one epoch of one model at a time, then its end."""

from __future__ import annotations

import math
import time
import uuid

from har.configs import EpochRecord, ModelConfig, TrainConfig
from har.data.dataset import Dataset
from har.data.splits import Split
from har.metrics import confusion_matrix
from har.runs.record import DatasetInfo, EpochScores, ModelRun, RunConfig, RunRecord
from har.status import Status


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
) -> RunRecord:
    """An empty record (no epochs yet) for training `models` on `split` of `data`.

    A record holds the full configuration, the data set's description, the test labels and, per
    model, its parameter count, per-epoch history and confusion matrices, and last test predictions
    and probabilities. `threads` is the torch threads each model trained on: the same seed and config
    give the same history at the same thread count, and may differ in the last digits at another.
    """
    return RunRecord(
        id=uuid.uuid4().hex[:8],
        created=time.strftime("%Y-%m-%dT%H:%M:%S"),
        status=Status.RUNNING,
        message="",
        config=RunConfig(
            data=source,
            split=split.kind,
            split_seed=split_seed,
            test_fraction=test_fraction,
            train=train,
            threads=threads,
        ),
        dataset=DatasetInfo(
            name=data.name,
            n=data.n,
            t=data.t,
            f=data.f,
            class_names=tuple(data.class_names),
            synthetic=data.synthetic,
        ),
        test_idx=split.test_idx.tolist(),
        test_labels=data.y[split.test_idx].tolist(),
        test_keys=[data.keys[i] for i in split.test_idx],
        models={name: ModelRun(config=config, params=int(params[name])) for name, config in models.items()},
    )


def add_epoch(record: RunRecord, name: str, epoch: EpochRecord) -> None:
    """Append one epoch of model `name` with its confusion matrix; its predictions and probabilities become the
    latest."""
    run = record.models[name]
    # plain ints and floats: a caller may hand over numpy scalars, which json cannot write
    run.history.append(
        EpochScores(
            epoch=int(epoch.epoch),
            train_loss=_finite(epoch.train_loss),
            train_acc=float(epoch.train_acc),
            test_loss=_finite(epoch.test_loss),
            test_acc=float(epoch.test_acc),
            seconds=float(epoch.seconds),
            fit_loss=None if epoch.fit_loss is None else _finite(epoch.fit_loss),
            fit_acc=None if epoch.fit_acc is None else float(epoch.fit_acc),
        )
    )
    run.predictions = [int(v) for v in epoch.test_pred]
    run.test_prob = [[float(p) for p in row] for row in epoch.test_prob] or None
    n_classes = len(record.dataset.class_names)
    run.confusions.append(confusion_matrix(record.test_labels, epoch.test_pred, n_classes).tolist())


def finish(record: RunRecord, status: Status | str, message: str = "") -> None:
    """End the run as `status` (a failed training keeps its epochs as a stopped run); each model still running
    ends the same way."""
    status = Status.STOPPED if status == Status.FAILED else Status(status)
    record.status, record.message = status, message
    for run in record.models.values():
        if run.status == Status.RUNNING:
            run.status = status


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
