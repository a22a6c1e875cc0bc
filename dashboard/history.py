"""The session's run history: finished trainings (with their trained models) and uploaded run records, newest
selected."""

from __future__ import annotations

from collections.abc import MutableMapping

from dashboard import keeping, state
from dashboard.exports import keep_weights
from har.errors import HarError
from har.runs import RunRecord


def collect_job(ss: MutableMapping) -> RunRecord | None:
    """Move the session's finished training into its run history, once per session; return the record added.

    The run comes from the store, which the training filed itself as it ended, for everyone who followed it
    (a joiner's run has its own id). Without a store, from the job, with its models kept in the session.
    Runs that ended without a single epoch (stopped while queued, failed at start) are not kept, except a
    diverged one: which model blew up, and in which epoch, is a result worth keeping.
    """
    job = ss.get(state.JOB)
    collected = ss.setdefault(state.COLLECTED_JOBS, set())
    if job is None or not job.done or job.id in collected:
        return None
    collected.add(job.id)
    job.collected = True
    filed = keeping.filed(job, ss.get(state.OWNER, ""))
    if filed is not None and not isinstance(filed, HarError):
        record = filed
    else:
        if isinstance(filed, HarError):
            ss[state.STORE_PROBLEM] = filed.sentence
        record = job.snapshot()
        if not any(m.history for m in record.models.values()) and record.status != "diverged":
            return None
        keep_weights(ss, job, record)
        ss[state.TRAINED_RECORDS][record.id] = record
    add_run(ss, record)
    ss[state.JOB_RUNS][job.id] = record.id
    ss[state.TRAINED_RUNS] = {*ss.get(state.TRAINED_RUNS, ()), record.id}  # trained here, so publishable
    return record


def add_run(ss: MutableMapping, record: RunRecord) -> None:
    """Add a run record to the history and select it (a record with the same id is replaced)."""
    ss[state.RUNS][record.id] = record
    ss[state.SELECTED_RUN] = record.id


def add_upload(ss: MutableMapping, record: RunRecord) -> None:
    """Add an uploaded record, for viewing only: refused when its id is that of a run this server trained for
    this browser (it would take that run's place, and be published as it)."""
    run_id = record.id
    if run_id in ss[state.RUNS] and run_id not in ss.get(state.UPLOADED_RUNS, set()):
        raise HarError.of("run.id_taken", id=str(run_id)[:40])
    add_run(ss, record)
    ss[state.UPLOADED_RUNS] = {*ss.get(state.UPLOADED_RUNS, ()), run_id}
