"""The background training job and the limiter it waits at, with real (tiny) training."""

from __future__ import annotations

import json
import os
import threading

import numpy as np
import pytest
import torch

from dashboard import history, state
from har import backends, jobs, runs
from har.data import make_split
from har.models import CNNConfig, RNNConfig
from har.params import count_params
from har.train import TrainConfig

MODELS = {"rnn": RNNConfig(hidden=8), "cnn": CNNConfig(widths=(8,))}


def make_job(data, *, epochs=2, limiter=None, **kw):
    split = make_split(data, "random", seed=0)
    return jobs.TrainingJob(
        data=data,
        split=split,
        models=MODELS,
        train=TrainConfig(epochs=epochs, batch_size=16),
        source="demo",
        limiter=limiter or jobs.TrainingLimiter(1),
        **kw,
    )


def wait_until(condition, timeout=30.0):
    """Poll `condition` until it holds; fail after `timeout` seconds (a hang guard, not a speed check)."""
    done = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError("condition never became true")


def test_the_end_hook_sees_the_ended_record_before_the_status_and_a_failing_hook_still_ends_the_job(tiny_demo):
    seen = []

    def hook(job, status):
        seen.append((status, job.snapshot().status, job.status))
        raise RuntimeError("the store went away")

    job = make_job(tiny_demo, epochs=1, on_end=hook).start()
    assert job.wait(120)
    assert seen == [("finished", "finished", "running")]  # the record holds its end; the status says it after
    assert job.status == "finished" and job.error == "" and job.ended is not None


def test_job_trains_both_models_and_fills_a_valid_run_record(tiny_demo):
    job = make_job(tiny_demo, epochs=2).start()
    assert job.wait(120)
    assert job.status == "finished" and job.error == ""
    record = job.snapshot()
    assert record.status == "finished"
    for name, config in MODELS.items():
        entry = record.models[name]
        assert [h.epoch for h in entry.history] == [1, 2]
        assert entry.params == count_params(config, n_frames=tiny_demo.t, n_features=tiny_demo.f, n_classes=11)
        cm = np.asarray(entry.confusion)
        assert cm.shape == (11, 11) and cm.sum() == len(record.test_labels)
    assert runs.loads(runs.dumps(record)).models.keys() == MODELS.keys()
    assert job.progress() == (2, 2)


def test_stop_after_the_first_epoch_keeps_exactly_that_epoch(tiny_demo):
    reference = make_job(tiny_demo, epochs=3).start()
    assert reference.wait(120)

    def stop_after_cnn_epoch_1(name, epoch):
        if name == "cnn" and epoch.epoch == 1:
            job.stop()

    # In this process the epochs arrive as they end, so the stop lands exactly in the second epoch (in
    # worker processes it lands within a batch of wherever the worker is: see tests/unit/backends/test_pool.py).
    job = make_job(tiny_demo, epochs=3, on_epoch=stop_after_cnn_epoch_1, backend=backends.InProcess())
    job.start()
    assert job.wait(120)
    assert job.status == "stopped"
    record, full = job.snapshot(), reference.snapshot()
    assert record.status == "stopped"
    for name in MODELS:
        kept = record.models[name].history
        assert [h.epoch for h in kept] == [1]
        # The kept epoch is the same epoch an uninterrupted run produced (same seeds).
        assert kept[0].test_acc == pytest.approx(full.models[name].history[0].test_acc)
        assert kept[0].train_loss == pytest.approx(full.models[name].history[0].train_loss, rel=1e-4)


def test_a_job_waits_in_line_with_its_position_and_runs_when_a_slot_frees(tiny_demo):
    limiter = jobs.TrainingLimiter(1)
    holder = object()
    assert limiter.acquire(holder)  # someone else's training holds the only slot
    job = make_job(tiny_demo, epochs=1, limiter=limiter).start()
    wait_until(lambda: job.queue_position() == 1)
    assert job.status == "queued" and job.progress() == (0, 1)
    limiter.release()
    assert job.wait(120)
    assert job.status == "finished"
    assert limiter.running == 0 and limiter.position(job) is None


