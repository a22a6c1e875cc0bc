"""Fixtures of the explain tests: small clips with a class signal, and models of every family trained a little."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from har.data.dataset import make_dataset
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig, build_model

FRAMES, FEATURES, CLASSES = 6, 16, 3


@pytest.fixture(scope="module", autouse=True)
def explain_one_thread():
    """Torch on one thread: tiny models gain nothing from more, and lose a lot on a busy machine."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def toy_data(n: int = 36, frames: int = FRAMES, features: int = FEATURES, seed: int = 0):
    """Non-negative clips whose class raises a block of features that moves over the frames."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % CLASSES
    X = rng.random((n, frames, features), dtype=np.float32)
    for i, c in enumerate(y):
        for t in range(frames):
            X[i, t, (c * 4 + t) % features] += 2.0
    names = [f"class_{c}" for c in range(CLASSES)]
    keys = [f"{names[c]}-v_clip_{i // CLASSES + 1:02d}_01" for i, c in enumerate(y)]
    return make_dataset("toy", X, y, keys, names, np.arange(n) // 2)


def train_a_little(model, data, steps: int = 5):
    """A few Adam steps, so weights and BatchNorm statistics are no longer the initial ones."""
    x, y = torch.from_numpy(np.array(data.X)), torch.from_numpy(np.array(data.y))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    model.train()
    for _ in range(steps):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()


CONFIGS = {
    "gru": RNNConfig(hidden=8),
    "gru2": RNNConfig(hidden=5, layers=2, bidirectional=False, pooling="last"),
    "cnn": CNNConfig(widths=(10, 6), kernel_size=3),
    "cnn_max": CNNConfig(widths=(7,), kernel_size=3, pooling="max"),
    "notebook": NotebookCNNConfig(),
    "notebook2": NotebookCNNConfig(variant="cnn2"),
}


@pytest.fixture(scope="module")
def data():
    return toy_data()


@pytest.fixture(scope="module")
def trained(data):
    """name -> a model of CONFIGS[name], trained a little on `data`, in eval mode."""
    return {
        name: train_a_little(build_model(config, **data.shape, seed=i), data)
        for i, (name, config) in enumerate(CONFIGS.items())
    }
