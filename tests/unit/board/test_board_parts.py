"""The class board's parts without the database: what an entry keeps of a run, plain-text names, the summary
against scipy, the chart, the table's filters, sort and CSV, the rate limit and the lecturer key."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from scipy import stats as scipy_stats
from support.board import NOTEBOOK_CNN2, finished_run

from har import models, runs
from har.board import access, entry, figures, summary, table
from har.board.entry import clean_name, entries_from_record
from har.errors import HarError
from har.i18n import render, t
from har.messages import Message
from har.params import count_params
from har.presets import PRESETS

INJECTIONS = ("**x**", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>")


def test_an_entry_keeps_what_the_board_shows_of_each_model(tiny_demo):
    record = finished_run(tiny_demo, accs=((0.4, 0.7), (0.5, 0.6)), seed=3)
    rnn, cnn = entries_from_record(record, "  ana   b  ")
    assert rnn.name == "ana b" and rnn.run_id == record.id and (rnn.family, cnn.family) == ("rnn", "cnn")
    assert (rnn.final_acc, rnn.best_acc, cnn.final_acc, cnn.best_acc) == (0.5, 0.5, 0.6, 0.7)
    assert (rnn.hidden, rnn.widths, cnn.hidden, cnn.widths) == (8, "", None, "8")
    assert (rnn.epochs, rnn.seconds, rnn.seed, rnn.split, rnn.pooling) == (2, 0.5, 3, "random", "mean")
    assert rnn.dataset == tiny_demo.name and rnn.synthetic and rnn.source == "demo"


def test_the_notebook_cnn_has_no_pooling_and_a_path_never_leaves_the_session(tiny_demo):
    record = finished_run(tiny_demo, cnn=NOTEBOOK_CNN2, source="/home/ana/secret/clips.npz")
    rnn, cnn = entries_from_record(record, "ana")
    assert (cnn.kind, cnn.pooling, cnn.widths) == ("notebook-cnn", "", "cnn2")
    assert rnn.source == cnn.source == "own" and "secret" not in repr((rnn, cnn))


@pytest.mark.parametrize("status", ["running", "stopped", "diverged"])
def test_only_finished_runs_are_published(tiny_demo, status):
    with pytest.raises(HarError) as e:
        entries_from_record(finished_run(tiny_demo, status=status), "ana")
    assert e.value.key == "board.not_finished" and status in e.value.message("es")


def test_a_record_with_numbers_out_of_range_never_reaches_the_board(tiny_demo):
    d = finished_run(tiny_demo).to_dict()
    d["models"]["cnn"]["history"][-1]["test_acc"] = 7.0
    with pytest.raises(HarError) as e:
        runs.loads(json.dumps(d))  # the only way a record from outside gets in
    assert e.value.key == "run.refused" and "models.cnn.history" in str(e.value) and "test_acc" in str(e.value)


@pytest.mark.parametrize("text", INJECTIONS)
def test_markup_in_a_name_is_kept_as_typed_for_plain_display(text):
    assert clean_name(text) == text


def test_names_lose_control_and_invisible_characters_and_have_limits():
    assert clean_name("a\x1b[31mb\u202ec\u200bd\ne") == "a[31mbcd e"  # escape, bidi override, zero width
    with pytest.raises(HarError) as e:
        clean_name(" \u200b\t ")
    assert e.value.key == "board.name_empty"
    assert clean_name("x" * entry.NAME_MAX) == "x" * entry.NAME_MAX
    with pytest.raises(HarError) as e:
        clean_name("x" * (entry.NAME_MAX + 1))
    assert e.value.key == "board.name_too_long" and "41" in e.value.message("es")


def test_the_board_knows_the_models_poolings():
    assert entry.POOLINGS == models.POOLINGS


# --- summary -------------------------------------------------------------------------------


def entries_for(data, pairs, params=(300_000, 400_000), *, seeds=None, **run):
    """Entries of one run per (rnn, cnn) final accuracy, seeds 0, 1, ... (or `seeds`), all on split seed 0."""
    found, run = [], {"split_seed": 0, **run}
    for seed, (r, c) in zip(seeds or range(len(pairs)), pairs, strict=True):
        record = finished_run(data, accs=((r, c),), params=params, seed=seed, **run)
        found += entries_from_record(record, f"s{seed}")
    return found


def setup_text(data, rnn="300 k", cnn="400 k", split="random", split_seed=0, epochs=1) -> str:
    return (
        f"{data.name}, {split} split (split seed {split_seed}, 20% test), epochs: {epochs}, "
        f"parameters: RNN {rnn}, CNN {cnn}"
    )


def test_the_gap_and_its_p_value_match_scipys_paired_t_test(tiny_demo):
    pairs = [(0.50, 0.58), (0.55, 0.57), (0.52, 0.61), (0.49, 0.50), (0.60, 0.66)]
    (gap,) = summary.comparisons(entries_for(tiny_demo, pairs))
    reference = scipy_stats.ttest_rel([c for _, c in pairs], [r for r, _ in pairs])
    assert (gap.rnn_params, gap.cnn_params, gap.runs, gap.published) == ((300_000,) * 2, (400_000,) * 2, 5, 5)
    assert gap.test.mean_diff == pytest.approx(sum(c - r for r, c in pairs) / 5)
    assert gap.test.p == pytest.approx(reference.pvalue, rel=1e-6)
    (text,) = map(render, summary.sentences(entries_for(tiny_demo, pairs)))
    assert text.startswith(f"{setup_text(tiny_demo)}: the CNN leads the RNN by 5.2 points over 5 distinct runs (5 ")
    assert (
        reference.pvalue < 0.05
        and f"the gap is larger than the spread between these runs (p = {reference.pvalue:.3f})" in text
    )


def test_a_gap_inside_the_seed_spread_is_called_so(tiny_demo):
    pairs = [(0.50, 0.60), (0.60, 0.50), (0.55, 0.57)]
    (message,) = summary.sentences(entries_for(tiny_demo, pairs))
    text = render(message, "es")
    assert "la CNN supera a la RNN por 0,7 puntos en 3 ejecuciones distintas (3 publicadas" in text
    assert "no es mayor" in text


def test_too_few_runs_are_said_plainly(tiny_demo):
    (text,) = map(render, summary.sentences(entries_for(tiny_demo, [(0.5, 0.6), (0.5, 0.7)])))
    assert text == (
        f"{setup_text(tiny_demo)}: 2 distinct runs (2 published); at least 3 are needed to say which is better."
    )
    assert summary.sentences([]) == [Message("board.summary.none")]


def test_identical_runs_count_once_and_no_spread_is_never_significant(tiny_demo):
    # Students who open the same link and press Train publish the same run: the three runs, two identical
    # and one other seed with the same gap, once read "p < 0.001".
    same = entries_for(tiny_demo, [(0.40, 0.774)] * 3, seeds=[0, 0, 1])
    (c,) = summary.comparisons(same)
    assert (c.published, c.runs, c.test) == (3, 2, None)
    assert "2 distinct runs (3 published)" in render(summary.sentences(same)[0])
    # Three distinct seeds that all give the same gap: nothing varies, so there is no test, and it says so.
    flat = entries_for(tiny_demo, [(0.40, 0.774)] * 4, seeds=[0, 1, 2, 2])
    (c,) = summary.comparisons(flat)
    assert (c.published, c.runs) == (4, 3) and c.test.no_spread
    for lang, words in (("en", "the runs do not vary, so no test is possible"), ("es", "no hay prueba posible")):
        text = render(summary.sentences(flat)[0], lang)
        assert words in text and "p <" not in text and "p =" not in text and "37,4" in text or "37.4" in text


def test_only_like_runs_are_compared(tiny_demo):
    like = [(0.5, 0.6), (0.55, 0.6), (0.52, 0.61)]
    group = entries_for(tiny_demo, like, split="group")
    other_split_seed = entries_for(tiny_demo, like, split_seed=3)
    small = entries_for(tiny_demo, like, params=(70_000, 93_000))  # 4.3 times smaller than 300 k / 400 k
    found = summary.comparisons(entries_for(tiny_demo, like) + group + other_split_seed + small)
    assert [(c.setup.split, c.setup.split_seed, c.rnn_params[0], c.runs) for c in found] == [
        ("random", 0, 300_000, 3),
        ("group", 0, 300_000, 3),
        ("random", 3, 300_000, 3),
        ("random", 0, 70_000, 3),
    ]
    # sizes within SIZE_RATIO pool, however a fixed band would have cut them (190 k and 210 k sat in two bands)
    near = entries_for(tiny_demo, like[:2], params=(190_000, 200_000)) + entries_for(
        tiny_demo, like[2:], params=(210_000, 205_000), seeds=[2]
    )
    (c,) = summary.comparisons(near)
    assert (c.runs, c.rnn_params) == (3, (190_000, 210_000))
    assert "parameters: RNN 190 k-210 k, CNN 200 k-205 k" in render(summary.sentences(near)[0])
    # each comparison filters the table to its runs
    rows = table.filter_entries(near + small, runs=c.run_ids)
    assert {e.params for e in rows} == {190_000, 200_000, 210_000, 205_000}


def test_entries_from_before_the_split_seed_was_stored_are_compared_only_with_each_other(tiny_demo):
    old = [replace(e, split_seed=None, test_fraction=None, data_id="", config_id="") for e in entries_for(
        tiny_demo, [(0.5, 0.6)] * 4, seeds=[0, 0, 0, 1])]  # fmt: skip
    found = summary.comparisons(old + entries_for(tiny_demo, [(0.5, 0.6)] * 3, seeds=[0, 0, 0]))
    # identical results count once there too: the same stored settings, seed and outcome
    assert [(c.setup.split_seed, c.published, c.runs) for c in found] == [(None, 4, 2), (0, 3, 1)]
    assert "split seed not recorded" in render(summary.sentences(old)[0])


def test_best_accuracy_is_labelled_optimistic(tiny_demo):
    row = table.rows(entries_for(tiny_demo, [(0.5, 0.6)]), "en")[0]
    assert "Best test acc. (%, optimistic)" in row
    assert "optimista" in "".join(table.rows(entries_for(tiny_demo, [(0.5, 0.6)]), "es")[0])


# --- chart ---------------------------------------------------------------------------------


def test_the_notebook_marks_are_the_presets_counts():
    counts = {r.label: r.params for r in figures.NOTEBOOK}
    assert counts == {
        "RNN": count_params(PRESETS["notebook-rnn"].config),
        "CNN": count_params(PRESETS["notebook-cnn"].config),
        "CNN2": count_params(PRESETS["notebook-cnn2"].config),
    }


def test_the_chart_colours_families_marks_poolings_and_escapes_names(tiny_demo):
    found = entries_for(tiny_demo, [(0.5, 0.6)])
    found.append(replace(found[0], pooling="max", name=INJECTIONS[1], final_acc=0.9))
    ((key, group),) = figures.by_data(found).items()
    fig = figures.accuracy_chart(key, group).to_plotly_json()
    points = {t["name"]: t for t in fig["data"]}
    assert set(points) == {"RNN · mean pooling", "RNN · max pooling", "CNN · mean pooling", figures_note(False)}
    assert points["RNN · max pooling"]["marker"]["symbol"] == "diamond"
    assert points["CNN · mean pooling"]["marker"]["color"] == "#D55E00"
    assert points["RNN · max pooling"]["hovertext"][0].startswith("&lt;img src=x onerror=alert(1)&gt;<br>")
    assert fig["layout"]["xaxis"]["type"] == "log"
    stars = points[figures_note(False)]
    assert stars["marker"]["symbol"] == "star-open" and list(stars["y"]) == [0.603, 0.438, 0.544]


def figures_note(real: bool) -> str:
    return t("board.plot.notebook" if real else "board.plot.notebook_elsewhere")


def test_real_and_synthetic_runs_never_share_a_chart(tiny_demo):
    synthetic = entries_for(tiny_demo, [(0.5, 0.6)])
    real = [replace(e, dataset="UCF11 (DenseNet-121 features)", synthetic=False, source="ucf11") for e in synthetic]
    groups = figures.by_data(synthetic + real)
    assert [k.source for k in groups] == ["ucf11", "demo"]  # real data first
    assert all(len({(e.synthetic, e.dataset) for e in g}) == 1 for g in groups.values())
    key = next(iter(groups))
    names = [t.name for t in figures.accuracy_chart(key, groups[key]).data]
    assert names[-1] == figures_note(True)
    assert figures.accuracy_chart(key, groups[key]).data[-1].marker.symbol == "star"
    titles = [figures.accuracy_chart(k, g, "es").layout.title.text for k, g in groups.items()]
    assert titles == ["UCF11 (DenseNet-121 features) (datos reales)", "Synthetic demo (not UCF11)"]
    own = figures.DataKey("own", "<b>clips</b>.npz", False)  # an uploaded file's name, chosen by a student
    assert figures.accuracy_chart(own, real).layout.title.text == "&lt;b&gt;clips&lt;/b&gt;.npz (real data)"


# --- table ---------------------------------------------------------------------------------


def test_filter_and_sort(tiny_demo):
    found = entries_for(tiny_demo, [(0.5, 0.6), (0.7, 0.4)])
    found = [
        replace(e, id=i, name=n)
        for i, (e, n) in enumerate(zip(found, ["bo", "bo", "Ana", "Ana"], strict=True), start=1)
    ]
    assert [e.final_acc for e in table.sort_entries(found, "final_acc")] == [0.7, 0.6, 0.5, 0.4]
    assert [e.name for e in table.sort_entries(found, "name", descending=False)] == ["Ana", "Ana", "bo", "bo"]
    assert [e.id for e in table.sort_entries(found)] == [4, 3, 2, 1]  # newest first
    assert [e.id for e in table.filter_entries(found, families=("cnn",))] == [2, 4]
    assert [e.id for e in table.filter_entries(found, text="ana")] == [3, 4]
    assert table.filter_entries(found, poolings=("max",)) == []
    with pytest.raises(ValueError, match="unknown sort"):
        table.sort_entries(found, "mood")
    row = table.rows(found[:1], "es")[0]
    assert row["Nombre"] == "bo" and row["Exactitud final de prueba (%)"] == 50.0 and row["Modelo"] == "RNN"


def test_the_csv_holds_every_field_and_defuses_spreadsheet_formulas(tiny_demo):
    found = [replace(e, name="=HYPERLINK(1)") for e in entries_for(tiny_demo, [(0.5, 0.6)])]
    text = table.to_csv(found)
    read = list(csv.DictReader(io.StringIO(text)))
    assert tuple(read[0]) == table.CSV_COLUMNS and len(read) == 2
    assert read[0]["name"] == "'=HYPERLINK(1)" and float(read[1]["final_acc"]) == 0.6
    assert read[1]["family"] == "cnn" and read[1]["synthetic"] == "True"


# --- access --------------------------------------------------------------------------------


def test_the_rate_limit_counts_a_sliding_window():
    times = []
    for now in (0.0, 1.0, 2.0):
        times = [*access.check_rate(times, now, most=3, window=10), now]
    with pytest.raises(HarError) as e:
        access.check_rate(times, 5.0, most=3, window=10)
    assert e.value.key == "board.rate" and "wait 5 s" in str(e.value)
    assert access.check_rate(times, 10.5, most=3, window=10) == [1.0, 2.0]


def test_the_lecturer_key(monkeypatch):
    monkeypatch.delenv(access.ADMIN_ENV, raising=False)
    assert not access.is_lecturer("") and not access.is_lecturer("anything")
    monkeypatch.setenv(access.ADMIN_ENV, "s3cret")
    assert access.is_lecturer("s3cret") and not access.is_lecturer("s3cre") and not access.is_lecturer(None)
