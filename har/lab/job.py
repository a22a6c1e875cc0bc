"""A lab study in a background thread for the app (see har/jobs.py): start, poll, stop, keep what finished.
Its trials go to the job's backend by har.schedule's rules, racing a trial's two models when a slot is free."""

from __future__ import annotations

from har.jobs import BackgroundJob, TrainingLimiter
from har.lab.core import Progress, Study
from har.weights import weights_bytes


class StudyJob(BackgroundJob):
    crash = "crash.study"

    def __init__(self, study: Study, *, limiter: TrainingLimiter, backend=None):
        self.study = study
        self.last: Progress | None = None
        self._weights: bytes | None = None
        super().__init__(name=f"lab-{study.name}", limiter=limiter, backend=backend)

    @property
    def fraction(self) -> float:
        return self.last.fraction if self.last else 0.0

    def result(self):
        """The study's summary of its finished trials (None before the first one)."""
        return self.study.result() if self.study.results else None

    def weights(self) -> bytes | None:
        """The first finished trial's models as a weights file, for studies that keep their models."""
        if self._weights is None and self.study.results and self.study.results[0].models:
            data, split = self.study.data, self.study.trials[0].split
            self._weights = weights_bytes(self.study.results[0].models, data, split, info={"data": data.name})
        return self._weights

    def _work(self) -> None:
        runs = self.study.run(self.stop_event, self.backend, self.threads, limiter=self.limiter, holder=self)
        for progress in runs:
            self.last = progress

    def _stopped(self) -> bool:
        return self.study.stopped
