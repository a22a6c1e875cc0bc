"""The training engine: determinism, records, learning, evaluation, devices and settings. (Stop and divergence:
test_train_stop.py.)"""

from __future__ import annotations

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
        assert set(r.as_dict()) == {
            *("epoch", "train_loss", "train_acc", "test_loss", "test_acc", "seconds", "fit_loss", "fit_acc")
        }
    # The last record describes the model as it is left: loss and predictions from PyTorch directly.
    model.eval()
    with torch.no_grad():
        logits = model(data.x_test)
    assert records[-1].test_loss == pytest.approx(nn.functional.cross_entropy(logits, data.y_test).item(), rel=1e-5)
    assert records[-1].test_pred == logits.argmax(1).tolist()


def test_the_running_figures_count_the_predictions_made_while_training():
    """With a learning rate too small to move the weights, the running accuracy is that of the first weights."""
    data = toy_tensors()
    model = BlowsUpLater(after=10**9)
    model.train()
    with torch.no_grad():
        expected = (model(data.x_train).argmax(1) == data.y_train).float().mean().item()
        loss = nn.functional.cross_entropy(model(data.x_train), data.y_train).item()
    record = next(fit(model, data, TrainConfig(epochs=1, lr=1e-12, **CPU)))
    assert record.fit_acc == pytest.approx(expected)
    assert record.fit_loss == pytest.approx(loss, rel=1e-5)


@pytest.mark.parametrize("name", WITH_DROPOUT)
def test_train_accuracy_is_measured_like_test_accuracy_after_each_epoch_in_eval_mode(name):
    """Train and test figures are set against each other (curves, the overfitting verdict), so both are measured
    on the weights the epoch ends with, dropout off; the running mean during the epoch is kept apart as fit_*.
    With dropout 0.5 the two differ, which is why the running figure cannot stand for the training set."""
    data = toy_tensors(n_per_class=16)
    model = WITH_DROPOUT[name]()
    records = list(fit(model, data, TrainConfig(epochs=3, lr=1e-2, seed=1, **CPU)))
    model.eval()
    with torch.no_grad():
        logits = model(data.x_train)
    last = records[-1]
    assert last.train_acc == pytest.approx((logits.argmax(1) == data.y_train).float().mean().item())
    assert last.train_loss == pytest.approx(nn.functional.cross_entropy(logits, data.y_train).item(), rel=1e-5)
    assert any(r.fit_acc != r.train_acc for r in records)
    assert all(0.0 <= r.fit_acc <= 1.0 for r in records)


def test_measuring_the_training_set_changes_nothing_the_training_does():
    """The eval-mode pass over the training clips draws no dropout mask and moves no BatchNorm statistic, so the
    test figures are those of a training that does not measure it."""
    data = toy_tensors(n_per_class=16)
    config = TrainConfig(epochs=3, lr=1e-2, seed=1, **CPU)
    measured = [(r.test_loss, r.test_pred) for r in fit(WITH_DROPOUT["rnn"](), data, config)]
    original = har.train.score
    har.train.score = lambda model, x, y: (0.0, 0.0)
    try:
        unmeasured = [(r.test_loss, r.test_pred) for r in fit(WITH_DROPOUT["rnn"](), data, config)]
    finally:
        har.train.score = original
    assert measured == unmeasured


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
    loss, pred, prob = evaluate(model, data.x_test, data.y_test)
    with torch.no_grad():
        logits = model(data.x_test)
    assert loss == pytest.approx(nn.functional.cross_entropy(logits, data.y_test).item(), rel=1e-5)
    assert torch.equal(pred, logits.argmax(1))
    assert torch.allclose(prob, logits.softmax(1), atol=1e-6) and torch.equal(prob.argmax(1), pred)
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
