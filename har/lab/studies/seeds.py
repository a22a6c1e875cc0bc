"""Several seeds: train both models k times and ask whether their difference beats seed noise."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import plotly.graph_objects as go

from har import stats
from har.data.dataset import Dataset
from har.data.splits import Split
from har.lab.core import Choice, Inputs, Study, Table, TrialResult
from har.lab.discuss import Curves, discuss
from har.lab.figures import BAND_ALPHA, layout, model_label, palette
from har.lab.words import count, mcnemar_sentence, model, model_start, pct, points, pvalue, signed
from har.messages import Message
from har.models import ModelConfig
from har.schedule import Trial
from har.schema import setting, slider
from har.train import TrainConfig

CURVE_KEYS = ("train_loss", "train_acc", "test_loss", "test_acc")
UNIT = (0.0, 1.0)  # an accuracy's interval is clipped to what an accuracy can be
CURVES = {  # the curve the figure shows -> its title
    "test_acc": "lab.fig.seeds.test_acc",
    "train_acc": "lab.fig.seeds.train_acc",
    "test_loss": "lab.fig.seeds.test_loss",
    "train_loss": "lab.fig.seeds.train_loss",
}


def _bounds(key: str) -> tuple[float, float]:
    return UNIT if key.endswith("acc") else (0.0, math.inf)


@dataclass(frozen=True)
class SeedsOptions:
    seeds: int = setting(
        5, link=None, flag="seeds", label="lab.page.seeds", help="lab.page.seeds_help", bounds=(1, 100),
        widget=slider(2, 10),
    )  # fmt: skip


class SeedStudy(Study):
    """Each seed changes the initial weights and the batch order; the split stays the same, so the
    runs differ only by the randomness of training. Curves become a mean with a band, final
    accuracies an interval, and the RNN-CNN gap gets a paired t-test over seeds and McNemar's test
    on one run's paired test predictions."""

    name = "seeds"
    place = 10
    heading = "lab.page.seeds.name"
    intro = "lab.page.seeds.intro"
    summary = "lab.seeds.summary"
    Options = SeedsOptions
    choices = (Choice("metric", "lab.page.curve", CURVES),)

    def __init__(self, data: Dataset, split: Split, models: dict[str, ModelConfig], train: TrainConfig, seeds=5):
        """`seeds` is a count k (seeds 0..k-1) or an explicit list of seeds."""
        # a seed given twice trains the same run twice (training is deterministic): it counts once
        seeds = list(range(seeds)) if isinstance(seeds, int) else list(dict.fromkeys(int(s) for s in seeds))
        if not seeds:
            raise ValueError("give at least one seed")
        trials = [Trial(str(s), dict(models), replace(train, seed=s), split, s) for s in seeds]
        super().__init__(data, trials)

    @classmethod
    def build(cls, inputs: Inputs, options: SeedsOptions) -> SeedStudy:
        return cls(inputs.data, inputs.split, inputs.models, inputs.train, seeds=options.seeds)

    def result(self) -> SeedsResult | None:
        """The summary of the seeds finished so far, or None before the first one."""
        return summarize_seeds(list(self.results)) if self.results else None  # a snapshot: a worker may append

    @classmethod
    def tables(cls, result: SeedsResult) -> list[Table]:
        rows = [
            [n.upper(), count(result.params[n]), pct(iv.mean), _interval(iv), pct(result.best[n].mean),
             pct(result.final_train[n].mean)]
            for n, iv in result.final.items()
        ]  # fmt: skip
        per_seed = [
            [s, pct(run.final("rnn")), pct(run.final("cnn")), signed(run.final("rnn") - run.final("cnn"))]
            for s, run in zip(result.seeds, result.runs, strict=True)
        ]
        headers = ["lab.col.model", "lab.col.params", "lab.col.final", "lab.col.interval", "lab.col.best"]
        return [
            Table([Message(k) for k in headers] + [Message("lab.col.train")], rows, note=Message("lab.cli.optimistic")),
            Table(
                [
                    Message("lab.col.seed"),
                    Message("lab.col.rnn_acc"),
                    Message("lab.col.cnn_acc"),
                    Message("lab.col.diff"),
                ],
                per_seed,
                title=Message("lab.cli.per_seed"),
            ),
        ]

    @classmethod
    def figures(cls, result: SeedsResult, say, *, dark: bool = False, metric: str = "test_acc") -> dict:
        return {"fig": seeds_curves(result, metric, say, dark=dark)}

    @classmethod
    def verdict(cls, result: SeedsResult) -> list[Message]:
        return seeds_verdict(result)

    @classmethod
    def discussion(cls, result: SeedsResult) -> list[Message]:
        return discuss_seeds(result)


def _interval(iv: stats.Interval) -> Message | str:
    return "-" if iv.n < 2 else Message("lab.num.interval", low=iv.low, high=iv.high)


