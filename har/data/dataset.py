"""The in-memory data set every part of `har` works on, and the checks any source must pass."""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass, field

import numpy as np

from har.errors import HarError

UCF11_CLASSES = (
    "basketball",
    "biking",
    "diving",
    "golf_swing",
    "horse_riding",
    "soccer_juggling",
    "swing",
    "tennis_swing",
    "trampoline_jumping",
    "volleyball_spiking",
    "walking",
)
MIN_FRAMES = 2  # a clip must change over time for the RNN-vs-CNN question to mean anything


@dataclass(frozen=True, eq=False)
class Dataset:
    """Clips X (N, T, F) float32 and labels y (N,), both read-only so sessions can share them."""

    name: str  # shown to users; says "synthetic" for generated data
    X: np.ndarray  # (N, T, F) float32
    y: np.ndarray  # (N,) int64, 0..C-1
    keys: tuple[str, ...]  # one name per clip, e.g. "basketball-v_shooting_01_01"
    class_names: tuple[str, ...]  # in label order
    groups: np.ndarray  # (N,) int64; clips of one group share actor and background
    synthetic: bool = False
    notes: tuple[str, ...] = field(default=())  # conversions made while loading

    @property
    def n(self) -> int:
        return self.X.shape[0]

    @property
    def t(self) -> int:
        return self.X.shape[1]

    @property
    def f(self) -> int:
        return self.X.shape[2]

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def shape(self) -> dict[str, int]:
        """What a model needs to know of the data: `build_model(config, **data.shape)`."""
        return {"n_frames": self.t, "n_features": self.f, "n_classes": self.n_classes}

    @property
    def n_groups(self) -> int:
        return len(np.unique(self.groups))

    def class_counts(self) -> np.ndarray:
        return np.bincount(self.y, minlength=self.n_classes)

    def info(self) -> dict:
        """A JSON-ready summary (what `python -m har data info --json` prints)."""
        return {
            "name": self.name,
            "synthetic": self.synthetic,
            "n": self.n,
            "t": self.t,
            "f": self.f,
            "classes": self.n_classes,
            "groups": self.n_groups,
            "class_names": list(self.class_names),
            "class_counts": self.class_counts().tolist(),
            "notes": list(self.notes),
        }


_FINGERPRINTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Dataset -> its fingerprint


def fingerprint(data: Dataset) -> str:
    """A short hash of the clips and labels (shape, features, labels): equal for the same data wherever it was
    loaded from, different as soon as one value or one label differs. Computed once per Dataset."""
    if data not in _FINGERPRINTS:
        h = hashlib.sha256(repr((data.X.shape, str(data.X.dtype))).encode())
        h.update(memoryview(data.X).cast("B"))  # X is C-contiguous: its bytes as they are, no copy
        h.update(np.ascontiguousarray(data.y, dtype="<i8").tobytes())
        _FINGERPRINTS[data] = h.hexdigest()[:16]
    return _FINGERPRINTS[data]


def make_dataset(name, X, y, keys=None, class_names=None, groups=None, synthetic=False, notes=()) -> Dataset:
    """Check every field and build a read-only Dataset; any problem raises one clear HarError.

    `notes` are conversions the source already made (a store decodes clips straight to float32).
    """
    notes = list(notes)
    X = np.asarray(X)
    if X.dtype == object or not (np.issubdtype(X.dtype, np.number) or X.dtype == bool):
        raise HarError.of("data.x_not_numbers", dtype=str(X.dtype))
    if X.ndim != 3:
        raise HarError.of("data.x_not_3d", shape=X.shape)
    n = X.shape[0]
    if n == 0 or X.shape[1] == 0 or X.shape[2] == 0:
        raise HarError.of("data.x_empty_dim", shape=X.shape)
    if X.shape[1] < MIN_FRAMES:  # one frame has no order to learn, and BatchNorm fails on a last batch of one clip
        raise HarError.of("data.one_frame", shape=X.shape)
    if X.dtype != np.float32:
        notes.append(f"features converted from {X.dtype} to float32")
        X = X.astype(np.float32)
    bad = ~np.isfinite(X)
    if bad.any():
        clip = int(np.argwhere(bad.any(axis=(1, 2)))[0, 0])
        raise HarError.of("data.x_not_finite", count=int(bad.sum()), clip=clip)
    y = _check_labels(np.asarray(y), n)
    class_names = _check_names(class_names, y)
    keys = tuple(str(k) for k in keys) if keys is not None else tuple(f"clip-{i:05d}" for i in range(n))
    if len(keys) != n:
        raise HarError.of("data.keys_count", keys=len(keys), n=n)
    groups = np.arange(n) if groups is None else np.asarray(groups)
    if groups.shape != (n,) or not np.issubdtype(groups.dtype, np.integer):
        raise HarError.of("data.groups", n=n, shape=groups.shape, dtype=str(groups.dtype))
    groups = groups.astype(np.int64)  # a copy, frozen below with the rest
    X = np.ascontiguousarray(X)
    for a in (X, y, groups):
        a.flags.writeable = False
    return Dataset(name, X, y, keys, class_names, groups, synthetic, tuple(notes))


def _check_labels(y: np.ndarray, n: int) -> np.ndarray:
    if y.shape != (n,):
        raise HarError.of("data.y_shape", n=n, shape=y.shape)
    if not np.issubdtype(y.dtype, np.integer):
        if np.issubdtype(y.dtype, np.floating) and np.all(np.isfinite(y)) and np.all(y == np.round(y)):
            y = y.astype(np.int64)
        else:
            raise HarError.of("data.y_not_whole", dtype=str(y.dtype))
    if y.min() < 0:
        raise HarError.of("data.y_negative", label=int(y.min()))
    if len(np.unique(y)) < 2:
        raise HarError.of("data.one_class")
    return y.astype(np.int64)


def _check_names(class_names, y: np.ndarray) -> tuple[str, ...]:
    top = int(y.max())
    if class_names is None:
        if top + 1 == len(UCF11_CLASSES):
            return UCF11_CLASSES
        return tuple(f"class {i}" for i in range(top + 1))
    names = tuple(str(c) for c in class_names)
    if top >= len(names):
        raise HarError.of("data.label_out_of_range", label=top, names=len(names), last=len(names) - 1)
    return names
