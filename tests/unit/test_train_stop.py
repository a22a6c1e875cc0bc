"""How a training ends before its last epoch: Stop ends it within one batch and keeps every finished epoch (in
this thread, from another, for a pair), and a diverging loss (NaN, infinite, or finite but exploding) raises
TrainingDiverged naming its epoch."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
import torch
from support.data import toy_tensors
from test_train import CPU, BlowsUpLater, _cnn, _plain, _rnn
from torch import nn

from har.errors import HarError
from har.models import CNNConfig, build_model
from har.train import Tensors, TrainConfig, TrainingDiverged, fit, fit_pair

pytestmark = pytest.mark.usefixtures("one_torch_thread")


class BatchCounter:
    """Counts training-mode forward passes of a model (one per batch) with a forward hook."""

    def __init__(self, model: nn.Module, on_batch=None):
        self.n = 0
        self.on_batch = on_batch
        model.register_forward_hook(self._hook)

    def _hook(self, module, args, out):
        if module.training:
            self.n += 1
            if self.on_batch:
                self.on_batch(self.n)


def test_stop_after_the_first_record_keeps_it_and_trains_no_further():
    data = toy_tensors()
    model = _rnn()
    counter = BatchCounter(model)
    stop = threading.Event()
    records, at_stop = [], None
    for record in fit(model, data, TrainConfig(epochs=5, **CPU), stop):
        records.append(record)
        stop.set()
        at_stop = counter.n
    batches = math.ceil(len(data.y_train) / CPU["batch_size"])
    assert at_stop == batches  # one full epoch of batches before the record
    assert len(records) == 1 and records[0].epoch == 1
    assert counter.n - at_stop <= 1  # ends within one batch


def test_stop_mid_epoch_ends_within_one_batch_and_keeps_completed_epochs():
    data = toy_tensors()
    config = TrainConfig(epochs=4, seed=3, **CPU)
    batches = math.ceil(len(data.y_train) / CPU["batch_size"])
    assert batches >= 4
    reference = _plain(fit(_rnn(), data, config))

    stop = threading.Event()
    stop_at = batches + 2  # the third batch of the second epoch
    model = _rnn()
    counter = BatchCounter(model, on_batch=lambda n: stop.set() if n == stop_at else None)
    records = list(fit(model, data, config, stop))
    assert counter.n - stop_at <= 1
    assert [r.epoch for r in records] == [1]  # the unfinished second epoch is dropped
    assert _plain(records) == reference[:1]  # and the completed one is exactly as without the stop


def test_stop_from_another_thread_while_training_runs_in_the_background():
    """As the dashboard does it: training in a worker thread, the stop button pressed in another."""
    data = toy_tensors()
    model = _cnn()
    stop, reached = threading.Event(), threading.Event()
    batches = math.ceil(len(data.y_train) / CPU["batch_size"])
    pause_at = 2 * batches + 1  # the first batch of the third epoch

    def at_batch(n):
        if n == pause_at:
            reached.set()
            assert stop.wait(timeout=30)  # hold this batch until the other thread has pressed stop

    counter = BatchCounter(model, on_batch=at_batch)
    records = []
    worker = threading.Thread(target=lambda: records.extend(fit(model, data, TrainConfig(epochs=6, **CPU), stop)))
    worker.start()
    assert reached.wait(timeout=60)
    stop.set()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert [r.epoch for r in records] == [1, 2]
    assert counter.n - pause_at <= 1


def test_stop_before_start_trains_nothing():
    model = _cnn()
    counter = BatchCounter(model)
    stop = threading.Event()
    stop.set()
    assert list(fit(model, toy_tensors(), TrainConfig(epochs=3, **CPU), stop)) == []
    assert counter.n == 0


def test_fit_pair_stop_ends_the_whole_pair():
    data = toy_tensors()
    rnn, cnn = _rnn(), _cnn()
    counters = {"rnn": BatchCounter(rnn), "cnn": BatchCounter(cnn)}
    stop = threading.Event()
    out = []
    for name, record in fit_pair({"rnn": rnn, "cnn": cnn}, data, TrainConfig(epochs=3, **CPU), stop):
        out.append((name, record.epoch))
        if len(out) == 3:
            stop.set()
    assert out == [("rnn", 1), ("cnn", 1), ("rnn", 2)]
    batches = math.ceil(len(data.y_train) / CPU["batch_size"])
    assert counters["rnn"].n == 2 * batches
    assert counters["cnn"].n - batches <= 1


def test_nan_inputs_raise_training_diverged_naming_the_epoch():
    data = toy_tensors()
    x = data.x_train.clone()
    x[3, 1, 2] = float("nan")
    bad = Tensors(x, data.y_train, data.x_test, data.y_test)
    with pytest.raises(TrainingDiverged, match="epoch 1"):
        list(fit(_rnn(), bad, TrainConfig(epochs=3, **CPU)))


def test_divergence_in_a_later_epoch_names_that_epoch_and_keeps_earlier_records():
    data = toy_tensors()
    batches = math.ceil(len(data.y_train) / CPU["batch_size"])
    model = BlowsUpLater(after=2 * batches + 1)  # breaks in the third epoch
    records = []
    with pytest.raises(TrainingDiverged) as err:
        for record in fit(model, data, TrainConfig(epochs=5, **CPU)):
            records.append(record)
    assert "epoch 3" in str(err.value)
    assert [r.epoch for r in records] == [1, 2]
    assert isinstance(err.value, HarError)  # shown to the user as one sentence


def test_a_finite_but_exploding_loss_names_its_epoch():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 8)
    X = rng.standard_normal((24, 4, 6)).astype(np.float32)
    data = Tensors.from_arrays(X, y, np.arange(18), np.arange(18, 24), torch.device("cpu"))
    model = build_model(CNNConfig(widths=(8,)), n_frames=4, n_features=6, n_classes=3, seed=0)
    losses = []
    with pytest.raises(TrainingDiverged, match=r"epoch \d+") as err:
        for record in fit(model, data, TrainConfig(epochs=30, lr=1e6, batch_size=6, device="cpu")):
            losses.append(record.train_loss)
    assert all(np.isfinite(losses))
    assert "times that of guessing" in str(err.value) and str(err.value).endswith(".")  # finite, yet stopped
