"""What one server shares among all its sessions: its training line, at most HAR_MAX_TRAININGS trainings at once
(default: one per core), each with `cores // slots` torch threads and its share of the memory (har.guard), so one
session's oversized model cannot take the others down."""

from __future__ import annotations

import os

from har.jobs import TrainingLimiter, cores

LIMIT_ENV = "HAR_MAX_TRAININGS"


def limit_from_env() -> int:
    """HAR_MAX_TRAININGS as a slot count: one per core when it is unset or not a whole number, at least 1."""
    value = os.environ.get(LIMIT_ENV, "")
    try:
        return max(1, int(value)) if value.strip() else cores()
    except ValueError:
        return cores()


# One process serves every session, so all of them wait in this one line (pages pass it to each job they start).
LIMITER = TrainingLimiter(limit_from_env())
