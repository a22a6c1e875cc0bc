"""Trainings in worker processes, so the server's own interpreter (every student's page) cannot starve them:
started when first needed and kept for the next training, fed each data set once through shared memory.

A worker that dies (killed, out of memory) ends its run with one sentence; the run keeps the epochs it
had sent, and the next training gets a fresh worker.
"""

from __future__ import annotations

import itertools
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import weakref
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np

from har.backends.local import Run
from har.backends.unit import Unit, worker_lost


class Worker:
    """One worker process (`python -m har.backends.worker`) and our end of its socket."""

    def __init__(self):
        ours, theirs = socket.socketpair()
        # The worker imports the same `har` this process did, whatever the working folder.
        home = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [home, os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "har.backends.worker", str(theirs.fileno())]
        self.process = subprocess.Popen(command, pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        theirs.close()  # only the worker holds its end now, so its death reads as the end of the socket here
        self.conn = Connection(ours.detach())
        self.tasks = 0
        self._send = threading.Lock()  # a stop may come from another thread while a task is being sent

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, ref, y: np.ndarray, shape: dict, unit: Unit) -> int:
        with self._send:
            self.tasks += 1
            self.conn.send(("task", self.tasks, ref, y, shape, unit))
            return self.tasks

    def stop(self, number: int) -> None:
        with self._send:
            try:
                self.conn.send(("stop", number))
            except OSError:  # it is gone already; its run ends on its own
                pass

    def close(self) -> None:
        self.conn.close()
        if self.alive():
            self.process.kill()
        self.process.wait(5)


class SharedClips:
    """A data set's clips written once to a file in memory (/dev/shm where there is one) that every worker
    maps read-only: one copy in RAM for all of them, whatever number of trainings read it. The file goes
    when the data set does (or at exit)."""

    folder = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else Path(tempfile.gettempdir())
    count = itertools.count()

    def __init__(self, data):
        self.path = self.folder / f"har-clips-{os.getpid()}-{next(self.count)}.npy"
        np.save(self.path, data.X)
        weakref.finalize(data, self.path.unlink, missing_ok=True)

    @classmethod
    def sweep(cls) -> None:
        """Remove the files a process that died without cleaning up left behind."""
        for path in cls.folder.glob("har-clips-*-*.npy"):
            pid = int(path.name.split("-")[2])
            if pid != os.getpid() and not _running(pid):
                path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


class WorkerPool:
    """Worker processes, one per training running at once (the server's limiter bounds how many)."""

    name = "worker processes"
    fan_out = False  # a study's members go one after another, on the slot it holds

    def __init__(self):
        self._idle: list[Worker] = []
        self._busy: set[Worker] = set()
        self._lock = threading.Lock()
        self._clips: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Dataset -> SharedClips
        SharedClips.sweep()
        self.started = 0  # workers ever started: a replaced worker counts again

    def submit(self, data, unit: Unit, events: queue.Queue, stop=None) -> PoolRun:
        """`stop` is left to the reader (RunGroup looks at it while it waits)."""
        run = PoolRun(unit, events)
        ref = self._share(data)
        args = (self, ref, data.y, data.shape)
        threading.Thread(target=run._serve, args=args, name="har-worker-feed", daemon=True).start()
        return run

    def warm(self, workers: int, data=None) -> int:
        """Start workers until `workers` are live (each imports torch as it starts) and share `data`, ahead of the
        first training, so its first click waits for neither; return how many were started."""
        if data is not None:
            self._share(data)
        with self._lock:
            missing = max(0, workers - sum(w.alive() for w in [*self._idle, *self._busy]))
            self.started += missing
        for _ in range(missing):
            w = Worker()  # outside the lock: starting a process takes a while
            with self._lock:
                self._idle.append(w)
        return missing

    def pids(self, *, busy: bool = False) -> list[int]:
        """The process ids of the live workers: all of them, or only those training now."""
        with self._lock:
            return [w.pid for w in [*([] if busy else self._idle), *self._busy] if w.alive()]

    def close(self) -> None:
        """End every idle worker (busy ones end with their runs' pipes)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for w in idle:
            w.close()

    def _share(self, data) -> tuple:
        with self._lock:
            if data not in self._clips:
                self._clips[data] = SharedClips(data)
            return str(self._clips[data].path)

    def _take(self) -> Worker:
        with self._lock:
            while self._idle:
                w = self._idle.pop()
                if w.alive():
                    self._busy.add(w)
                    return w
                w.close()
            self.started += 1
        w = Worker()  # outside the lock: starting a process takes a while
        with self._lock:
            self._busy.add(w)
        return w

    def _give_back(self, w: Worker, alive: bool) -> None:
        with self._lock:
            self._busy.discard(w)
            if alive:
                self._idle.append(w)
        if not alive:
            w.close()


class PoolRun(Run):
    def __init__(self, unit: Unit, events: queue.Queue):
        super().__init__(unit, events)
        self._task: tuple[Worker, int] | None = None

    def _stop(self) -> None:
        task = self._task
        if task is not None:
            task[0].stop(task[1])

    def _serve(self, pool: WorkerPool, ref, y, shape) -> None:
        """In a thread of the server: hand the unit to a worker, pass its events on, give it back."""
        try:
            w = pool._take()
        except Exception as error:  # no process could be started (out of memory, too many processes)
            self._end(error)
            return
        alive = False
        try:
            self._task = (w, w.send(ref, y, shape, self.unit))
            if self.stopping:  # stop() came while the worker was being found
                self._stop()
            while True:
                kind, payload = w.conn.recv()
                if kind == "event":
                    self._pass(payload)
                    continue
                alive = True
                self._end(payload if kind == "error" else None)
                return
        except (EOFError, OSError):  # the worker died: its pipe closed under us
            self._end(worker_lost())
        except Exception as error:  # what it sent could not be read: it may be in any state
            self._end(error)
        finally:
            pool._give_back(w, alive)
