"""The training engine: determinism, stopping within one batch, divergence, records, learning."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
import torch
from support.data import toy_arrays, toy_tensors
from torch import nn

import har.train
from har.errors import HarError
from har.metrics import accuracy
from har.models import CNNConfig, RNNConfig, build_model
from har.train import (
    EpochRecord,
    Tensors,
    TrainConfig,
    TrainingDiverged,
    evaluate,
    fit,
    fit_pair,
    predict,
    resolve_device,
)

pytestmark = pytest.mark.usefixtures("one_torch_thread")


SHAPE = dict(n_frames=5, n_features=6, n_classes=3)
CPU = dict(device="cpu", batch_size=4)


def _rnn(seed=0, **kw):
    return build_model(RNNConfig(hidden=6, **kw), **SHAPE, seed=seed)


def _cnn(seed=0, **kw):
    return build_model(CNNConfig(widths=(6,), **kw), **SHAPE, seed=seed)


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


def _plain(records):
    """Everything but wall time, which may differ between runs."""
    return [{k: v for k, v in r.as_dict(with_pred=True).items() if k != "seconds"} for r in records]


@pytest.mark.parametrize("make", [lambda: _rnn(layers=2, dropout=0.3), lambda: _cnn(dropout=0.3)])
def test_same_seed_and_config_give_identical_runs(make):
    data = toy_tensors()
    config = TrainConfig(epochs=2, seed=5, **CPU)
    first = _plain(fit(make(), data, config))
    second = _plain(fit(make(), data, config))
    assert len(first) == 2
    assert first == second


def test_another_seed_gives_another_run():
    data = toy_tensors()
    first = _plain(fit(_cnn(dropout=0.3), data, TrainConfig(epochs=1, seed=5, **CPU)))
    other = _plain(fit(_cnn(dropout=0.3), data, TrainConfig(epochs=1, seed=6, **CPU)))
    assert first[0]["train_loss"] != other[0]["train_loss"]


def test_fit_pair_is_deterministic_too():
    data = toy_tensors()
    config = TrainConfig(epochs=2, seed=1, **CPU)

    def run():
        models = {"rnn": _rnn(dropout=0.2), "cnn": _cnn(dropout=0.2)}
        return [(name, _plain([r])) for name, r in fit_pair(models, data, config)]

    assert run() == run()


# Dropout in every place a mask is drawn: after the CNN's conv, between the GRU's layers, before its head.
WITH_DROPOUT = {"cnn": lambda: _cnn(seed=3, dropout=0.5), "rnn": lambda: _rnn(seed=3, layers=2, dropout=0.5)}


def test_two_trainings_at_once_in_threads_have_the_histories_they_have_alone():
    """A run's history depends on its seed and config only, not on what trains beside it: each run
    builds its weights and draws its dropout masks and batch order from generators of its own."""
    data = toy_tensors(n_per_class=16)
    config = TrainConfig(epochs=4, seed=5, **CPU)
    alone = {name: _plain(fit(make(), data, config)) for name, make in WITH_DROPOUT.items()}
    together, errors = {}, []
    start = threading.Barrier(len(WITH_DROPOUT))

    def train(name):
        try:
            torch.set_num_threads(1)
            start.wait(30)  # both build their weights and train at the same moment
            together[name] = _plain(fit(WITH_DROPOUT[name](), data, config))
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=train, args=(name,)) for name in WITH_DROPOUT]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert together == alone


def test_fit_pair_taking_turns_gives_each_model_its_history_alone():
    data = toy_tensors()
    config = TrainConfig(epochs=3, seed=2, **CPU)
    paired = {name: [] for name in WITH_DROPOUT}
    for name, record in fit_pair({name: make() for name, make in WITH_DROPOUT.items()}, data, config):
        paired[name].append(record)
    assert {name: _plain(records) for name, records in paired.items()} == {
        name: _plain(fit(make(), data, config)) for name, make in WITH_DROPOUT.items()
    }


def test_fit_pair_alternates_names_one_epoch_each():
    data = toy_tensors()
    out = list(fit_pair({"rnn": _rnn(), "cnn": _cnn()}, data, TrainConfig(epochs=3, **CPU)))
    assert [name for name, _ in out] == ["rnn", "cnn"] * 3
    assert [r.epoch for _, r in out] == [1, 1, 2, 2, 3, 3]


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


class BlowsUpLater(nn.Module):
    """A linear classifier whose logits become infinite once it has trained `after` batches."""

    def __init__(self, after: int):
        super().__init__()
        self.linear = nn.Linear(SHAPE["n_features"], SHAPE["n_classes"])
        self.after, self.calls = after, 0

    def forward(self, x):  # (B, T, F)
        if self.training:
            self.calls += 1
        logits = self.linear(x.mean(1))
        return logits * float("inf") if self.calls > self.after else logits


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


def test_records_hold_fractions_and_test_predictions_that_agree():
    data = toy_tensors()
    model = _cnn()
    records = list(fit(model, data, TrainConfig(epochs=3, **CPU)))
    y_test = data.y_test.numpy()
    for r in records:
        assert isinstance(r, EpochRecord)
        assert 0.0 <= r.train_acc <= 1.0 and 0.0 <= r.test_acc <= 1.0
        assert len(r.test_pred) == len(y_test)
        assert r.test_acc == pytest.approx(accuracy(y_test, r.test_pred))
        assert r.seconds >= 0 and r.train_loss >= 0 and r.test_loss >= 0
        assert set(r.as_dict()) == {"epoch", "train_loss", "train_acc", "test_loss", "test_acc", "seconds"}
    # The last record describes the model as it is left: loss and predictions from PyTorch directly.
    model.eval()
    with torch.no_grad():
        logits = model(data.x_test)
    assert records[-1].test_loss == pytest.approx(nn.functional.cross_entropy(logits, data.y_test).item(), rel=1e-5)
    assert records[-1].test_pred == logits.argmax(1).tolist()


def test_train_accuracy_counts_the_predictions_made_while_training():
    """With a learning rate too small to move the weights, train accuracy is that of the first weights."""
    data = toy_tensors()
    model = BlowsUpLater(after=10**9)
    model.train()
    with torch.no_grad():
        expected = (model(data.x_train).argmax(1) == data.y_train).float().mean().item()
        loss = nn.functional.cross_entropy(model(data.x_train), data.y_train).item()
    record = next(fit(model, data, TrainConfig(epochs=1, lr=1e-12, **CPU)))
    assert record.train_acc == pytest.approx(expected)
    assert record.train_loss == pytest.approx(loss, rel=1e-5)


@pytest.mark.parametrize("make", [_rnn, _cnn])
def test_a_model_learns_an_easy_separable_problem(make):
    data = toy_tensors(n_per_class=12)
    records = list(fit(make(), data, TrainConfig(epochs=10, lr=1e-2, **CPU)))
    assert records[-1].train_acc > records[0].train_acc
    assert records[-1].train_loss < records[0].train_loss
    assert records[-1].test_acc >= 0.9


def test_evaluate_in_chunks_equals_one_big_batch(monkeypatch):
    monkeypatch.setattr(har.train, "EVAL_BATCH", 4)  # 6 clips -> chunks of 4 and 2
    data = toy_tensors()
    model = _rnn().eval()
    loss, pred = evaluate(model, data.x_test, data.y_test)
    with torch.no_grad():
        logits = model(data.x_test)
    assert loss == pytest.approx(nn.functional.cross_entropy(logits, data.y_test).item(), rel=1e-5)
    assert torch.equal(pred, logits.argmax(1))
    assert evaluate(model, data.x_test[:0], data.y_test[:0])[0] == 0.0
    assert torch.equal(predict(model, data.x_test), pred)  # the same batching, without the loss
    assert predict(model, data.x_test[:0]).tolist() == []


def test_tensors_from_read_only_arrays_take_the_right_rows():
    X, y = toy_arrays()
    X.flags.writeable = False
    train_idx, test_idx = np.array([5, 1, 9]), np.array([0, 7])
    t = Tensors.from_arrays(X, y, train_idx, test_idx, torch.device("cpu"))
    assert torch.equal(t.x_train, torch.from_numpy(X[train_idx]))
    assert t.y_train.dtype == torch.int64 and t.y_test.tolist() == y[test_idx].tolist()
    assert t.x_test.shape == (2, *X.shape[1:])


def test_device_choice():
    assert resolve_device("cpu") == torch.device("cpu")
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        with pytest.raises(HarError, match="CUDA"):
            resolve_device("cuda")
    with pytest.raises(ValueError, match="'auto'"):
        resolve_device("tpu")


@pytest.mark.parametrize(
    "kwargs", [dict(epochs=0), dict(batch_size=0), dict(lr=0.0), dict(lr=float("nan")), dict(device="gpu")]
)
def test_train_config_rejects_bad_values(kwargs):
    with pytest.raises(ValueError):
        TrainConfig(**kwargs)
