"""The load, app and memory sections: what serving the dashboard costs (loading the store, the
pages' per-epoch work, a background job) and how much memory a process holds."""

from __future__ import annotations

import json
import statistics
import time
from functools import partial

from bench.context import Bench, median_ratio, reference_digest, run_probe, run_probes_together, say
from bench.report import Row
from har import plots
from har.jobs import TrainingJob, TrainingLimiter, cores
from har.params import count_params
from har.presets import config_to_dict
from har.train import fit_pair

APP_EPOCHS = 1  # per app-overhead run: the job's fixed costs weigh most in the shortest run
TARGETS = {"cold": 1.5, "cached": 0.3, "params": 50.0, "figures": 100.0, "app": 1.15}


def load(bench: Bench) -> dict:
    """Cold and cached loads of the store, each in a fresh process; all must load the same clips."""
    store = bench.ensure_store()
    cache = bench.tmp / "cache"
    runs = {"cold_no_cache": run_probe("load", store), "cold": run_probe("load", store, cache)}
    runs["cached"] = min((run_probe("load", store, cache) for _ in range(3)), key=lambda r: r[0]["load_s"])
    expected = reference_digest(bench.data)
    out = {k: {"load_s": r["load_s"], "import_s": r["import_s"], "process_s": wall} for k, (r, wall) in runs.items()}
    out["same_data"] = all(r["digest"] == expected for r, _ in runs.values())
    out["n"] = runs["cold"][0]["n"]
    labels = {
        "cold_no_cache": "cold load, no cache",
        "cold": "cold load + writing the cache",
        "cached": "cached load (best of 3)",
    }
    for k, label in labels.items():
        target = {"cold": ("<= 1.5 s", TARGETS["cold"]), "cached": ("<= 0.3 s", TARGETS["cached"])}.get(k)
        met = out[k]["load_s"] <= target[1] if target else None
        bench.rows.append(
            Row("load", f"{out['n']} clips: {label}", out[k]["load_s"], "s", target[0] if target else "", met)
        )
    bench.rows += [
        Row("load", "import of har.data.store (fresh process)", out["cached"]["import_s"], "s"),
        Row("load", "all loads equal the written clips", out["same_data"], "", "True", out["same_data"]),
    ]
    return out


def app(bench: Bench) -> dict:
    """Parameter counts and per-epoch figures as the pages make them, and a background job vs the bare engine."""
    out = {"count_params_ms": {}}
    shape = bench.data.shape
    for family, config in bench.models().items():
        first, warm = timed_ms(partial(count_params, config, **shape), 5)
        out["count_params_ms"][family] = {"first": first, "median": warm}
        bench.rows.append(
            Row(
                "app",
                f"{family}: parameter count (median; first {first:.0f} ms)",
                warm,
                "ms",
                "< 50 ms",
                warm < TARGETS["params"],
            )
        )
    job_s, engine_s, record = [], [], None
    app_job(bench)  # warm-up: the first run in a process pays for lazy imports and allocations
    for r in range(bench.rounds):  # A B, then B A: neither side always runs first
        for side in ("job", "engine") if r % 2 == 0 else ("engine", "job"):
            if side == "job":
                record, seconds = app_job(bench)
                job_s.append(seconds)
            else:
                engine_s.append(bare_engine_run(bench))
        say(f"app round {r + 1}: job {job_s[-1]:.2f}s, engine {engine_s[-1]:.2f}s")
    out["job_s"], out["engine_s"] = job_s, engine_s
    out["job_over_engine"] = median_ratio(job_s, engine_s)
    figures = {
        "training_curves": lambda: plots.training_curves(record),
        "confusion_matrices": lambda: plots.confusion_matrices(record),
    }
    out["figures_ms"] = {k: dict(zip(("first", "median"), timed_ms(f, 5), strict=True)) for k, f in figures.items()}
    per_epoch = sum(v["median"] for v in out["figures_ms"].values())
    out["figures_per_epoch_ms"] = per_epoch
    bench.rows += [
        Row(
            "app",
            "per-epoch figures: curves + confusion (median)",
            per_epoch,
            "ms",
            "< 100 ms",
            per_epoch < TARGETS["figures"],
        ),
        Row(
            "app",
            f"background job in a worker process / bare engine ({APP_EPOCHS}-epoch runs of both models)",
            out["job_over_engine"],
            "x",
            "<= 1.15x",
            out["job_over_engine"] <= TARGETS["app"],
        ),
    ]
    return out


