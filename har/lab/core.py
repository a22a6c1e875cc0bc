"""What every lab study shares: a list of jobs (train the RNN and the CNN once each), each sent to a backend
(har.backends): one after another on the local machine, all at once on a cluster."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import torch
from torch import nn

from har.backends import End, InProcess, RunGroup, Unit
from har.data.dataset import Dataset
from har.data.splits import Split
from har.models import ModelConfig, from_state
from har.params import count_params
from har.train import EpochRecord, TrainConfig


@dataclass(frozen=True)
class Job:
    """Train each of `models` from seed `seed` on `split` with `train`."""

    label: str  # the value this job varies, in no language: a seed "3", a pooling "max", a split "group"
    models: dict[str, ModelConfig]  # {"rnn": ..., "cnn": ...}
    train: TrainConfig  # its seed fixes the batch order
    split: Split
    seed: int  # initial weights


@dataclass
class JobResult:
    """One finished job: each model's curves and final test predictions."""

    label: str
    configs: dict[str, ModelConfig]
    params: dict[str, int]
    history: dict[str, list[dict]]  # name -> EpochRecord.as_dict() per epoch
    test_pred: dict[str, list[int]]  # name -> predictions after the last epoch
    test_labels: list[int]
    test_idx: list[int]
    models: dict[str, nn.Module] = field(default_factory=dict, repr=False)  # kept only when asked

    def curve(self, name: str, key: str = "test_acc") -> list[float]:
        return [h[key] for h in self.history[name]]

    def final(self, name: str, key: str = "test_acc") -> float:
        return self.history[name][-1][key]

    def best(self, name: str) -> tuple[int, float]:
        """(epoch, test accuracy) of the best epoch; the earliest wins a tie."""
        h = max(self.history[name], key=lambda e: (e["test_acc"], -e["epoch"]))
        return h["epoch"], h["test_acc"]

    def summary(self) -> dict:
        """A JSON-ready digest (no weights, no per-clip predictions)."""
        return {
            "label": self.label,
            "params": dict(self.params),
            "final_acc": {n: self.final(n) for n in self.history},
            "best": {n: dict(zip(("epoch", "acc"), self.best(n), strict=True)) for n in self.history},
            "final_train_acc": {n: self.final(n, "train_acc") for n in self.history},
        }


@dataclass
class Progress:
    """One finished epoch of one model inside a study."""

    study: str  # "seeds", "sweep", "pooling", "order", "leakage"
    job: int  # 0-based index of the job
    jobs: int  # jobs in the study
    label: str  # the job's label
    model: str  # "rnn" or "cnn"
    record: EpochRecord
    done: int  # model-epochs finished in the whole study, this one included
    total: int  # model-epochs the whole study needs

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


class Member:
    """One job of a running study: its runs in flight, and what they sent."""

    def __init__(self, job: Job):
        self.job = job
        self.left = 0  # runs not yet ended
        self.history: dict[str, list[EpochRecord]] = {n: [] for n in job.models}
        self.states: dict[str, dict] = {}

    @property
    def complete(self) -> bool:
        return self.left == 0 and all(len(h) == self.job.train.epochs for h in self.history.values())

    def send(self, group: RunGroup, threads: int, *, apart: bool, keep: bool) -> dict:
        """Submit the job: one run for both models, or one per model when `apart`; {run: self}."""
        job = self.job
        common = dict(train=job.train, train_idx=job.split.train_idx, test_idx=job.split.test_idx)
        parts = [{n: c} for n, c in job.models.items()] if apart else [dict(job.models)]
        runs = [group.submit(Unit(models, **common, seed=job.seed, threads=threads, keep=keep)) for models in parts]
        self.left += len(runs)
        return dict.fromkeys(runs, self)

    def ended(self, end: End) -> bool:
        """Note one run's end; True once all of the job's runs have ended."""
        self.states.update(end.states)
        self.left -= 1
        return self.left == 0


class Study:
    """Run a list of jobs on one data set, keeping every finished job in `results`.

    Each study is built from the data, a split, both model configs and a training config;
    `run(stop)` yields one `Progress` per finished epoch and `result()` summarises what finished:

        study = SeedStudy(data, split, {"rnn": rnn, "cnn": cnn}, TrainConfig(epochs=5), seeds=5)
        for progress in study.run(stop):   # stop: a threading.Event; finished seeds are kept
            bar.progress(progress.fraction)
        print(study.result().verdict("es"))
    """

    name = "study"

    def __init__(self, data: Dataset, jobs: list[Job], *, keep_models: bool = False):
        self.data = data
        self.jobs = list(jobs)
        self.keep_models = keep_models
        self.results: list[JobResult] = []
        self.stopped = False
        self._filed: list[tuple[int, JobResult]] = []  # (index of its job, result)

    @property
    def total_epochs(self) -> int:
        return sum(job.train.epochs * len(job.models) for job in self.jobs)

    def run(self, stop: threading.Event | None = None, backend=None, threads: int | None = None) -> Iterator[Progress]:
        """Train every job; `stop` ends the run within one batch, keeping finished jobs.

        A job counts only when both of its models finished every epoch: a stopped job is dropped,
        every finished one stays in `results` (in the jobs' order), so the study can be summarised at
        any moment. `backend` trains the jobs (this process when None) on `threads` torch threads each
        (this thread's count when None). Locally the jobs go one after another, the two models of a
        job taking turns; on a cluster (`backend.fan_out`) every model of every job is sent at once,
        and epochs arrive in any order.
        """
        backend = InProcess() if backend is None else backend
        group = RunGroup(backend, self.data, stop)
        members = [Member(job) for job in self.jobs]
        of_run = {}  # run -> its Member
        threads = torch.get_num_threads() if threads is None else threads
        for m in members if backend.fan_out else members[:1]:
            of_run |= m.send(group, threads, apart=backend.fan_out, keep=self.keep_models)
        done = 0
        for run, event in group.events():
            m = of_run[run]
            if not isinstance(event, End):
                m.history[event.name].append(event.record)
                done += 1
                total = self.total_epochs
                yield Progress(
                    self.name, members.index(m), len(members), m.job.label, event.name, event.record, done, total
                )
            elif event.error is not None:
                raise event.error  # leaving the loop stops the other runs
            elif m.ended(event) and m.complete:
                self._file(members.index(m), self._result(m.job, m.history, m.states))
                later = members[members.index(m) + 1 :]
                if not backend.fan_out and later and not group.stopped:
                    of_run |= later[0].send(group, threads, apart=False, keep=self.keep_models)
            elif m.left == 0:
                group.stop_all()  # a job cut short: the study stops, as its user asked
        self.stopped = len(self.results) < len(self.jobs)

    def _file(self, i: int, result: JobResult) -> None:
        """Add a finished job to `results`, which stay in the jobs' order whatever order they end in."""
        self._filed.append((i, result))
        self.results = [r for _, r in sorted(self._filed, key=lambda x: x[0])]  # a new list: readers may poll

    def _result(self, job: Job, history: dict[str, list[EpochRecord]], states: dict[str, dict]) -> JobResult:
        shape = self.data.shape
        models = {n: from_state(job.models[n], s, **shape) for n, s in states.items()} if self.keep_models else {}
        return JobResult(
            label=job.label,
            configs=dict(job.models),
            params={n: count_params(c, **self.data.shape) for n, c in job.models.items()},
            history={n: [r.as_dict() for r in h] for n, h in history.items()},
            test_pred={n: list(h[-1].test_pred) for n, h in history.items()},
            test_labels=self.data.y[job.split.test_idx].tolist(),
            test_idx=job.split.test_idx.tolist(),
            models=models,
        )
