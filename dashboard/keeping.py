"""The dashboard's side of the run store (har/store): a session finds its browser's runs there, a finished
training is filed there for everyone who watched it, a setup already trained is served from there, a training
already running is joined, and "Forget my runs" empties it. Server-wide: which content key is training now,
and which training each browser follows, so a reloaded page picks its training up again.

When the store cannot be used (damaged, full, read-only), the app says so in one sentence and trains as before,
keeping runs in the session only.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import MutableMapping

from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import state
from dashboard.identity import browser_identity
from dashboard.sessions import WATCH
from har.configs import SetupConfig
from har.errors import HarError
from har.jobs import TrainingJob
from har.messages import Message
from har.runs import RunRecord
from har.share import kept_form
from har.store import RunStore, owner_of
from har.store.filing import file_job

_lock = threading.RLock()
_running: dict[str, TrainingJob] = {}  # content key -> the training of it now running
_following: dict[str, TrainingJob] = {}  # owner -> the training its browser started or joined last
_owners: dict[str, list[str]] = {}  # job id -> owners to file it for, the one who started it first
_watchers: dict[str, set[str]] = {}  # job id -> sessions following it; the last to leave stops it
_filed: dict[str, dict] = {}  # job id -> owner -> its run record, or the HarError that kept it out


def store() -> RunStore | None:
    """The server's run store, or None when HAR_DATA_DIR itself cannot be used (then said by `problem`)."""
    try:
        return RunStore()
    except (OSError, HarError):
        return None


def _problem(ss: MutableMapping, error) -> None:
    ss[state.STORE_PROBLEM] = error.sentence if isinstance(error, HarError) else Message("store.unusable")


def session_start(ss: MutableMapping) -> None:
    """On a session's first run: its browser's identity, its runs from the store, and the training its browser
    follows (a reload mid-training carries on watching it)."""
    owner = ss.get(state.OWNER) or owner_of(browser_identity(ss))
    ss[state.OWNER] = owner
    if ss.get(state.RESTORED):
        return
    ss[state.RESTORED] = True
    found = store()
    try:
        records = found.records(owner) if found is not None else []
    except HarError as e:
        _problem(ss, e)
        records = []
    for record in records:
        ss[state.RUNS][record.id] = record
        ss[state.SELECTED_RUN] = record.id
    with _lock:
        job = _following.get(owner)
    if job is not None and not job.done:
        ss[state.JOB] = job
        watch(job)
    elif job is not None:
        ss[state.JOB] = job
        ss.setdefault(state.COLLECTED_JOBS, set()).add(job.id)  # its run came back with the others
        ss[state.JOB_RUNS][job.id] = _run_id(job, owner)


def _run_id(job, owner: str) -> str:
    filed = _filed.get(job.id, {}).get(owner)
    return filed.id if filed is not None and not isinstance(filed, HarError) else job.id


