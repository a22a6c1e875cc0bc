"""Measurements that need a fresh process, run as `python -m bench.probe <what> ARGS`; each prints
one JSON object: `load` (load times and a digest), `memory` (RSS with the data held), `train` (peak
RSS of one training), `engine` (a run record's training through `fit_pair` alone, timed), `sessions` (what a
class's sessions hold of their runs, weights in the sessions or in the run store)."""

import time

START = time.perf_counter()  # before any import: import time is reported on its own

import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

MB = 1024 * 1024


def peak_rss_mb() -> float:
    """Peak resident memory of this program: VmHWM from /proc, else ru_maxrss.

    ru_maxrss is not enough on its own: Linux carries the parent's peak across fork and exec, so
    a probe started by a big benchmark process would report the benchmark's peak, not its own.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / MB
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB  # KiB on Linux


def rss_mb() -> float:
    """Resident memory now, from /proc (falls back to the peak where /proc is missing)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()


def settled_rss_mb() -> float:
    """Resident memory once garbage is collected and the allocator has handed its free pages back (glibc's
    malloc_trim, where there is one): what the objects alive now hold, not what was freed a moment ago.
    A difference of two raw readings can be negative when the memory of objects freed just before the first
    is returned between them; two settled readings measure what was added."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    return rss_mb()


def digest(data) -> str:
    """One hash over the clips, labels, keys, class names and groups of a Dataset."""
    h = hashlib.sha1(memoryview(data.X).cast("B"))
    h.update(data.y.tobytes())
    h.update(data.groups.tobytes())
    h.update("\n".join(data.keys + ("",) + data.class_names).encode())
    return h.hexdigest()


def probe_load(store: str, cache_dir: str = "") -> dict:
    from har.data.store import load_store

    imported = time.perf_counter()
    data = load_store(store, cache_dir=cache_dir or None)
    loaded = time.perf_counter()
    return {"import_s": imported - START, "load_s": loaded - imported, "n": data.n, "digest": digest(data)}


def probe_memory(store: str, cache_dir: str) -> dict:
    """The app's situation: one process, the data loaded once, several sessions training on it."""
    import numpy as np
    import torch

    import har.train  # noqa: F401  (what the app imports before any data)
    from har.data.splits import make_split
    from har.data.store import load_store

    base = rss_mb()
    data = load_store(store, cache_dir=cache_dir)
    loaded = rss_mb()
    # Two sessions take the data from the server-wide cache: the same Dataset, and the split
    # tensors each training builds only gather rows from it.
    sessions = [data, data]
    views = [torch.from_numpy(np.asarray(s.X)) for s in sessions]
    split = make_split(data, "random")
    return {
        "base_mb": base,
        "loaded_mb": loaded,
        "data_mb": data.X.nbytes / MB,
        "shared": bool(np.shares_memory(sessions[0].X, sessions[1].X))
        and all(np.shares_memory(v.numpy(), data.X) for v in views),
        "rss_two_sessions_mb": rss_mb(),
        "split_copy_mb": data.X[split.train_idx].nbytes / MB + data.X[split.test_idx].nbytes / MB,
        "peak_mb": peak_rss_mb(),
    }


def probe_train(store: str, cache_dir: str, config: str, epochs: str) -> dict:
    """Peak RSS of one training of the model `config` (a JSON model config) on the stored data."""
    import torch

    from dashboard.server import LIMITER
    from har.data.splits import make_split
    from har.data.store import load_store
    from har.jobs import threads_per_training
    from har.models import build_model
    from har.presets import config_from_dict
    from har.train import Tensors, TrainConfig, fit

    torch.optim.Adam(torch.nn.Linear(1, 1).parameters())  # the first optimizer imports torch._dynamo: not training
    torch.set_num_threads(threads_per_training(LIMITER))  # as the server, started with this environment, sets them
    data = load_store(store, cache_dir=cache_dir)
    split = make_split(data, "random")
    before = rss_mb()
    model = build_model(config_from_dict(json.loads(config)), seed=0, **data.shape)
    tensors = Tensors.from_arrays(data.X, data.y, split.train_idx, split.test_idx, torch.device("cpu"))
    records = list(fit(model, tensors, TrainConfig(epochs=int(epochs), device="cpu")))
    return {"before_mb": before, "peak_mb": peak_rss_mb(), "data_mb": data.X.nbytes / MB, "epochs": len(records)}


