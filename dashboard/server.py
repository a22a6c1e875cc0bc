"""What one server shares among all its sessions: its training line, at most HAR_MAX_TRAININGS trainings at once
(default: one per core), each with `cores // slots` torch threads and its share of the memory (har.guard), so one
session's oversized model cannot take the others down."""

from __future__ import annotations

from har.jobs import TrainingLimiter
from har.jobs import server_slots as limit_from_env

# One process serves every session, so all of them wait in this one line (pages pass it to each job they start).
LIMITER = TrainingLimiter(limit_from_env())
