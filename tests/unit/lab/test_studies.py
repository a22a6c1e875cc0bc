"""The lab studies: progress and stop, aggregation over seeds, matched sweeps, pooling, leakage splits, a study
as a background job, each study by name. Tiny data and models throughout. (Frame order: test_order.py; failing
clips: test_failures.py; shareable setups: unit/test_share.py.)"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest
from support.lab import FAST, TINY, grouped, ran, say, verdict

from har import stats
from har.data.splits import make_split
from har.errors import HarError
from har.jobs import TrainingLimiter
from har.lab import TrialResult
from har.lab.job import StudyJob
from har.lab.studies.leakage import LeakageResult, LeakageStudy, leakage_bars
from har.lab.studies.order import OrderStudy
from har.lab.studies.pooling import PoolingStudy, pooling_bars
from har.lab.studies.seeds import SeedStudy, summarize_seeds
from har.lab.studies.sweep import SweepStudy, summarize_sweep, sweep_pairs, sweep_scatter
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig
from har.params import count_params, resize
from har.train import TrainConfig

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


def test_stop_keeps_the_finished_trials_and_drops_the_unfinished_one(data):
    stop = threading.Event()
    study = SeedStudy(data, make_split(data, "random"), TINY, FAST, seeds=3)
    for p in study.run(stop):
        if p.trial == 1:  # the second seed has begun: stop it
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


def fake_run(seed: int, rnn_acc: list[float], cnn_acc: list[float], labels, rnn_pred, cnn_pred) -> TrialResult:
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

    return TrialResult(
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
    en, es = verdict(SeedStudy, r), verdict(SeedStudy, r, "es")
    assert "more than the seed noise" in en
    assert f"p = {r.paired.p:.3f}" in en and f"p = {r.paired.p:.3f}".replace(".", ",") in es  # 0,009 in Spanish
    assert "+12.3" in en  # mean of 0.10, 0.13, 0.14 in points
    assert en != es and "semillas" in es
    # Word for word what the lab said before its sentences became Messages, with Spanish decimal commas (CLDR).
    assert es == (
        "Con 3 semillas, la exactitud final en prueba de la RNN menos la de la CNN es, de media, +12,3 puntos "
        "(intervalo del 95 %: de +7,2 a +17,5). La RNN va por delante más de lo que explica el ruido de la semilla: "
        "una prueba t pareada sobre las semillas da p = 0,009. La prueba de McNemar sobre los clips de prueba de la "
        "semilla 0 (solo la RNN acierta en 2, solo la CNN en 0; prueba binomial exacta) da p = 0,500: en esa ejecución "
        "un reparto así podría deberse al azar."
    )


def test_a_gap_within_the_noise_is_called_noise():
    labels = [0, 1]
    runs_ = [
        fake_run(s, [0.5, a], [0.5, b], labels, labels, labels)
        for s, (a, b) in enumerate([(0.7, 0.6), (0.6, 0.7), (0.66, 0.64)])
    ]
    r = summarize_seeds(runs_)
    assert r.significant() is False
    assert "within the seed noise" in verdict(SeedStudy, r)
    one = summarize_seeds(runs_[:1])
    assert one.significant() is None and "at least two seeds" in verdict(SeedStudy, one)


def test_identical_seeds_count_once_and_no_spread_is_no_test():
    labels = [0, 1]
    # the same gap in every seed: the paired test has nothing to measure, and the lab says so (never p < 0.001)
    flat = summarize_seeds([fake_run(s, [0.5, 0.8], [0.5, 0.6], labels, labels, labels) for s in range(3)])
    assert flat.paired.no_spread and flat.significant() is None
    for lang, words in (("en", "the runs do not vary, so no test is possible"), ("es", "no hay prueba posible")):
        text = verdict(SeedStudy, flat, lang)
        assert words in text and "p < 0" not in text.split("McNemar")[0] and "noise: a paired" not in text
    # a seed listed twice trains once, and a repeated run is counted once
    study = SeedStudy(None, None, {}, TrainConfig(), seeds=[0, 0, 1])
    assert [t.label for t in study.trials] == ["0", "1"]
    twice = [fake_run(0, [0.5, 0.8], [0.5, 0.6], labels, labels, labels)] * 2
    twice.append(fake_run(1, [0.5, 0.7], [0.5, 0.6], labels, labels, labels))
    assert summarize_seeds(twice).seeds == [0, 1]


def test_a_one_seed_tie_is_called_level():
    labels = [0, 1]
    one = summarize_seeds([fake_run(0, [0.5, 0.7], [0.5, 0.7], labels, labels, labels)])
    assert "end level" in verdict(SeedStudy, one) and "leads" not in verdict(SeedStudy, one)
    assert "empatadas" in verdict(SeedStudy, one, "es")


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


def test_the_sweep_says_where_its_matched_sizes_miss():
    labels = [0, 1]
    runs_ = [
        replace(
            fake_run(0, [0.5, 0.7], [0.5, 0.6], labels, labels, labels), label="4", params={"rnn": 1000, "cnn": 1020}
        ),
        replace(
            fake_run(1, [0.5, 0.7], [0.5, 0.6], labels, labels, labels), label="8", params={"rnn": 2000, "cnn": 2800}
        ),
    ]
    text = verdict(SweepStudy, summarize_sweep(runs_))
    assert "At 1 of 2 sizes the CNN's parameter count misses the RNN's by more than 5% (worst +40%)" in text
    assert "1 de 2 tamaños" in verdict(SweepStudy, summarize_sweep(runs_), "es")
    assert "misses" not in verdict(SweepStudy, summarize_sweep(runs_[:1]))


def test_sweep_and_pooling_studies_report_one_point_per_model_and_setting(data):
    split = make_split(data, "random")
    sweep = ran(SweepStudy(data, split, TINY, replace(FAST, epochs=1), hidden=(2, 4)))
    res = sweep.result()
    assert [p["knob"] for p in res.points if p["family"] == "rnn"] == [2, 4]
    assert res.series("cnn")["params"] == sorted(res.series("cnn")["params"])
    assert "2" in verdict(SweepStudy, res) and verdict(SweepStudy, res, "es") != verdict(SweepStudy, res)

    fig = sweep_scatter(res, say)
    assert list(fig.data[0].x) == res.series("rnn")["params"] and list(fig.data[1].y) == res.series("cnn")["final_acc"]

    pool = ran(PoolingStudy(data, split, TINY, replace(FAST, epochs=1)))
    grid = pool.result().grid()
    bars = pooling_bars(pool.result(), say)
    assert list(bars.data[1].y) == [grid[p]["cnn"] for p in ("last", "mean", "max")]
    assert list(grid) == ["last", "mean", "max"] and all(set(v) == {"rnn", "cnn"} for v in grid.values())
    assert all(r.configs["rnn"].pooling == r.label == r.configs["cnn"].pooling for r in pool.results)
    assert set(pool.result().best_pooling().values()) <= {"last", "mean", "max"}
    with pytest.raises(HarError):
        PoolingStudy(data, split, {"rnn": RNNConfig(), "cnn": NotebookCNNConfig()}, FAST)
    with pytest.raises(HarError):
        PoolingStudy(data, split, TINY, FAST, poolings=["median"])


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
    assert "background" in verdict(LeakageStudy, r) and "fondo" in verdict(LeakageStudy, r, "es")
    assert list(leakage_bars(r, say).data[0].y) == [r.grid()["random"]["rnn"], r.grid()["group"]["rnn"]]


def test_the_leakage_verdict_says_when_the_ranking_reverses_with_the_split():
    # the demo's default pair: the CNN wins the random split, the RNN the group split (issue 19's numbers)
    labels = [0, 1]
    runs_ = [fake_run(0, [0.5, 0.739], [0.5, 0.877], labels, labels, labels),
             fake_run(0, [0.5, 0.656], [0.5, 0.551], labels, labels, labels)]  # fmt: skip
    runs_ = [replace(runs_[0], label="random"), replace(runs_[1], label="group")]
    text = verdict(LeakageStudy, LeakageResult(runs_))
    assert "The ranking reverses with the split: on the random split the CNN leads the RNN by 13.8 points" in text
    assert "on the group split it trails by 10.5" in text
    assert "El orden se invierte" in verdict(LeakageStudy, LeakageResult(runs_), "es")
    same = [replace(runs_[0], label="random"), replace(runs_[0], label="group")]
    assert "reverses" not in verdict(LeakageStudy, LeakageResult(same))


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


def test_the_registry_finds_every_study_and_builds_each_from_the_setup_and_its_options(data):
    from har.lab.core import Inputs
    from har.lab.registry import studies, study

    known = {"seeds": SeedStudy, "sweep": SweepStudy, "pooling": PoolingStudy, "order": OrderStudy}
    known["leakage"] = LeakageStudy
    found = studies()
    assert [n for n in found if n in known] == list(known) and all(found[n] is s for n, s in known.items())
    assert [s.place for s in found.values()] == sorted(s.place for s in found.values())  # the page's order
    split = make_split(data, "random")
    inputs = Inputs(data, split, TINY, FAST, split_seed=3)
    options = {"seeds": {"seeds": 2}, "sweep": {"hidden": (2,)}}
    made = {name: s.build(inputs, s.Options(**options.get(name, {}))) for name, s in found.items()}
    assert all(type(made[n]) is s for n, s in known.items()) and all(m.trials for m in made.values())
    assert len(made["seeds"].trials) == 2 and len(made["sweep"].trials) == 1
    assert made["leakage"].trials[1].split.test_idx.tolist() == make_split(data, "group", seed=3).test_idx.tolist()
    with pytest.raises(ValueError):
        study("astrology")
