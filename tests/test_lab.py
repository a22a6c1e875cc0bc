"""The lab studies: progress and stop, aggregation over seeds, matched sweeps, pooling, frame order,
leakage splits, failing clips and shareable setups. Tiny data and models throughout."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest

from har import runs, stats
from har.data.dataset import make_dataset
from har.data.splits import make_split
from har.errors import HarError
from har.i18n import render
from har.jobs import TrainingLimiter
from har.lab import (
    SETUPS,
    JobResult,
    LabSetup,
    LeakageStudy,
    OrderStudy,
    PoolingStudy,
    SeedStudy,
    SweepStudy,
    clip,
    decode,
    encode,
    failures,
    figures,
    order_test,
    preset_setup,
    query_string,
    shuffle_frames,
    summarize_seeds,
    sweep_pairs,
)
from har.lab.job import StudyJob
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig, build_model
from har.params import count_params, resize
from har.presets import PRESETS
from har.share import linked
from har.train import EpochRecord, TrainConfig


def ran(study):
    """`study` after running it to the end, as the CLI and the app's job do."""
    for _ in study.run():
        pass
    return study


TINY = {"rnn": RNNConfig(hidden=4), "cnn": CNNConfig(widths=(4,))}
FAST = TrainConfig(epochs=2, batch_size=16)


def grouped(n_classes=3, groups=4, per_group=3, t=4, f=6, seed=0):
    """Clips whose group adds a background; class signal on feature 0."""
    rng = np.random.default_rng(seed)
    y, g, keys = [], [], []
    for c in range(n_classes):
        for k in range(groups):
            for i in range(per_group):
                y.append(c)
                g.append(c * groups + k)
                keys.append(f"c{c}-v_x_{k + 1:02d}_{i + 1:02d}")
    y, g = np.asarray(y), np.asarray(g)
    X = rng.normal(size=(len(y), t, f)).astype(np.float32) + rng.normal(size=(g.max() + 1, 1, f)).astype(np.float32)[g]
    X[:, :, 0] += y[:, None]
    return make_dataset("grouped", X, y, keys, [f"c{c}" for c in range(n_classes)], g)


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def data():
    return grouped()


# --- the study engine ---------------------------------------------------------------------


def test_seed_study_streams_every_epoch_and_keeps_each_seed(data):
    split = make_split(data, "random")
    study = SeedStudy(data, split, TINY, FAST, seeds=3)
    progress = list(study.run())
    assert len(progress) == study.total_epochs == 3 * 2 * 2
    assert [p.done for p in progress] == list(range(1, 13))
    assert progress[-1].fraction == 1.0
    assert {p.label for p in progress} == {"0", "1", "2"}
    assert len(study.results) == 3 and not study.stopped
    r = study.results[1]
    assert r.test_idx == split.test_idx.tolist() and r.test_labels == data.y[split.test_idx].tolist()
    assert r.params == {n: count_params(c, n_frames=4, n_features=6, n_classes=3) for n, c in TINY.items()}
    # Seeds differ in their training, not in their split.
    assert study.results[0].history["rnn"] != study.results[1].history["rnn"]


def test_stop_keeps_the_finished_jobs_and_drops_the_unfinished_one(data):
    stop = threading.Event()
    study = SeedStudy(data, make_split(data, "random"), TINY, FAST, seeds=3)
    for p in study.run(stop):
        if p.job == 1:  # the second seed has begun: stop it
            stop.set()
    assert study.stopped
    assert [r.label for r in study.results] == ["0"]
    assert study.result().n == 1


def test_the_same_seed_gives_the_same_result(data):
    split = make_split(data, "random")
    a = ran(SeedStudy(data, split, TINY, FAST, seeds=[5])).results[0]
    b = ran(SeedStudy(data, split, TINY, FAST, seeds=[5])).results[0]
    for r in (a, b):  # wall time is the one field allowed to differ
        for h in r.history.values():
            for e in h:
                e.pop("seconds")
    assert a.history == b.history and a.test_pred == b.test_pred


# --- aggregation over seeds ---------------------------------------------------------------


