"""Trainings on a Ray cluster, when HAR_RAY_ADDRESS names one: each unit is a streaming Ray task that yields
its epochs as they end; the data set goes to the cluster's object store once (a named hub actor keeps it,
found again by its checksum), and Stop cancels the task. Ray is imported here only (an optional extra)."""

from __future__ import annotations

import hashlib
import os
import queue
import socket
import threading
import weakref
from pathlib import Path

import ray
from ray import exceptions as rex

from har.backends.local import Run
from har.backends.unit import Unit, train_unit, worker_lost
from har.errors import HarError

ENV = "HAR_RAY_ADDRESS"
NAMESPACE = "har"
HUB = "har-data"  # the hub actor's name in NAMESPACE
KEPT = 4  # data sets the hub keeps; the oldest goes first
LOST = (rex.WorkerCrashedError, rex.ActorDiedError, rex.NodeDiedError, rex.ObjectLostError, rex.OwnerDiedError)


@ray.remote(num_cpus=0)
class Hub:
    """One per cluster, detached: it puts each data set in the object store itself, so the clips belong to
    the cluster and outlive the app that sent them (an object belongs to the process that put it)."""

    def __init__(self):
        self.refs: dict[str, list] = {}

    def lookup(self, key: str):
        return self.refs.get(key)

    def put(self, key: str, X, y):
        if key not in self.refs:
            self.refs[key] = [ray.put(X), ray.put(y)]
            while len(self.refs) > KEPT:
                self.refs.pop(next(iter(self.refs)))  # runs still training on it keep their own references
        return self.refs[key]  # a list of refs comes back as refs, not as the arrays


@ray.remote(num_returns="streaming", max_retries=0)  # a lost worker must end the run, not train it again
def _train(refs: list, shape: dict, unit: Unit):
    """On a cluster worker: the clips as read-only views of the object store (no copy), then the unit."""
    X, y = ray.get(refs)
    yield from train_unit(X, y, shape, unit)  # stop: ray.cancel interrupts it between two operations


class RayCluster:
    """The backend for one cluster; it connects at the first training, in the thread that asks."""

    name = "a Ray cluster"
    fan_out = True  # a study sends all its runs at once; the cluster schedules them on its CPUs

    def __init__(self, address: str):
        self.address = address
        self._lock = threading.Lock()
        self._keys: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Dataset -> checksum
        self._refs: dict[str, list] = {}  # checksum -> [X ref, y ref], this process's copy of the hub's list

    def submit(self, data, unit: Unit, events: queue.Queue, stop=None) -> RayRun:
        """`stop` is left to the reader (RunGroup looks at it while it waits)."""
        run = RayRun(unit, events)
        threading.Thread(target=run._serve, args=(self, data), name="har-ray-feed", daemon=True).start()
        return run

    def connect(self) -> None:
        """Join the cluster once per process; one sentence when nothing answers at the address."""
        with self._lock:
            if ray.is_initialized():
                return
            reachable(self.address)
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            try:
                ray.init(address=self.address, **init_options())
            except ConnectionError:
                raise HarError.of("cluster.none_here", env=ENV) from None

    def shared(self, data) -> list:
        """[X ref, y ref] of `data` in the cluster's object store: put once per cluster, by checksum."""
        with self._lock:
            if data not in self._keys:
                self._keys[data] = checksum(data)
            key = self._keys[data]
            if key not in self._refs:
                hub = Hub.options(name=HUB, namespace=NAMESPACE, lifetime="detached", get_if_exists=True).remote()
                refs = ray.get(hub.lookup.remote(key))
                self._refs[key] = refs if refs is not None else ray.get(hub.put.remote(key, data.X, data.y))
            return self._refs[key]

    def forget(self) -> None:
        """Drop what this process knows of the hub's data sets (the hub or its node went away)."""
        with self._lock:
            self._refs.clear()


