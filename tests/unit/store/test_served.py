"""One setup trains once: a run served from the store is, bit for bit, what a fresh training of the same content
key gives (history, predictions, weights), on each backend; the content key follows what changes the numbers."""

from __future__ import annotations

from dataclasses import asdict, replace

import pytest
import torch

from har import jobs
from har.backends import InProcess, WorkerPool
from har.data import make_split
from har.models import CNNConfig, RNNConfig
from har.store import RunStore, owner_of
from har.store.filing import file_job
from har.train import TrainConfig
from har.weights import load_weights

MODELS = {"rnn": RNNConfig(hidden=8, layers=2, dropout=0.5), "cnn": CNNConfig(widths=(8,), dropout=0.5)}
ANA, BEN = owner_of("ana"), owner_of("ben")


@pytest.fixture(scope="module")
def split(tiny_demo):
    return make_split(tiny_demo, "random", seed=0)


def job(data, split, backend, **train):
    return jobs.TrainingJob(
        data=data,
        split=split,
        models=MODELS,
        train=TrainConfig(**{"epochs": 2, "batch_size": 16, "seed": 4} | train),
        source="demo",
        limiter=jobs.TrainingLimiter(2),
        backend=backend,
    )


def trained(j) -> jobs.TrainingJob:
    j.start()
    assert j.wait(180) and j.status == "finished"
    return j


def numbers(record) -> dict:
    """Every number a run's models produced but wall time."""
    return {
        name: ([{k: v for k, v in asdict(h).items() if k != "seconds"} for h in m.history], m.predictions, m.confusions)
        for name, m in record.models.items()
    }


def tensors(weights: bytes) -> dict:
    return {name: m.state_dict() for name, m in load_weights(weights).models.items()}


@pytest.fixture(scope="module")
def pool():
    pool = WorkerPool()
    yield pool
    pool.close()


@pytest.mark.parametrize("where", ["in process", "pool", "ray"])
def test_a_served_run_is_bit_for_bit_a_fresh_training_of_the_same_key(tmp_path, tiny_demo, split, where, request):
    backend = {"in process": InProcess, "pool": lambda: request.getfixturevalue("pool")}.get(
        where, lambda: request.getfixturevalue("cluster")
    )()
    store = RunStore(tmp_path / "runs.sqlite")
    first = trained(job(tiny_demo, split, backend))
    assert file_job(store, [ANA], first, first.status)[ANA].id == first.id
    served = store.serve(BEN, first.key)
    fresh = trained(job(tiny_demo, split, backend))
    assert fresh.key == first.key
    assert numbers(served) == numbers(fresh.snapshot())
    want = {name: m.state_dict() for name, m in fresh.trained_models().items()}
    got = tensors(store.weights(BEN, served.id))
    assert got.keys() == want.keys()
    for name in want:
        assert all(torch.equal(got[name][k], want[name][k]) for k in want[name]), name


def test_joiners_of_a_training_each_get_their_own_run_with_the_same_models(tmp_path, tiny_demo, split):
    store = RunStore(tmp_path / "runs.sqlite")
    j = trained(job(tiny_demo, split, InProcess()))
    filed = file_job(store, [ANA, BEN], j, j.status)
    assert filed[ANA].id == j.id and filed[BEN].id != j.id
    assert numbers(filed[BEN]) == numbers(filed[ANA])
    assert store.weights(BEN, filed[BEN].id) == store.weights(ANA, j.id)


def test_the_content_key_changes_with_what_changes_the_numbers(tiny_demo, split):
    base = job(tiny_demo, split, InProcess())
    assert job(tiny_demo, split, InProcess()).key == base.key
    assert job(tiny_demo, split, InProcess(), seed=5).key != base.key
    assert job(tiny_demo, split, InProcess(), lr=3e-3).key != base.key
    assert job(tiny_demo, make_split(tiny_demo, "random", seed=1), InProcess()).key != base.key
    assert job(tiny_demo, make_split(tiny_demo, "group", seed=0), InProcess()).key != base.key
    other = jobs.TrainingJob(
        data=tiny_demo,
        split=split,
        models={**MODELS, "cnn": replace(MODELS["cnn"], widths=(9,))},
        train=base.train,
        source="demo",
        limiter=jobs.TrainingLimiter(2),
        backend=InProcess(),
    )
    assert other.key != base.key
    threads = jobs.TrainingJob(
        data=tiny_demo, split=split, models=MODELS, train=base.train, source="demo",
        limiter=jobs.TrainingLimiter(1), backend=InProcess(),
    )  # fmt: skip
    assert (threads.threads != base.threads) == (threads.key != base.key)
