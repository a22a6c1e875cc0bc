"""How a run, a training job, a lab study or a download stands: one set of words for all of them."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """queued -> running -> finished | stopped | diverged | failed. A Status equals its plain string
    ("finished"), which is what run records and job logs store."""

    QUEUED = "queued"  # waiting in line for a training slot
    RUNNING = "running"
    FINISHED = "finished"  # every epoch of every model
    STOPPED = "stopped"  # asked to stop (or cut short): the finished epochs are kept
    DIVERGED = "diverged"  # a loss became NaN or infinite: the epochs before it are kept
    FAILED = "failed"  # an error ended it; its message says what

    @property
    def done(self) -> bool:
        """True once nothing more will happen to it."""
        return self in DONE


DONE = frozenset({Status.FINISHED, Status.STOPPED, Status.DIVERGED, Status.FAILED})
