"""The explain wing's costs on the bench's data and the app's default pair: one edit of the clip inspector
(both models' probabilities before and after), occlusion and Integrated Gradients for one clip and for the
whole test set, and the map. Untrained weights: the time does not depend on what the weights hold."""

from __future__ import annotations

import statistics
import time

import numpy as np

from bench.context import Bench
from bench.report import Row
from har.explain.attribution import integrated_gradients, occlusion
from har.explain.edits import Edit
from har.explain.embedding import pca_2d, pooled
from har.explain.probe import respond
from har.models import build_model

EDIT_TARGET_MS = 1000.0  # "a response to an edit is well under a second"
EDITS = {"reverse": Edit("reverse"), "shuffle": Edit("shuffle"), "drop": Edit("drop", frame=4)}


def timed_ms(call, repeats: int) -> float:
    """Median wall time of `call()` in milliseconds over `repeats` runs, after one warm-up run."""
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def measure(bench: Bench) -> dict:
    models = {
        name: build_model(c, seed=i, **bench.data.shape).eval() for i, (name, c) in enumerate(bench.models().items())
    }
    clips, labels = bench.data.X[bench.split.test_idx], bench.data.y[bench.split.test_idx]
    clip = np.array(clips[0])
    repeats = 3 if bench.quick else 7
    out = {"edit_ms": {k: timed_ms(lambda e=e: respond(models, clip, [e]), repeats) for k, e in EDITS.items()}}
    for kind, ms in out["edit_ms"].items():
        bench.rows.append(
            Row("explain", f"one inspector edit ({kind}), both models", ms, "ms", "< 1000 ms", ms < EDIT_TARGET_MS)
        )
    out["clips"] = len(clips)
    for name, model in models.items():
        one = {
            "occlusion_ms": timed_ms(lambda m=model: occlusion(m, clip[None]), repeats),
            "ig_ms": timed_ms(lambda m=model: integrated_gradients(m, clip[None]), repeats),
        }
        every = {
            "occlusion_ms": timed_ms(lambda m=model: occlusion(m, clips, targets=labels), 1),
            "ig_ms": timed_ms(lambda m=model: integrated_gradients(m, clips, targets=labels), 1),
        }
        vectors = pooled(model, clips)
        map_ms = timed_ms(lambda m=model: pca_2d(pooled(m, clips)), repeats)
        out[name] = {"one_clip": one, "test_set": every, "map_ms": map_ms, "map_dims": int(vectors.shape[1])}
        label = name.upper()
        bench.rows += [
            Row("explain", f"{label}: occlusion, one clip", one["occlusion_ms"], "ms"),
            Row("explain", f"{label}: Integrated Gradients (50 steps), one clip", one["ig_ms"], "ms"),
            Row("explain", f"{label}: occlusion, {len(clips)} test clips", every["occlusion_ms"] / 1000, "s"),
            Row("explain", f"{label}: Integrated Gradients, {len(clips)} test clips", every["ig_ms"] / 1000, "s"),
            Row("explain", f"{label}: the map of {len(clips)} test clips (pooled vectors + PCA)", map_ms, "ms"),
        ]
    return out
