"""The randomised-weights sanity check: the same attribution of a model of the same config that was never trained,
side by side with the trained one's, and how alike their frame profiles are (an attribution that does not
change when the weights are random is not explaining what the model learned)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from torch import nn

from har.explain.attribution import Attribution, as_clips, attribute, resolve_targets
from har.explain.families import untrained_copy


@dataclass(frozen=True)
class SanityCheck:
    trained: Attribution  # the model as trained
    untrained: Attribution  # the same config, freshly drawn weights, the same clips and target classes
    rank_correlation: np.ndarray  # (N,) Spearman's rho of the two frame profiles of each clip (NaN: a flat one)
    seed: int  # of the untrained weights


def randomised_check(model: nn.Module, clips, *, method: str = "occlusion", seed: int = 0, **options) -> SanityCheck:
    """Attribute `clips` (N, T, F) with `model` and with an untrained model of its config (weights drawn from
    `seed`), for the same classes (`targets` in `options`, else the trained model's predictions)."""
    x = as_clips(model, clips)
    targets = resolve_targets(model.eval(), x, options.pop("targets", None))
    trained = attribute(model, x, method=method, targets=targets, **options)
    fresh = untrained_copy(model, n_frames=x.shape[1], seed=seed)
    untrained = attribute(fresh, x, method=method, targets=targets, **options)
    rho = np.array([spearman(a, b) for a, b in zip(trained.values, untrained.values, strict=True)])
    return SanityCheck(trained, untrained, rho, seed)


def ranks(values) -> np.ndarray:
    """(n,) the rank of each value, 1 for the smallest; tied values share the mean of their ranks."""
    values = np.asarray(values, dtype=np.float64)
    order = np.argsort(values, kind="stable")
    ranked = np.empty(len(values))
    ranked[order] = np.arange(1, len(values) + 1)
    uniques, inverse = np.unique(values, return_inverse=True)
    sums = np.bincount(inverse, weights=ranked, minlength=len(uniques))
    return (sums / np.bincount(inverse, minlength=len(uniques)))[inverse]


def spearman(a, b) -> float:
    """Spearman's rank correlation of two profiles (1: same order of frames, -1: opposite); NaN when either is
    flat (all its values equal), which has no order."""
    ra, rb = ranks(a), ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    scale = np.sqrt((ra * ra).sum() * (rb * rb).sum())
    return float((ra * rb).sum() / scale) if scale > 0 else float("nan")
