"""The teaching lab: studies that answer the exercise's questions with evidence, not one run.

Each study is built from the data, a split, both model configs and a training config; its
`run(stop)` yields one `Progress` per finished epoch and `result()` summarises what finished:

    study = SeedStudy(data, split, {"rnn": rnn, "cnn": cnn}, TrainConfig(epochs=5), seeds=5)
    for progress in study.run(stop):   # stop: a threading.Event; finished seeds are kept
        bar.progress(progress.fraction)
    print(study.result().verdict("es"))
"""
from har.lab.core import Job, JobResult, Progress, Study, run_all
from har.lab.failures import clip, confused_pairs, failures
from har.lab.leakage import LeakageResult, LeakageStudy
from har.lab.order import OrderResult, OrderStudy, order_test, shuffle_frames
from har.lab.pooling import PoolingResult, PoolingStudy
from har.lab.seeds import SeedsResult, SeedStudy, summarize_seeds
from har.lab.share import SETUPS, LabSetup, decode, encode, preset_setup, query_string
from har.lab.sweep import SweepResult, SweepStudy, sweep_pairs

__all__ = [
    "SETUPS",
    "Job",
    "JobResult",
    "LabSetup",
    "LeakageResult",
    "LeakageStudy",
    "OrderResult",
    "OrderStudy",
    "PoolingResult",
    "PoolingStudy",
    "Progress",
    "SeedStudy",
    "SeedsResult",
    "Study",
    "SweepResult",
    "SweepStudy",
    "clip",
    "confused_pairs",
    "decode",
    "encode",
    "failures",
    "order_test",
    "preset_setup",
    "query_string",
    "run_all",
    "shuffle_frames",
    "summarize_seeds",
    "sweep_pairs",
]
