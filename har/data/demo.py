"""The embedded demo data set: synthetic stand-in features in the course store's layout, generated from a
seed with no download, and built so that the exercise's lessons show (see `make_demo`)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import numpy as np

from har.data.cache import read_cache, write_cache
from har.data.dataset import UCF11_CLASSES, Dataset, make_dataset

NAME = "Synthetic demo (not UCF11)"
FRAMES, FEATURES, GROUPS = 10, 1024, 25
# Clips per class in the course store (1,599 in all).
CLASS_COUNTS = (141, 145, 156, 142, 198, 156, 137, 167, 119, 116, 122)
CLIP_NAMES = (
    "shooting",
    "biking",
    "diving",
    "golf",
    "riding",
    "juggle",
    "swing",
    "tennis",
    "jumping",
    "spiking",
    "walk_dog",
)
# (forward class, reversed class): same poses, opposite order.
ORDER_PAIRS = (("diving", "trampoline_jumping"), ("golf_swing", "tennis_swing"))
PAIRED = {name for pair in ORDER_PAIRS for name in pair}

POSES = 24  # size of the shared pose pool
POSES_PER_CLASS = 3
POSE_DENSITY = 0.06  # share of features a pose switches on
POSE_STRENGTH = 1.1
BACKGROUND_DENSITY = 0.12
BACKGROUND_STRENGTH = 0.6
NOISE = 0.8  # per-frame, per-feature noise
CONFUSABLE = 0.45  # share of an unpaired class's clips that move like another class (hard cases)
THRESHOLD = 0.6  # features below it are clipped to 0, which makes them sparse and non-negative


def make_demo(seed: int = 0, *, scale: float = 1.0) -> Dataset:
    """Generate the demo set; `scale` < 1 keeps that share of each class's clips (for tests).

    1,599 clips of 10 frames x 1,024 non-negative, sparse features, the 11 UCF11 class names,
    25 groups per class, built so that the exercise's lessons show:

    - each clip is a short trajectory through three "poses" drawn from a pool shared by all
      classes, blurred by noise; a share of clips move like another class (only their
      background gives them away), so the task is learnable but not trivial;
    - ORDER_PAIRS: the second class of each pair plays the first one's poses in reverse, so the
      two differ only in frame order: on a group split a model that ignores order cannot tell them
      apart (on a random split a background seen in training still gives the class away);
    - every group (one actor and place) adds its own strong background to all its clips, so a
      random split, which puts clips of one group on both sides, flatters the models.
    """
    rng = np.random.default_rng(seed)
    counts = [max(GROUPS // 5, int(round(c * scale))) for c in CLASS_COUNTS]
    poses = _sparse(rng, (POSES, FEATURES), POSE_DENSITY) * POSE_STRENGTH
    plans = _class_plans(rng)
    keys, labels, groups, trajectories = [], [], [], []
    for label, (count, clip_name) in enumerate(zip(counts, CLIP_NAMES, strict=True)):
        sizes = _group_sizes(rng, count)
        for g, size in enumerate(sizes):
            for c in range(size):
                keys.append(f"{UCF11_CLASSES[label]}-v_{clip_name}_{g + 1:02d}_{c + 1:02d}")
                labels.append(label)
                groups.append(label * GROUPS + g)
        own = np.repeat(plans[label][None], count, axis=0)
        # Confusable clips move like another class; only their background still gives them away.
        # The order pairs are always performed cleanly, so the order lesson stays sharp.
        share = 0.0 if UCF11_CLASSES[label] in PAIRED else CONFUSABLE
        other = (label + rng.integers(1, len(UCF11_CLASSES), size=count)) % len(UCF11_CLASSES)
        trajectories.append(np.where(rng.random((count, 1)) < share, plans[other], own))
    y = np.asarray(labels, dtype=np.int64)
    group_ids = np.asarray(groups, dtype=np.int64)
    n = len(y)
    weights = _pose_weights(rng, n)  # (N, T, K)
    plan = np.concatenate(trajectories)  # (N, K): the pose at each step of each clip's trajectory
    strength = rng.uniform(0.6, 1.4, size=(n, 1, 1)).astype(np.float32)
    X = np.matmul(weights, poses[plan])  # (N, T, K) @ (N, K, F) -> (N, T, F)
    X *= strength
    backgrounds = _sparse(rng, (GROUPS * len(UCF11_CLASSES), FEATURES), BACKGROUND_DENSITY) * BACKGROUND_STRENGTH
    X += (backgrounds - THRESHOLD)[group_ids][:, None, :]  # the threshold folded in: one pass less
    noise = rng.standard_normal(X.shape, dtype=np.float32)
    noise *= NOISE
    X += noise
    np.maximum(X, 0.0, out=X)
    return make_dataset(NAME, X, y, keys, UCF11_CLASSES, group_ids, synthetic=True)


def cached_demo(seed: int = 0, *, scale: float = 1.0, cache_dir=None) -> Dataset:
    """`make_demo`, kept in `cache_dir` (a checksummed copy) the first time: later starts read it back.

    The file's name holds a digest of this module and of NumPy's version, so a change to either
    generates the demo again. A cache that cannot be read or written only costs the time to generate.
    """
    if cache_dir is None:
        return make_demo(seed, scale=scale)
    file = Path(cache_dir) / f"demo-{_generator()}-{seed}-{scale:g}.bin"
    fields = read_cache(file)
    if fields is not None:
        return make_dataset(NAME, **fields, synthetic=True)
    data = make_demo(seed, scale=scale)
    fields = {"X": data.X, "y": data.y, "keys": data.keys, "class_names": data.class_names, "groups": data.groups}
    try:
        write_cache(file, fields)
    except OSError:
        pass
    return data


@cache
def _generator() -> str:
    """What the demo's values depend on besides seed and scale: this code and NumPy's random streams."""
    return hashlib.sha256(Path(__file__).read_bytes() + np.__version__.encode()).hexdigest()[:12]


def _sparse(rng, shape, density) -> np.ndarray:
    """Non-negative vectors with about `density` of their entries on."""
    on = rng.random(shape) < density
    return (on * rng.uniform(0.5, 1.5, size=shape)).astype(np.float32)


def _class_plans(rng) -> np.ndarray:
    """(C, K) pose indices each class steps through; a pair's second class reverses the first."""
    plans = np.stack([rng.choice(POSES, size=POSES_PER_CLASS, replace=False) for _ in UCF11_CLASSES])
    for forward, backward in ORDER_PAIRS:
        i, j = UCF11_CLASSES.index(forward), UCF11_CLASSES.index(backward)
        plans[j] = plans[i][::-1]
    return plans


def _pose_weights(rng, n) -> np.ndarray:
    """(N, T, K) soft assignment of each frame to the trajectory's steps, with jittered timing."""
    t = np.linspace(0.0, 1.0, FRAMES)[None, :]  # (1, T)
    speed = rng.uniform(0.8, 1.2, size=(n, 1))
    offset = rng.uniform(-0.12, 0.12, size=(n, 1))
    phase = np.clip((t - 0.5) * speed + 0.5 + offset, 0.0, 1.0)  # (N, T)
    centres = np.linspace(0.0, 1.0, POSES_PER_CLASS)  # (K,)
    w = np.exp(-((phase[..., None] - centres) ** 2) / (2 * 0.18**2))
    return (w / w.sum(axis=-1, keepdims=True)).astype(np.float32)


def _group_sizes(rng, count: int) -> list[int]:
    """Split a class's clips over its groups, every group getting at least one."""
    n_groups = min(GROUPS, count)
    sizes = np.ones(n_groups, dtype=int)
    extra = rng.multinomial(count - n_groups, np.ones(n_groups) / n_groups)
    return (sizes + extra).tolist()
