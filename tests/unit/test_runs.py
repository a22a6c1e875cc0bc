"""The run record: built from hand-made epochs, round-tripped, and every kind of damage rejected."""

from __future__ import annotations

import copy
import json
import os
from dataclasses import asdict

import numpy as np
import pytest
from support.cli import assert_sentence
from support.paths import FIXTURES
from support.records import HOSTILE

from har import runs
from har.data import make_dataset, make_split
from har.errors import HarError
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig
from har.status import Status
from har.train import EpochRecord, TrainConfig

CONFIGS = {"rnn": RNNConfig(hidden=8, pooling="last"), "cnn": CNNConfig(widths=(4, 6), kernel_size=5)}


def _dataset():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 8)
    keys = [f"c{c}-v_clip_{i:02d}_01" for i, c in enumerate(y)]
    return make_dataset("tiny", rng.random((24, 3, 4), dtype=np.float32), y, keys=keys, class_names=["a", "b", "c"])


def _epoch(i: int, pred) -> EpochRecord:
    return EpochRecord(
        epoch=i, train_loss=1.0 / i, train_acc=0.5, test_loss=0.9 / i, test_acc=0.25, seconds=0.1, test_pred=list(pred),
        fit_loss=1.1 / i, fit_acc=0.4,
    )  # fmt: skip


@pytest.fixture
def record():
    data = _dataset()
    split = make_split(data, "random", seed=1)
    rec = runs.new_record(
        data=data,
        source="tiny.npz",
        split=split,
        models=CONFIGS,
        params={"rnn": 123, "cnn": 45},
        train=TrainConfig(epochs=2, seed=1),
        split_seed=1,
    )
    n_test = len(split.test_idx)
    for i in (1, 2):
        for name in CONFIGS:
            runs.add_epoch(rec, name, _epoch(i, (np.arange(n_test) + i) % 3))
    runs.finish(rec, "finished")
    return rec


def test_new_record_describes_data_and_split():
    data = _dataset()
    split = make_split(data, "group", seed=2)
    rec = runs.new_record(
        data=data, source="x", split=split, models=CONFIGS, params={"rnn": 1, "cnn": 2}, train=TrainConfig()
    )
    assert rec.dataset == runs.DatasetInfo(name="tiny", n=24, t=3, f=4, class_names=("a", "b", "c"), synthetic=False)
    assert rec.test_idx == split.test_idx.tolist()
    assert rec.test_labels == data.y[split.test_idx].tolist()
    assert rec.test_keys == [data.keys[i] for i in split.test_idx]
    assert rec.config.split == "group" and rec.status == "running"
    assert all(m.history == [] and m.confusion is None and m.test_prob is None for m in rec.models.values())


def _confusion(labels, pred):
    expected = np.zeros((3, 3), dtype=int)
    for t, p in zip(labels, pred, strict=True):  # rows are the true class
        expected[t, p] += 1
    return expected


def test_add_epoch_keeps_history_and_the_confusion_of_every_epoch(record):
    labels = record.test_labels
    cnn = record.models["cnn"]
    pred = cnn.predictions
    assert np.array_equal(cnn.confusion, _confusion(labels, pred))
    assert pred == ((np.arange(len(labels)) + 2) % 3).tolist()  # the second epoch's
    first = ((np.arange(len(labels)) + 1) % 3).tolist()
    assert [np.asarray(m).tolist() for m in cnn.confusions] == [
        _confusion(labels, first).tolist(),
        _confusion(labels, pred).tolist(),
    ]
    history = record.models["rnn"].history
    assert [h.epoch for h in history] == [1, 2]
    assert runs.HISTORY_FIELDS == (
        *("epoch", "train_loss", "train_acc", "test_loss", "test_acc", "seconds", "fit_loss", "fit_acc"),
    )
    assert record.models["rnn"].status == "finished"


def test_round_trip(record, tmp_path):
    assert runs.loads(runs.dumps(record)) == record
    assert runs.loads(runs.dumps(record).encode()) == record
    path = runs.save(record, tmp_path / "sub" / "run.json")
    assert runs.load(path) == record
    assert runs.model_configs(runs.load(path)) == CONFIGS
    assert json.loads(path.read_text())["version"] == runs.VERSION == 3


