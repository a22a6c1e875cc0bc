"""The life of one worker process of the pool (har/backends/pool.py), started as
`python -m har.backends.worker FD`: take a task from the socket FD, train it on the clips the pool
shared, send its events back, until the socket closes."""

from __future__ import annotations

import pickle
import signal
import sys
from multiprocessing.connection import Connection

import numpy as np

from har.backends.unit import Unit, train_unit


class StopFlag:
    """What `fit` checks between batches: set once the pool has sent ("stop", number) for this task.
    While a task trains the pool sends nothing else, so anything waiting on the socket is a stop."""

    def __init__(self, conn: Connection, number: int):
        self.conn, self.number, self.set = conn, number, False

    def is_set(self) -> bool:
        while not self.set and self.conn.poll():
            self.set = self.conn.recv() == ("stop", self.number)
        return self.set


class Clips:
    """The data set this worker trains on: the pool's file mapped read-only (no copy of its own)."""

    def __init__(self):
        self.path, self.X = None, None

    def get(self, path: str) -> np.ndarray:
        if path != self.path:
            self.X = np.load(path, mmap_mode="r")
            self.path = path
        return self.X


def serve(conn: Connection) -> None:
    """The worker's main loop: ("task", number, clips ref, y, shape, unit) in; ("event", ...) out, then
    ("end", None) or ("error", exception). A stop for a task that already ended is dropped. It returns
    when the pool closes its end of the socket."""
    warm_up()
    clips = Clips()
    try:
        while True:
            message = conn.recv()
            if message[0] != "task":
                continue  # a late stop
            _, number, ref, y, shape, unit = message
            try:
                for event in train_unit(clips.get(ref), y, shape, unit, StopFlag(conn, number)):
                    conn.send(("event", event))
            except Exception as error:
                conn.send(("error", sendable(error)))
            else:
                conn.send(("end", None))
    except (EOFError, OSError):  # the pool went away
        return


def warm_up() -> None:
    """Pay the one-off costs before the first task: importing torch and the engine, and one epoch of a tiny
    GRU and a tiny Conv1d on four random clips (the first optimiser step, the first GRU and convolution
    kernels, the autograd engine), so the first student's race does not pay them."""
    from har.configs import CNNConfig, RNNConfig, TrainConfig

    X = np.random.default_rng(0).random((4, 10, 1024), dtype=np.float32)
    y = np.array([0, 1, 0, 1])
    shape = {"n_frames": 10, "n_features": 1024, "n_classes": 2}
    tiny = Unit({"rnn": RNNConfig(hidden=2), "cnn": CNNConfig(widths=(2,))}, TrainConfig(epochs=1, batch_size=2),
                np.arange(4), np.arange(2), seed=0, threads=1)  # fmt: skip
    for _ in train_unit(X, y, shape, tiny):
        pass


def sendable(error: Exception) -> Exception:
    """`error` if it survives the pipe (a HarError keeps its catalog key), else a RuntimeError saying it."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C at the server's terminal is for the server; we follow it
    serve(Connection(int(sys.argv[1])))
