"""Run records for the board tests, made by the real library (har.runs) with chosen accuracies and sizes."""

from __future__ import annotations

from har.data import make_split
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig
from har.runs import RunRecord, add_epoch, finish, new_record
from har.train import EpochRecord, TrainConfig


def finished_run(
    data,
    *,
    accs=((0.4, 0.5), (0.5, 0.6)),
    params=(300_000, 400_000),
    seed: int = 0,
    split_seed: int | None = None,
    split: str = "random",
    source: str = "demo",
    status: str = "finished",
    rnn=None,
    cnn=None,
) -> RunRecord:
    """A run record of both models; `accs` holds (rnn, cnn) test accuracy per epoch. The split's seed is the
    training seed unless `split_seed` is given (the CLI's --seed moves both)."""
    split_seed = seed if split_seed is None else split_seed
    split = make_split(data, split, seed=split_seed)
    record = new_record(
        data=data,
        source=source,
        split=split,
        models={"rnn": rnn or RNNConfig(hidden=8), "cnn": cnn or CNNConfig(widths=(8,))},
        params={"rnn": params[0], "cnn": params[1]},
        train=TrainConfig(epochs=len(accs), seed=seed),
        split_seed=split_seed,
    )
    zeros = [0] * len(record.test_labels)
    for epoch, pair in enumerate(accs, start=1):
        for name, acc in zip(("rnn", "cnn"), pair, strict=True):
            add_epoch(record, name, EpochRecord(epoch, 1.0, 0.5, 1.0, acc, 0.25, zeros))
    finish(record, status)
    return record


NOTEBOOK_CNN2 = NotebookCNNConfig("cnn2")
