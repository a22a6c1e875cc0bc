"""A map of what each model learned: the pooled vector every clip becomes just before the classifier head (read
with a forward hook on `model.head`, so no model code changes), projected to 2-D by PCA; and how far apart two
classes lie in it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from har.explain.tensors import as_input
from har.train import EVAL_BATCH


def pooled(model: nn.Module, clips, *, batch: int = EVAL_BATCH) -> np.ndarray:
    """(N, D) float64: the input of `model.head` for each clip (N, T, F), in eval mode (so after a dropout that
    does nothing): the GRU's and the temporal CNN's vector pooled over time, the notebook CNN's mean over its
    pooled channels."""
    x = as_input(model, clips)  # (N, T, F)
    seen: list[torch.Tensor] = []
    hook = model.head.register_forward_pre_hook(lambda _module, args: seen.append(args[0].detach()))
    model.eval()
    try:
        with torch.inference_mode():
            for i in range(0, len(x), batch):
                model(x[i : i + batch])
    finally:
        hook.remove()
    if not seen:
        return np.zeros((0, _head_inputs(model)))
    return torch.cat(seen).double().cpu().numpy()


@dataclass(frozen=True)
class Map2D:
    """Points projected on the two directions in which they vary most."""

    coords: np.ndarray  # (N, 2) each point on the two axes
    variance_share: np.ndarray  # (2,) share of the points' total variance each axis holds
    components: np.ndarray  # (2, D) the axes, unit vectors; each one's largest loading is positive
    center: np.ndarray  # (D,) the mean point, subtracted before projecting


def pca_2d(points) -> Map2D:
    """PCA of `points` (N, D) by the SVD of the centered points. An axis's sign is fixed by making its largest
    loading (in absolute value) positive, so the same points always give the same picture."""
    x = np.asarray(points, dtype=np.float64)
    if x.ndim != 2 or len(x) < 1:
        raise ValueError(f"PCA needs points (N, D) with N >= 1; got shape {x.shape}")
    center = x.mean(axis=0)
    _, s, vt = np.linalg.svd(x - center, full_matrices=False)  # vt: (K, D), K = min(N, D)
    components = np.zeros((2, x.shape[1]))
    k = min(2, len(vt))
    components[:k] = vt[:k]
    largest = np.abs(components).argmax(axis=1)
    components *= np.where(components[np.arange(2), largest] < 0, -1.0, 1.0)[:, None]
    total = float((s**2).sum())
    share = np.zeros(2)
    share[:k] = s[:k] ** 2 / total if total > 0 else 0.0
    return Map2D((x - center) @ components.T, share, components, center)


@dataclass(frozen=True)
class Separation:
    """How far apart two classes' points lie."""

    distance: float  # between the two class centroids
    spread: float  # root mean squared distance of a point to its own class's centroid
    ratio: float  # distance / spread: above about 2 the two clouds barely touch, near 0 they lie on each other


def separation(points, labels, a: int, b: int) -> Separation:
    """Separation of classes `a` and `b` among `points` (N, D) with `labels` (N,)."""
    pa, pb = _two_classes(points, labels, a, b)
    ca, cb = pa.mean(axis=0), pb.mean(axis=0)
    distance = float(np.linalg.norm(ca - cb))
    spread = float(np.sqrt(np.concatenate([((pa - ca) ** 2).sum(1), ((pb - cb) ** 2).sum(1)]).mean()))
    return Separation(distance, spread, distance / spread if spread > 0 else float("inf"))


def centroid_accuracy(reference, reference_labels, points, labels, a: int, b: int) -> float:
    """Balanced accuracy (0.5: a coin toss) of telling class `a` from `b` among `points` (N, D) by which of the
    two class centroids of `reference` (M, D) each point is nearer. With the training clips as the reference and
    the test clips as the points, no clip is judged by a centroid it helped to place."""
    ra, rb = _two_classes(reference, reference_labels, a, b)
    pa, pb = _two_classes(points, labels, a, b)
    ca, cb = ra.mean(axis=0), rb.mean(axis=0)

    def nearer_a(p):
        return np.linalg.norm(p - ca, axis=1) < np.linalg.norm(p - cb, axis=1)

    return float((nearer_a(pa).mean() + (~nearer_a(pb)).mean()) / 2)


def _two_classes(points, labels, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    x, labels = np.asarray(points, dtype=np.float64), np.asarray(labels)
    pa, pb = x[labels == a], x[labels == b]
    if len(pa) < 1 or len(pb) < 1:
        raise ValueError(f"comparing two classes needs points of both; got {len(pa)} and {len(pb)}")
    return pa, pb


def _head_inputs(model: nn.Module) -> int:
    head = model.head[0] if isinstance(model.head, nn.Sequential) else model.head
    return head.in_features
