"""What every benchmark section shares: the `Bench` (data, split, tensors, store, settings) and
helpers to time contenders and to run probes in fresh processes."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from bench.probe import digest
from bench.report import Row
from har.data.dataset import Dataset, make_dataset
from har.data.demo import make_demo
from har.data.splits import Split, make_split
from har.data.store import class_names_from_keys, parse_groups, write_store
from har.jobs import TrainingLimiter, cores, threads_per_training
from har.models import CNNConfig, ModelConfig, RNNConfig, build_model
from har.train import Tensors, TrainConfig

ROOT = Path(__file__).resolve().parents[1]  # the checkout: bench/, har/, streamlit_app.py


def bench_models(quick: bool) -> dict[str, ModelConfig]:
    """The models raced: the app's defaults, or tiny ones in quick mode."""
    if quick:
        return {"rnn": RNNConfig(hidden=16), "cnn": CNNConfig(widths=(16,))}
    return {"rnn": RNNConfig(), "cnn": CNNConfig()}


@dataclass
class Bench:
    """What every section shares: the data, its split and tensors, the store on disk, settings."""

    quick: bool
    rounds: int  # timed rounds per comparison: epochs per contender, app runs per side
    tmp: Path
    device: torch.device
    threads: int  # torch threads of one training, as the app sets them
    default_threads: int  # torch's own choice for this machine
    data: Dataset | None = None
    split: Split | None = None
    tensors: Tensors | None = None
    store: Path | None = None
    results: dict = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)  # wall time of each section

    def models(self) -> dict[str, ModelConfig]:
        return bench_models(self.quick)

    def build(self, family: str) -> torch.nn.Module:
        return build_model(self.models()[family], seed=0, **self.data.shape).to(self.device)

    def train_config(self, epochs: int) -> TrainConfig:
        return TrainConfig(epochs=epochs, batch_size=32, device=self.device.type)

    def ensure_store(self) -> Path:
        """The data written once in the course's layout (zarr v2, one Blosc chunk per clip)."""
        if self.store is None:
            say(f"writing a {self.data.n}-clip course-layout store")
            self.store = write_store(self.tmp / "clips.zarr", self.data.X, self.data.y, self.data.keys)
        return self.store

    def skip(self, section: str, reason: str) -> dict:
        """Note in the table that `section` did not run here, and why (one sentence)."""
        say(f"{section} skipped: {reason}")
        self.rows.append(Row(section, f"skipped: {reason}", "skipped"))
        return {"skipped": reason}

    def split_data(self) -> None:
        """The random split of the data and its tensors on the bench's device, built afresh."""
        self.split = make_split(self.data, "random", seed=0)
        self.tensors = Tensors.from_arrays(
            self.data.X, self.data.y, self.split.train_idx, self.split.test_idx, self.device
        )


def setup(quick: bool, epochs: int, tmp: Path, device: torch.device, default_threads: int) -> Bench:
    """The demo data (a tenth of it in quick mode), split, with torch at the app's thread count."""
    threads = threads_per_training(TrainingLimiter(cores()))  # the app's server-wide default
    torch.set_num_threads(threads)
    bench = Bench(quick=quick, rounds=epochs, tmp=tmp, device=device, threads=threads, default_threads=default_threads)
    say("building the demo data" + (" (quick: a tenth of it)" if quick else ""))
    bench.data = make_demo(scale=0.1 if quick else 1.0)
    bench.split_data()
    return bench


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def median_ratio(a: list[float], b: list[float]) -> float:
    """Median of the per-round ratios a[i] / b[i]: a busy machine slows both sides of a round alike."""
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


def at_threads(threads: int, fn):
    """`fn` run at `threads` torch threads; the count it found is restored after."""

    def run():
        before = torch.get_num_threads()
        torch.set_num_threads(threads)
        try:
            return fn()
        finally:
            torch.set_num_threads(before)

    return run


def reference_digest(data: Dataset) -> str:
    """The digest a load probe reports for a store written from `data`: clips in key order."""
    order = np.argsort(np.asarray(data.keys))
    keys = [data.keys[i] for i in order]
    y = data.y[order]
    return digest(make_dataset("x", data.X[order], y, keys, class_names_from_keys(keys, y), parse_groups(keys)))


def run_probe(*args) -> tuple[dict, float]:
    """Run `python -m bench.probe ARGS` in a fresh process: (its JSON, wall seconds)."""
    start = time.perf_counter()
    result = _finish_probe(_start_probe(args))
    return result, time.perf_counter() - start


def run_probes_together(*arg_lists) -> list[dict]:
    """Run several probes at once: memory probes, whose numbers do not depend on time, and the two
    models of a race, which the server trains at once too."""
    return [_finish_probe(p) for p in [_start_probe(args) for args in arg_lists]]


def _start_probe(args) -> tuple[tuple, subprocess.Popen]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "bench.probe", *map(str, args)]
    return args, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _finish_probe(started) -> dict:
    args, process = started
    out, err = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"bench probe {args[0]} failed: {err.strip().splitlines()[-1:]}")
    return json.loads(out.strip().splitlines()[-1])