@dataclass
class SeedsResult:
    seeds: list[int]  # the finished seeds
    params: dict[str, int]
    curves: dict[str, dict[str, stats.Band]]  # name -> curve key -> band over seeds
    final: dict[str, stats.Interval]  # final test accuracy over seeds
    best: dict[str, stats.Interval]  # best test accuracy over seeds
    final_train: dict[str, stats.Interval]
    paired: stats.PairedTest | None  # rnn minus cnn, final test accuracy, paired by seed
    mcnemar: stats.McNemar | None  # rnn vs cnn on the first seed's test clips
    runs: list[TrialResult]

    @property
    def n(self) -> int:
        return len(self.seeds)

    def significant(self) -> bool | None:
        """True when the paired test says the gap beats seed noise; None with fewer than 2 seeds."""
        if self.paired is None or self.paired.n < 2 or self.paired.no_spread:
            return None
        return self.paired.p < stats.ALPHA

    def as_dict(self) -> dict:
        return {
            "seeds": self.seeds,
            "params": self.params,
            "curves": {n: {k: b.as_dict() for k, b in c.items()} for n, c in self.curves.items()},
            "final": {n: iv.as_dict() for n, iv in self.final.items()},
            "best": {n: iv.as_dict() for n, iv in self.best.items()},
            "final_train": {n: iv.as_dict() for n, iv in self.final_train.items()},
            "paired": self.paired.as_dict() if self.paired else None,
            "mcnemar": self.mcnemar.as_dict() if self.mcnemar else None,
            "significant": self.significant(),
            "runs": [r.summary() for r in self.runs],
        }


def summarize_seeds(runs: list[TrialResult]) -> SeedsResult:
    """Aggregate finished seed runs (all with the same models and epochs); a seed that appears twice is the same
    run twice and counts once."""
    runs = list({r.label: r for r in reversed(runs)}.values())[::-1]  # the first run of each seed, in order
    names = list(runs[0].history)
    curves = {n: {k: stats.band([r.curve(n, k) for r in runs], bounds=_bounds(k)) for k in CURVE_KEYS} for n in names}
    final = {n: stats.interval([r.final(n) for r in runs], bounds=UNIT) for n in names}
    best = {n: stats.interval([r.best(n)[1] for r in runs], bounds=UNIT) for n in names}
    final_train = {n: stats.interval([r.final(n, "train_acc") for r in runs], bounds=UNIT) for n in names}
    paired = mc = None
    if {"rnn", "cnn"} <= set(names):
        paired = stats.paired_t_test([r.final("rnn") for r in runs], [r.final("cnn") for r in runs], bounds=(-1.0, 1.0))
        first = runs[0]
        mc = stats.mcnemar(first.test_labels, first.test_pred["rnn"], first.test_pred["cnn"])
    return SeedsResult(
        [int(r.label) for r in runs], dict(runs[0].params), curves, final, best, final_train, paired, mc, runs
    )


def seeds_verdict(result: SeedsResult) -> list[Message]:
    """Two or three plain sentences: the gap, whether it beats seed noise, and McNemar's view."""
    if result.paired is None:
        return [Message("lab.seeds.no_pair")]
    p = result.paired
    ahead = "rnn" if p.mean_diff >= 0 else "cnn"
    diff = points(p.mean_diff)
    if p.n < 2 and diff == 0:
        parts = [Message("lab.seeds.one_seed_tie")]
    elif p.n < 2:
        parts = [Message("lab.seeds.one_seed", ahead=model(ahead), diff=diff)]
    elif p.no_spread:
        parts = [Message("lab.seeds.no_spread", n=p.n, diff=diff)]
    else:
        key = "lab.seeds.significant" if p.p < stats.ALPHA else "lab.seeds.noise"
        parts = [
            Message("lab.seeds.gap", n=p.n, diff=diff, low=points(p.low), high=points(p.high)),
            Message(key, Ahead=model_start(ahead), p=pvalue(p.p)),
        ]
    if result.mcnemar is not None:
        parts.append(mcnemar_sentence(result.mcnemar, seed=result.seeds[0]))
    return parts


def curves_from_seeds(result: SeedsResult) -> dict[str, Curves]:
    """Mean curves over seeds."""
    return {
        name: Curves(result.params[name], c["train_acc"].mean, c["test_acc"].mean, c["test_loss"].mean)
        for name, c in result.curves.items()
    }


def discuss_seeds(result: SeedsResult) -> list[Message]:
    """The paragraph for a seeds study: mean curves, intervals, and the paired test's verdict."""
    closing = [Message("lab.discuss.seeds", n=result.n)]
    for name, iv in result.final.items():
        if iv.n >= 2:
            closing.append(
                Message("lab.discuss.interval", Model=model_start(name), mean=iv.mean, low=iv.low, high=iv.high)
            )
    return discuss(curves_from_seeds(result), closing + seeds_verdict(result))


def seeds_curves(result: SeedsResult, metric: str, say, *, dark: bool = False) -> go.Figure:
    """Mean curve over seeds with its 95% band (no band with a single seed)."""
    fig = go.Figure()
    for name, curves in result.curves.items():
        b = curves[metric]
        epochs = list(range(1, len(b.mean) + 1))
        color = palette(dark).model(name) or "#888888"
        if b.n >= 2:
            fig.add_trace(
                go.Scatter(
                    x=epochs + epochs[::-1],
                    y=b.high + b.low[::-1],
                    fill="toself",
                    mode="lines",
                    line={"width": 0},
                    fillcolor=color + BAND_ALPHA,
                    hoverinfo="skip",
                    name=say(Message("lab.fig.band", model=model_label(name))),
                    legendgroup=name,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=epochs,
                y=b.mean,
                mode="lines+markers",
                line={"color": color, "width": 3},
                name=say(Message("lab.fig.mean", model=model_label(name), n=b.n)),
                legendgroup=name,
            )
        )
    fig.update_xaxes(title=say(Message("lab.fig.epoch")), dtick=1)
    if metric.endswith("acc"):
        fig.update_yaxes(title=say(Message("lab.fig.accuracy")), tickformat=".0%")
    else:
        fig.update_yaxes(title=say(Message("lab.fig.loss")))
    return layout(fig, say(Message(CURVES[metric])), dark=dark)


STUDY = SeedStudy
