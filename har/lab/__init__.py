"""The teaching lab: studies that answer the exercise's questions with evidence, not one run (seeds, size,
pooling, frame order, leakage), with share links, a generated discussion and saved weights."""

from har.lab.core import Job, JobResult, Progress, Study
from har.lab.failures import clip, failures
from har.lab.leakage import LeakageResult, LeakageStudy
from har.lab.order import OrderResult, OrderStudy, order_test, shuffle_frames
from har.lab.pooling import PoolingResult, PoolingStudy
from har.lab.seeds import SeedsResult, SeedStudy, summarize_seeds
from har.lab.sweep import HIDDEN_SIZES, SweepResult, SweepStudy, sweep_pairs
from har.share import SETUPS, LabSetup, decode, encode, preset_setup, query_string

STUDIES = ("seeds", "sweep", "pooling", "order", "leakage")


def make_study(
    name, data, split, models, train, *, seeds=5, hidden=HIDDEN_SIZES, split_seed=0, test_fraction=0.2
) -> Study:
    """One of `STUDIES` by name; the leakage study makes its own two splits from `split_seed`."""
    if name == "seeds":
        return SeedStudy(data, split, models, train, seeds=seeds)
    if name == "sweep":
        return SweepStudy(data, split, models, train, hidden=hidden)
    if name == "pooling":
        return PoolingStudy(data, split, models, train)
    if name == "order":
        return OrderStudy(data, split, models, train)
    if name == "leakage":
        return LeakageStudy(data, models, train, test_fraction=test_fraction, split_seed=split_seed)
    raise ValueError(f"unknown study {name!r}; choose one of {', '.join(STUDIES)}")


__all__ = [
    "HIDDEN_SIZES",
    "SETUPS",
    "STUDIES",
    "make_study",
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
    "decode",
    "encode",
    "failures",
    "order_test",
    "preset_setup",
    "query_string",
    "shuffle_frames",
    "summarize_seeds",
    "sweep_pairs",
]
