"""Which clips fail (har.lab.failures): the clips behind each confusion cell of a run record, exactly, and one
sentence for an unknown class, model or clip."""

from __future__ import annotations

import numpy as np
import pytest
from support.lab import FAST, TINY, grouped

from har import runs
from har.data.splits import make_split
from har.errors import HarError
from har.lab import clip, failures
from har.train import EpochRecord

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def data():
    return grouped()


@pytest.fixture
def record(data):
    split = make_split(data, "random", test_fraction=0.3)
    rec = runs.new_record(data=data, source="demo", split=split, models=TINY, params={"rnn": 1, "cnn": 2}, train=FAST)
    rng = np.random.default_rng(0)
    for name in TINY:
        pred = rng.integers(0, 3, len(split.test_idx)).tolist()
        runs.add_epoch(rec, name, EpochRecord(1, 1.0, 0.5, 1.0, 0.5, 0.1, pred))
    return rec


def test_failures_list_exactly_the_clips_of_a_confusion_cell(record, data):
    cm = np.asarray(record.models["cnn"].confusion)
    for true in range(3):
        for pred in range(3):
            items = failures(record, "cnn", true, pred)
            assert len(items) == cm[true, pred]
            for it in items:
                assert record.test_labels[it["position"]] == true
                assert record.models["cnn"].predictions[it["position"]] == pred
                assert data.keys[it["index"]] == it["key"]
                assert np.array_equal(clip(data, it), data.X[it["index"]])
    assert failures(record, "cnn", "c1", "c2") == failures(record, "cnn", 1, "2")


def test_failures_reject_unknown_classes_models_and_clips(record, data):
    for bad in ("nope", 7, -1):
        with pytest.raises(HarError):
            failures(record, "cnn", bad, 0)
    with pytest.raises(HarError):
        failures(record, "gru", 0, 0)
    with pytest.raises(HarError):
        clip(data, {"index": None, "key": "missing-key"})
