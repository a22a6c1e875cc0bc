"""The figure and table builders, called directly: their data must be exactly the data they were given."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import numpy as np
import pytest

from har import plots, tables
from har.i18n import t as say


def _confusion_by_loop(truth, pred, n):
    """A reference confusion matrix counted one clip at a time."""
    cm = np.zeros((n, n), dtype=int)
    for t, p in zip(truth, pred, strict=True):
        cm[t, p] += 1
    return cm


def test_class_counts_bar_has_one_bar_per_class_with_its_clip_count(tiny_demo):
    fig = plots.class_counts(tiny_demo)
    (bar,) = fig.data
    assert list(bar.x) == list(tiny_demo.class_names)
    assert list(bar.y) == [int(np.sum(tiny_demo.y == c)) for c in range(tiny_demo.n_classes)]


def test_clip_heatmap_shows_the_clip_frames_by_features(tiny_demo):
    clip = tiny_demo.X[3]
    (heat,) = plots.clip_heatmap(clip).data
    np.testing.assert_array_equal(np.asarray(heat.z), clip)
    assert list(heat.y) == list(range(1, tiny_demo.t + 1))
    assert len(heat.x) == tiny_demo.f


def test_features_over_time_draws_the_strongest_features_in_order(tiny_demo):
    clip = tiny_demo.X[5]
    fig = plots.features_over_time(clip, k=4)
    means = clip.mean(axis=0)
    expected = sorted(range(clip.shape[1]), key=lambda f: -means[f])[:4]
    assert [t.name for t in fig.data] == [f"#{f}" for f in expected]
    for trace, f in zip(fig.data, expected, strict=True):
        np.testing.assert_array_equal(np.asarray(trace.y), clip[:, f])


def test_training_curves_put_both_models_on_shared_loss_and_accuracy_axes(tiny_record):
    fig = plots.training_curves(tiny_record)
    assert len(fig.data) == 8  # 2 models x (train, test) x (loss, accuracy)
    for name, entry in tiny_record.models.items():
        history = entry.history
        for split, dash in (("train", "dash"), ("test", "solid")):
            traces = [t for t in fig.data if t.legendgroup == f"{name.upper()} {split}"]
            loss, acc = sorted(traces, key=lambda t: t.xaxis)  # x (left) before x2 (right)
            assert (loss.xaxis, acc.xaxis) == ("x", "x2")
            assert list(loss.x) == [1, 2]
            assert list(loss.y) == [getattr(h, f"{split}_loss") for h in history]
            assert list(acc.y) == [getattr(h, f"{split}_acc") for h in history]
            assert loss.line.dash == dash and loss.line.color == plots.COLORS[name]


def test_confusion_matrices_show_counts_with_class_names_on_both_axes(tiny_record):
    names = list(tiny_record.dataset.class_names)
    fig = plots.confusion_matrices(tiny_record)
    assert [t.name for t in fig.data] == ["RNN", "CNN"]
    for trace, name in zip(fig.data, ("rnn", "cnn"), strict=True):
        reference = _confusion_by_loop(tiny_record.test_labels, tiny_record.models[name].predictions, len(names))
        np.testing.assert_array_equal(np.asarray(trace.z), reference)
        assert list(trace.x) == names and list(trace.y) == names
    assert fig.layout.xaxis.title.text == "predicted class"
    assert fig.layout.yaxis.title.text == "true class"


def test_row_normalised_confusion_divides_each_row_by_its_total(tiny_record):
    fig = plots.confusion_matrices(tiny_record, normalized=True)
    counts = np.asarray(tiny_record.models["rnn"].confusion, dtype=float)
    z = np.asarray(fig.data[0].z)
    for row, total in zip(z, counts.sum(axis=1), strict=True):
        if total:
            assert row.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(
        z[counts.sum(axis=1) > 0], (counts / counts.sum(axis=1, keepdims=True))[counts.sum(axis=1) > 0]
    )


def test_per_class_accuracy_is_the_share_of_each_class_predicted_right(tiny_record):
    fig = plots.per_class_accuracy(tiny_record)
    truth = np.asarray(tiny_record.test_labels)
    for trace, name in zip(fig.data, ("rnn", "cnn"), strict=True):
        pred = np.asarray(tiny_record.models[name].predictions)
        expected = [float(np.mean(pred[truth == c] == c)) if np.any(truth == c) else 0.0 for c in range(11)]
        np.testing.assert_allclose(np.asarray(trace.y), expected)
        assert list(trace.x) == list(tiny_record.dataset.class_names)


def test_overlay_draws_every_model_of_every_chosen_run(tiny_record):
    other = replace(tiny_record, id="other")
    fig = plots.overlay_runs([tiny_record, other], "test_acc")
    assert [t.name for t in fig.data] == [
        f"{tiny_record.id} RNN",
        f"{tiny_record.id} CNN",
        "other RNN",
        "other CNN",
    ]
    assert list(fig.data[1].y) == [h.test_acc for h in tiny_record.models["cnn"].history]
    assert fig.data[0].line.color != fig.data[2].line.color  # one colour per run


def test_figures_speak_spanish_when_asked(tiny_record):
    fig = plots.confusion_matrices(tiny_record, lang="es")
    assert fig.layout.xaxis.title.text == "clase predicha"
    assert plots.training_curves(tiny_record, lang="es").layout.xaxis.title.text == "época"


def test_run_summary_reports_final_and_best_accuracy_and_time(tiny_record):
    rows = {r["Model"]: r for r in tables.run_summary(tiny_record)}
    for name, entry in tiny_record.models.items():
        accs = [h.test_acc for h in entry.history]
        row = rows[name.upper()]
        assert row["Final test acc. (%)"] == round(100 * accs[-1], 1)
        assert row["Best-epoch test acc. (%), optimistic"] == round(100 * max(accs), 1)
        assert row["Best epoch (picked on test)"] == 1 + accs.index(max(accs))
        assert row["Train time (s)"] == round(sum(h.seconds for h in entry.history), 2)
        assert row["Parameters"] == entry.params


def test_history_csv_has_one_row_per_run_that_reads_back(tiny_record):
    other = replace(tiny_record, id="other")
    rows = list(csv.DictReader(io.StringIO(tables.history_csv([tiny_record, other]))))
    assert [r["Run"] for r in rows] == [tiny_record.id, "other"]
    assert float(rows[0]["RNN Final test acc. (%)"]) == round(100 * tiny_record.models["rnn"].history[-1].test_acc, 1)
    assert tables.history_csv([]) == ""


# "Best test accuracy" picks its epoch on the test clips: the tables call it optimistic


@pytest.mark.parametrize("lang, word", [("en", "optimistic"), ("es", "optimista")])
def test_the_tables_call_the_best_epoch_optimistic(tiny_record, lang, word):
    summary = tables.run_summary(tiny_record, lang)[0]
    assert any(word in column for column in summary)
    history_row = tables.history_rows([tiny_record], lang)[0]
    assert sum(word in column for column in history_row) == 2  # one best column per model


def test_the_confusion_colours_and_their_words_agree(tiny_record):
    # Blues paints frequent cells dark: the captions say dark, and the row shares (0-1) read as percentages.
    counts = plots.confusion_matrices(tiny_record)
    scale = counts.layout.coloraxis.colorscale
    assert scale[0][1] in ("rgb(247,251,255)", "#f7fbff") and scale[-1][1] in ("rgb(8,48,107)", "#08306b")
    for lang in ("en", "es"):
        caption = say("compare.confusion_intro", lang)
        assert ("dark" in caption or "oscur" in caption) and "bright" not in caption and "brillante" not in caption
    shares = plots.confusion_matrices(tiny_record, normalized=True)
    bar = shares.layout.coloraxis.colorbar
    assert bar.tickformat == ".0%" and bar.title.text == "% of row"
    assert counts.layout.coloraxis.colorbar.tickformat is None
