"""The inspector's figures hold the values they are given, one panel per model, on that panel's own axes."""

from __future__ import annotations

import numpy as np

from har.explain.figures import frame_bars, gate_heatmaps, map_scatter, probability_bars
from har.explain.memory import GateTrace

NAMES = ["a", "b", "c"]


def test_probability_bars_put_each_model_before_and_after_on_its_own_panel():
    before = {"rnn": np.array([0.2, 0.3, 0.5]), "cnn": np.array([0.6, 0.3, 0.1])}
    after = {"rnn": np.array([0.5, 0.3, 0.2]), "cnn": np.array([0.6, 0.2, 0.2])}
    fig = probability_bars(NAMES, before, after, "en")
    traces = [(t.name, t.xaxis, list(t.y)) for t in fig.data]
    assert traces == [
        ("the clip as it is", "x", [0.2, 0.3, 0.5]),
        ("RNN after the edits", "x", [0.5, 0.3, 0.2]),
        ("the clip as it is", "x2", [0.6, 0.3, 0.1]),
        ("CNN after the edits", "x2", [0.6, 0.2, 0.2]),
    ]
    assert fig.layout.xaxis.domain[1] < fig.layout.xaxis2.domain[0]  # side by side, not on top of each other
    assert [a.text for a in fig.layout.annotations] == ["RNN", "CNN"]


def test_a_model_that_cannot_read_the_edited_clip_has_no_after_bars():
    fig = probability_bars(NAMES, {"rnn": np.ones(3) / 3, "cnn": np.ones(3) / 3}, {"rnn": np.ones(3) / 3}, "es")
    assert [t.name for t in fig.data] == ["el clip tal como es", "RNN tras los cambios", "el clip tal como es"]


def test_frame_bars_show_the_untrained_model_beside_each_trained_one():
    fig = frame_bars({"rnn": np.arange(4.0), "cnn": -np.arange(4.0)}, {"rnn": np.zeros(4), "cnn": np.ones(4)}, "p")
    assert [(t.name, t.xaxis) for t in fig.data] == [
        ("RNN", "x"),
        ("untrained model", "x"),
        ("CNN", "x2"),
        ("untrained model", "x2"),
    ]
    assert list(fig.data[2].y) == [0, -1, -2, -3] and list(fig.data[0].x) == [1, 2, 3, 4]


def test_gate_heatmaps_draw_units_as_rows_and_frames_as_columns():
    t, h = 5, 3
    trace = GateTrace(0, "forward", np.zeros((t, h)), np.ones((t, h)), np.full((t, h), 0.5), np.zeros((t, h)))
    fig = gate_heatmaps(trace)
    assert [np.asarray(d.z).shape for d in fig.data] == [(h, t)] * 3
    assert np.asarray(fig.data[1].z).min() == 1 and (fig.data[0].zmin, fig.data[1].zmin) == (-1, 0)


def test_the_map_draws_every_clip_once_per_model_and_only_the_classes_asked():
    labels = np.array([0, 1, 2, 0, 2])
    keys = [f"k{i}" for i in range(5)]
    coords = {"rnn": np.arange(10.0).reshape(5, 2), "cnn": -np.arange(10.0).reshape(5, 2)}
    fig = map_scatter(coords, labels, keys, NAMES)
    assert sorted(k for t in fig.data for k in t.customdata) == sorted(keys * 2)
    first = next(t for t in fig.data if t.name == "a" and t.xaxis == "x")
    assert list(first.customdata) == ["k0", "k3"] and list(first.x) == [0.0, 6.0]
    only = map_scatter(coords, labels, keys, NAMES, only=[2])
    assert {t.name for t in only.data} == {"c"} and sum(len(t.x) for t in only.data) == 4