def test_stopping_a_queued_job_leaves_the_line_without_training(tiny_demo):
    limiter = jobs.TrainingLimiter(1)
    assert limiter.acquire("other")
    job = make_job(tiny_demo, epochs=1, limiter=limiter).start()
    wait_until(lambda: job.queue_position() == 1)
    job.stop()
    assert job.wait(30)
    assert job.status == "stopped" and job.elapsed() == 0.0
    assert all(not m.history for m in job.snapshot().models.values())
    assert limiter.position(job) is None
    limiter.release()


def test_every_ended_job_adds_a_line_to_the_job_log(tiny_demo, tmp_path, monkeypatch):
    log = tmp_path / "jobs.jsonl"
    monkeypatch.setenv(jobs.LOG_ENV, str(log))
    limiter = jobs.TrainingLimiter(1)
    assert limiter.acquire("other")
    waiting = make_job(tiny_demo, epochs=1, limiter=limiter).start()
    wait_until(lambda: waiting.queue_position() == 1)
    waiting.stop()  # leaves the line without a slot
    assert waiting.wait(30)
    limiter.release()
    trained = make_job(tiny_demo, epochs=1, limiter=limiter).start()
    assert trained.wait(120)

    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(x["kind"], x["status"]) for x in lines] == [("training", "stopped"), ("training", "finished")]
    assert lines[0]["started"] is None and lines[0]["queued"] <= lines[0]["ended"]
    assert lines[1]["queued"] <= lines[1]["started"] <= lines[1]["ended"] == trained.ended
    assert lines[1]["threads"] == trained.threads


def test_without_a_job_log_nothing_is_written(tiny_demo, tmp_path, monkeypatch):
    monkeypatch.delenv(jobs.LOG_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert make_job(tiny_demo, epochs=1).start().wait(120)
    assert list(tmp_path.iterdir()) == []


def test_limiter_serves_waiters_first_come_first_served():
    limiter = jobs.TrainingLimiter(1)
    limiter.acquire("first")
    order = []

    def wait(ticket):
        limiter.acquire(ticket)
        order.append(ticket)
        limiter.release()

    threads = []
    for ticket in ("a", "b", "c"):
        threads.append(threading.Thread(target=wait, args=(ticket,)))
        threads[-1].start()
        wait_until(lambda t=ticket: limiter.position(t) is not None)
    assert [limiter.position(t) for t in ("a", "b", "c")] == [1, 2, 3]
    limiter.release()
    for t in threads:
        t.join(30)
    assert order == ["a", "b", "c"]


def test_threads_per_training_share_the_cores_between_the_slots():
    assert jobs.threads_per_training(jobs.TrainingLimiter(jobs.cores())) == 1
    assert jobs.threads_per_training(jobs.TrainingLimiter(1)) == jobs.cores()


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without a GPU")
def test_a_job_that_cannot_run_fails_with_a_message_not_a_traceback(tiny_demo):
    split = make_split(tiny_demo, "random", seed=0)
    job = jobs.TrainingJob(
        data=tiny_demo,
        split=split,
        models=MODELS,
        train=TrainConfig(epochs=1, device="cuda"),
        source="demo",
        limiter=jobs.TrainingLimiter(1),
    ).start()
    assert job.wait(30)
    assert job.status == "failed" and "CUDA" in job.error


def test_finished_job_goes_into_the_history_once(tiny_demo):
    ss = {}
    state.init(ss)
    ss[state.JOB] = make_job(tiny_demo, epochs=1).start()
    assert ss[state.JOB].wait(120)
    record = history.collect_job(ss)
    assert record is not None and list(ss[state.RUNS]) == [record.id]
    assert ss[state.SELECTED_RUN] == record.id
    assert history.collect_job(ss) is None and len(ss[state.RUNS]) == 1


@pytest.mark.timeout(120)
def test_a_job_log_that_is_a_fifo_nobody_reads_never_holds_the_job_from_its_end(tiny_demo, tmp_path, monkeypatch):
    fifo = tmp_path / "jobs.fifo"
    os.mkfifo(fifo)
    monkeypatch.setenv(jobs.LOG_ENV, str(fifo))
    job = make_job(tiny_demo, epochs=1).start()
    assert job.wait(60) and job.status == "finished"  # opening a FIFO for writing would wait for a reader forever
    problem = jobs.check_log()
    assert problem is not None and "is not a regular file" in str(problem) and "\n" not in str(problem)
