"""Does the model use time? Test accuracy on the same clips with their frames shuffled and reversed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from har import stats
from har.data.dataset import Dataset
from har.data.demo import ORDER_PAIRS
from har.data.splits import Split
from har.i18n import t
from har.lab.core import Job, Study
from har.lab.words import cap, model_name, points, pvalue
from har.models import ModelConfig
from har.train import TrainConfig, predict
from har.weights import not_a_test

CONDITIONS = ("original", "shuffled", "reversed")


def shuffle_frames(x: np.ndarray, seed: int = 0) -> np.ndarray:
    """Each clip of x (N, T, F) with its frames in a random order fixed by `seed`, never the identity."""
    n, frames = x.shape[:2]
    perm = np.argsort(np.random.default_rng(seed).random((n, frames)), axis=1)  # (N, T)
    if frames > 1:
        same = (perm == np.arange(frames)).all(axis=1)
        perm[same] = np.roll(perm[same], 1, axis=1)  # an unchanged clip would hide the effect
    return np.take_along_axis(x, perm[:, :, None], axis=1)


def variants(x: np.ndarray, seed: int = 0) -> dict[str, np.ndarray]:
    return {"original": x, "shuffled": shuffle_frames(x, seed), "reversed": np.ascontiguousarray(x[:, ::-1])}


@dataclass
class OrderResult:
    class_names: list[str]
    support: list[int]  # test clips per class
    acc: dict[str, dict[str, float]]  # model -> condition -> accuracy
    per_class: dict[str, dict[str, list[float | None]]]  # model -> condition -> recall per class
    mcnemar: dict[str, dict[str, stats.McNemar]]  # model -> altered condition -> vs original
    order_pairs: list[tuple[str, str]]  # classes that differ only in order, when the data says so
    shared_backgrounds: bool = False  # tested on a random split of data whose groups hold several clips
    training_clips: int = 0  # tested clips the models trained on (saved models scored with --allow-overlap)

    def drop(self, model: str, condition: str = "shuffled") -> float:
        """Accuracy lost when the frames are altered (positive = worse)."""
        return self.acc[model]["original"] - self.acc[model][condition]

    def class_drop(self, model: str, condition: str = "shuffled") -> list[float | None]:
        before, after = self.per_class[model]["original"], self.per_class[model][condition]
        return [None if b is None else b - a for b, a in zip(before, after, strict=True)]

    def uses_order(self, model: str) -> bool:
        """True when shuffling or reversing changes its errors beyond chance and costs accuracy."""
        return any(self.mcnemar[model][c].p < stats.ALPHA and self.drop(model, c) > 0 for c in CONDITIONS[1:])

    def verdict(self, lang: str = "en") -> str:
        parts = [not_a_test(self.training_clips, sum(self.support), lang)] if self.training_clips else []
        for m in self.acc:
            key = "lab.order.uses" if self.uses_order(m) else "lab.order.ignores"
            parts.append(
                t(
                    key,
                    lang,
                    Model=cap(model_name(m, lang)),
                    shuffled=points(-self.drop(m, "shuffled")),
                    reversed=points(-self.drop(m, "reversed")),
                    p_shuffled=pvalue(self.mcnemar[m]["shuffled"].p),
                    p_reversed=pvalue(self.mcnemar[m]["reversed"].p),
                )
            )
        if self.order_pairs:
            pairs = t("lab.order.and", lang).join(f"{a} / {b}" for a, b in self.order_pairs)
            parts.append(t("lab.order.pairs", lang, pairs=pairs))
        if self.shared_backgrounds:
            parts.append(t("lab.order.random_split", lang))
        return " ".join(parts)

    def as_dict(self) -> dict:
        return {
            "class_names": self.class_names,
            "support": self.support,
            "acc": self.acc,
            "drop": {m: {c: self.drop(m, c) for c in CONDITIONS[1:]} for m in self.acc},
            "class_drop": {m: {c: self.class_drop(m, c) for c in CONDITIONS[1:]} for m in self.acc},
            "per_class": self.per_class,
            "mcnemar": {m: {c: r.as_dict() for c, r in d.items()} for m, d in self.mcnemar.items()},
            "uses_order": {m: self.uses_order(m) for m in self.acc},
            "order_pairs": [list(p) for p in self.order_pairs],
            "shared_backgrounds": self.shared_backgrounds,
            "training_clips": self.training_clips,
        }


def order_test(
    models: dict[str, nn.Module],
    data: Dataset,
    idx,
    *,
    seed: int = 0,
    split_kind: str | None = None,
    training_clips: int = 0,
) -> OrderResult:
    """Evaluate trained `models` on clips `idx` of `data` as they are, shuffled and reversed.

    A model that ignores frame order (e.g. mean pooling with nothing order-aware before it) scores
    the same on all three; one that uses order drops. McNemar's test on the original and the
    altered predictions of the same clips says whether a drop is more than chance.
    `split_kind` "random" on data whose groups hold several clips adds a warning to the verdict:
    a background seen in training can give the class away, so order matters less than it should.
    `training_clips` (how many of `idx` the models trained on) puts a "not a test accuracy" label first.
    """
    idx = np.asarray(idx, dtype=np.int64)
    y = data.y[idx]
    xs = {c: torch.from_numpy(np.ascontiguousarray(v)) for c, v in variants(data.X[idx], seed).items()}
    support = np.bincount(y, minlength=data.n_classes)
    acc, per_class, mc = {}, {}, {}
    for name, model in models.items():
        preds = {c: predict(model, x).numpy() for c, x in xs.items()}
        acc[name] = {c: float(np.mean(p == y)) if len(y) else 0.0 for c, p in preds.items()}
        per_class[name] = {c: _recall(y, p, support) for c, p in preds.items()}
        mc[name] = {c: stats.mcnemar(y, preds["original"], preds[c]) for c in CONDITIONS[1:]}
    shared = split_kind == "random" and data.n_groups < data.n
    pairs = _order_pairs(data)
    return OrderResult(list(data.class_names), support.tolist(), acc, per_class, mc, pairs, shared, training_clips)


def _recall(y: np.ndarray, pred: np.ndarray, support: np.ndarray) -> list[float | None]:
    right = np.bincount(y[pred == y], minlength=len(support))
    return [None if s == 0 else float(r / s) for r, s in zip(right, support, strict=True)]


def _order_pairs(data: Dataset) -> list[tuple[str, str]]:
    """The demo set's classes that differ only in frame order (none for real data)."""
    if not data.synthetic:
        return []
    return [p for p in ORDER_PAIRS if set(p) <= set(data.class_names)]


class OrderStudy(Study):
    """Train the pair once, then put both through `order_test` on the test clips."""

    name = "order"

    def __init__(
        self, data: Dataset, split: Split, models: dict[str, ModelConfig], train: TrainConfig, *, shuffle_seed: int = 0
    ):
        super().__init__(data, [Job("order", dict(models), train, split, train.seed)], keep_models=True)
        self.shuffle_seed = shuffle_seed
        self._order: OrderResult | None = None

    def result(self) -> OrderResult | None:
        if self._order is None and self.results:
            r = self.results[0]
            kind = self.jobs[0].split.kind
            self._order = order_test(r.models, self.data, r.test_idx, seed=self.shuffle_seed, split_kind=kind)
        return self._order