def probe_engine(record_path: str, scale: str, only: str = "") -> dict:
    """The training a run record describes, straight through `fit_pair` on the demo at `scale` (only
    the model `only` when given, as one of two such probes run side by side, the way the app races).

    Timed as the app's job times itself (models built, split tensors made, every epoch), after
    the one-off imports a long-running server has already paid.
    """
    import torch

    from dashboard.server import LIMITER
    from har.data.demo import make_demo
    from har.data.splits import make_split
    from har.jobs import threads_per_training
    from har.models import build_model
    from har.runs import load, model_configs
    from har.train import Tensors, fit_pair, resolve_device

    record = load(record_path)
    config = record.config
    if config.data != "demo":
        raise SystemExit(f"the engine probe replays demo runs only, not {config.data!r}")
    data = make_demo(scale=float(scale))
    split = make_split(data, config.split, seed=config.split_seed, test_fraction=config.test_fraction)
    if split.test_idx.tolist() != record.test_idx:
        raise SystemExit("the demo at this scale does not give the record's test clips")
    train = config.train
    torch.set_num_threads(threads_per_training(LIMITER))  # as the server, started with this environment, sets them
    torch.optim.Adam(torch.nn.Linear(1, 1).parameters())  # the first optimizer imports torch._dynamo
    start = time.perf_counter()
    configs = {name: c for name, c in model_configs(record).items() if name == only or not only}
    nets = {name: build_model(c, seed=train.seed, **data.shape) for name, c in configs.items()}
    tensors = Tensors.from_arrays(data.X, data.y, split.train_idx, split.test_idx, resolve_device(train.device))
    epochs = [epoch for _, epoch in fit_pair(nets, tensors, train)]
    return {
        "seconds": time.perf_counter() - start,
        "epoch_seconds": sum(e.seconds for e in epochs),
        "epochs": len(epochs),
        "threads": torch.get_num_threads(),
    }


def probe_sessions(store: str, cache_dir: str, where: str, students: str, runs_each: str, folder: str) -> dict:
    """What the server holds for `students` sessions that each trained `runs_each` runs of the default pair:
    `where` "session" keeps each run's weights file in its session, as the app did before the run store
    (dashboard/exports.py keep_weights, still its way without a store); "store" files them in a run store in
    `folder` (on disk), each session keeping its run records only, as the app does now. Weights are those of the
    default pair after one epoch (the size of a finished run's); each session's copies are its own objects."""
    import torch

    from har.configs import TrainConfig
    from har.data.splits import make_split
    from har.data.store import load_store
    from har.jobs import TrainingJob, TrainingLimiter
    from har.models import CNNConfig, RNNConfig
    from har.runs import dumps, loads
    from har.store import RunStore
    from har.weights import weights_bytes

    torch.set_num_threads(1)
    data = load_store(store, cache_dir=cache_dir)
    split = make_split(data, "random")
    job = TrainingJob(
        data=data, split=split, models={"rnn": RNNConfig(), "cnn": CNNConfig()}, train=TrainConfig(epochs=1),
        source="bench", limiter=TrainingLimiter(1),
    )  # fmt: skip
    job.run()
    record, models = job.snapshot(), job.trained_models()
    weights = weights_bytes(models, data, split)
    text = dumps(record)
    del job, models
    runstore = RunStore(Path(folder) / "runs.sqlite") if where == "store" else None
    before = settled_rss_mb()
    sessions = []
    for i in range(int(students)):
        held = {"records": [], "weights": []}
        for k in range(int(runs_each)):
            held["records"].append(loads(text))
            if runstore is None:
                held["weights"].append(bytes(bytearray(weights)))  # this session's own file
            else:
                runstore.put(f"{i:032x}", loads(text), key=f"bench-{i}-{k}", weights=weights)
        sessions.append(held)
    return {
        "where": where,
        "runs": int(students) * int(runs_each),
        "weights_mb": len(weights) / MB,
        "before_mb": before,
        "held_mb": settled_rss_mb() - before,
        "peak_mb": peak_rss_mb(),
        "store_mb": (Path(folder) / "runs.sqlite").stat().st_size / MB if runstore is not None else 0.0,
    }


PROBES = {
    "load": probe_load,
    "memory": probe_memory,
    "train": probe_train,
    "engine": probe_engine,
    "sessions": probe_sessions,
}

if __name__ == "__main__":
    print(json.dumps(PROBES[sys.argv[1]](*sys.argv[2:])))
