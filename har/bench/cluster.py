"""The ray section: the lab's seeds study and size sweep trained one job after another in this process
(serial) and fanned out on a local Ray cluster of 2 CPUs (`ray.init(num_cpus=2)`), each run on one
torch thread; skipped, with a note, where Ray is not installed (`pip install ".[cluster]"`)."""

from __future__ import annotations

import os
import time

from har.backends import InProcess
from har.bench.context import Bench, say
from har.bench.report import Row
from har.lab.seeds import SeedStudy
from har.lab.sweep import SweepStudy
from har.train import TrainConfig

CPUS = 2  # the local cluster's size: this machine's cores
SEEDS = 5
SIZES = (8, 16, 32, 64, 128)  # the Lab's default sweep


def measure(bench: Bench) -> dict:
    try:
        import ray
    except ImportError:
        note = 'Ray is not installed (pip install ".[cluster]")'
        say(f"ray skipped: {note}")
        bench.rows.append(Row("ray", f"skipped: {note}", "skipped"))
        return {"skipped": note}
    from har.backends.cluster import RayCluster, init_options

    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a cluster of this machine alone, for this run
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    start = time.perf_counter()
    ray.init(num_cpus=CPUS, include_dashboard=False, object_store_memory=512 * 2**20, **init_options())
    out = {"start_s": time.perf_counter() - start, "cpus": CPUS}
    try:
        cluster = RayCluster("auto")
        epochs = 1 if bench.quick else 2
        studies = {
            "seeds": lambda: SeedStudy(bench.data, bench.split, bench.models(), train(epochs), seeds=SEEDS),
            "sweep": lambda: SweepStudy(bench.data, bench.split, bench.models(), train(epochs), hidden=SIZES),
        }
        for backend in (InProcess(), cluster):  # untimed: one-off imports here; there, workers, `har`, the data
            run(SeedStudy(bench.data, bench.split, bench.models(), train(1), seeds=CPUS), backend)
        for i, (name, make) in enumerate(studies.items()):
            sides = ("serial", "ray") if i % 2 == 0 else ("ray", "serial")  # neither side always first
            out[name] = {side: run(make(), InProcess() if side == "serial" else cluster) for side in sides}
            say(f"ray: {name} serial {out[name]['serial']['s']:.1f}s, on Ray {out[name]['ray']['s']:.1f}s")
    finally:
        ray.shutdown()
    bench.rows += rows(out, epochs)
    return {**out, "epochs": epochs}


def train(epochs: int) -> TrainConfig:
    return TrainConfig(epochs=epochs, batch_size=32, device="cpu")


def run(study, backend) -> dict:
    """Wall seconds of the whole study on `backend`, one torch thread per run, and its histories."""
    start = time.perf_counter()
    for _ in study.run(backend=backend, threads=1):
        pass
    seconds = time.perf_counter() - start
    histories = [{n: [{k: v for k, v in h.items() if k != "seconds"} for h in hs] for n, hs in r.history.items()}
                 for r in study.results]  # fmt: skip
    return {"s": seconds, "jobs": len(study.results), "histories": histories}


def rows(out: dict, epochs: int) -> list[Row]:
    found = [Row("ray", f"start a local cluster (ray.init, {CPUS} CPUs)", out["start_s"], "s")]
    for name, what in (("seeds", f"{SEEDS} seeds"), ("sweep", f"{len(SIZES)} sizes")):
        serial, ray = out[name]["serial"], out[name]["ray"]
        same = serial["histories"] == ray["histories"]
        label = f"{name} study ({what} x 2 models, {epochs} epoch{'s' if epochs > 1 else ''})"
        found += [
            Row("ray", f"{label}: serial, in this process", serial["s"], "s"),
            Row("ray", f"{label}: fanned out on Ray ({CPUS} CPUs)", ray["s"], "s"),
            Row("ray", f"{label}: Ray / serial (ideal {1 / CPUS:.2f}x plus overhead)", ray["s"] / serial["s"], "x"),
            Row("ray", f"{label}: the same histories on Ray as serial", same, "", "True", same),
        ]
    return found
