"""The one set of scheduling rules (har.schedule) that a "Train both" and a lab study share: a race when a slot
is free, turns otherwise, one trial after another here and all at once on a backend that fans out, and a trial
cut short ends the schedule. Real (tiny) trainings in this process."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from har.backends import Epoch, InProcess
from har.data import make_split
from har.jobs import TrainingLimiter
from har.lab.studies.seeds import SeedStudy
from har.models import CNNConfig, RNNConfig
from har.schedule import Scheduler, Trial, TrialEnd
from har.train import TrainConfig

MODELS = {"rnn": RNNConfig(hidden=4), "cnn": CNNConfig(widths=(4,))}
TRAIN = TrainConfig(epochs=2, batch_size=16)

pytestmark = pytest.mark.usefixtures("one_torch_thread")


class Watched:
    """A backend that notes each unit it is sent, and whether any epoch had arrived by then."""

    def __init__(self, fan_out=False):
        self.backend, self.fan_out = InProcess(), fan_out
        self.units, self.epochs_seen = [], 0
        self.sent_after = []  # epochs seen when each unit was sent

    def submit(self, data, unit, events, stop=None):
        self.units.append(unit)
        self.sent_after.append(self.epochs_seen)
        return self.backend.submit(data, unit, events, stop)


def trials(split, n=3):
    return [Trial(str(s), dict(MODELS), replace(TRAIN, seed=s), split, s) for s in range(n)]


def drain(scheduler, watched=None):
    events = []
    for i, event in scheduler.events():
        if watched is not None and isinstance(event, Epoch):
            watched.epochs_seen += 1
        events.append((i, event))
    return events


@pytest.fixture(scope="module")
def split(tiny_demo):
    return make_split(tiny_demo, "random", seed=0)


def test_a_trial_races_when_a_second_slot_is_free_and_takes_turns_when_not(tiny_demo, split):
    limiter = TrainingLimiter(2)
    assert limiter.acquire("job")  # the job's own slot, as BackgroundJob takes it
    watched = Watched()
    drain(Scheduler(trials(split, 1), watched, tiny_demo, threads=1, limiter=limiter, holder="job"))
    assert [list(u.models) for u in watched.units] == [["rnn"], ["cnn"]]  # one run each
    assert limiter.running == 1 and limiter.peak == 2  # the second slot, given back
    assert limiter.acquire("another student")
    watched = Watched()
    drain(Scheduler(trials(split, 1), watched, tiny_demo, threads=1, limiter=limiter, holder="job"))
    assert [list(u.models) for u in watched.units] == [["rnn", "cnn"]]  # no slot free: one run, taking turns
    watched = Watched()
    drain(Scheduler(trials(split, 1), watched, tiny_demo, threads=1))  # no limiter: no slot to take
    assert len(watched.units) == 1


def test_here_trials_go_one_after_another_and_on_a_cluster_all_at_once(tiny_demo, split):
    here = Watched()
    events = drain(Scheduler(trials(split), here, tiny_demo, threads=1), here)
    assert [u.seed for u in here.units] == [0, 1, 2]
    assert here.sent_after == [0, 4, 8]  # each after the last trial's 2 models x 2 epochs
    ends = [(i, e.status) for i, e in events if isinstance(e, TrialEnd)]
    assert ends == [(0, "finished"), (1, "finished"), (2, "finished")]
    fanned = Watched(fan_out=True)
    drain(Scheduler(trials(split), fanned, tiny_demo, threads=1), fanned)
    assert fanned.sent_after == [0] * 6 and all(len(u.models) == 1 for u in fanned.units)  # every model, its own run
    single = Watched(fan_out=True)
    drain(Scheduler(trials(split, 1), single, tiny_demo, threads=1), single)
    assert len(single.units) == 1  # a "Train both" keeps to its slots wherever it runs


def test_a_trial_cut_short_ends_the_schedule(tiny_demo, split):
    stop = threading.Event()
    watched = Watched()
    ends = []
    for i, event in Scheduler(trials(split), watched, tiny_demo, threads=1, stop=stop).events():
        if isinstance(event, Epoch) and i == 1:
            stop.set()  # the second trial has begun
        if isinstance(event, TrialEnd):
            ends.append((i, event.status))
    assert ends == [(0, "finished"), (1, "stopped")] and len(watched.units) == 2  # the third never starts


def test_the_first_error_is_raised_once_every_run_has_ended(tiny_demo, split):
    blows_up = [Trial("x", dict(MODELS), replace(TRAIN, lr=1e30), split, 0)]
    with pytest.raises(Exception, match="RNN"):  # the models take turns: the RNN diverges first
        drain(Scheduler(blows_up, Watched(), tiny_demo, threads=1))


def test_a_study_finds_the_same_whether_its_models_race_or_take_turns(tiny_demo, split):
    def histories(study):
        return [
            {n: [{k: v for k, v in e.items() if k != "seconds"} for e in h] for n, h in r.history.items()}
            for r in study.results
        ]

    turns = SeedStudy(tiny_demo, split, MODELS, TRAIN, seeds=2)
    for _ in turns.run(threads=1):
        pass
    raced = SeedStudy(tiny_demo, split, MODELS, TRAIN, seeds=2)
    limiter = TrainingLimiter(2)  # nobody else training: a slot for each model
    watched = Watched()
    for _ in raced.run(backend=watched, threads=1, limiter=limiter, holder="job"):
        pass
    assert len(watched.units) == 4 and limiter.running == 0  # two runs per seed, each extra slot given back
    assert histories(raced) == histories(turns) and [r.test_pred for r in raced.results] == [
        r.test_pred for r in turns.results
    ]
