"""The ray section: the trainings of the Lab's seeds study and size sweep, all in this process (serial:
one thread does them all) and fanned out on a local Ray cluster of 2 CPUs (`ray.init(num_cpus=2)`),
one run per model, each on one torch thread; skipped, with a note, where Ray is not installed
(`pip install ".[cluster]"`). The runs are built here from the core, as the Lab builds them."""

from __future__ import annotations

import os
import time
from dataclasses import replace

from bench.context import Bench, say
from bench.report import Row
from har.backends import End, InProcess, RunGroup, Unit
from har.params import count_params, match_size, resize
from har.train import TrainConfig

CPUS = 2  # the local cluster's size: this machine's cores
SEEDS = 5
SIZES = (8, 16, 32, 64, 128)  # the Lab's default sweep


def measure(bench: Bench) -> dict:
    try:
        import ray
    except ImportError:
        return bench.skip("ray", 'Ray is not installed (pip install ".[cluster]")')
    from har.backends.cluster import RayCluster, init_options

    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a cluster of this machine alone, for this run
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    start = time.perf_counter()
    ray.init(address="local", num_cpus=CPUS, include_dashboard=False, object_store_memory=512 * 2**20, **init_options())
    out = {"start_s": time.perf_counter() - start, "cpus": CPUS}
    try:
        cluster = RayCluster("auto")
        epochs = 1 if bench.quick else 2
        for backend in (InProcess(), cluster):  # untimed: one-off imports here; there, workers, `har`, the data
            run(bench, study_jobs(bench, "seeds", 1)[:CPUS], backend)
        for i, name in enumerate(("seeds", "sweep")):
            sides = ("serial", "ray") if i % 2 == 0 else ("ray", "serial")  # neither side always first
            jobs = study_jobs(bench, name, epochs)
            out[name] = {side: run(bench, jobs, InProcess() if side == "serial" else cluster) for side in sides}
            say(f"ray: {name} serial {out[name]['serial']['s']:.1f}s, on Ray {out[name]['ray']['s']:.1f}s")
    finally:
        ray.shutdown()
    bench.rows += rows(out, epochs)
    return {**out, "epochs": epochs}


def study_jobs(bench: Bench, study: str, epochs: int) -> list[tuple[dict, TrainConfig, int]]:
    """(models, training, seed of the initial weights) of each job of the Lab's seeds study (the default
    pair, seeds 0..SEEDS-1) or size sweep (each RNN size, the CNN matched to its parameter count)."""
    train = TrainConfig(epochs=epochs, batch_size=32, device="cpu")
    models, shape = bench.models(), bench.data.shape
    if study == "seeds":
        return [(models, replace(train, seed=s), s) for s in range(SEEDS)]
    rnns = [resize(models["rnn"], h) for h in SIZES]
    pairs = [{"rnn": r, "cnn": match_size(models["cnn"], count_params(r, **shape), **shape)} for r in rnns]
    return [(pair, train, train.seed) for pair in pairs]


def run(bench: Bench, jobs: list, backend) -> dict:
    """Wall seconds of every job on `backend`, one torch thread per run, and the histories. All runs are
    sent at once: in this process one thread trains them in turn, on a cluster they spread out."""
    group = RunGroup(backend, bench.data)
    split = bench.split
    start = time.perf_counter()
    for models, train, seed in jobs:
        parts = [{n: c} for n, c in models.items()] if backend.fan_out else [dict(models)]
        for part in parts:
            group.submit(Unit(part, train, split.train_idx, split.test_idx, seed, threads=1))
    histories: dict[str, list] = {}  # one per model of each job, however the runs were cut
    for run_, event in group.events():
        if isinstance(event, End):
            if event.error is not None:
                raise event.error
            continue
        unit = run_.unit
        key = f"{event.name} {unit.models[event.name]} seeds {unit.seed}/{unit.train.seed}"
        histories.setdefault(key, []).append({k: v for k, v in event.record.as_dict().items() if k != "seconds"})
    return {"s": time.perf_counter() - start, "jobs": len(jobs), "histories": histories}


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
