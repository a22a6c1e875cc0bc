"""A lab study in a background thread for the app (see har/jobs.py): start, poll, stop, keep what finished.
Its trials go to the job's backend by har.schedule's rules, racing a trial's two models when a slot is free."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from har.backends import InProcess
from har.jobs import BackgroundJob, TrainingLimiter
from har.lab.core import Progress, Study
from har.weights import weights_bytes


class StudyJob(BackgroundJob):
    crash = "crash.study"

    def __init__(
        self,
        study: Study,
        *,
        limiter: TrainingLimiter,
        backend=None,
        on_end: Callable[[StudyJob, str], None] | None = None,
    ):
        self.study = study
        self.id = f"lab-{uuid.uuid4().hex[:8]}"
        self.last: Progress | None = None
        self.kept = False  # its result came back from the run store: it ran in an earlier session
        self.keep_error = None  # the store's sentence when it could not keep the result
        self._weights: bytes | None = None
        super().__init__(name=f"lab-{study.name}", limiter=limiter, backend=backend, on_end=on_end)

    @classmethod
    def restored(cls, study: Study, *, limiter: TrainingLimiter, weights: bytes | None = None) -> StudyJob:
        """The job of a study that ran in an earlier session (har.lab.saved rebuilt it): done, never started."""
        job = cls(study, limiter=limiter, backend=InProcess())
        job.status = "stopped" if study.stopped else "finished"
        job.kept = True
        job._weights = weights
        return job

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
