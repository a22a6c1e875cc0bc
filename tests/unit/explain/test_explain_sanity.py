"""The randomised-weights sanity check and the per-class average: Spearman against scipy, an untrained copy of the
same config, and class means against a hand computation."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy import stats

from har.explain.attribution import attribute, occlusion
from har.explain.families import shape_of, untrained_copy
from har.explain.profiles import class_profiles
from har.explain.sanity import randomised_check, ranks, spearman


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]),
        ([0.3, 0.1, 0.1, 0.9, 0.5, 0.5], [1, 2, 3, 4, 5, 6]),  # ties average their ranks
        ([3, 1, 2], [1, 3, 2]),
    ],
)
def test_spearman_equals_scipys(a, b):
    assert spearman(a, b) == pytest.approx(stats.spearmanr(a, b).statistic, abs=1e-12)
    assert np.array_equal(ranks(a), stats.rankdata(a))


def test_a_flat_profile_has_no_rank_correlation():
    assert np.isnan(spearman([1.0, 1.0, 1.0], [1, 2, 3]))


def test_the_untrained_copy_has_the_config_and_shape_but_fresh_weights(trained, data):
    for name, model in trained.items():
        fresh = untrained_copy(model, n_frames=data.t, seed=3)
        assert fresh.config == model.config and not fresh.training
        assert shape_of(fresh, data.t) == shape_of(model, data.t) == data.shape
        trained_state, fresh_state = model.state_dict(), fresh.state_dict()
        assert trained_state.keys() == fresh_state.keys()
        assert any(not torch.equal(trained_state[k], fresh_state[k]) for k in trained_state), name
        again = untrained_copy(model, n_frames=data.t, seed=3)
        assert all(torch.equal(v, again.state_dict()[k]) for k, v in fresh_state.items())


@pytest.mark.parametrize("method", ["occlusion", "ig"])
def test_the_sanity_check_sets_the_trained_and_the_untrained_attribution_side_by_side(trained, data, method):
    model = trained["gru"]
    check = randomised_check(model, data.X[:4], method=method, seed=5, targets=data.y[:4], steps=8)
    fresh = untrained_copy(model, n_frames=data.t, seed=5)
    options = {"targets": data.y[:4]}
    if method == "occlusion":
        assert np.allclose(check.trained.values, occlusion(model, data.X[:4], **options).values)
        assert np.allclose(check.untrained.values, occlusion(fresh, data.X[:4], **options).values)
    assert check.trained.targets.tolist() == check.untrained.targets.tolist() == data.y[:4].tolist()
    expected = [spearman(a, b) for a, b in zip(check.trained.values, check.untrained.values, strict=True)]
    assert np.allclose(check.rank_correlation, expected) and check.seed == 5
    assert not np.allclose(check.trained.values, check.untrained.values)


def test_without_targets_both_models_attribute_the_trained_models_prediction(trained, data):
    model = trained["cnn"]
    check = randomised_check(model, data.X[:5])
    with torch.no_grad():
        predicted = model(torch.from_numpy(np.array(data.X[:5]))).argmax(1)
    assert check.untrained.targets.tolist() == check.trained.targets.tolist() == predicted.tolist()


@pytest.mark.parametrize("method", ["occlusion", "ig"])
def test_class_profiles_average_each_clips_attribution_to_its_true_class(trained, data, method):
    model, x, y = trained["cnn"], data.X[:10], data.y[:10].copy()
    y[y == 2] = 0  # no clip of class 2 left: its row is NaN
    profiles = class_profiles(model, x, y, n_classes=3, method=method, baseline="zeros", steps=6)
    for c in (0, 1):
        rows = [
            attribute(model, x[i : i + 1], method=method, targets=[c], steps=6).values[0]
            for i in np.flatnonzero(y == c)
        ]
        assert np.allclose(profiles.mean[c], np.mean(rows, axis=0), atol=1e-7)
        assert np.allclose(profiles.spread[c], np.std(rows, axis=0), atol=1e-7)
    assert profiles.count.tolist() == np.bincount(y, minlength=3).tolist()
    assert np.isnan(profiles.mean[2]).all()
    assert (profiles.completeness_error is None) == (method == "occlusion")
