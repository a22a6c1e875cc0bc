"""Which frames matter for a class on average: the per-frame attributions of many clips (each for its own true
class) averaged over the clips of each class."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from torch import nn

from har.explain.attribution import attribute


@dataclass(frozen=True)
class ClassProfiles:
    method: str  # "occlusion" or "ig"
    baseline: str
    output: str  # "probability" or "logit"
    mean: np.ndarray  # (C, T) mean attribution of each frame over the clips of each class; NaN: no clips
    spread: np.ndarray  # (C, T) standard deviation over those clips (0 for a single clip)
    count: np.ndarray  # (C,) clips of each class
    completeness_error: float | None = None  # IG: the largest over all clips


def class_profiles(
    model: nn.Module, clips, labels, *, n_classes: int, method: str = "occlusion", **options
) -> ClassProfiles:
    """Attribute every clip (N, T, F) to its true class `labels` (N,), then average per class."""
    labels = np.asarray(labels, dtype=np.int64)
    a = attribute(model, clips, method=method, targets=labels, **options)
    frames = a.values.shape[1]
    mean = np.full((n_classes, frames), np.nan)
    spread = np.full((n_classes, frames), np.nan)
    count = np.bincount(labels, minlength=n_classes)
    for c in np.flatnonzero(count):
        rows = a.values[labels == c]  # (n_c, T)
        mean[c], spread[c] = rows.mean(axis=0), rows.std(axis=0)
    worst = None if a.completeness_error is None or not len(labels) else float(a.completeness_error.max())
    return ClassProfiles(a.method, a.baseline, a.output, mean, spread, count, worst)