def fake_run(seed: int, rnn_acc: list[float], cnn_acc: list[float], labels, rnn_pred, cnn_pred) -> JobResult:
    def hist(acc):
        return [
            {
                "epoch": e + 1,
                "train_loss": 1.0 / (e + 1),
                "train_acc": min(1.0, a + 0.1),
                "test_loss": 1.2 / (e + 1),
                "test_acc": a,
                "seconds": 0.1,
            }
            for e, a in enumerate(acc)
        ]

    return JobResult(
        str(seed),
        dict(TINY),
        {"rnn": 300, "cnn": 100},
        {"rnn": hist(rnn_acc), "cnn": hist(cnn_acc)},
        {"rnn": list(rnn_pred), "cnn": list(cnn_pred)},
        list(labels),
        list(range(len(labels))),
    )


def test_seeds_aggregate_to_bands_intervals_and_tests_from_the_stats_module():
    labels = [0, 1, 2, 0, 1, 2]
    runs_ = [
        fake_run(0, [0.5, 0.70], [0.4, 0.60], labels, [0, 1, 2, 0, 1, 0], [0, 1, 0, 1, 1, 0]),
        fake_run(1, [0.6, 0.75], [0.5, 0.62], labels, labels, labels),
        fake_run(2, [0.4, 0.72], [0.3, 0.58], labels, labels, labels),
    ]
    r = summarize_seeds(runs_)
    curves = np.array([[0.5, 0.70], [0.6, 0.75], [0.4, 0.72]])
    ref = stats.band(curves)
    assert r.curves["rnn"]["test_acc"].mean == pytest.approx(ref.mean)
    assert r.curves["rnn"]["test_acc"].low == pytest.approx(ref.low)
    assert r.final["cnn"].mean == pytest.approx(0.6)
    assert r.final["cnn"].std == pytest.approx(np.std([0.60, 0.62, 0.58], ddof=1))
    paired = stats.paired_t_test([0.70, 0.75, 0.72], [0.60, 0.62, 0.58])
    assert r.paired.t == pytest.approx(paired.t) and r.paired.p == pytest.approx(paired.p)
    assert r.significant() is True and r.paired.p < 0.05
    assert r.mcnemar == stats.mcnemar(labels, runs_[0].test_pred["rnn"], runs_[0].test_pred["cnn"])
    assert r.seeds == [0, 1, 2]
    en, es = r.verdict("en"), r.verdict("es")
    assert "more than the seed noise" in en
    assert f"p = {r.paired.p:.3f}" in en and f"p = {r.paired.p:.3f}" in es
    assert "+12.3" in en  # mean of 0.10, 0.13, 0.14 in points
    assert en != es and "semillas" in es


def test_a_gap_within_the_noise_is_called_noise():
    labels = [0, 1]
    runs_ = [
        fake_run(s, [0.5, a], [0.5, b], labels, labels, labels)
        for s, (a, b) in enumerate([(0.7, 0.6), (0.6, 0.7), (0.66, 0.64)])
    ]
    r = summarize_seeds(runs_)
    assert r.significant() is False
    assert "within the seed noise" in r.verdict("en")
    one = summarize_seeds(runs_[:1])
    assert one.significant() is None and "at least two seeds" in one.verdict("en")


# --- size sweep and pooling ---------------------------------------------------------------


def test_sweep_matches_each_cnn_to_its_rnn_as_closely_as_any_width_can():
    shape = dict(n_frames=4, n_features=6, n_classes=3)
    pairs = sweep_pairs(RNNConfig(), CNNConfig(), (4, 2, 8), **shape)
    assert [p["rnn"].hidden for p in pairs] == [2, 4, 8]
    for p in pairs:
        target = count_params(p["rnn"], **shape)
        best = abs(count_params(p["cnn"], **shape) - target)
        w = p["cnn"].widths[0]
        for other in (w - 1, w + 1):
            if other >= 1:
                assert abs(count_params(resize(p["cnn"], other), **shape) - target) >= best
    with pytest.raises(HarError):
        sweep_pairs(RNNConfig(), NotebookCNNConfig(), (4,), **shape)


