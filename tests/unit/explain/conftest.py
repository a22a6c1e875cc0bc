"""Fixtures of the explain tests: small clips with a class signal, and a model of every family trained a little."""

from __future__ import annotations

import pytest
import torch
from explain_models import toy_data, train_a_little

from har.models import CNNConfig, NotebookCNNConfig, RNNConfig, build_model


@pytest.fixture(scope="module", autouse=True)
def explain_one_thread():
    """Torch on one thread: tiny models gain nothing from more, and lose a lot on a busy machine."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


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
        name: train_a_little(build_model(config, **data.shape, seed=i), data.X, data.y)
        for i, (name, config) in enumerate(CONFIGS.items())
    }