def timed_ms(fn, repeats: int) -> tuple[float, float]:
    """(first call, median of the next `repeats`) in milliseconds."""
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return times[0], statistics.median(times[1:])


def app_job(bench: Bench) -> tuple[dict, float]:
    """A full 'Train both' as the dashboard runs it on a busy server: a TrainingJob whose two models take
    turns in a worker process on one slot (the other slots held by other students), writing a run record."""
    limiter = TrainingLimiter(cores())
    others = [object() for _ in range(limiter.slots - 1)]
    for other in others:
        limiter.acquire(other)
    try:
        start = time.perf_counter()
        job = TrainingJob(
            data=bench.data,
            split=bench.split,
            models=bench.models(),
            train=bench.train_config(APP_EPOCHS),
            source="demo",
            limiter=limiter,
        )
        job.start().wait()
        seconds = time.perf_counter() - start
    finally:
        for _ in others:
            limiter.release()
    if job.status != "finished":
        raise RuntimeError(f"the benchmark's training job ended {job.status}: {job.error}")
    return job.snapshot(), seconds


def bare_engine_run(bench: Bench) -> float:
    """The same training straight through the engine: tensors, both models, fit_pair."""
    start = time.perf_counter()
    bench.split_data()
    nets = {family: bench.build(family) for family in bench.models()}
    for _ in fit_pair(nets, bench.tensors, bench.train_config(APP_EPOCHS)):
        pass
    return time.perf_counter() - start


CLASS = (30, 3)  # students, runs each: the run-store issue's class
QUICK_CLASS = (3, 2)


def class_memory(bench: Bench, store, cache) -> dict:
    """What 30 students' sessions hold of 3 runs each, the weights in the sessions and in the run store, each in a
    fresh process (bench.probe sessions), side by side."""
    students, each = QUICK_CLASS if bench.quick else CLASS
    folders = {where: bench.tmp / f"class-memory-{where}" for where in ("session", "store")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "runs.sqlite").unlink(missing_ok=True)
    results = run_probes_together(
        *[("sessions", store, cache, where, students, each, folder) for where, folder in folders.items()]
    )
    return {r["where"]: r for r in results} | {"students": students, "runs_each": each}


def memory(bench: Bench) -> dict:
    """Peak memory of a process holding the data, and of one training per model, each in a fresh process."""
    store, cache = bench.ensure_store(), bench.tmp / "cache"
    if not cache.exists():
        run_probe("load", store, cache)  # the probes below start from the cache, as the app does
    families = list(bench.models())
    # Each probe is its own process with its own peak, so they can run side by side.
    held, *trained = run_probes_together(
        ("memory", store, cache),
        *[("train", store, cache, json.dumps(config_to_dict(c)), 1) for c in bench.models().values()],
    )
    out = {"data": held, "train": dict(zip(families, trained, strict=True))}
    out["class"] = class_memory(bench, store, cache)
    bench.rows += [
        Row(
            "memory",
            f"process with the data loaded (data {held['data_mb']:.0f} MB, imports {held['base_mb']:.0f} MB)",
            held["loaded_mb"],
            "MB",
        ),
        Row("memory", "data held once: two sessions share one buffer", held["shared"], "", "True", held["shared"]),
        Row("memory", "added by a second session", held["rss_two_sessions_mb"] - held["loaded_mb"], "MB"),
    ]
    c = out["class"]
    size = c["store"]["weights_mb"]
    who = f"{c['students']} students x {c['runs_each']} runs of the default pair ({size:.1f} MB a run)"
    bench.rows += [
        Row(
            "memory",
            f"{who}: held by the sessions, weights in them (before the run store)",
            c["session"]["held_mb"],
            "MB",
        ),
        Row("memory", f"{who}: held by the sessions, weights in the run store (now)", c["store"]["held_mb"], "MB"),
        Row(
            "memory", f"{who}: peak of the process, before / now", c["session"]["peak_mb"] / c["store"]["peak_mb"], "x"
        ),
    ]
    for family, train in out["train"].items():
        bench.rows.append(
            Row(
                "memory",
                f"{family}: peak of a process training it 1 epoch (before: {train['before_mb']:.0f} MB)",
                train["peak_mb"],
                "MB",
            )
        )
    return out
