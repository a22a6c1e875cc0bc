"""Where trainings run (har.backends): real worker processes against this process, stop, a killed worker,
the limiter's slots and line, and the race of the two models on an idle server. Tiny data, tiny models."""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import asdict

import pytest

from har import backends, jobs
from har.backends import InProcess, RunGroup, Unit, WorkerPool
from har.data import make_split
from har.i18n import render, t
from har.messages import Message
from har.models import CNNConfig, RNNConfig
from har.train import TrainConfig

MODELS = {"rnn": RNNConfig(hidden=8, layers=2, dropout=0.5), "cnn": CNNConfig(widths=(8,), dropout=0.5)}
# Epochs long enough (a tenth of a second) that two models training at once visibly overlap.
SLOW = {"rnn": RNNConfig(hidden=32), "cnn": CNNConfig(widths=(64,))}


@pytest.fixture(scope="module")
def pool():
    """A pool of its own for this module, its workers ended at the end."""
    pool = WorkerPool()
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def split(tiny_demo):
    return make_split(tiny_demo, "random", seed=0)


def job(data, split, *, backend, slots=2, epochs=3, models=MODELS, batch_size=16, limiter=None, **kw):
    """A training of both models; two slots give each model one thread on this two-core machine."""
    return jobs.TrainingJob(
        data=data,
        split=split,
        models=models,
        train=TrainConfig(epochs=epochs, batch_size=batch_size, seed=4),
        source="demo",
        limiter=limiter or jobs.TrainingLimiter(slots),
        backend=backend,
        **kw,
    )


def histories(record: dict) -> dict:
    """Every number of every epoch but its wall time."""
    return {
        name: [{k: v for k, v in asdict(h).items() if k != "seconds"} for h in m.history]
        for name, m in record.models.items()
    }


def finished(j) -> jobs.TrainingJob:
    assert j.wait(120), "the job did not end"
    return j


def test_a_training_in_worker_processes_has_the_history_it_has_in_this_process(tiny_demo, split, pool):
    here = finished(job(tiny_demo, split, backend=InProcess()).start())
    there = finished(job(tiny_demo, split, backend=pool).start())
    assert here.status == there.status == "finished"
    assert here.extra_slots == there.extra_slots == 0  # given back at the end
    assert histories(there.snapshot()) == histories(here.snapshot())
    threads = jobs.threads_per_training(here.limiter)
    assert there.record.config.threads == here.record.config.threads == threads
    again = finished(job(tiny_demo, split, backend=pool).start())
    assert histories(again.snapshot()) == histories(here.snapshot())
    assert pool.started == 2  # one worker per model of the race, reused by the second training


def test_a_warmed_pool_trains_on_the_workers_it_started_before_the_first_training(tiny_demo, split):
    fresh = WorkerPool()
    try:
        assert fresh.warm(2, tiny_demo) == 2 and len(fresh.pids()) == 2 and not fresh.pids(busy=True)
        assert fresh.warm(2, tiny_demo) == 0  # already warm: nothing more starts
        warmed = set(fresh.pids())
        done = finished(job(tiny_demo, split, backend=fresh).start())
        assert done.status == "finished"
        assert fresh.started == 2 and set(fresh.pids()) == warmed  # the race ran on the warmed workers
    finally:
        fresh.close()


def test_the_trained_models_come_back_as_modules_that_predict_what_the_record_says(tiny_demo, split, pool):
    import torch

    from har.train import predict

    j = finished(job(tiny_demo, split, backend=pool, epochs=2).start())
    models = j.trained_models()
    assert set(models) == {"rnn", "cnn"}
    x = torch.from_numpy(tiny_demo.X[split.test_idx])
    for name, model in models.items():
        assert not model.training
        assert predict(model, x).tolist() == j.snapshot().models[name].predictions
    assert job(tiny_demo, split, backend=pool).trained_models() is None  # not run yet


def test_stop_ends_a_worker_run_within_a_batch_and_keeps_its_epochs(tiny_demo, split, pool):
    reference = finished(job(tiny_demo, split, backend=InProcess(), epochs=3).start())
    names, seen = set(), threading.Event()

    def both_have_one(name, epoch):
        names.add(name)
        if names == set(MODELS):
            seen.set()

    j = job(tiny_demo, split, backend=pool, epochs=500, on_epoch=both_have_one)
    j.start()
    assert seen.wait(120)
    j.stop()
    assert finished(j).status == "stopped" and j.error == ""
    kept = histories(j.snapshot())
    full = histories(reference.snapshot())
    for name in MODELS:
        assert 1 <= len(kept[name]) < 500
        # Every kept epoch is the epoch an uninterrupted run had (same seeds, same threads).
        assert kept[name][:3] == full[name][: len(kept[name][:3])]
    assert not pool.pids(busy=True)  # the workers are free for the next training


def test_a_stop_before_the_first_batch_trains_nothing(tiny_demo, split, pool):
    group = RunGroup(pool, tiny_demo)
    unit = Unit(dict(MODELS), TrainConfig(epochs=1, batch_size=1), split.train_idx, split.test_idx, 0, 1)
    group.submit(unit).stop()
    events = list(group.events())
    assert [type(e).__name__ for _, e in events] == ["End"]
    assert events[0][1].status == "stopped" and events[0][1].epochs == {"rnn": 0, "cnn": 0}


