"""Train/test splits: the random one is stratified, the group one never puts a group on both sides."""

from __future__ import annotations

import numpy as np
import pytest
from support.data import grouped_dataset

from har.data import make_dataset, make_split


def _check_partition(data, split):
    train, test = split.train_idx, split.test_idx
    assert len(np.intersect1d(train, test)) == 0
    assert np.array_equal(np.union1d(train, test), np.arange(data.n))
    assert np.array_equal(train, np.sort(train)) and np.array_equal(test, np.sort(test))


@pytest.fixture(scope="module")
def data():
    return grouped_dataset(groups_per_class=(6, 5, 7, 2), clips_per_group=4)


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.1])
def test_random_split_is_stratified(data, fraction):
    split = make_split(data, "random", test_fraction=fraction, seed=0)
    assert split.kind == "random"
    _check_partition(data, split)
    for c, count in enumerate(data.class_counts()):
        in_test = int(np.sum(data.y[split.test_idx] == c))
        assert abs(in_test - fraction * count) <= 1, (c, in_test, count)


def test_random_split_is_deterministic_per_seed(data):
    a, b = make_split(data, "random", seed=3), make_split(data, "random", seed=3)
    assert np.array_equal(a.test_idx, b.test_idx) and np.array_equal(a.train_idx, b.train_idx)
    c = make_split(data, "random", seed=4)
    assert not np.array_equal(a.test_idx, c.test_idx)


def test_random_split_puts_groups_on_both_sides(data):
    """What the group split is there to prevent: with a random split, groups leak across."""
    split = make_split(data, "random", seed=0)
    shared = np.intersect1d(data.groups[split.train_idx], data.groups[split.test_idx])
    assert len(shared) > 0


@pytest.mark.parametrize("seed", [0, 1, 2, 7])
@pytest.mark.parametrize("fraction", [0.2, 0.4])
def test_group_split_keeps_every_group_on_one_side(data, seed, fraction):
    split = make_split(data, "group", test_fraction=fraction, seed=seed)
    assert split.kind == "group"
    _check_partition(data, split)
    assert len(np.intersect1d(data.groups[split.train_idx], data.groups[split.test_idx])) == 0
    for c in range(data.n_classes):
        members = data.y == c
        test_c = np.isin(np.arange(data.n), split.test_idx) & members
        # Every class here has at least two groups: some go to test, at least one stays for training.
        assert test_c.any(), c
        assert (members & ~test_c).any(), c
    # About the asked share of clips, to within the size of a group or two.
    assert abs(len(split.test_idx) / data.n - fraction) < 0.15


def test_group_split_is_deterministic_per_seed(data):
    a, b = make_split(data, "group", seed=5), make_split(data, "group", seed=5)
    assert np.array_equal(a.test_idx, b.test_idx)
    others = [make_split(data, "group", seed=s).test_idx for s in range(6, 12)]
    assert any(not np.array_equal(a.test_idx, o) for o in others)


def test_a_class_with_one_group_stays_in_training():
    data = grouped_dataset(groups_per_class=(4, 1, 3))
    split = make_split(data, "group", seed=0)
    assert not np.isin(np.flatnonzero(data.y == 1), split.test_idx).any()
    assert np.isin(np.flatnonzero(data.y == 0), split.test_idx).any()


def test_group_split_with_groups_spanning_classes():
    """In a user's own data a group may hold clips of several classes; it still lands on one side."""
    rng = np.random.default_rng(0)
    n = 60
    y = np.arange(n) % 3
    groups = rng.integers(0, 12, n)
    data = make_dataset("mixed", rng.random((n, 2, 3)), y, groups=groups)
    for seed in range(5):
        split = make_split(data, "group", seed=seed)
        _check_partition(data, split)
        assert len(np.intersect1d(data.groups[split.train_idx], data.groups[split.test_idx])) == 0
        assert 0 < len(split.test_idx) < n


@pytest.mark.parametrize("fraction", [0.2, 0.3])
def test_groups_numbered_across_classes_still_give_about_the_asked_test_share(fraction):
    """Own data whose groups are numbered across classes (actor 7 in every class): moving a group moves its clips of
    every class, so a split that counted only one class's clips put up to 52.7% of the clips in test for 20%."""
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(11), 50)
    groups = rng.integers(0, 25, len(y))
    data = make_dataset("own", rng.random((len(y), 2, 3), dtype=np.float32), y, groups=groups)
    for seed in range(10):
        split = make_split(data, "group", test_fraction=fraction, seed=seed)
        _check_partition(data, split)
        assert len(np.intersect1d(data.groups[split.train_idx], data.groups[split.test_idx])) == 0
        assert abs(len(split.test_idx) / data.n - fraction) < 0.05, seed
        assert set(data.y[split.train_idx]) == set(range(11))  # every class keeps clips to train on


def test_groups_within_one_class_split_as_before(data):
    """UCF11's keys and the demo never share a group between classes: their group splits stay the per-class ones
    (records and the demo's figures name them by seed)."""
    from har.data.splits import _groups_span_classes

    assert not _groups_span_classes(data)


def test_default_is_the_courses_random_80_20_split(data):
    default = make_split(data)
    explicit = make_split(data, "random", test_fraction=0.2, seed=0)
    assert default.kind == "random" and np.array_equal(default.test_idx, explicit.test_idx)
    assert abs(len(default.test_idx) - 0.2 * data.n) <= data.n_classes


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.2, 1.5])
def test_test_fraction_must_be_between_zero_and_one(data, fraction):
    with pytest.raises(ValueError, match="fraction"):
        make_split(data, "random", test_fraction=fraction)


def test_unknown_split_lists_the_valid_ones(data):
    with pytest.raises(ValueError) as err:
        make_split(data, "stratified")
    assert "'random'" in str(err.value) and "'group'" in str(err.value)
