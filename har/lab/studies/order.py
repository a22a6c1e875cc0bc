"""Does the model use time? Test accuracy on the same clips with their frames shuffled and reversed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import torch
from torch import nn

from har import stats
from har.data.dataset import Dataset
from har.data.demo import ORDER_PAIRS
from har.data.splits import Split
from har.lab.core import Caution, Choice, Inputs, Study, Table
from har.lab.figures import accuracy_bars, escape_labels, layout, model_label, palette
from har.lab.flags import add_clip_choice
from har.lab.words import both, model_start, pct, points, pvalue, signed
from har.messages import Message
from har.models import ModelConfig
from har.schedule import Trial
from har.schema import number, setting
from har.train import TrainConfig, predict
from har.weights import evaluation_clips, load_weights, named_clips

CONDITIONS = ("original", "shuffled", "reversed")
CONDITION = {"original": "lab.col.original", "shuffled": "lab.col.shuffled", "reversed": "lab.col.reversed"}
ALTERED = {"shuffled": "lab.col.shuffled", "reversed": "lab.col.reversed"}  # what the per-class chart can show
CLASS_DROP = {"shuffled": "lab.fig.class_drop.shuffled", "reversed": "lab.fig.class_drop.reversed"}
MODEL_DROP = {"rnn": "lab.col.rnn_drop", "cnn": "lab.col.cnn_drop"}


@dataclass(frozen=True)
class OrderOptions:
    shuffle_seed: int = setting(
        0,
        link=None,
        flag="shuffle-seed",
        label="lab.page.shuffle_seed",
        help="lab.page.shuffle_seed_help",
        bounds=(0, 2**31 - 1),
        widget=number(0, 2**31 - 1),
    )


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

    def order_effect(self, model: str) -> str:
        """ "uses" (altering the frames costs accuracy beyond chance), "gains" (it changes the model's answers
        beyond chance but only ever for the better: it depends on order, though not usefully) or "ignores"."""
        if self.uses_order(model):
            return "uses"
        changed = any(self.mcnemar[model][c].p < stats.ALPHA and self.drop(model, c) < 0 for c in CONDITIONS[1:])
        return "gains" if changed else "ignores"

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
            "order_effect": {m: self.order_effect(m) for m in self.acc},
            "order_pairs": [list(p) for p in self.order_pairs],
            "shared_backgrounds": self.shared_backgrounds,
            "training_clips": self.training_clips,
        }


ORDER_EFFECT_KEYS = {"uses": "lab.order.uses", "gains": "lab.order.gains", "ignores": "lab.order.ignores"}


def order_verdict(r: OrderResult) -> list[Message]:
    """Per model, whether it uses order (McNemar and the accuracy lost); then what the data and split add."""
    parts = [Message("weights.not_test", n=r.training_clips, m=sum(r.support))] if r.training_clips else []
    for m in r.acc:
        parts.append(
            Message(
                ORDER_EFFECT_KEYS[r.order_effect(m)],
                Model=model_start(m),
                shuffled=points(-r.drop(m, "shuffled")),
                reversed=points(-r.drop(m, "reversed")),
                p_shuffled=pvalue(r.mcnemar[m]["shuffled"].p),
                p_reversed=pvalue(r.mcnemar[m]["reversed"].p),
            )
        )
    if r.order_pairs:
        parts.append(
            Message("lab.order.pairs", pairs=both([Message("lab.order.pair", a=a, b=b) for a, b in r.order_pairs]))
        )
    if r.shared_backgrounds:
        parts.append(Message("lab.order.random_split"))
    return parts


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
    place = 40
    heading = "lab.page.order.name"
    intro = "lab.page.order.intro"
    summary = "lab.order.summary"
    Options = OrderOptions
    choices = (Choice("condition", "lab.page.order_view", ALTERED),)

    def __init__(
        self, data: Dataset, split: Split, models: dict[str, ModelConfig], train: TrainConfig, *, shuffle_seed: int = 0
    ):
        super().__init__(data, [Trial("order", dict(models), train, split, train.seed)], keep_models=True)
        self.shuffle_seed = shuffle_seed
        self._order: OrderResult | None = None

    @classmethod
    def build(cls, inputs: Inputs, options: OrderOptions) -> OrderStudy:
        return cls(inputs.data, inputs.split, inputs.models, inputs.train, shuffle_seed=options.shuffle_seed)

    def result(self) -> OrderResult | None:
        if self._order is None and self.results:
            r = self.results[0]
            kind = self.trials[0].split.kind
            self._order = order_test(r.models, self.data, r.test_idx, seed=self.shuffle_seed, split_kind=kind)
        return self._order

    @classmethod
    def caution(cls, data: Dataset, split: Split) -> Caution | None:
        """On a random split the backgrounds give the class away: the order probe must run on a group split."""
        if split.kind == "random" and data.n_groups < data.n:
            return Caution(Message("lab.order.random_note"), Message("lab.order.use_group"), "group")
        return None

    @classmethod
    def add_flags(cls, parser) -> None:
        parser.add_argument("--weights", help="test these saved models instead of training new ones")
        add_clip_choice(parser, "with --weights: ")

    @classmethod
    def without_training(cls, args, inputs: Inputs, options: OrderOptions) -> tuple[OrderResult, dict] | None:
        """With --weights: the saved models put through the test, on the clips --on names."""
        if not args.weights:
            return None
        data, split = inputs.data, inputs.split
        bundle = load_weights(args.weights)
        idx, seen = evaluation_clips(bundle, data, named_clips(args.on, data, split), allow_overlap=args.allow_overlap)
        kind = bundle.split.kind if args.on == "test" else split.kind
        result = order_test(bundle.models, data, idx, seed=options.shuffle_seed, split_kind=kind, training_clips=seen)
        return result, {"weights": args.weights}

    @classmethod
    def tables(cls, result: OrderResult) -> list[Table]:
        rows = []
        for m, acc in result.acc.items():
            mc = result.mcnemar[m]
            rows.append(
                [
                    m.upper(),
                    *(pct(acc[c]) for c in CONDITIONS),
                    signed(result.drop(m, "shuffled")),
                    pvalue(mc["shuffled"].p),
                    signed(result.drop(m, "reversed")),
                    pvalue(mc["reversed"].p),
                ]
            )
        per_class = [
            [
                name,
                result.support[i],
                *("-" if result.class_drop(m)[i] is None else signed(result.class_drop(m)[i]) for m in result.acc),
            ]
            for i, name in enumerate(result.class_names)
        ]
        headers = [Message("lab.col.model"), *(Message(CONDITION[c]) for c in CONDITIONS)]
        headers += [Message("lab.col.drop_shuffled"), Message("lab.col.p")]
        headers += [Message("lab.col.drop_reversed"), Message("lab.col.p")]
        class_headers = [
            Message("lab.col.class"),
            Message("lab.col.clips"),
            *(Message(MODEL_DROP[m]) for m in result.acc),
        ]
        return [Table(headers, rows), Table(class_headers, per_class, title=Message("lab.cli.per_class"))]

    @classmethod
    def figures(cls, result: OrderResult, say, *, dark: bool = False, condition: str = "shuffled") -> dict:
        return {
            "fig": order_bars(result, say, dark=dark),
            "class_fig": order_class_drop(result, condition, say, dark=dark),
        }

    @classmethod
    def verdict(cls, result: OrderResult) -> list[Message]:
        return order_verdict(result)


def order_bars(result: OrderResult, say, *, dark: bool = False) -> go.Figure:
    """Accuracy of each model on original, shuffled and reversed clips."""
    labels = [say(Message(CONDITION[c])) for c in CONDITIONS]
    acc = {name: [by[c] for c in CONDITIONS] for name, by in result.acc.items()}
    return accuracy_bars(labels, acc, say(Message("lab.fig.accuracy")), say(Message("lab.fig.order")), dark)


def order_class_drop(result: OrderResult, condition: str, say, *, dark: bool = False) -> go.Figure:
    """Per-class accuracy lost when the frames are altered (bars to the right are losses)."""
    fig = go.Figure(
        [
            go.Bar(
                y=escape_labels(result.class_names),
                x=[d if d is not None else 0.0 for d in result.class_drop(name, condition)],
                orientation="h",
                name=model_label(name),
                marker_color=palette(dark).model(name),
            )
            for name in result.acc
        ]
    )
    fig.update_xaxes(title=say(Message("lab.fig.drop")), tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    return layout(fig.update_layout(barmode="group"), say(Message(CLASS_DROP[condition])), height=520, dark=dark)


STUDY = OrderStudy
