"""Tiny synthetic data for the library tests: a few clips of a few frames, built in milliseconds; the tiniest
models of both kinds for it; clips of a single frame; and a pickle payload that shows whether it was run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import torch

from har.data.dataset import make_dataset
from har.models import CNNConfig, RNNConfig, build_model
from har.train import Tensors


@contextmanager
def one_thread() -> Iterator[None]:
    """Run torch on one thread: tiny tensors gain nothing from more, and lose a lot on a busy machine."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def toy_arrays(n_per_class: int = 16, t: int = 5, f: int = 6, classes: int = 3, seed: int = 0, gap: float = 2.0):
    """Clips (N, T, F) float32 whose class shifts every feature by `gap * label`: easy to separate."""
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(classes), n_per_class)
    X = rng.standard_normal((len(y), t, f)).astype(np.float32) + gap * y[:, None, None].astype(np.float32)
    return X, y


def toy_tensors(n_per_class: int = 8, t: int = 5, f: int = 6, classes: int = 3, seed: int = 0, gap: float = 2.0):
    """Train/test tensors on the CPU: every fourth clip is a test clip."""
    X, y = toy_arrays(n_per_class, t, f, classes, seed, gap)
    idx = np.arange(len(y))
    test = idx % 4 == 0
    return Tensors.from_arrays(X, y, idx[~test], idx[test], torch.device("cpu"))


def grouped_dataset(groups_per_class=(5, 5, 5), clips_per_group: int = 4, t: int = 3, f: int = 4, seed: int = 0):
    """A Dataset whose classes have the given numbers of groups; group ids are unique per class."""
    rng = np.random.default_rng(seed)
    y, groups, keys = [], [], []
    gid = 0
    for label, n_groups in enumerate(groups_per_class):
        for g in range(n_groups):
            # Uneven group sizes, so the group split has to choose, not just count.
            size = clips_per_group + (g % 3)
            for c in range(size):
                y.append(label)
                groups.append(gid)
                keys.append(f"class{label}-v_clip_{g + 1:02d}_{c + 1:02d}")
            gid += 1
    X = rng.random((len(y), t, f), dtype=np.float32)
    names = [f"class{i}" for i in range(len(groups_per_class))]
    return make_dataset("grouped toy", X, np.asarray(y), keys, names, np.asarray(groups))


def tiny_models(data):
    """An untrained GRU of 4 units and a conv layer of 4 filters for `data`."""
    return {
        "rnn": build_model(RNNConfig(hidden=4), **data.shape, seed=0),
        "cnn": build_model(CNNConfig(widths=(4,)), **data.shape, seed=0),
    }


def one_frame_arrays():
    """42 clips of 1 frame, 3 classes: the random split leaves 33 training clips, so a batch of 32 leaves one
    clip in the last batch, where BatchNorm has a single value per channel and fails."""
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 14)
    return rng.random((len(y), 1, 6), dtype=np.float32) + y[:, None, None], y


class Touch:
    """A pickle payload: unpickling it runs `touch PATH`, so a marker file shows whether a loader ran it."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))