def test_sweep_and_pooling_studies_report_one_point_per_model_and_setting(data):
    split = make_split(data, "random")
    sweep = ran(SweepStudy(data, split, TINY, replace(FAST, epochs=1), hidden=(2, 4)))
    res = sweep.result()
    assert [p["knob"] for p in res.points if p["family"] == "rnn"] == [2, 4]
    assert res.series("cnn")["params"] == sorted(res.series("cnn")["params"])
    assert "2" in res.verdict("en") and res.verdict("es") != res.verdict("en")

    fig = figures.sweep_scatter(res)
    assert list(fig.data[0].x) == res.series("rnn")["params"] and list(fig.data[1].y) == res.series("cnn")["final_acc"]

    pool = ran(PoolingStudy(data, split, TINY, replace(FAST, epochs=1)))
    grid = pool.result().grid()
    bars = figures.pooling_bars(pool.result())
    assert list(bars.data[1].y) == [grid[p]["cnn"] for p in ("last", "mean", "max")]
    assert list(grid) == ["last", "mean", "max"] and all(set(v) == {"rnn", "cnn"} for v in grid.values())
    assert all(r.configs["rnn"].pooling == r.label == r.configs["cnn"].pooling for r in pool.results)
    assert set(pool.result().best_pooling().values()) <= {"last", "mean", "max"}
    with pytest.raises(HarError):
        PoolingStudy(data, split, {"rnn": RNNConfig(), "cnn": NotebookCNNConfig()}, FAST)
    with pytest.raises(HarError):
        PoolingStudy(data, split, TINY, FAST, poolings=["median"])


# --- does the model use time? -------------------------------------------------------------


def test_shuffle_frames_permutes_each_clip_never_identically_and_reproducibly():
    x = np.arange(50 * 4 * 2, dtype=np.float32).reshape(50, 4, 2)
    s = shuffle_frames(x, seed=3)
    assert np.array_equal(np.sort(s, axis=1), x)  # the same frames
    assert all(not np.array_equal(s[i], x[i]) for i in range(50))  # in another order
    assert np.array_equal(s, shuffle_frames(x, seed=3))
    assert not np.array_equal(s, shuffle_frames(x, seed=4))


def order_data(n=40, t=5, seed=0):
    """Two classes with the same frames in opposite order: a ramp up and a ramp down."""
    rng = np.random.default_rng(seed)
    ramp = np.linspace(0, 3, t, dtype=np.float32)
    X = rng.normal(0, 0.1, (2 * n, t, 4)).astype(np.float32)
    X[:n, :, 0] += ramp
    X[n:, :, 0] += ramp[::-1]
    return make_dataset("order toy", X, np.repeat([0, 1], n), class_names=["up", "down"])


def test_an_order_invariant_model_loses_nothing_when_frames_are_shuffled():
    d = order_data()
    # Kernel 1 convolves each frame alone and mean pooling ignores where it was: provably order-blind.
    model = build_model(CNNConfig(widths=(8,), kernel_size=1), n_frames=5, n_features=4, n_classes=2, seed=0)
    r = order_test({"cnn": model}, d, np.arange(d.n), seed=1)
    assert r.drop("cnn", "shuffled") == 0.0 and r.drop("cnn", "reversed") == 0.0
    assert r.class_drop("cnn") == [0.0, 0.0]
    assert r.mcnemar["cnn"]["shuffled"].p == 1.0 and not r.uses_order("cnn")


def test_on_the_demo_data_the_verdict_names_the_classes_that_differ_only_in_order(data):
    from har.data.demo import ORDER_PAIRS, make_demo

    demo = make_demo(scale=0.05)
    model = build_model(CNNConfig(widths=(4,)), **demo.shape, seed=0)
    r = order_test({"cnn": model}, demo, np.arange(0, demo.n, 4))
    assert r.order_pairs == list(ORDER_PAIRS)
    for a, b in ORDER_PAIRS:
        assert f"{a} / {b}" in r.verdict("en") and f"{a} / {b}" in r.verdict("es")
    # On a random split of grouped clips a shared background can stand in for the order; the verdict says so.
    assert "random split" not in r.verdict("en")
    model = build_model(CNNConfig(widths=(4,)), **data.shape, seed=0)
    shared = order_test({"cnn": model}, data, np.arange(0, data.n, 3), split_kind="random")
    assert "Repeat it on the group split" in shared.verdict("en") and "división por grupos" in shared.verdict("es")
    assert "random split" not in order_test({"cnn": model}, data, np.arange(8), split_kind="group").verdict("en")


