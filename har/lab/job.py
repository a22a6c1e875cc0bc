"""A lab study in a background thread, for the app: start, poll, stop, and keep what finished.

It follows har/jobs.py (read there why a thread and a polling fragment): the study waits for a
slot in the server-wide training limiter, trains with its share of the torch threads, and
publishes its latest progress; `result()` summarises the finished jobs at any moment.
"""
from __future__ import annotations

import threading
import time

from har.errors import HarError
from har.lab.core import Progress, Study

DONE = ("finished", "stopped", "failed")


class StudyJob:
    def __init__(self, study: Study, *, limiter=None):
        from har import jobs

        self.study = study
        self.limiter = limiter or jobs.LIMITER
        self.stop_event = threading.Event()
        self.status = "queued"  # queued -> running -> finished | stopped | failed
        self.error = ""  # one sentence for the user when it failed
        self.last: Progress | None = None
        self.collected = False  # set by the page once it has redrawn the finished study
        self._weights: bytes | None = None
        self.started: float | None = None
        self.ended: float | None = None
        self._thread = threading.Thread(target=self._run, name=f"lab-{study.name}", daemon=True)

    @property
    def done(self) -> bool:
        return self.status in DONE

    @property
    def fraction(self) -> float:
        return self.last.fraction if self.last else 0.0

    def start(self) -> StudyJob:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def queue_position(self) -> int | None:
        return self.limiter.position(self) if self.status == "queued" else None

    def elapsed(self) -> float:
        return 0.0 if self.started is None else (self.ended or time.time()) - self.started

    def result(self):
        """The study's summary of its finished jobs (None before the first one)."""
        return self.study.result() if self.study.results else None

    def weights(self) -> bytes | None:
        """The first finished job's models as a weights file, for studies that keep their models."""
        if self._weights is None and self.study.results and self.study.results[0].models:
            from har.weights import weights_bytes

            data = self.study.data
            self._weights = weights_bytes(self.study.results[0].models, n_frames=data.t, n_features=data.f,
                                          class_names=data.class_names, info={"data": data.name})
        return self._weights

    def _run(self) -> None:
        from har import jobs

        try:
            if not self.limiter.acquire(self, self.stop_event):
                self._finish("stopped")
                return
            try:
                import torch

                torch.set_num_threads(jobs.threads_per_training(self.limiter))
                self.started = time.time()
                self.status = "running"
                for progress in self.study.run(self.stop_event):
                    self.last = progress
            finally:
                self.limiter.release()
        except HarError as e:  # a diverged training among them
            self._finish("failed", str(e))
        except Exception as e:  # a bug must not kill the server thread silently
            self._finish("failed", f"The study failed: {type(e).__name__}: {e}")
        else:
            self._finish("stopped" if self.study.stopped else "finished")

    def _finish(self, status: str, message: str = "") -> None:
        self.error = message
        self.ended = time.time()
        self.status = status
