"""The map: the vector before each model's head, read by a hook, and its PCA against scikit-learn's."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.decomposition import PCA

from har.explain.embedding import centroid_accuracy, pca_2d, pooled, separation
from har.models import pool_time


def by_hand(model, x: torch.Tensor) -> torch.Tensor:
    """(N, D) the head's input, computed from the model's parts without a hook."""
    config = model.config
    if hasattr(model, "gru"):
        out, _ = model.gru(model.norm(x))
        if config.pooling == "last" and config.bidirectional:
            return torch.cat([out[:, -1, : config.hidden], out[:, 0, config.hidden :]], dim=1)
        return pool_time(out, config.pooling)
    if hasattr(model, "convs"):
        return pool_time(model.convs(model.norm(x).transpose(1, 2)).transpose(1, 2), config.pooling)
    return model.pool(torch.relu(model.conv(model.norm(x)))).mean(dim=1)  # the notebook CNN


def test_the_pooled_vector_is_the_heads_input_for_every_family(trained, data):
    x = torch.from_numpy(np.array(data.X[:7]))
    for name, model in trained.items():
        got = pooled(model, data.X[:7], batch=3)  # in several batches
        with torch.no_grad():
            expected = by_hand(model, x).double().numpy()
        assert got.shape == expected.shape and np.allclose(got, expected, atol=1e-6), name
        assert not model.head._forward_pre_hooks  # the hook is gone afterwards


def test_pca_equals_scikit_learns_up_to_sign():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(40, 6)) @ rng.normal(size=(6, 6)) + 3.0
    ours = pca_2d(points)
    ref = PCA(n_components=2).fit(points)
    theirs = ref.transform(points)
    for axis in range(2):
        sign = np.sign(ours.coords[:, axis] @ theirs[:, axis])
        assert np.allclose(ours.coords[:, axis], sign * theirs[:, axis], atol=1e-9)
        assert np.allclose(ours.components[axis], sign * ref.components_[axis], atol=1e-9)
    assert np.allclose(ours.variance_share, ref.explained_variance_ratio_, atol=1e-12)
    assert np.allclose(ours.center, points.mean(axis=0))


def test_the_sign_of_each_axis_is_fixed_by_its_largest_loading():
    rng = np.random.default_rng(1)
    points = rng.normal(size=(30, 5)) * [5, 3, 1, 1, 1]
    a, b = pca_2d(points), pca_2d(points[::-1])  # the same cloud, its points in another order
    for axis in range(2):
        c = a.components[axis]
        assert c[np.abs(c).argmax()] > 0
    assert np.allclose(a.coords[::-1], b.coords)


def test_a_map_of_few_points_or_dimensions_still_has_two_axes():
    one_dim = pca_2d(np.array([[0.0], [1.0], [3.0]]))
    assert one_dim.coords.shape == (3, 2) and np.allclose(one_dim.coords[:, 1], 0)
    assert np.allclose(one_dim.variance_share, [1.0, 0.0])
    same = pca_2d(np.ones((4, 3)))
    assert np.allclose(same.coords, 0) and np.allclose(same.variance_share, 0)
    with pytest.raises(ValueError):
        pca_2d(np.zeros((0, 3)))


def test_separation_and_centroid_accuracy_of_two_clouds():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(50, 2)), rng.normal(size=(50, 2)) + [6.0, 0.0]
    points, labels = np.vstack([a, b]), np.repeat([0, 1], 50)
    far = separation(points, labels, 0, 1)
    assert far.distance == pytest.approx(np.linalg.norm(a.mean(0) - b.mean(0)))
    assert far.ratio > 3
    assert centroid_accuracy(points, labels, points, labels, 0, 1) == 1.0
    overlapping = np.vstack([a, rng.normal(size=(50, 2))])
    assert separation(overlapping, labels, 0, 1).ratio < 0.5
    assert 0.3 < centroid_accuracy(points, labels, overlapping, labels, 0, 1) < 0.8