def test_a_killed_worker_ends_its_run_with_one_sentence_and_keeps_the_finished_epochs(tiny_demo, split, pool):
    def kill_after_first(name, epoch):
        if epoch.epoch == 1 and name == "cnn":
            for pid in pool.pids(busy=True):
                os.kill(pid, signal.SIGKILL)

    started = pool.started
    j = job(tiny_demo, split, backend=pool, slots=1, epochs=500, on_epoch=kill_after_first)
    assert finished(j.start()).status == "failed"
    assert j.error == t("error.train.worker_lost", "en")
    assert j.failure == Message("error.train.worker_lost") and render(j.failure, "es") == t(
        "error.train.worker_lost", "es"
    )
    record = j.snapshot()
    assert record.status == "stopped" and record.message == j.error
    assert all(len(m.history) >= 1 for m in record.models.values())
    after = finished(job(tiny_demo, split, backend=pool, epochs=1).start())
    assert after.status == "finished" and pool.started > started  # a new worker took the dead one's place


def test_a_divergence_in_a_worker_names_the_model_in_every_language(tiny_demo, split, pool):
    j = jobs.TrainingJob(
        data=tiny_demo,
        split=split,
        models=MODELS,
        train=TrainConfig(epochs=3, lr=1e30),
        source="demo",
        limiter=jobs.TrainingLimiter(2),
        backend=pool,
    )
    assert finished(j.start()).status == "diverged"
    assert "diverged" in j.error and ("RNN" in j.error or "CNN" in j.error)
    assert render(j.failure, "en") == j.error
    assert render(j.failure, "es") != j.error and "época" in render(j.failure, "es")


def test_the_idle_race_trains_both_models_at_once_and_a_busy_server_takes_turns(tiny_demo, split, pool):
    def spans(j):
        """(start, end) of each model's epochs, on this process's clock."""
        out = {name: [] for name in SLOW}

        def note(name, epoch):
            now = time.monotonic()
            out[name].append((now - epoch.seconds, now))

        j.on_epoch = note
        finished(j.start())
        assert j.status == "finished"
        return out

    def overlap(out) -> float:
        return sum(max(0.0, min(a[1], b[1]) - max(a[0], b[0])) for a in out["rnn"] for b in out["cnn"])

    raced = spans(job(tiny_demo, split, backend=pool, models=SLOW, epochs=4, batch_size=4))
    limiter = jobs.TrainingLimiter(2)
    assert limiter.acquire("another student")  # one slot taken: the pair gets its fair share, one slot
    try:
        turns = spans(job(tiny_demo, split, backend=pool, models=SLOW, epochs=4, batch_size=4, limiter=limiter))
    finally:
        limiter.release()
    shortest = min(e - s for runs in raced.values() for s, e in runs)
    assert overlap(raced) > 2 * shortest  # epochs of the two models ran side by side
    assert overlap(turns) < 0.5 * shortest  # one after another (what little shows is the pipe's delay)


def test_a_race_takes_a_second_slot_only_when_nobody_waits_and_the_limiter_holds(tiny_demo, split, pool):
    limiter = jobs.TrainingLimiter(2)
    first = job(tiny_demo, split, backend=pool, epochs=300, limiter=limiter)
    seen = threading.Event()
    first.on_epoch = lambda name, epoch: seen.set()
    first.start()
    assert seen.wait(120)
    assert first.extra_slots == 1 and limiter.running == 2  # racing: both slots
    second = job(tiny_demo, split, backend=pool, epochs=1, limiter=limiter).start()
    third = job(tiny_demo, split, backend=pool, epochs=1, limiter=limiter).start()
    deadline = time.monotonic() + 60
    while (second.queue_position(), third.queue_position()) != (1, 2) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (second.queue_position(), third.queue_position()) == (1, 2)
    first.stop()
    for j in (first, second, third):
        finished(j)
    assert first.status == "stopped" and second.status == third.status == "finished"
    assert limiter.peak == 2 and limiter.running == 0
    assert second.extra_slots == third.extra_slots == 0


def test_the_limiter_never_lets_more_trainings_run_than_it_has_slots(tiny_demo, split, pool):
    limiter = jobs.TrainingLimiter(2)
    many = [job(tiny_demo, split, backend=pool, epochs=2, limiter=limiter).start() for _ in range(5)]
    for j in many:
        assert finished(j).status == "finished"
    assert limiter.peak <= 2 and limiter.running == 0
    assert len({j.id for j in many}) == 5
    first = histories(many[0].snapshot())
    assert all(histories(j.snapshot()) == first for j in many)  # raced or taking turns, the same numbers


def test_the_server_and_a_command_choose_their_backend_in_one_place(monkeypatch):
    monkeypatch.delenv(backends.RAY_ENV, raising=False)
    assert isinstance(backends.choose(server=True), WorkerPool)
    assert backends.choose(server=True) is backends.pool()  # one pool per process
    assert isinstance(backends.choose(server=False), InProcess)
