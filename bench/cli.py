"""`python -m bench`: how close training, loading and the app come to what this machine allows.
The command line: which sections run (engine, hardware, load, app, memory, explain, ui, race, ray, startup,
classroom), on what, and how the results are printed; each section lives in a module of its own."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import torch

from bench import classroom, cluster, explain, race, serving, startup, training, ui
from bench.context import Bench, say, setup
from bench.harness import Unavailable
from bench.report import Row, table
from har.args import Parser, UsageError, run_command
from har.train import resolve_device

RUNNERS = {
    "engine": training.engine,
    "hardware": training.hardware,
    "load": serving.load,
    "app": serving.app,
    "memory": serving.memory,
    "explain": explain.measure,
    "ui": ui.measure,
    "race": race.measure,
    "ray": cluster.measure,
    "startup": startup.measure,
    "classroom": classroom.measure,
}
SECTIONS = tuple(RUNNERS)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument(
        "--quick", action="store_true", help="a tiny data set and tiny models, 1 round: seconds, not minutes"
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON (the table goes to stderr)")
    p.add_argument(
        "--epochs",
        type=int,
        default=None,
        help="rounds: timed epochs per contender after a warm-up one, trainings per side in app and ui "
        "(default 3, quick 1)",
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
    default_threads = torch.get_num_threads()
    try:
        with tempfile.TemporaryDirectory(prefix="har-bench-") as tmp:
            bench = setup(args.quick, epochs, Path(tmp), resolve_device(args.device), default_threads)
            for name in args.only or SECTIONS:
                say(f"section {name}")
                start = time.perf_counter()
                try:
                    bench.results[name] = RUNNERS[name](bench)
                except Unavailable as e:  # a section that needs what this machine lacks (a browser)
                    say(f"{name} skipped: {e}")
                    bench.rows.append(Row(name, f"skipped: {e}", "skipped"))
                    bench.results[name] = {"skipped": str(e)}
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
        "command": " ".join(["python -m bench", *_argv(args)]),
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


if __name__ == "__main__":
    raise SystemExit(main())
