"""On a group split of the demo, the order pairs (diving / trampoline_jumping, golf_swing / tennis_swing: the same
frames in opposite order) stand apart in the GRU's pooled vectors and lie on each other in an order-blind CNN's."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from har.data import UCF11_CLASSES, make_split
from har.data.demo import ORDER_PAIRS, make_demo
from har.explain.embedding import centroid_accuracy, pca_2d, pooled, separation
from har.models import CNNConfig, RNNConfig, build_model
from har.train import Tensors, TrainConfig, fit

MODELS = {
    "gru": RNNConfig(hidden=32),
    "blind": CNNConfig(widths=(64,), kernel_size=1, pooling="mean"),  # a per-frame network averaged over time
}


@pytest.fixture(scope="module")
def maps():
    """model -> (train vectors, train labels, test vectors, test labels), after 10 epochs on the whole demo."""
    data = make_demo()
    split = make_split(data, "group", seed=0)  # unseen groups: no background seen in training gives a class away
    tensors = Tensors.from_arrays(data.X, data.y, split.train_idx, split.test_idx, torch.device("cpu"))
    out = {}
    for name, config in MODELS.items():
        model = build_model(config, **data.shape, seed=0)
        for _ in fit(model, tensors, TrainConfig(epochs=10, seed=0)):
            pass
        train, test = (pooled(model, data.X[idx]) for idx in (split.train_idx, split.test_idx))
        out[name] = train, data.y[split.train_idx], test, data.y[split.test_idx]
    return out


@pytest.mark.parametrize(("first", "second"), ORDER_PAIRS)
def test_the_gru_tells_the_order_pairs_apart_and_the_order_blind_cnn_does_not(maps, first, second):
    a, b = UCF11_CLASSES.index(first), UCF11_CLASSES.index(second)
    # Each test clip goes to the nearer of the two class centroids of the training clips (other groups).
    score = {name: centroid_accuracy(*m, a, b) for name, m in maps.items()}
    assert score["gru"] > 0.8 and score["blind"] < 0.7 and score["gru"] > score["blind"] + 0.2, score
    # On a map of the pair's test clips, the GRU's two clouds stand further apart than the blind CNN's.
    ratio = {}
    for name, (_, _, test, labels) in maps.items():
        rows = np.isin(labels, [a, b])
        ratio[name] = separation(pca_2d(test[rows]).coords, labels[rows], a, b).ratio
    assert ratio["gru"] > 1.0 > ratio["blind"], ratio