def watch(job) -> None:
    """Follow `job` from this session; once every session following it has been gone longer than the TTL, it
    stops (a closed tab frees its slot). Outside a script run (a test calling a page function) nothing watches."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    sid = ctx.session_id
    with _lock:
        _watchers.setdefault(job.id, set()).add(sid)
    WATCH.watch(sid, lambda: leave(job, sid))


def leave(job, sid: str) -> None:
    with _lock:
        watchers = _watchers.get(job.id, set())
        watchers.discard(sid)
        last = not watchers
    if last:
        job.stop()


def stop(ss: MutableMapping, job) -> None:
    """The Stop button: the training stops when nobody else follows it; else this browser leaves it (it goes on
    for the others, and is not this browser's run)."""
    ctx = get_script_run_ctx()
    sid = ctx.session_id if ctx is not None else None
    owner = ss.get(state.OWNER)
    with _lock:
        others = _watchers.get(job.id, set()) - {sid}
        owners = _owners.get(job.id, [])
        if not others or owners == [owner]:
            job.stop()
            return
        if owner in owners:
            owners.remove(owner)
        _watchers[job.id].discard(sid)
        if _following.get(owner) is job:
            del _following[owner]
    ss.pop(state.JOB, None)
    ss[state.JOB_NOTE] = ("", Message("store.left"))


def start(ss: MutableMapping, job: TrainingJob, *, fresh: bool = False) -> None:
    """Train `job` for this session, unless (without `fresh`) its content key is training now, which this session
    then joins, or is in the store, which then serves its run at once. What happened is kept in JOB_NOTE."""
    owner = ss[state.OWNER]
    # One lock from the look to the claim: two presses of one new setup at once would otherwise both find it
    # neither running nor stored (the store is read in between) and both train it.
    with _lock:
        running = _running.get(job.key)
        if not fresh and running is not None and not running.done and not running.stopping:
            _owners.setdefault(running.id, []).append(owner)
            _following[owner] = running
            ss[state.JOB] = running
            ss[state.JOB_NOTE] = (running.id, Message("store.joined"))
            watch(running)
            return
        if not fresh and _serve(ss, job, owner):
            return
        job.on_end = _on_end
        _owners[job.id] = [owner]
        _running[job.key] = job
        _following[owner] = job
    try:
        job.start()
    except BaseException:
        with _lock:
            _owners.pop(job.id, None)
            _running.pop(job.key, None)
            _following.pop(owner, None)
        raise
    ss[state.JOB] = job
    ss.pop(state.JOB_NOTE, None)
    watch(job)


def _serve(ss: MutableMapping, job: TrainingJob, owner: str) -> bool:
    found = store()
    try:
        record = found.serve(owner, job.key) if found is not None else None
    except HarError as e:
        _problem(ss, e)
        return False
    if record is None:
        return False
    served = ServedRun(record, job)
    ss[state.JOB] = served
    ss.setdefault(state.COLLECTED_JOBS, set()).add(served.id)
    ss[state.JOB_NOTE] = (served.id, Message("store.served"))
    ss[state.RUNS][served.id] = record
    ss[state.SELECTED_RUN] = served.id
    return True


def _on_end(job: TrainingJob, status: str) -> None:
    """The hook a training calls as it ends (in its thread): file it for every owner who followed it. The job
    stays the running one for its key until every owner is filed, so a press meanwhile joins it (and is filed in
    the next round) instead of finding it neither running nor stored and training the same setup again."""
    found = store()
    filed: dict[str, object] = {}
    while True:
        with _lock:
            owners = [o for o in _owners.get(job.id, []) if o not in filed]
            if not owners or found is None:
                _owners.pop(job.id, None)
                if _running.get(job.key) is job:
                    del _running[job.key]
                if found is not None:
                    _filed[job.id] = {o: v for o, v in filed.items() if v is not None}
                return
        result = file_job(found, owners, job, status, kept=bool(filed))
        filed |= {o: result.get(o) for o in owners}  # None: nothing was kept for it (no epoch trained)


def filed(job, owner: str):
    """What the store holds of `job` for `owner`: its run record, the HarError that kept it out, or None (no store)."""
    with _lock:
        return _filed.get(job.id, {}).get(owner)


def forget(ss: MutableMapping) -> None:
    """The "Forget my runs on this server" button: every run and finished lab study of this browser leaves the store
    and the session, and its saved settings the store (the session keeps its settings as they are)."""
    owner = ss[state.OWNER]
    found = store()
    try:
        n = found.forget(owner) if found is not None else 0
    except HarError as e:
        ss[state.FORGET_NOTE] = ("error", e.sentence)
        return
    with _lock:
        _following.pop(owner, None)
    for key in (state.RUNS, state.RUN_WEIGHTS, state.TRAINED_RECORDS, state.JOB_RUNS):
        ss[key] = {}
    ss[state.TRAINED_RUNS] = set()
    ss[state.UPLOADED_RUNS] = set()
    ss[state.LAB_JOBS] = {n: j for n, j in ss.get(state.LAB_JOBS, {}).items() if not j.done}  # kept ones went too
    ss.pop(state.SELECTED_RUN, None)
    ss.pop(state.SETUP_RESTORED, None)  # the store no longer holds them: a reload opens on the defaults
    ss[state.FORGET_NOTE] = ("success", Message("store.forgotten", runs=n))


def holds_anything(ss: MutableMapping) -> bool:
    """Whether this session shows anything the store may keep for its browser: a run, a finished lab study, or
    settings other than the defaults (what "Forget my runs" would take)."""
    kept = ss.get(state.SETUP_KEPT)
    return bool(
        ss.get(state.RUNS)
        or any(j.done for j in ss.get(state.LAB_JOBS, {}).values())
        or (kept is not None and kept != kept_form(SetupConfig()))
    )


def trained_records(ss: MutableMapping) -> dict[str, RunRecord]:
    """The runs this server trained (or served) for this browser: the store's, and those this session trained
    that the store could not keep. Never an uploaded record: only these may be published."""
    out = dict(ss.get(state.TRAINED_RECORDS, {}))
    found = store()
    if found is not None and ss.get(state.OWNER):
        try:
            out |= {r.id: r for r in found.records(ss[state.OWNER])}
        except HarError:
            pass
    return out


def weights(ss: MutableMapping, run_id: str):
    """A callable giving the run's weights file from the store (read when the button is pressed), or None."""
    found, owner = store(), ss.get(state.OWNER)
    if found is None or owner is None:
        return None
    try:
        if not found.has_weights(owner, run_id):
            return None
    except HarError:
        return None
    return lambda: found.weights(owner, run_id) or b""


class ServedRun:
    """A run the store served: what the Train page reads of a training job, for a run that needed none."""

    status, done, collected, failure, error = "finished", True, True, None, ""

    def __init__(self, record: RunRecord, job: TrainingJob):
        self.record, self.id, self.limiter = record, record.id, job.limiter
        self.key = job.key  # the setup's content key: the same figures as every other page of it
        self.stop_event = threading.Event()
        self.total = job.train.epochs

    def snapshot(self) -> RunRecord:
        return copy.deepcopy(self.record)

    def epoch_counts(self) -> tuple[int, ...]:
        return tuple(len(m.history) for m in self.record.models.values())

    def progress(self) -> tuple[int, int]:
        return min(self.epoch_counts()), self.total

    def elapsed(self) -> float:
        """The seconds its training took when it ran."""
        return sum(h.seconds for m in self.record.models.values() for h in m.history)

    def queue_position(self) -> None:
        return None

    def stop(self) -> None:
        pass
