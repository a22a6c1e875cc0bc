"""Filing a finished training in the run store: its record and trained models for the owner who started it, and
a copy (its own id, the same models) for every owner who joined it while it ran."""

from __future__ import annotations

from har.errors import HarError
from har.runs import finish
from har.store.runstore import RunStore
from har.weights import weights_bytes


def job_weights(job, status: str) -> bytes | None:
    """The job's trained models as a weights file (with their split), when it finished every epoch; else None:
    the weights of a stopped run would not match its last recorded epoch."""
    models = job.final_models(status)
    if models is None:
        return None
    record = job.record
    info = {"run": record.id, "data": job.data.name, "train": record.config.to_dict()["train"]}
    return weights_bytes(models, job.data, job.split, info=info)


def file_job(store: RunStore, owners: list[str], job, status: str, *, kept: bool = False) -> dict[str, object]:
    """File `job`'s run for each owner (the first one trained it, unless `kept`: its run and weights are filed
    already, and these owners joined while that was written); return owner -> the record filed, or the HarError
    that kept it out of the store (a full store, a quota), so each owner can be told in one sentence."""
    filed: dict[str, object] = {}
    if not owners:
        return filed
    record = job.snapshot()
    finish(record, status, record.message)
    if not any(m.history for m in record.models.values()) and record.status != "diverged":
        return filed  # nothing was trained: nothing to keep
    first, *others = [None, *owners] if kept else owners
    if first is not None:
        try:
            store.put(first, record, key=job.key, weights=job_weights(job, status))
            filed[first] = record
        except HarError as e:
            filed[first] = e
    for owner in others:
        try:
            served = store.serve(owner, job.key) if record.status == "finished" else None
            if served is None:
                store.put(owner, record, key=job.key)  # a stopped run: the same record, their own row
                served = store.record(owner, record.id)
            filed[owner] = served
        except HarError as e:
            filed[owner] = e
    return filed
