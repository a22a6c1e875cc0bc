"""Where trainings run, decided here and nowhere else: on a Ray cluster when HAR_RAY_ADDRESS is set; else
the server's trainings in worker processes (so page traffic cannot starve them) and a command's in its
own process. Every backend takes the same Unit and sends back the same events (unit.py), so a run's
history depends on its seed, config and torch threads only, not on where it ran."""

from __future__ import annotations

import os
import threading

from har.backends.group import RunGroup
from har.backends.local import InProcess, Run
from har.backends.pool import WorkerPool
from har.backends.unit import End, Epoch, Unit
from har.errors import HarError

RAY_ENV = "HAR_RAY_ADDRESS"  # "auto" (a cluster started on this machine) or the head's host:port

_lock = threading.Lock()
_shared: dict[str, object] = {}  # the pool and the cluster connection, one each per process


def choose(*, server: bool):
    """The backend for a training or a study: `server` is True for the dashboard's, False for a command's."""
    if os.environ.get(RAY_ENV, "").strip():
        return cluster()
    return pool() if server else InProcess()


def pool() -> WorkerPool:
    """This process's worker pool (no process starts until the first training)."""
    with _lock:
        if "pool" not in _shared:
            _shared["pool"] = WorkerPool()
        return _shared["pool"]


def cluster():
    """This process's Ray backend, for the cluster HAR_RAY_ADDRESS names (it connects at the first training)."""
    try:
        from har.backends.cluster import RayCluster  # Ray is an optional extra: only imported when asked for
    except ModuleNotFoundError as e:
        if e.name != "ray":
            raise
        raise HarError.of("cluster.no_ray", env=RAY_ENV) from None
    with _lock:
        if "cluster" not in _shared:
            _shared["cluster"] = RayCluster(os.environ.get(RAY_ENV, "").strip())
        return _shared["cluster"]


__all__ = ["RAY_ENV", "End", "Epoch", "InProcess", "Run", "RunGroup", "Unit", "WorkerPool", "choose", "cluster", "pool"]
