"""Labels that come from data or an upload (class names, run ids, model names, data set names) reach plotly
escaped: plotly reads `<a href>` and `<span style>` in labels, so they must arrive as `&lt;a ...&gt;`, which it
shows as the text itself and never as a link or a style."""

from __future__ import annotations

import copy
import html
from dataclasses import replace

import numpy as np
import pytest

from har import plots
from har.board.entry import Entry
from har.board.figures import DataKey, accuracy_chart
from har.lab.figures import accuracy_bars
from har.lab.studies.order import OrderResult, order_class_drop

LINK = '<a href="https://evil.example/">sign in</a>'
STYLE = '<span style="font-size:90px;color:red">BIG</span>'
HOSTILE = [LINK, STYLE, "a & b <br> c"]


def strings(value):
    """Every string anywhere in a figure's JSON."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, (list, tuple, np.ndarray)):
        for v in value:
            yield from strings(v)


def assert_no_markup(fig):
    found = [s for s in strings(fig.to_plotly_json()) if "<a" in s or "<span" in s or "a & b" in s]
    assert found == [], found


@pytest.fixture
def hostile_record(tiny_record):
    names = tuple(f"{HOSTILE[i % 3]}{i}" for i in range(len(tiny_record.class_names)))
    return replace(tiny_record, id=LINK, dataset=replace(tiny_record.dataset, class_names=names))


def test_escape_label_keeps_the_text_and_drops_the_markup():
    assert plots.escape_label(LINK) == '&lt;a href="https://evil.example/"&gt;sign in&lt;/a&gt;'
    assert html.unescape(plots.escape_label(STYLE)) == STYLE  # what plotly shows: the characters themselves


def test_the_run_figures_escape_class_names_and_run_ids(hostile_record):
    names = plots.escape_labels(hostile_record.class_names)
    confusion = plots.confusion_matrices(hostile_record)
    assert list(confusion.data[0].x) == list(confusion.data[0].y) == names
    per_class = plots.per_class_accuracy(hostile_record)
    assert list(per_class.data[0].x) == names
    overlay = plots.overlay_runs([hostile_record])
    assert overlay.data[0].name.startswith(plots.escape_label(LINK))
    for fig in (confusion, per_class, overlay):
        assert_no_markup(fig)


def test_a_model_named_with_markup_is_escaped(hostile_record):
    record = replace(hostile_record, models={STYLE: hostile_record.models["rnn"]})
    for fig in (plots.training_curves(record), plots.confusion_matrices(record), plots.overlay_runs([record])):
        assert_no_markup(fig)


def test_the_data_pages_class_counts_escape_the_class_names(tiny_demo):
    data = copy.copy(tiny_demo)
    object.__setattr__(data, "class_names", [f"{HOSTILE[i % 3]}{i}" for i in range(tiny_demo.n_classes)])
    assert_no_markup(plots.class_counts(data))


def test_the_board_chart_escapes_names_data_set_and_split():
    entry = Entry(
        name=LINK, run_id="r", model="rnn", family="rnn", kind="rnn", params=100, pooling="mean", hidden=4,
        widths="", split=STYLE, seed=0, final_acc=0.5, best_acc=0.5, epochs=1, seconds=1.0, dataset=STYLE,
        synthetic=True, source="own",
    )  # fmt: skip
    assert_no_markup(accuracy_chart(DataKey("own", STYLE, True), [entry]))


def test_the_lab_figures_escape_class_names():
    names = [f"{HOSTILE[i % 3]}{i}" for i in range(3)]
    assert_no_markup(accuracy_bars(names, {"rnn": [0.1, 0.2, 0.3]}, "acc", "title", False))
    result = OrderResult(
        class_names=names, support=[1, 1, 1], acc={"rnn": {"original": 1.0, "shuffled": 0.5, "reversed": 0.5}},
        per_class={"rnn": {c: [1.0, 0.5, None] for c in ("original", "shuffled", "reversed")}}, mcnemar={},
        order_pairs=[],
    )  # fmt: skip
    assert_no_markup(order_class_drop(result, "shuffled", lambda m: m.key))
