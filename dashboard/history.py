"""The session's run history: finished trainings (with their trained models) and uploaded run records, newest
selected."""

from __future__ import annotations

from collections.abc import MutableMapping

from dashboard import state
from dashboard.exports import keep_weights
from har.runs import RunRecord


def collect_job(ss: MutableMapping) -> RunRecord | None:
    """Move the session's finished training into its run history, once; return the record added.

    Runs that ended without a single epoch (stopped while queued, failed at start) are not kept,
    except a diverged one: which model blew up, and in which epoch, is a result worth keeping.
    """
    job = ss.get(state.JOB)
    if job is None or not job.done or job.collected:
        return None
    job.collected = True
    record = job.snapshot()
    if not any(m.history for m in record.models.values()) and record.status != "diverged":
        return None
    add_run(ss, record)
    keep_weights(ss, job, record)
    ss[state.TRAINED_RUNS] = {*ss.get(state.TRAINED_RUNS, ()), record.id}  # trained here, so publishable
    return record


def add_run(ss: MutableMapping, record: RunRecord) -> None:
    """Add a run record to the history and select it (a record with the same id is replaced)."""
    ss[state.RUNS][record.id] = record
    ss[state.SELECTED_RUN] = record.id
