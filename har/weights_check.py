"""What a weights file must pass before any model is built from it: a size cap on the file, the header's settings
within their declared bounds, its shapes those of the tensors the file really holds, and a parameter count this
machine's memory can take. A header is free text: without these checks a 2 MB file could ask for gigabytes."""

from __future__ import annotations

import math

import numpy as np
import torch

from har.errors import HarError
from har.guard import FLOAT, available_memory
from har.models import build_model
from har.presets import config_from_dict
from har.schema import settings_of

MAX_BYTES = 512 * 2**20  # a weights file larger than this is refused before it is read
MAX_PARAMS = 100_000_000  # numbers in all of one file's tensors together (400 MB of float32)
MAX_MODELS = 8  # models in one file (the app saves two)
DATA_BOUNDS = {"n_frames": (1, 10_000), "n_features": (1, 65_536), "n_classes": (2, 1_000)}


def check_file_size(size: int, label: str) -> None:
    """Refuse a file too large to be one of this app's weights files, before reading it."""
    if size > MAX_BYTES:
        raise HarError.of("weights.too_big", name=label, mb=math.ceil(size / 2**20), most=MAX_BYTES // 2**20)


def check_header(header: dict, state: dict, label: str) -> tuple[dict, dict]:
    """(data shape, model name -> config) of a header whose every shape matches the tensors in `state`.

    Each model is laid out on the meta device (shapes only, no memory) and its tensors' names and shapes are
    compared with those in the file; the settings must lie within their bounds and the parameters within
    MAX_PARAMS and this machine's memory. HarError in one sentence otherwise.
    """
    shape = {
        "n_frames": header["n_frames"],
        "n_features": header["n_features"],
        "n_classes": len(header["class_names"]),
    }
    for key, value in shape.items():
        low, high = DATA_BOUNDS[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise HarError.of("weights.bad_shape", name=label, what=key, value=str(value)[:40], low=low, high=high)
    configs = header["configs"]
    if not isinstance(configs, dict) or not 1 <= len(configs) <= MAX_MODELS or set(configs) != set(state):
        raise HarError.of("weights.bad_models", name=label)
    built = {name: _config(d, label) for name, d in configs.items()}
    total = 0
    for name, config in built.items():
        with torch.device("meta"):
            layout = build_model(config, **shape).state_dict()
        tensors = state[name]
        if not isinstance(tensors, dict) or set(tensors) != set(layout):
            odd = sorted(set(layout) ^ set(tensors if isinstance(tensors, dict) else ()))[:1]
            raise HarError.of("weights.damaged", name=label, detail=f"{name}: tensor {''.join(odd)} missing or extra")
        for key, expected in layout.items():
            if not isinstance(tensors[key], torch.Tensor) or tuple(tensors[key].shape) != tuple(expected.shape):
                raise HarError.of("weights.mismatch", name=label, model=name, tensor=key)
            total += int(np.prod(expected.shape))
    if total > MAX_PARAMS or 2 * FLOAT * total > available_memory():  # the file's tensors and the model's own
        raise HarError.of("weights.too_many", name=label, n=total, most=MAX_PARAMS)
    return shape, built


def _config(d, label: str):
    """The model config a header's dict describes, every setting within its declared bounds."""
    try:
        config = config_from_dict(d)
        for field, declared in settings_of(config).items():
            declared.check(getattr(config, field))
    except (ValueError, TypeError):
        raise HarError.of("weights.bad_config", name=label, config=str(d)[:80]) from None
    return config
