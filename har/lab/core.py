"""What every lab study shares: a list of jobs (train the RNN and the CNN once each), run in order."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from torch import nn

from har.data.dataset import Dataset
from har.data.splits import Split
from har.models import ModelConfig, build_model
from har.params import count_params
from har.train import EpochRecord, Tensors, TrainConfig, fit_pair, resolve_device


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

    @property
    def total_epochs(self) -> int:
        return sum(job.train.epochs * len(job.models) for job in self.jobs)

    def run(self, stop: threading.Event | None = None) -> Iterator[Progress]:
        """Train job after job; `stop` ends the run within one batch, keeping finished jobs.

        A job counts only when both of its models finished every epoch: a stopped job is dropped,
        every finished one stays in `results`, so the study can be summarised at any moment.
        """
        done, tensors = 0, {}
        for i, job in enumerate(self.jobs):
            device = resolve_device(job.train.device)
            key = (job.split.kind, job.split.test_idx.tobytes(), str(device))
            if key not in tensors:  # jobs on the same split share one copy of the clips
                tensors = {
                    key: Tensors.from_arrays(self.data.X, self.data.y, job.split.train_idx, job.split.test_idx, device)
                }
            models = {n: build_model(c, **self.data.shape, seed=job.seed) for n, c in job.models.items()}
            history: dict[str, list[EpochRecord]] = {n: [] for n in job.models}
            for name, record in fit_pair(models, tensors[key], job.train, stop):
                history[name].append(record)
                done += 1
                yield Progress(self.name, i, len(self.jobs), job.label, name, record, done, self.total_epochs)
            if any(len(h) < job.train.epochs for h in history.values()):
                self.stopped = True
                return
            self.results.append(self._result(job, history, models))

    def _result(self, job: Job, history: dict[str, list[EpochRecord]], models: dict[str, nn.Module]) -> JobResult:
        for m in models.values():
            m.to("cpu").eval()
        return JobResult(
            label=job.label,
            configs=dict(job.models),
            params={n: count_params(c, **self.data.shape) for n, c in job.models.items()},
            history={n: [r.as_dict() for r in h] for n, h in history.items()},
            test_pred={n: list(h[-1].test_pred) for n, h in history.items()},
            test_labels=self.data.y[job.split.test_idx].tolist(),
            test_idx=job.split.test_idx.tolist(),
            models=models if self.keep_models else {},
        )
