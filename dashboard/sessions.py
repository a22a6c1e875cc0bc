"""Stop a session's jobs when Streamlit drops the session, so a closed tab frees its training slot.

A closed tab is disconnected at once and kept for `server.disconnectedSessionTTL` seconds in case it
comes back (a network blip, a laptop lid); after that Streamlit forgets it without calling anything
(Streamlit 1.67 has no hook for a session's end). So one watcher thread per server asks the runtime
every second whether each watched session is still connected, and calls its callbacks once it has
been away longer than the TTL; a reconnect in between resets the clock. It also keeps each session's latest job,
for the lecturer's counts of who is connected, training, waiting and finished.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

PERIOD_S = 1.0
log = logging.getLogger(__name__)


class SessionWatch:
    """Calls back when a watched session has been disconnected for longer than the TTL."""

    def __init__(self, period: float = PERIOD_S):
        self.period = period
        self._lock = threading.Lock()
        self._callbacks: dict[str, list[Callable[[], None]]] = {}
        self._away_since: dict[str, float] = {}
        self._thread: threading.Thread | None = None

    def watch(self, session_id: str, on_end: Callable[[], None]) -> None:
        with self._lock:
            self._callbacks.setdefault(session_id, []).append(on_end)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="session-watch", daemon=True)
                self._thread.start()

    def check(self, is_active: Callable[[str], bool], ttl: float, now: float) -> list[str]:
        """One look at every watched session; returns the ids whose callbacks ran."""
        ended = []
        with self._lock:
            for sid in list(self._callbacks):
                if is_active(sid):
                    self._away_since.pop(sid, None)
                elif now - self._away_since.setdefault(sid, now) > ttl:
                    ended.append((sid, self._callbacks.pop(sid)))
                    del self._away_since[sid]
        for sid, callbacks in ended:
            log.info("session %s ended: stopping its %d job(s)", sid[:8], len(callbacks))
            for callback in callbacks:
                try:
                    callback()
                except Exception:  # one failing callback must not end the watch for every session
                    log.exception("stopping a job of an ended session failed")
        return [sid for sid, _ in ended]

    def _loop(self) -> None:
        while True:
            time.sleep(self.period)
            if Runtime.exists():
                ttl = float(config.get_option("server.disconnectedSessionTTL"))
                self.check(Runtime.instance().is_active_session, ttl, time.monotonic())


WATCH = SessionWatch()


def stop_when_session_ends(job) -> None:
    """Stop `job` (a training or a study) once this run's session has ended: it leaves the line or ends
    within a batch. Outside a script run (a test calling a page function) there is no session to watch."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        WATCH.watch(ctx.session_id, job.stop)


# --- who is here: the lecturer's counts ------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Sessions connected now, and how many of them are training, waiting in line, or have a finished run."""

    connected: int
    training: int
    queued: int
    finished: int


class Roll:
    """The latest job of each session that ran a page, to count them (a session's job is replaced by its next)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._jobs: dict[str, object] = {}

    def see(self, session_id: str, job) -> None:
        with self._lock:
            self._jobs[session_id] = job

    def counts(self, is_active: Callable[[str], bool]) -> Counts:
        with self._lock:
            for sid in [s for s in self._jobs if not is_active(s)]:
                del self._jobs[sid]  # a closed tab: it comes back on its next run if it reconnects
            statuses = [getattr(job, "status", None) for job in self._jobs.values()]
        return Counts(
            connected=len(statuses),
            training=statuses.count("running"),
            queued=statuses.count("queued"),
            finished=statuses.count("finished"),
        )


ROLL = Roll()


def see_session(job) -> None:
    """Note this run's session and its latest training job, for the lecturer's counts."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        ROLL.see(ctx.session_id, job)


def session_counts() -> Counts:
    """The lecturer's counts: sessions the server holds connected, and what their latest training is doing."""
    if not Runtime.exists():  # under AppTest: no server, every noted session counts as here
        return ROLL.counts(lambda sid: True)
    return ROLL.counts(Runtime.instance().is_active_session)