def test_notebook_configs_round_trip(record):
    record.models["cnn"].config = NotebookCNNConfig("cnn2")
    assert runs.model_configs(runs.loads(runs.dumps(record)))["cnn"] == NotebookCNNConfig("cnn2")


def _damage(record, how):
    rec = copy.deepcopy(record.to_dict())
    how(rec)
    return json.dumps(rec)


def _set(path, value):
    def how(rec):
        *parents, last = path
        target = rec
        for p in parents:
            target = target[p]
        target[last] = value

    return how


BROKEN = {
    "not JSON": lambda r: "{not json",
    "truncated": lambda r: runs.dumps(r)[:-40],
    "a list": lambda r: "[1, 2]",
    "wrong format": lambda r: _damage(r, _set(["format"], "something-else")),
    "unknown version": lambda r: _damage(r, _set(["version"], 99)),
    "no models": lambda r: _damage(r, lambda rec: rec.pop("models")),
    "models as a list": lambda r: _damage(r, _set(["models"], [])),
    "empty models": lambda r: _damage(r, _set(["models"], {})),
    "confusion of wrong shape": lambda r: _damage(r, _set(["models", "rnn", "confusions", 1], [[1, 2], [3, 4]])),
    "ragged confusion": lambda r: _damage(r, _set(["models", "rnn", "confusions", 0], [[1, 2, 3], [4], [5, 6, 7]])),
    "negative confusion": lambda r: _damage(
        r, _set(["models", "cnn", "confusions", 1], [[-1, 0, 0], [0, 0, 0], [0, 0, 0]])
    ),
    "one confusion too few": lambda r: _damage(r, lambda rec: rec["models"]["cnn"]["confusions"].pop()),
    "label out of range": lambda r: _damage(r, _set(["test_labels", 0], 3)),
    "history entry without a field": lambda r: _damage(
        r, lambda rec: rec["models"]["rnn"]["history"][0].pop("test_acc")
    ),
    "history value not a number": lambda r: _damage(r, _set(["models", "cnn", "history", 1, "train_loss"], "high")),
    "unknown model kind": lambda r: _damage(r, _set(["models", "rnn", "config", "kind"], "transformer")),
    "unknown config field": lambda r: _damage(r, _set(["models", "rnn", "config", "heads"], 4)),
    "bad pooling": lambda r: _damage(r, _set(["models", "cnn", "config", "pooling"], "sum")),
    "predictions of wrong length": lambda r: _damage(r, _set(["models", "rnn", "predictions"], [0])),
    "prediction out of range": lambda r: _damage(r, _set(["models", "rnn", "predictions", 0], 7)),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_damaged_records_are_rejected_in_one_sentence(record, case):
    with pytest.raises(HarError) as err:
        runs.loads(BROKEN[case](record))
    assert "\n" not in str(err.value) and str(err.value).endswith(".")


def test_version_and_format_errors_say_what_is_wrong(record):
    with pytest.raises(HarError, match="version 99"):
        runs.loads(BROKEN["unknown version"](record))
    with pytest.raises(HarError, match="har-run"):
        runs.loads(BROKEN["wrong format"](record))


def test_save_is_atomic_and_never_half_writes(record, tmp_path):
    path = runs.save(record, tmp_path / "run.json")
    before = path.read_text()
    bad = copy.deepcopy(record)
    bad.message = object()  # not JSON-serializable: fails before writing
    with pytest.raises(TypeError):
        runs.save(bad, path)
    assert path.read_text() == before
    assert os.listdir(tmp_path) == ["run.json"]  # no .tmp left behind
    record.status = Status.STOPPED
    runs.save(record, path)
    assert runs.load(path).status == "stopped"
    assert os.listdir(tmp_path) == ["run.json"]


def test_load_of_a_missing_file_is_one_sentence(tmp_path):
    with pytest.raises(HarError, match="cannot read"):
        runs.load(tmp_path / "nope.json")


def test_run_records_that_are_binary_or_from_another_version(tmp_path, tiny_record):
    path = tmp_path / "run.json"
    path.write_bytes(b"\xff\xfe\x00\x89PNG garbage")
    with pytest.raises(HarError) as err:
        runs.load(path)
    assert_sentence(str(err.value), "not a run record")
    for version in (4, 0, "1", None, True, [1]):
        path.write_text(json.dumps({**tiny_record.to_dict(), "version": version}))
        with pytest.raises(HarError) as err:
            runs.load(path)
        assert_sentence(str(err.value), "version")
    path.write_text(tiny_record.to_json())
    assert runs.load(path) == tiny_record


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_records_are_refused_in_one_sentence(record, case):
    forge, word = HOSTILE[case]
    with pytest.raises(HarError) as err:
        runs.loads(forge(runs.dumps(record)))
    assert_sentence(str(err.value), word)


def test_records_of_main_load_and_gain_nothing_they_did_not_have():
    for name in ("run_main_notebook.json", "run_main_temporal.json"):
        written = json.loads((FIXTURES / name).read_text())
        record = runs.loads((FIXTURES / name).read_bytes())
        for model, m in record.models.items():
            old = written["models"][model]
            assert m.predictions == old["test_pred"] and m.confusion == old["confusion"] and m.test_prob is None
            assert m.confusions[:-1] == [None] * (len(old["history"]) - 1)
            # the running figures they kept as train_* stay there, and say so (fit_* None, train_in_eval False)
            assert [asdict(h) for h in m.history] == [h | {"fit_loss": None, "fit_acc": None} for h in old["history"]]
            assert not any(h.train_in_eval for h in m.history)
            assert m.status == written["status"]
        assert runs.loads(runs.dumps(record)) == record  # and they save as version 3


def test_a_version_2_record_keeps_its_numbers_and_says_its_train_figures_are_running_means(tiny_record):
    d = tiny_record.to_dict() | {"version": 2}
    for m in d["models"].values():
        m["history"] = [{k: v for k, v in h.items() if k not in ("fit_loss", "fit_acc")} for h in m["history"]]
    record = runs.loads(json.dumps(d))
    for name, m in record.models.items():
        assert [(h.train_acc, h.test_acc) for h in m.history] == [
            (h.train_acc, h.test_acc) for h in tiny_record.models[name].history
        ]
        assert not any(h.train_in_eval for h in m.history)
    assert all(h.train_in_eval for m in tiny_record.models.values() for h in m.history)


def test_a_trained_record_keeps_probabilities_that_match_its_predictions(tiny_demo):
    from har.jobs import TrainingJob, TrainingLimiter

    split = make_split(tiny_demo, "random", seed=0)
    models = {"rnn": RNNConfig(hidden=4), "cnn": CNNConfig(widths=(4,))}
    job = TrainingJob(
        data=tiny_demo, split=split, models=models, train=TrainConfig(epochs=2, device="cpu"), source="demo",
        limiter=TrainingLimiter(1),
    )  # fmt: skip
    job.run()
    record = runs.loads(runs.dumps(job.snapshot()))
    for m in record.models.values():
        prob = np.asarray(m.test_prob)
        assert prob.shape == (len(record.test_labels), len(record.class_names))
        assert np.allclose(prob.sum(axis=1), 1.0, atol=1e-5)
        assert prob.argmax(axis=1).tolist() == m.predictions
        assert len(m.confusions) == 2 and all(np.asarray(c).sum() == len(record.test_labels) for c in m.confusions)


def test_probabilities_that_disagree_with_the_predictions_are_refused(tiny_demo):
    d = json.loads((FIXTURES / "run_main_notebook.json").read_text())
    n = len(d["test_labels"])
    d["models"]["rnn"]["test_prob"] = [[0.9, 0.05, 0.05]] * n  # argmax 0, predictions say 1 and 2
    d = {**d, "version": 2} | {"config": {k: v for k, v in d["config"].items() if k != "models"}}
    for name, m in d["models"].items():
        m |= {"config": json.loads((FIXTURES / "run_main_notebook.json").read_text())["config"]["models"][name]}
        m |= {"predictions": m.pop("test_pred"), "confusions": [m.pop("confusion")], "status": "finished"}
        m.setdefault("test_prob", None)
    with pytest.raises(HarError) as err:
        runs.loads(json.dumps(d))
    assert_sentence(str(err.value), "test_prob")
