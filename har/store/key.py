"""A training's content key: a hash of everything that decides its numbers. Training here is deterministic, so
two trainings with the same key give the same history, predictions and weights, and one can stand for the other."""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import asdict

import torch

import har
from har.configs import ModelConfig, TrainConfig
from har.data.dataset import Dataset, fingerprint
from har.data.splits import Split
from har.presets import config_to_dict
from har.runs.record import VERSION as RECORD_VERSION


def dtype_name() -> str:
    """The floating-point type models are built in (torch's default)."""
    return str(torch.get_default_dtype()).removeprefix("torch.")


def content_key(
    *, data: Dataset, split: Split, models: dict[str, ModelConfig], train: TrainConfig, device: str, threads: int
) -> str:
    """The hex key of training `models` on `split` of `data` with `train` on `device` with `threads` torch threads.

    The data enters as its fingerprint (its values, wherever it was loaded from), the split as its kind, seed and
    test share, the device as resolved ("cpu", "cuda"), the library's, the record's and torch's versions and the
    machine's architecture because a new version or another CPU may round differently (and a new record version
    measures something new).
    """
    parts = {
        "data": fingerprint(data),
        "split": [split.kind, int(split.seed), float(split.test_fraction)],
        "models": {name: config_to_dict(c) for name, c in sorted(models.items())},
        "train": {k: v for k, v in asdict(train).items() if k != "device"},
        "device": device,
        "dtype": dtype_name(),
        "threads": int(threads),
        "versions": [har.__version__, RECORD_VERSION, torch.__version__, platform.machine()],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]
