"""Metrics against examples worked by hand and a second, loop-by-loop implementation."""

from __future__ import annotations

import numpy as np
import pytest

from har.metrics import accuracy, confusion_matrix, macro_f1, precision_recall, row_normalize

# Three classes, eight clips. Class 2 is never predicted.
Y_TRUE = [0, 0, 0, 1, 1, 2, 2, 2]
Y_PRED = [0, 0, 1, 1, 1, 0, 1, 1]
# Worked by hand: rows are true classes, columns predictions.
CM = [
    [2, 1, 0],
    [0, 2, 0],
    [1, 2, 0],
]


def test_confusion_matrix_by_hand():
    cm = confusion_matrix(Y_TRUE, Y_PRED, 3)
    assert cm.tolist() == CM
    assert cm.sum() == len(Y_TRUE)
    # A class with no clips at all still gets its row and column.
    assert confusion_matrix([0, 1], [1, 1], 4).tolist() == [[0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]


def test_accuracy_by_hand():
    assert accuracy(Y_TRUE, Y_PRED) == pytest.approx(4 / 8)
    assert accuracy([1, 2], [1, 2]) == 1.0
    assert accuracy([], []) == 0.0


def test_precision_and_recall_by_hand():
    precision, recall = precision_recall(np.array(CM))
    # Precision: correct / predicted as that class (column sums 3, 5, 0).
    np.testing.assert_allclose(precision, [2 / 3, 2 / 5, 0.0])
    # Recall: correct / clips of that class (row sums 3, 2, 3).
    np.testing.assert_allclose(recall, [2 / 3, 2 / 2, 0 / 3])


def test_a_class_never_predicted_or_absent_gets_zero_not_nan():
    cm = np.array([[3, 0, 0], [1, 0, 0], [0, 0, 0]])  # class 1 never predicted, class 2 has no clips
    precision, recall = precision_recall(cm)
    assert np.isfinite(precision).all() and np.isfinite(recall).all()
    assert precision[1] == 0.0 and recall[1] == 0.0
    assert precision[2] == 0.0 and recall[2] == 0.0
    assert precision[0] == pytest.approx(3 / 4) and recall[0] == 1.0


def test_macro_f1_by_hand():
    # F1 per class: 2PR/(P+R) = 2/3, 2*(2/5)/(7/5) = 4/7, and 0 for the class never predicted.
    assert macro_f1(np.array(CM)) == pytest.approx((2 / 3 + 4 / 7 + 0.0) / 3)
    assert macro_f1(np.eye(4, dtype=int) * 5) == pytest.approx(1.0)
    assert macro_f1(np.array([[0, 2], [3, 0]])) == 0.0


def test_row_normalize_by_hand_keeps_empty_rows_zero():
    rows = row_normalize(np.array([[2, 1, 1], [0, 0, 0], [0, 5, 0]]))
    np.testing.assert_allclose(rows, [[0.5, 0.25, 0.25], [0, 0, 0], [0, 1, 0]])
    assert rows.dtype == np.float64


# A second implementation, one clip and one class at a time.
def _loop_confusion(y_true, y_pred, n):
    cm = [[0] * n for _ in range(n)]
    for t, p in zip(y_true, y_pred, strict=True):
        cm[t][p] += 1
    return cm


def _loop_metrics(cm):
    n = len(cm)
    precision, recall, f1 = [], [], []
    for c in range(n):
        tp = cm[c][c]
        predicted = sum(cm[r][c] for r in range(n))
        actual = sum(cm[c])
        p = tp / predicted if predicted else 0.0
        r = tp / actual if actual else 0.0
        precision.append(p)
        recall.append(r)
        f1.append(2 * p * r / (p + r) if p + r else 0.0)
    return precision, recall, sum(f1) / n


@pytest.mark.parametrize("seed", range(6))
def test_metrics_agree_with_a_loop_implementation(seed):
    rng = np.random.default_rng(seed)
    n_classes = int(rng.integers(2, 8))
    n = int(rng.integers(1, 60))
    y_true = rng.integers(0, n_classes, n)
    # Mostly right, sometimes wrong, and one class possibly never predicted.
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, n_classes - 1, n))
    cm = confusion_matrix(y_true, y_pred, n_classes)
    expected_cm = _loop_confusion(y_true.tolist(), y_pred.tolist(), n_classes)
    assert cm.tolist() == expected_cm
    precision, recall = precision_recall(cm)
    p, r, f1 = _loop_metrics(expected_cm)
    np.testing.assert_allclose(precision, p)
    np.testing.assert_allclose(recall, r)
    assert macro_f1(cm) == pytest.approx(f1)
    assert accuracy(y_true, y_pred) == pytest.approx(sum(a == b for a, b in zip(y_true, y_pred, strict=True)) / n)
    rows = row_normalize(cm)
    for c in range(n_classes):
        total = sum(expected_cm[c])
        np.testing.assert_allclose(rows[c], [v / total if total else 0.0 for v in expected_cm[c]])
