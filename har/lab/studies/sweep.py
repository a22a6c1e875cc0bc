"""Size sweep: accuracy against parameter count for both families, the CNN resized to each RNN's count."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from har.data.dataset import Dataset
from har.data.splits import Split
from har.errors import HarError
from har.lab.core import Inputs, Study, Table, TrialResult
from har.lab.figures import layout, model_label, palette
from har.lab.words import count, pct, points
from har.messages import Message
from har.models import CNNConfig, ModelConfig, RNNConfig
from har.params import MATCH_TOLERANCE, count_params, match_size, miss, resize
from har.schedule import Trial
from har.schema import multi, setting
from har.train import TrainConfig

HIDDEN_SIZES = (8, 16, 32, 64, 128)  # the notebook RNN is the last


@dataclass(frozen=True)
class SweepOptions:
    hidden: tuple[int, ...] = setting(
        HIDDEN_SIZES, link=None, flag="hidden", label="lab.page.sizes", help="lab.page.sizes_help", bounds=(1, 4096),
        count=(1, 16), widget=multi(4, 8, 16, 32, 64, 128, 256),
    )  # fmt: skip


def sweep_pairs(rnn: ModelConfig, cnn: ModelConfig, hidden=HIDDEN_SIZES, **shape) -> list[dict[str, ModelConfig]]:
    """One {"rnn", "cnn"} pair per hidden size, the CNN matched to the RNN's parameter count."""
    if not isinstance(rnn, RNNConfig) or not isinstance(cnn, CNNConfig):
        raise HarError.of("lab.sweep_fixed")
    sizes = sorted({int(h) for h in hidden})
    if not sizes or sizes[0] < 1:
        raise HarError("give the sweep at least one hidden size of 1 or more.")
    pairs = []
    for h in sizes:
        r = resize(rnn, h)
        pairs.append({"rnn": r, "cnn": match_size(cnn, count_params(r, **shape), **shape)})
    return pairs


class SweepStudy(Study):
    """For each RNN hidden size the CNN is resized to the same parameter count, so a gap at equal
    size points to the architecture and a trend along the sizes points to the size."""

    name = "sweep"
    place = 20
    heading = "lab.page.sweep.name"
    intro = "lab.page.sweep.intro"
    summary = "lab.sweep.summary"
    Options = SweepOptions

    def __init__(
        self, data: Dataset, split: Split, models: dict[str, ModelConfig], train: TrainConfig, hidden=HIDDEN_SIZES
    ):
        self.pairs = sweep_pairs(models["rnn"], models["cnn"], hidden, **data.shape)
        trials = [Trial(str(p["rnn"].hidden), p, train, split, train.seed) for p in self.pairs]
        super().__init__(data, trials)

    @classmethod
    def build(cls, inputs: Inputs, options: SweepOptions) -> SweepStudy:
        return cls(inputs.data, inputs.split, inputs.models, inputs.train, hidden=options.hidden)

    def result(self) -> SweepResult | None:
        return summarize_sweep(list(self.results)) if self.results else None  # a snapshot: a worker may append

    @classmethod
    def tables(cls, result: SweepResult) -> list[Table]:
        rows = [
            [
                run.configs["rnn"].hidden,
                count(run.params["rnn"]),
                pct(run.final("rnn")),
                run.configs["cnn"].widths[0],
                count(run.params["cnn"]),
                pct(run.final("cnn")),
            ]
            for run in result.runs
        ]
        keys = ("lab.col.hidden", "lab.col.rnn_params", "lab.col.rnn_acc", "lab.col.width", "lab.col.cnn_params")
        return [Table([Message(k) for k in keys] + [Message("lab.col.cnn_acc")], rows)]

    @classmethod
    def figures(cls, result: SweepResult, say, *, dark: bool = False) -> dict:
        return {"fig": sweep_scatter(result, say, dark=dark)}

    @classmethod
    def verdict(cls, result: SweepResult) -> list[Message]:
        gaps = [r.final("rnn") - r.final("cnn") for r in result.runs]
        wins = sum(g > 0 for g in gaps)
        parts = [Message("lab.sweep.verdict", wins=wins, n=len(gaps), gap=points(sum(gaps) / len(gaps)))]
        misses = [miss(r.params["cnn"], r.params["rnn"]) for r in result.runs]
        off = [m for m in misses if abs(m) > MATCH_TOLERANCE]
        if off:  # small or multi-layer widths move the count in steps the RNN's size does not match
            worst = max(off, key=abs)
            parts.append(Message("lab.sweep.unmatched", off=len(off), n=len(misses), worst=worst, tol=MATCH_TOLERANCE))
        return parts


@dataclass
class SweepResult:
    points: list[dict]  # one per model and size: family, knob, params, final_acc, best_acc
    runs: list[TrialResult]

    def series(self, family: str) -> dict[str, list]:
        """Columns for one family, sorted by parameter count: what a scatter-with-lines plots."""
        pts = sorted((p for p in self.points if p["family"] == family), key=lambda p: p["params"])
        return {k: [p[k] for p in pts] for k in ("params", "knob", "final_acc", "best_acc")}

    def as_dict(self) -> dict:
        return {"points": self.points, "runs": [r.summary() for r in self.runs]}


def summarize_sweep(runs: list[TrialResult]) -> SweepResult:
    pts = []
    for r in runs:
        for name, config in r.configs.items():
            knob = config.hidden if isinstance(config, RNNConfig) else config.widths[0]
            pts.append(
                {
                    "size": r.label,
                    "family": name,
                    "knob": knob,
                    "params": r.params[name],
                    "final_acc": r.final(name),
                    "best_acc": r.best(name)[1],
                }
            )
    return SweepResult(pts, list(runs))


def sweep_scatter(result: SweepResult, say, *, dark: bool = False) -> go.Figure:
    """Final test accuracy against parameter count (log scale), one line per family."""
    fig = go.Figure()
    for name in ("rnn", "cnn"):
        s = result.series(name)
        fig.add_trace(
            go.Scatter(
                x=s["params"],
                y=s["final_acc"],
                mode="lines+markers",
                name=model_label(name),
                line={"color": palette(dark).model(name), "width": 3},
                marker={"size": 10},
                text=[str(k) for k in s["knob"]],
                hovertemplate="%{x:,} params · %{y:.1%} · size %{text}<extra></extra>",
            )
        )
    fig.update_xaxes(title=say(Message("lab.fig.params")), type="log")
    fig.update_yaxes(title=say(Message("lab.fig.final_acc")), tickformat=".0%")
    return layout(fig, say(Message("lab.fig.sweep")), dark=dark)


STUDY = SweepStudy
