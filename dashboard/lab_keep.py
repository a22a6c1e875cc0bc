"""A browser's lab results in the run store (har/lab/saved.py's text): a study that ends is kept for its browser, in
the study's own thread (so whoever watches it, or nobody after a reload), a new session of the same browser finds each
study's latest result back on the Lab page, and a study still running when its page reloads is picked up by the new
page, whose progress bar carries on. The store unusable or full: the result stays in the tab, with one sentence.
"""

from __future__ import annotations

import threading
from collections.abc import MutableMapping
from functools import partial

from dashboard import keeping, server, state
from dashboard.context import AppContext
from har.data.dataset import fingerprint
from har.errors import HarError
from har.lab import saved
from har.lab.core import Inputs, Study
from har.lab.job import StudyJob
from har.lab.registry import studies

_lock = threading.Lock()
_running: dict[tuple[str, str], StudyJob] = {}  # (owner, study name) -> the study that browser runs now


def start(ss: MutableMapping, study: type[Study], inputs: Inputs, options) -> StudyJob:
    """Start `study` for this session's browser: kept in the store as it ends, followed by every page of the browser
    (it stops once they have all been gone longer than the TTL, as a training does)."""
    owner = ss.get(state.OWNER)
    job = StudyJob(study.build(inputs, options), limiter=server.LIMITER, on_end=partial(_keep, owner, inputs, options))
    job.start()
    if owner:
        with _lock:
            _running[(owner, study.name)] = job
    keeping.watch(job)
    return job


def _keep(owner: str | None, inputs: Inputs, options, job: StudyJob, status: str) -> None:
    """The hook a study calls as it ends (in its thread): file its finished trials for `owner`, and only then stop
    listing it as running, so a page reloaded meanwhile finds it in one place or the other (the running job, whose
    result it then shows, or the kept one), never in neither."""
    try:
        found = keeping.store() if owner and job.study.results else None
        if found is not None:
            found.save_lab(owner, job.study.name, saved.dumps(job.study, options, inputs), job.weights())
    except HarError as e:
        job.keep_error = e.sentence
    finally:
        with _lock:
            if owner and _running.get((owner, job.study.name)) is job:
                del _running[(owner, job.study.name)]


def adopt(ss: MutableMapping) -> None:
    """On every full run (after keeping.session_start named the owner): the studies this browser is running now
    that this session does not hold yet, so a page reloaded mid-study keeps it alive whichever page it opens on."""
    owner, jobs = ss.get(state.OWNER), ss.get(state.LAB_JOBS)
    if not owner or jobs is None:
        return
    with _lock:
        running = {name: job for (o, name), job in _running.items() if o == owner and not job.done}
    for name, job in running.items():
        if jobs.get(name) is not job:
            jobs[name] = job
            keeping.watch(job)


def restore(ss: MutableMapping, ctx: AppContext) -> None:
    """On the Lab page, once per session and data set: each study this browser ran (on this data) that the session
    has not, running still or kept in the store, in LAB_JOBS."""
    owner, data = ss.get(state.OWNER), fingerprint(ctx.data)
    if not owner or ss.get(state.LAB_RESTORED) == data:
        return
    ss[state.LAB_RESTORED] = data
    jobs, found = ss[state.LAB_JOBS], keeping.store()
    for name in studies():
        if name in jobs:
            continue
        with _lock:
            running = _running.get((owner, name))
        if running is not None and fingerprint(running.study.data) == data:
            jobs[name] = running
            keeping.watch(running)
            continue
        try:
            row = found.lab(owner, name) if found is not None else None
        except HarError:
            return  # said by the sidebar's store note; the session keeps what it has
        back = saved.loads(row[0], ctx.data, row[1]) if row is not None else None
        if back is not None:
            jobs[name] = StudyJob.restored(back[0], limiter=server.LIMITER, weights=row[1])
