"""`python -m har bench`: how close training, loading and the app come to what this machine allows.

One process, one run, on the demo data at full size (1,599 clips x 10 frames x 1,024 features):
  engine    the engine vs the plainest loop and vs the course notebook's zarr + DataLoader loop
  hardware  achieved training FLOP/s as a share of this machine's float32 matmul FLOP/s
  load      cold and cached loads of a course-layout store, each in a fresh process
  app       parameter counts, per-epoch figures, a background training job vs the bare engine
  memory    peak memory of one training per model and of a process holding the data
Timings alternate between the contenders (A B A B) and report medians of per-round ratios, so
a busy machine slows both sides alike. `--quick` runs the same code on a tiny set (tests).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from har.args import Parser, UsageError, run_command
from har.bench.report import Row, table
from har.data.splits import make_split
from har.models import CNNConfig, RNNConfig, build_model
from har.train import Tensors, TrainConfig, resolve_device

SECTIONS = ("engine", "hardware", "load", "app", "memory")


def bench_models(quick: bool) -> dict:
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
    data: object = None
    split: object = None
    tensors: Tensors | None = None
    store: Path | None = None
    results: dict = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)  # wall time of each section

    def models(self) -> dict:
        return bench_models(self.quick)

    def build(self, family: str):
        shape = self.data.shape
        return build_model(self.models()[family], seed=0, **shape).to(self.device)

    def train_config(self, epochs: int) -> TrainConfig:
        return TrainConfig(epochs=epochs, batch_size=32, device=self.device.type)

    def ensure_store(self) -> Path:
        """The data written once in the course's layout (zarr v2, one Blosc chunk per clip)."""
        if self.store is None:
            from har.data.store import write_store

            say(f"writing a {self.data.n}-clip course-layout store")
            self.store = write_store(self.tmp / "clips.zarr", self.data.X, self.data.y, self.data.keys)
        return self.store


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def median_ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


def run_probe(*args) -> tuple[dict, float]:
    """Run `python -m har.bench.probe ARGS` in a fresh process: (its JSON, wall seconds)."""
    start = time.perf_counter()
    result = _finish_probe(_start_probe(args))
    return result, time.perf_counter() - start


def run_probes_together(*arg_lists) -> list[dict]:
    """Run several probes at once: only for memory probes, whose numbers do not depend on time."""
    return [_finish_probe(p) for p in [_start_probe(args) for args in arg_lists]]


def _start_probe(args) -> tuple[tuple, subprocess.Popen]:
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "har.bench.probe", *map(str, args)]
    return args, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _finish_probe(started) -> dict:
    args, process = started
    out, err = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"bench probe {args[0]} failed: {err.strip().splitlines()[-1:]}")
    return json.loads(out.strip().splitlines()[-1])


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m har bench", description=__doc__.splitlines()[0])
    p.add_argument(
        "--quick", action="store_true", help="a tiny data set and tiny models, 1 round: seconds, not minutes"
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON (the table goes to stderr)")
    p.add_argument(
        "--epochs",
        type=int,
        default=None,
        help="timed epochs per contender, after one warm-up epoch (default 3, quick 1)",
    )
    p.add_argument("--only", choices=SECTIONS, action="append", help="run only this section (repeatable)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto", help="where the engine trains")
    return p


def main(argv=None) -> int:
    """Run the benchmark; 0 ok, 2 on a bad argument (one line on stderr)."""
    return run_command(_run, argv)


def _run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    epochs = args.epochs if args.epochs is not None else (1 if args.quick else 3)
    if epochs < 1:
        raise UsageError("--epochs must be at least 1")
    from har.bench.sections import RUNNERS, setup

    default_threads = torch.get_num_threads()
    try:
        with tempfile.TemporaryDirectory(prefix="har-bench-") as tmp:
            bench = setup(args.quick, epochs, Path(tmp), resolve_device(args.device), default_threads)
            for name in args.only or SECTIONS:
                say(f"section {name}")
                start = time.perf_counter()
                bench.results[name] = RUNNERS[name](bench)
                bench.seconds[name] = time.perf_counter() - start
    finally:
        torch.set_num_threads(default_threads)
    bench.results["meta"] = meta(bench, args)
    bench.results["table"] = [r.as_dict() for r in bench.rows]
    text = table(bench.rows, bench.results["meta"])
    if args.json:
        print(text, file=sys.stderr)
        print(json.dumps(bench.results, indent=1))
    else:
        print(text)
    return 0


def meta(bench: Bench, args) -> dict:
    return {
        "command": " ".join(["python -m har bench", *_argv(args)]),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "torch": torch.__version__,
        "device": str(bench.device),
        "threads": bench.threads,
        "default_threads": bench.default_threads,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "quick": bench.quick,
        "rounds": bench.rounds,
        "section_seconds": bench.seconds,
        "data": {"n": bench.data.n, "t": bench.data.t, "f": bench.data.f, "n_train": len(bench.split.train_idx)},
    }


def _argv(args) -> list[str]:
    out = ["--quick"] if args.quick else []
    if args.epochs is not None:
        out += ["--epochs", str(args.epochs)]
    for name in args.only or ():
        out += ["--only", name]
    if args.device != "auto":
        out += ["--device", args.device]
    return out + (["--json"] if args.json else [])


def reference_digest(data) -> str:
    """The digest `bench_probe` reports for a store written from `data`: clips in key order."""
    from har.bench.probe import digest
    from har.data.dataset import make_dataset
    from har.data.store import class_names_from_keys, parse_groups

    order = np.argsort(np.asarray(data.keys))
    keys = [data.keys[i] for i in order]
    y = data.y[order]
    return digest(make_dataset("x", data.X[order], y, keys, class_names_from_keys(keys, y), parse_groups(keys)))


def split_data(bench: Bench) -> None:
    bench.split = make_split(bench.data, "random", seed=0)
    bench.tensors = Tensors.from_arrays(
        bench.data.X, bench.data.y, bench.split.train_idx, bench.split.test_idx, bench.device
    )


if __name__ == "__main__":
    raise SystemExit(main())