def test_a_gru_uses_frame_order_and_a_mean_pooled_cnn_cannot():
    d = order_data()
    split = make_split(d, "random", test_fraction=0.25)
    models = {
        "rnn": RNNConfig(hidden=8, bidirectional=False, pooling="last"),
        "cnn": CNNConfig(widths=(8,), kernel_size=1),
    }
    study = ran(OrderStudy(d, split, models, TrainConfig(epochs=15, lr=0.02, batch_size=16)))
    r = study.result()
    assert r.acc["rnn"]["original"] >= 0.9  # it learned the direction of the ramp
    assert r.drop("rnn", "reversed") >= 0.5 and r.uses_order("rnn")
    assert r.drop("cnn", "shuffled") == 0.0 and r.drop("cnn", "reversed") == 0.0 and not r.uses_order("cnn")
    assert r.acc["cnn"]["original"] <= 0.75  # the same frames in both classes: near chance
    assert r.support == np.bincount(d.y[split.test_idx], minlength=2).tolist()
    assert not r.shared_backgrounds  # every toy clip is its own group: nothing to leak
    assert "uses frame order" in r.verdict("en") and "hardly uses frame order" in r.verdict("en")
    assert list(figures.order_bars(r).data[0].y) == [r.acc["rnn"][c] for c in ("original", "shuffled", "reversed")]
    assert list(figures.order_class_drop(r, "reversed").data[0].x) == r.class_drop("rnn", "reversed")
    assert "usa el orden" in r.verdict("es")


# --- leakage ------------------------------------------------------------------------------


def test_leakage_trains_on_both_splits_and_explains_why_random_flatters(data):
    study = ran(LeakageStudy(data, TINY, replace(FAST, epochs=1), test_fraction=0.25, split_seed=2))
    random_run, group_run = study.results
    assert (random_run.label, group_run.label) == ("random", "group")
    assert random_run.test_idx == make_split(data, "random", test_fraction=0.25, seed=2).test_idx.tolist()
    train_idx = np.setdiff1d(np.arange(data.n), group_run.test_idx)
    test_groups, train_groups = set(data.groups[group_run.test_idx].tolist()), set(data.groups[train_idx].tolist())
    assert test_groups and train_groups and not test_groups & train_groups  # no group on both sides
    r = study.result()
    flattery = r.flattery()
    assert flattery["rnn"] == pytest.approx(r.grid()["random"]["rnn"] - r.grid()["group"]["rnn"])
    assert "background" in r.verdict("en") and "fondo" in r.verdict("es")
    assert list(figures.leakage_bars(r).data[0].y) == [r.grid()["random"]["rnn"], r.grid()["group"]["rnn"]]


def test_a_study_job_waits_for_a_slot_and_can_be_stopped_while_it_waits(data):
    limiter = TrainingLimiter(1)
    assert limiter.acquire("someone else")
    job = StudyJob(SeedStudy(data, make_split(data, "random"), TINY, FAST, seeds=1), limiter=limiter).start()
    deadline = time.monotonic() + 30
    while job.queue_position() != 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.queue_position() == 1 and job.status == "queued"
    job.stop()
    assert job.wait(30) and job.status == "stopped" and job.result() is None
    limiter.release()
    done = StudyJob(SeedStudy(data, make_split(data, "random"), TINY, FAST, seeds=2), limiter=limiter).start()
    assert done.wait(60) and done.status == "finished" and done.fraction == 1.0 and done.result().n == 2


# --- which clips fail ---------------------------------------------------------------------


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
    cm = np.asarray(record["models"]["cnn"]["confusion"])
    for true in range(3):
        for pred in range(3):
            items = failures(record, "cnn", true, pred)
            assert len(items) == cm[true, pred]
            for it in items:
                assert record["test_labels"][it["position"]] == true
                assert record["models"]["cnn"]["test_pred"][it["position"]] == pred
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


