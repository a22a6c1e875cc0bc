"""Epoch replay on the Compare page: a slider through the epochs for the confusion matrices, only for a record
that keeps one matrix per epoch per model; older records show no slider."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from support.app import array
from support.paths import ROOT

from dashboard import state
from dashboard.context import AppContext
from dashboard.replay import at_epoch, epoch_confusions
from har.data import make_split
from har.metrics import confusion_matrix
from har.runs import RunRecord

PAGE = ROOT / "pages" / "compare.py"


@pytest.fixture(autouse=True)
def _tiny_app(app_env):
    """Run alone, the page draws the shared sidebar itself (page_context): over the tiny demo."""


def with_epochs(record: RunRecord) -> RunRecord:
    """`record` with a confusion matrix per epoch per model (made-up predictions, a different one each epoch)."""
    record = copy.deepcopy(record)
    labels = np.asarray(record.test_labels)
    n = len(record.class_names)
    for i, entry in enumerate(record.models.values()):
        entry.confusions = [
            confusion_matrix(labels, np.roll(labels, 2 * epoch + i), n).tolist() for epoch in range(len(entry.history))
        ]
    return record


def last_only(record: RunRecord) -> RunRecord:
    """`record` as a version 1 record migrates: the last epoch's matrix alone."""
    record = copy.deepcopy(record)
    for entry in record.models.values():
        entry.confusions = [None] * (len(entry.confusions) - 1) + entry.confusions[-1:]
    return record


def page(tiny_demo, record) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    for key, value in state.DEFAULTS.items():
        at.session_state[key] = value
    at.session_state[state.LANG] = "en"
    at.session_state[state.RUNS] = {record.id: record}
    at.session_state[state.RUN_WEIGHTS] = {}
    at.session_state[state.CONTEXT] = AppContext("en", tiny_demo, "demo", make_split(tiny_demo, "random"), 0, "cpu")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_record_without_per_epoch_matrices_has_no_replay(tiny_demo, tiny_record):
    old = last_only(tiny_record)
    assert epoch_confusions(old) is None
    at = page(tiny_demo, old)
    assert not [s for s in at.slider if s.key == state.REPLAY_EPOCH]
    assert "replay" not in [c.key for c in at.get("plotly_chart")]


def test_the_slider_shows_each_epochs_matrices(tiny_demo, tiny_record):
    record = with_epochs(tiny_record)
    at = page(tiny_demo, record)
    slider = at.slider(key=state.REPLAY_EPOCH)
    assert (slider.min, slider.max, slider.value) == (1, 2, 2)
    slider.set_value(1).run()
    assert not at.exception
    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == "replay").proto.spec)
    rnn, cnn = (record.models[m].confusions[0] for m in ("rnn", "cnn"))
    assert rnn != cnn
    assert array(fig["data"][0]["z"]).tolist() == rnn and array(fig["data"][1]["z"]).tolist() == cnn


def test_a_model_that_stopped_earlier_keeps_its_last_matrix(tiny_record):
    record = with_epochs(tiny_record)
    record.models["cnn"].confusions = record.models["cnn"].confusions[:1]
    shown = at_epoch(record, epoch_confusions(record), 2)
    assert shown.models["cnn"].confusion == record.models["cnn"].confusions[0]
    assert shown.models["rnn"].confusion == record.models["rnn"].confusions[1]
    first = at_epoch(record, epoch_confusions(record), 1)
    assert first.models["rnn"].confusion == record.models["rnn"].confusions[0]
    assert record.models["rnn"].confusion == record.models["rnn"].confusions[1]  # the record untouched
