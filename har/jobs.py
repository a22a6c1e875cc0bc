"""Trainings as jobs: one TrainingJob per "Train both" (the dashboard's, and `python -m har train`'s), a
thread that waits in line, sends the work to a backend (har.backends) and files its epochs in a run
record the pages poll; and the limiter, a line of slots that bounds how many trainings run at once (the
dashboard keeps one per server, dashboard/server.py; a command makes its own)."""

from __future__ import annotations

import copy
import json
import logging
import os
import stat
import threading
import time
from collections.abc import Callable
from typing import TextIO

from har import backends
from har.backends import Epoch
from har.data.dataset import Dataset
from har.data.splits import Split
from har.errors import HarError
from har.guard import LIMIT_ENV, available_memory, check_fits
from har.messages import Message
from har.models import ModelConfig, from_state
from har.params import count_params
from har.runs import RunRecord, add_epoch, finish, new_record
from har.schedule import Scheduler, Trial
from har.store.key import content_key
from har.train import TrainConfig, TrainingDiverged, resolve_device

# A job's life: queued -> running -> finished | stopped | diverged | failed.
DONE = ("finished", "stopped", "diverged", "failed")
# A file to which every job that ends adds one JSON line (kind, status, when it was queued, got its slot
# and ended, in seconds since the epoch): what a lecturer reads to size HAR_MAX_TRAININGS for a class.
LOG_ENV = "HAR_JOB_LOG"
_log_lock = threading.Lock()
log = logging.getLogger(__name__)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class TrainingLimiter:
    """A first-come, first-served gate: at most `slots` holders at once, the rest in a visible line.

    Like a BoundedSemaphore, but waiters are kept in order so each can be told its place.
    """

    def __init__(self, slots: int):
        if slots < 1:
            raise ValueError(f"the training limit must be at least 1, got {slots}")
        self.slots = slots
        self._cond = threading.Condition()
        self._line: list[object] = []  # waiting tickets, first in line first
        self._running = 0
        self.peak = 0  # the most holders there ever were at once (the load test checks it never passes `slots`)

    def acquire(self, ticket: object, cancel: threading.Event | None = None) -> bool:
        """Wait for a slot; False if `cancel` was set while waiting (the ticket leaves the line)."""
        with self._cond:
            self._line.append(ticket)
            try:
                while self._line[0] is not ticket or self._running >= self.slots:
                    if cancel is not None and cancel.is_set():
                        return False
                    self._cond.wait(0.2)  # wake now and then to notice a cancel
                self._running += 1
                self.peak = max(self.peak, self._running)
                return True
            finally:
                self._line.remove(ticket)
                self._cond.notify_all()

    def try_acquire(self, ticket: object) -> bool:
        """Take a slot now if one is free and nobody waits in line for it; never waits."""
        with self._cond:
            if self._line or self._running >= self.slots:
                return False
            self._running += 1
            self.peak = max(self.peak, self._running)
            return True

    def release(self) -> None:
        with self._cond:
            if self._running == 0:
                raise RuntimeError("release() without a matching acquire()")
            self._running -= 1
            self._cond.notify_all()

    def position(self, ticket: object) -> int | None:
        """1 for the next in line, 2 for the one after, ...; None when not waiting."""
        with self._cond:
            return self._line.index(ticket) + 1 if ticket in self._line else None

    @property
    def running(self) -> int:
        with self._cond:
            return self._running


SLOTS_ENV = "HAR_MAX_TRAININGS"  # how many trainings the dashboard's server runs at once


def server_slots() -> int:
    """HAR_MAX_TRAININGS as a slot count: one per core when it is unset or not a whole number, at least 1. The
    dashboard's line has this many slots; `har train --store` trains with the torch threads one of them gets, so
    that its runs have the content keys the server's trainings of the same setup have."""
    value = os.environ.get(SLOTS_ENV, "")
    try:
        return max(1, int(value)) if value.strip() else cores()
    except ValueError:
        return cores()