# --- share a setup ------------------------------------------------------------------------

SETUPS_TO_SHARE = [
    LabSetup(),
    *(preset_setup(name) for name in SETUPS),
    LabSetup(
        data="ucf11",
        split="group",
        split_seed=7,
        test_fraction=0.3,
        rnn=RNNConfig(hidden=48, layers=2, bidirectional=False, dropout=0.25, pooling="last"),
        cnn=CNNConfig(widths=(64, 32), kernel_size=5, dropout=0.1, pooling="max"),
        train=TrainConfig(epochs=4, lr=3e-4, batch_size=64, weight_decay=1e-5, seed=11, device="cpu"),
        lang="es",
    ),
]


@pytest.mark.parametrize("setup", SETUPS_TO_SHARE)
def test_a_setup_survives_the_round_trip_through_query_params(setup):
    params = encode(setup)
    assert all(isinstance(k, str) and isinstance(v, str) and len(k) <= 5 for k, v in params.items())
    assert decode(params) == (setup, [])
    assert decode(query_string(setup)) == (setup, [])
    assert decode("?" + query_string(setup)) == (setup, [])


def test_presets_name_the_course_models_and_a_matched_pair():
    assert preset_setup("course").cnn == PRESETS["notebook-cnn"].config
    assert preset_setup("course-cnn2").cnn == PRESETS["notebook-cnn2"].config
    matched = preset_setup("matched")
    sizes = [count_params(c) for c in matched.models().values()]
    assert abs(sizes[0] - sizes[1]) / sizes[0] < 0.01
    setup, warnings = decode({"preset": "course", "ep": "3"})
    assert setup.cnn == NotebookCNNConfig("cnn") and setup.train.epochs == 3 and warnings == []


PARSERS = {s.setting.link: s.setting.parse for s in linked()}


@pytest.mark.parametrize("key", sorted(PARSERS))
@pytest.mark.parametrize("bad", ["", "abc", "-1", "1e999", "nan", "99999999", "0", "<script>"])
def test_a_bad_value_falls_back_to_its_default_with_one_warning(key, bad):
    setup, warnings = decode({key: bad})
    try:  # some of these strings are valid for some keys ("0" is a fine seed)
        PARSERS[key](bad)
        valid = True
    except ValueError:
        valid = False
    if valid:
        assert warnings == []
    else:
        assert setup == LabSetup() and len(warnings) == 1
        text = render(warnings[0], "en")
        assert text.count(".") >= 1 and "\n" not in text and key in text


def test_warnings_speak_the_links_language_and_unknown_presets_are_named():
    setup, warnings = decode({"lang": "es", "rh": "mucho", "preset": "huge"})
    assert setup.lang == "es" and setup.rnn.hidden == 128
    texts = [render(w, "es") for w in warnings]
    assert len(texts) == 2 and "mucho" in texts[0] and "huge" in texts[1]
    assert "no es válido" in texts[0]
    # Repeated parameters (a parsed URL gives lists): the last one wins.
    assert decode({"rh": ["16", "32"]})[0].rnn.hidden == 32
    # A path is never accepted as the data source of a link.
    assert decode({"data": "/etc/passwd"})[0].data == "demo"


def test_make_study_builds_each_study_by_name(data):
    from har.lab import STUDIES, make_study

    split = make_split(data, "random")
    made = {name: make_study(name, data, split, TINY, FAST, seeds=2, hidden=(2,), split_seed=3) for name in STUDIES}
    assert [type(s) for s in made.values()] == [SeedStudy, SweepStudy, PoolingStudy, OrderStudy, LeakageStudy]
    assert len(made["seeds"].jobs) == 2 and len(made["sweep"].jobs) == 1
    assert made["leakage"].jobs[1].split.test_idx.tolist() == make_split(data, "group", seed=3).test_idx.tolist()
    with pytest.raises(ValueError):
        make_study("astrology", data, split, TINY, FAST)
