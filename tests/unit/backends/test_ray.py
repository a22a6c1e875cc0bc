"""Trainings and lab studies on a real local Ray cluster (`ray.init(address="local", num_cpus=2)`, started once for
the session by tests/support/ray.py): the same histories as here, Stop within a batch, a divergence's sentence, a
study that fans out."""

from __future__ import annotations

import threading
from dataclasses import asdict

import pytest

from har import jobs
from har.backends import InProcess
from har.data import make_split
from har.errors import HarError
from har.i18n import languages, render
from har.lab.commands import paragraph
from har.lab.studies.seeds import SeedStudy
from har.models import CNNConfig, RNNConfig
from har.train import TrainConfig

MODELS = {"rnn": RNNConfig(hidden=8, layers=2, dropout=0.5), "cnn": CNNConfig(widths=(8,), dropout=0.5)}


@pytest.fixture(scope="module")
def split(tiny_demo):
    return make_split(tiny_demo, "random", seed=0)


def job(data, split, backend, *, epochs=3, lr=1e-3, slots=2, **kw):
    """Two slots: the models race, one thread each, here and on the cluster, so both train the same numbers."""
    return jobs.TrainingJob(
        data=data,
        split=split,
        models=MODELS,
        train=TrainConfig(epochs=epochs, batch_size=16, lr=lr, seed=2),
        source="demo",
        limiter=jobs.TrainingLimiter(slots),
        backend=backend,
        **kw,
    )


def histories(j) -> dict:
    return {
        name: [{k: v for k, v in asdict(h).items() if k != "seconds"} for h in m.history]
        for name, m in j.snapshot().models.items()
    }


def ended(j):
    assert j.wait(180), "the job did not end"
    return j


def test_a_run_on_the_cluster_has_the_local_history_epoch_for_epoch(tiny_demo, split, cluster):
    here = ended(job(tiny_demo, split, InProcess()).start())
    there = ended(job(tiny_demo, split, cluster).start())
    assert here.status == there.status == "finished"
    assert histories(there) == histories(here)
    assert set(there.trained_models()) == {"rnn", "cnn"}


def test_stop_on_the_cluster_ends_within_a_batch_and_keeps_the_epochs(tiny_demo, split, cluster):
    names, seen = set(), threading.Event()

    def both_have_one(name, epoch):
        names.add(name)
        if names == set(MODELS):
            seen.set()

    reference = histories(ended(job(tiny_demo, split, InProcess(), epochs=2).start()))
    j = job(tiny_demo, split, cluster, epochs=1000, on_epoch=both_have_one).start()
    assert seen.wait(180)
    j.stop()
    assert ended(j).status == "stopped" and j.error == ""
    for name, kept in histories(j).items():
        assert 1 <= len(kept) < 1000
        assert kept[:2] == reference[name][: len(kept[:2])]


def test_a_divergence_on_the_cluster_says_what_it_says_here(tiny_demo, split, cluster):
    # One slot: the models take turns, so the RNN is the first to blow up on both sides. (Racing, the
    # first of the two to reach the end of its epoch names itself.)
    here = ended(job(tiny_demo, split, InProcess(), lr=1e30, slots=1).start())
    there = ended(job(tiny_demo, split, cluster, lr=1e30, slots=1).start())
    assert here.status == there.status == "diverged"
    for lang in languages():  # the same Message (a loss of nan is never equal to itself), in every language
        assert render(there.failure, lang) == render(here.failure, lang)
    assert "Traceback" not in there.error and "\x1b" not in there.error  # the engine's sentence, not Ray's


class Watched:
    """The cluster backend, noting when each run is sent (a study sends them all before the first epoch)."""

    def __init__(self, backend):
        self.backend, self.fan_out, self.sent = backend, backend.fan_out, 0

    def submit(self, *args):
        self.sent += 1
        return self.backend.submit(*args)


def test_a_five_seed_study_fans_out_and_finds_what_it_finds_here(tiny_demo, split, cluster):
    train = TrainConfig(epochs=2, batch_size=16)
    serial = SeedStudy(tiny_demo, split, MODELS, train, seeds=5)
    for _ in serial.run(backend=InProcess(), threads=1):
        pass
    watched = Watched(cluster)
    fanned = SeedStudy(tiny_demo, split, MODELS, train, seeds=5)
    sent_before_first_epoch = None
    for _ in fanned.run(backend=watched, threads=1):
        sent_before_first_epoch = sent_before_first_epoch or watched.sent
    assert sent_before_first_epoch == 10  # five seeds, one run per model, all at once
    assert [r.label for r in fanned.results] == ["0", "1", "2", "3", "4"] and not fanned.stopped
    for a, b in zip(serial.results, fanned.results, strict=True):
        for name in MODELS:
            assert [{k: v for k, v in h.items() if k != "seconds"} for h in a.history[name]] == [
                {k: v for k, v in h.items() if k != "seconds"} for h in b.history[name]
            ]
        assert a.test_pred == b.test_pred
    assert paragraph(SeedStudy.verdict(fanned.result()), "en") == paragraph(SeedStudy.verdict(serial.result()), "en")


def test_an_address_nobody_answers_at_is_one_sentence_not_minutes_of_retrying():
    pytest.importorskip("ray")
    from har.backends.cluster import reachable

    with pytest.raises(HarError, match="No Ray cluster answers at 127.0.0.1:9"):
        reachable("127.0.0.1:9", timeout=2)


def test_the_probe_takes_a_real_cluster_for_one(cluster):
    import ray

    from har.backends.cluster import reachable, speaks_grpc

    address = ray.get_runtime_context().gcs_address
    assert speaks_grpc(address, 2.0)
    reachable(address)  # no HarError: the GCS answers as gRPC does
