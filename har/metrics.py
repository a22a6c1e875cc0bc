"""Classification metrics from true and predicted labels (NumPy only)."""

from __future__ import annotations

import numpy as np


def confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    """Counts (C, C): rows are true classes, columns predicted classes."""
    y_true, y_pred = np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)
    return np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def accuracy(y_true, y_pred) -> float:
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float((y_true == y_pred).mean()) if len(y_true) else 0.0


def _safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, with 0 where den is 0 (a class never predicted or never present)."""
    return np.divide(num, den, out=np.zeros_like(num, dtype=np.float64), where=den > 0)


def precision_recall(confusion: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-class precision (of predictions of that class) and recall (of clips of that class)."""
    cm = np.asarray(confusion, dtype=np.float64)
    tp = np.diag(cm)
    return _safe_divide(tp, cm.sum(axis=0)), _safe_divide(tp, cm.sum(axis=1))


def macro_f1(confusion: np.ndarray) -> float:
    """Unweighted mean over classes of 2PR / (P + R)."""
    p, r = precision_recall(confusion)
    return float(_safe_divide(2 * p * r, p + r).mean())


def row_normalize(confusion: np.ndarray) -> np.ndarray:
    """Each row divided by its total: the share of a true class that went to each prediction."""
    cm = np.asarray(confusion, dtype=np.float64)
    return _safe_divide(cm, cm.sum(axis=1, keepdims=True))