class RayRun(Run):
    def __init__(self, unit: Unit, events: queue.Queue):
        super().__init__(unit, events)
        self._task = None

    def _stop(self) -> None:
        task = self._task
        if task is not None:
            ray.cancel(task)  # a queued task never starts; a running one stops within its batch

    def _serve(self, cluster: RayCluster, data) -> None:
        """In a thread of this process: send the unit, pass its epochs on as they stream back."""
        try:
            cluster.connect()
            refs = cluster.shared(data)
            self._task = _train.options(num_cpus=self.unit.threads).remote(refs, data.shape, self.unit)
            if self.stopping:  # stop() came while the task was being sent
                self._stop()
            for ref in self._task:
                self._pass(ray.get(ref))
        except Exception as error:
            if isinstance(error, (rex.ObjectLostError, rex.OwnerDiedError)):
                cluster.forget()
            self._end(explain(error))
        else:
            self._end()


def explain(error: Exception) -> Exception | None:
    """What ended a run on the cluster, as the engine would have said it here: None for a stop (the
    finished epochs tell it was one), the engine's own error (a divergence keeps its Message, to say in
    any language), one sentence for a lost worker or node, else the error itself."""
    if isinstance(error, rex.TaskCancelledError):  # a RayTaskError wrapping one is one too
        return None
    if isinstance(error, LOST):
        return worker_lost()
    cause = getattr(error, "cause", None)
    if isinstance(error, rex.RayTaskError) and isinstance(cause, Exception):
        return cause  # str(error) is a coloured traceback; the cause is what the task raised
    return error


def init_options() -> dict:
    """What `ray.init` gets besides the address (also for a test's own local cluster): quiet, in our
    namespace, and with this very `har` shipped to the workers, so a run has the history it has here."""
    har = str(Path(__file__).resolve().parents[1])
    return dict(namespace=NAMESPACE, runtime_env={"py_modules": [har]}, log_to_driver=False, logging_level="ERROR")


def reachable(address: str, timeout: float = 2.0) -> None:
    """`ray.init` keeps trying an address for minutes when nothing answers there, or something other than Ray
    does, or (for "auto") when Ray's temp folder names a cluster that has stopped: one bounded probe first,
    and a sentence when it fails."""
    if address in ("", "local"):
        return
    if address == "auto":
        named, file = address_file()
        if named is None:
            return  # "auto" fails at once when no cluster runs on this machine (cluster.none_here)
        if not speaks_grpc(named, timeout):
            raise HarError.of("cluster.stale", env=ENV, address=named, file=str(file))
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except (OSError, ValueError):
        raise HarError.of("cluster.unreachable", address=address, env=ENV) from None
    if not speaks_grpc(address.removeprefix("ray://"), timeout):
        raise HarError.of("cluster.not_ray", address=address, env=ENV)


HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"  # + empty SETTINGS
SETTINGS = 0x04  # the frame type every HTTP/2 server sends first


def speaks_grpc(address: str, timeout: float) -> bool:
    """True when the server at host:port answers as an HTTP/2 (gRPC) server does, as a Ray head's GCS and its
    client server do: it sends a SETTINGS frame first. A web server, a database or a closed port does not."""
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(HTTP2_PREFACE)
            head = b""
            while len(head) < 9:
                chunk = s.recv(9 - len(head))
                if not chunk:
                    break
                head += chunk
    except (OSError, ValueError):
        return False
    return len(head) == 9 and head[3] == SETTINGS


def address_file() -> tuple[str | None, Path]:
    """(the address Ray's "auto" would join, the file naming it): the last `ray start` on this machine wrote it to
    ray_current_cluster in Ray's temp folder (RAY_TMPDIR, else TMPDIR, else /tmp), and it outlives the cluster."""
    base = os.environ.get("RAY_TMPDIR") or os.environ.get("TMPDIR") or "/tmp"
    file = Path(base) / "ray" / "ray_current_cluster"
    try:
        text = file.read_text().strip()
    except OSError:
        return None, file
    return (text or None), file


def checksum(data) -> str:
    """The clips' and labels' checksum: the same data set is put once, whoever sends it."""
    h = hashlib.blake2b(digest_size=16)
    h.update(memoryview(data.X).cast("B"))
    h.update(data.y.tobytes())
    h.update(repr(data.X.shape).encode())
    return h.hexdigest()
