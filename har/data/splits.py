"""Train/test splits: random and stratified (the course's), or by group (no group on both sides)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from har.configs import SPLITS
from har.data.dataset import Dataset
from har.errors import check_choice


@dataclass(frozen=True)
class Split:
    kind: str  # "random" or "group"
    train_idx: np.ndarray  # indices into the data set, sorted
    test_idx: np.ndarray
    seed: int = 0  # what make_split was given: the same data, kind, seed and fraction give the same clips
    test_fraction: float = 0.2


def indices_fingerprint(idx) -> str:
    """A short hash of which clips `idx` names: two splits with the same test clips have the same one."""
    return hashlib.sha256(np.asarray(idx, dtype="<i8").tobytes()).hexdigest()[:16]


def make_split(data: Dataset, kind: str = "random", *, test_fraction: float = 0.2, seed: int = 0) -> Split:
    """Split clips into train and test, the same way every time for the same seed.

    `random` draws `test_fraction` of each class's clips. `group` moves whole groups (one actor
    and background) to the test side until each class has about `test_fraction` of its clips there.
    Where a group holds clips of several classes (a user's own data may number its groups across
    classes), moving it moves all of them, so the groups are then chosen for all classes at once.
    """
    check_choice("split", kind, SPLITS)
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test fraction must be between 0 and 1, got {test_fraction}")
    rng = np.random.default_rng(seed)
    if kind == "group" and _groups_span_classes(data):
        test = _spanning_group_test(data, test_fraction, rng)
        return Split(kind, np.flatnonzero(~test), np.flatnonzero(test), seed, test_fraction)
    pick = _random_test if kind == "random" else _group_test
    test = np.zeros(data.n, dtype=bool)
    for c in range(data.n_classes):
        members = np.flatnonzero(data.y == c)
        if len(members):
            test[pick(members, data.groups, test_fraction, rng)] = True
    return Split(kind, np.flatnonzero(~test), np.flatnonzero(test), seed, test_fraction)


def _random_test(members, groups, fraction, rng):
    k = int(round(fraction * len(members)))
    return rng.permutation(members)[:k]


def _group_test(members, groups, fraction, rng):
    """Whole groups of this class, in random order, until the test side is closest to the goal."""
    # A group holding clips of several classes goes with its first class; it is never split.
    own = [g for g in rng.permutation(np.unique(groups[members])) if _first_class_owner(g, groups, members)]
    goal, chosen, size = fraction * len(members), [], 0
    for g in own[:-1]:  # keep at least one group for training
        n_g = int(np.sum(groups[members] == g))
        if abs(size + n_g - goal) >= abs(size - goal) and size > 0:
            break
        chosen.append(g)
        size += n_g
    return np.flatnonzero(np.isin(groups, chosen))


def _groups_span_classes(data: Dataset) -> bool:
    """Whether some group holds clips of more than one class (never in UCF11's keys or the demo)."""
    pairs = np.unique(np.stack([data.groups, data.y]), axis=1)
    return len(np.unique(pairs[0])) < pairs.shape[1]


def _spanning_group_test(data: Dataset, fraction: float, rng) -> np.ndarray:
    """Test mask of whole groups, in random order, each taken when it brings every class's test count closer to
    `fraction` of its clips (summed over classes) and leaves each class a clip to train on."""
    ids, inverse = np.unique(data.groups, return_inverse=True)
    counts = np.zeros((len(ids), data.n_classes), dtype=np.int64)
    np.add.at(counts, (inverse, data.y), 1)
    sizes = counts.sum(axis=0)
    goal = fraction * sizes
    taken, chosen = np.zeros(data.n_classes, dtype=np.int64), []
    for g in rng.permutation(len(ids)):
        after = taken + counts[g]
        if np.any(after[sizes > 0] >= sizes[sizes > 0]):
            continue
        if np.abs(after - goal).sum() < np.abs(taken - goal).sum():
            chosen.append(g)
            taken = after
    return np.isin(inverse, chosen)


def _first_class_owner(g, groups, members) -> bool:
    first = np.flatnonzero(groups == g)[0]
    return first in set(members.tolist())