def threads_per_training(limiter: TrainingLimiter) -> int:
    """Torch threads for one training, so that `limiter.slots` trainings fill the cores once."""
    return max(1, cores() // limiter.slots)


def memory_per_training(limiter: TrainingLimiter) -> int:
    """Bytes one training may use: HAR_MEMORY_LIMIT_MB when set (it is per training), else the
    memory free now shared among the limiter's slots, since that many trainings may run at once."""
    if os.environ.get(LIMIT_ENV, "").strip():
        return available_memory()
    return available_memory() // limiter.slots


class BackgroundJob:
    """One piece of long work in a thread: it waits in line at the limiter, sends its trainings to a
    backend (har.backends: worker processes on the server, this process for a command, a Ray cluster),
    can be stopped, and keeps what it finished. Subclasses supply `_work()`, which runs while the job
    holds a slot, and may map a HarError to a status in `_failed`.

    The status goes queued -> running -> finished | stopped | diverged | failed.

    Why a thread and not a loop in the page script: Streamlit stops and reruns a script whenever a
    widget changes or the user switches page, so a loop there would be cut off (or block every
    other control) mid-run. The thread lives outside the script runs; a page reads a snapshot of
    its results from an `st.fragment(run_every=...)`, so moving a slider, opening another page or
    stopping the run never loses a finished epoch.
    """

    crash = "crash.job"  # the error key of what is said when a bug ends the job ("The job failed: {detail}")

    def __init__(self, *, name: str, limiter: TrainingLimiter, backend=None, on_end: Callable | None = None):
        self.name = name  # "training", "lab-seeds", ...
        # called in the job's thread with the job and its end status as it ends, before the status says so:
        # whoever sees the job done finds its result kept (the run store's hooks: har/store/filing.py for a
        # training, dashboard/lab_keep.py for a study); a hook that fails is logged and the job still ends
        self.on_end = on_end
        self.limiter = limiter  # the line it waits in: the server's (dashboard/server.py) or a command's own
        self.backend = backends.choose(server=True) if backend is None else backend
        self.threads = threads_per_training(self.limiter)  # per training, fixed for the job's whole life
        self.stop_event = threading.Event()
        self.status = "queued"
        self.error = ""  # one sentence for the user when it diverged or failed (English)
        self.failure: Message | str | None = None  # the same sentence as data, to render in the reader's language
        self.queued: float | None = None  # when start() put it in line for a slot
        self.started: float | None = None  # when it got a slot and began
        self.ended: float | None = None
        self.collected = False  # set by the app once it has filed or redrawn the result
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    @property
    def done(self) -> bool:
        return self.status in DONE

    @property
    def stopping(self) -> bool:
        """Stop was asked for (the job may still be finishing its batch)."""
        return self.stop_event.is_set()

    def start(self):
        self.queued = time.time()
        self._thread.start()
        return self

    def run(self):
        """Do the job in the calling thread instead (a command's way: Ctrl-C then interrupts the training
        itself, which keeps its finished epochs, and KeyboardInterrupt reaches the caller)."""
        self.queued = time.time()
        self._run()
        return self

    def stop(self) -> None:
        self.stop_event.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread ends; True if it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def queue_position(self) -> int | None:
        return self.limiter.position(self) if self.status == "queued" else None

    def queue_wait(self) -> float | None:
        """Seconds between queueing and getting a slot; None until it has a slot."""
        if self.queued is None or self.started is None:
            return None
        return self.started - self.queued

    def elapsed(self) -> float:
        """Seconds spent working so far (0 while queued)."""
        if self.started is None:
            return 0.0
        return (self.ended or time.time()) - self.started

    def _run(self) -> None:
        try:
            if not self.limiter.acquire(self, self.stop_event):
                self._finish("stopped")
                return
            try:
                self.started = time.time()
                self.status = "running"
                self._work()
            finally:
                self.limiter.release()
        except HarError as e:
            self.failure = e.sentence
            self._finish(self._failed(e), str(e))
        except Exception as e:  # a bug must not kill the server thread silently
            bug = HarError.of(self.crash, detail=f"{type(e).__name__}: {e}")
            self.failure = bug.sentence
            self._finish("failed", str(bug))
        else:
            self._finish("stopped" if self._stopped() else "finished")

    def _work(self) -> None:
        raise NotImplementedError

    def _failed(self, error: HarError) -> str:
        return "failed"

    def _stopped(self) -> bool:
        return self.stop_event.is_set()

    def _finish(self, status: str, message: str = "") -> None:
        if self.on_end is not None:
            try:
                self.on_end(self, status)
            except Exception:  # keeping the result is a bonus: the job still ends and its result stays
                log.exception("the end hook of %s failed", self._thread.name)
        self.error = message
        self.ended = time.time()
        log_job(self, status)
        self.status = status


def log_job(job: BackgroundJob, status: str) -> None:
    """Add `job`'s line to the HAR_JOB_LOG file, when one is set; a log that cannot be written is skipped."""
    path = os.environ.get(LOG_ENV, "").strip()
    if not path:
        return
    line = {"kind": job.name, "status": status}
    line |= {"queued": job.queued, "started": job.started, "ended": job.ended, "threads": job.threads}
    if isinstance(job, TrainingJob):  # two lines with one key: the same setup trained twice
        line["key"] = job.key
    try:
        with _log_lock, open_log(path) as f:
            f.write(json.dumps(line) + "\n")
    except (OSError, HarError):
        pass


def open_log(path) -> TextIO:
    """The job log open for appending, refused (HarError) unless it is a regular file: it is opened without
    blocking, so a FIFO nobody reads fails at once instead of holding the job before its end status forever."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o644)  # ENXIO: a FIFO, no reader
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise HarError.of("jobs.log_not_file", path=str(path), env=LOG_ENV)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "a", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


def check_log() -> HarError | None:
    """What is wrong with HAR_JOB_LOG, said once at start-up (the log itself skips what it cannot write)."""
    path = os.environ.get(LOG_ENV, "").strip()
    if not path or not os.path.exists(path):
        return None
    if not stat.S_ISREG(os.stat(path).st_mode):
        return HarError.of("jobs.log_not_file", path=path, env=LOG_ENV)
    return None


class TrainingJob(BackgroundJob):
    """Train the RNN and the CNN on one split, one run record as the result; the job's thread is the only
    writer of `record`, readers call `snapshot()`. `stop()` ends the run within one batch and every
    completed epoch stays in the record.

    The two models race when a second slot is free and nobody waits in line, and take turns otherwise, by the
    rules of har.schedule, which a lab study's trainings follow too.
    """

    crash = "crash.training"

    def __init__(
        self,
        *,
        data: Dataset,
        split: Split,
        models: dict[str, ModelConfig],
        train: TrainConfig,
        source: str,
        split_seed: int = 0,
        test_fraction: float = 0.2,
        limiter: TrainingLimiter,
        backend=None,
        on_epoch: Callable[[str, object], None] | None = None,
        on_end: Callable[[TrainingJob, str], None] | None = None,
    ):
        self.data, self.split, self.models, self.train = data, split, dict(models), train
        self.on_epoch = on_epoch  # called in the job's thread as each epoch arrives (tests hook here)
        self._key: str | None = None
        super().__init__(name="training", limiter=limiter, backend=backend, on_end=on_end)  # once the record ends
        shape = data.shape
        params = {name: count_params(c, **shape) for name, c in self.models.items()}
        self.record = new_record(
            data=data,
            source=source,
            split=split,
            models=self.models,
            params=params,
            train=train,
            test_fraction=test_fraction,
            split_seed=split_seed,
            threads=self.threads,
        )
        self._thread.name = f"training-{self.id}"
        self.lock = threading.Lock()
        self._scheduler: Scheduler | None = None  # while it works: its trial's runs
        self._states: dict[str, dict] = {}  # name -> weights of each model that finished every epoch

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def key(self) -> str:
        """The training's content key (har.store.key): equal for two trainings that give the same numbers."""
        if self._key is None:
            device = str(resolve_device(self.train.device))
            parts = {"data": self.data, "split": self.split, "models": self.models, "train": self.train}
            self._key = content_key(**parts, device=device, threads=self.threads)
        return self._key

    def start(self) -> TrainingJob:
        """Queue the training; a HarError, and nothing started, if its models do not fit in memory."""
        self.check_fits()
        return super().start()

    def check_fits(self) -> None:
        """A HarError when the models would not fit in a training's share of the memory (har.guard)."""
        shape = self.data.shape
        check_fits(self.models, shape, self.train.batch_size, available=memory_per_training(self.limiter))

    def snapshot(self) -> RunRecord:
        """A private copy of the record, safe to read while training goes on."""
        with self.lock:
            return copy.deepcopy(self.record)

    def epoch_counts(self) -> tuple[int, ...]:
        """Epochs completed by each model: changes exactly when there is something new to draw."""
        with self.lock:
            return tuple(len(m.history) for m in self.record.models.values())

    def progress(self) -> tuple[int, int]:
        """(epochs completed by the slower model, epochs asked for)."""
        with self.lock:
            done = min(len(m.history) for m in self.record.models.values())
        return done, self.train.epochs

    def trained_models(self) -> dict | None:
        """The trained models (name -> nn.Module, rebuilt here on the CPU in eval mode from the weights their run
        sent back) once the training finished every epoch; None before that, and for a run that stopped, diverged
        or failed (its weights would not match its last recorded epoch)."""
        return self.final_models(self.status)

    def final_models(self, status: str) -> dict | None:
        """The trained models as trained_models() gives them once the job ends with `status`."""
        if status != "finished" or not self._states:
            return None
        return {name: from_state(self.models[name], state, **self.data.shape) for name, state in self._states.items()}

    def _failed(self, error: HarError) -> str:
        return "diverged" if isinstance(error, TrainingDiverged) else "failed"  # its message names epoch and model

    @property
    def extra_slots(self) -> int:
        """Slots held besides the job's own, while its models race."""
        return self._scheduler.extra if self._scheduler is not None else 0

    def _work(self) -> None:
        # The same seed for both models: each starts from its own reproducible weights.
        trial = Trial("training", self.models, self.train, self.split, self.train.seed)
        self._scheduler = Scheduler(
            [trial],
            self.backend,
            self.data,
            threads=self.threads,
            stop=self.stop_event,
            limiter=self.limiter,
            holder=self,
            keep=True,
        )
        for _, event in self._scheduler.events():  # raises the first error a run ended with
            if isinstance(event, Epoch):
                self._add(event)
            else:
                self._states = dict(event.states)

    def _add(self, event: Epoch) -> None:
        with self.lock:
            add_epoch(self.record, event.name, event.record)
        if self.on_epoch is not None:
            self.on_epoch(event.name, event.record)

    def _finish(self, status: str, message: str = "") -> None:
        with self.lock:
            finish(self.record, status, message)
        super()._finish(status, message)
