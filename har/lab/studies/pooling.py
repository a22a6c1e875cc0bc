"""Pooling explorer: last, mean and max over time for both models, trained alike, in one grid."""

from __future__ import annotations

from dataclasses import dataclass, replace

import plotly.graph_objects as go

from har.data.dataset import Dataset
from har.data.splits import Split
from har.errors import HarError
from har.lab.core import Inputs, Study, Table, TrialResult
from har.lab.figures import accuracy_bars
from har.lab.words import pct
from har.messages import Message
from har.models import POOLINGS, CNNConfig, ModelConfig, RNNConfig
from har.schedule import Trial
from har.schema import multi, setting
from har.train import TrainConfig

HEADER = {  # (model, column) -> its header: "RNN: final test acc"
    (n, k): Message("lab.col.model_column", model=n.upper(), column=Message(key))
    for n in ("rnn", "cnn")
    for k, key in (("final", "lab.col.final"), ("best", "lab.col.best"))
}


@dataclass(frozen=True)
class PoolingOptions:
    poolings: tuple[str, ...] = setting(
        POOLINGS,
        link=None,
        flag="poolings",
        label="lab.page.poolings",
        help="lab.page.poolings_help",
        choices=POOLINGS,
        count=(1, len(POOLINGS)),
        widget=multi(*POOLINGS),
    )


class PoolingStudy(Study):
    name = "pooling"
    place = 30
    heading = "lab.page.pooling.name"
    intro = "lab.page.pooling.intro"
    summary = "lab.pooling.summary"
    Options = PoolingOptions

    def __init__(
        self, data: Dataset, split: Split, models: dict[str, ModelConfig], train: TrainConfig, poolings=POOLINGS
    ):
        for config in models.values():
            if not isinstance(config, (RNNConfig, CNNConfig)):
                raise HarError.of("lab.pooling_fixed")
        poolings = list(dict.fromkeys(poolings))
        bad = [p for p in poolings if p not in POOLINGS]
        if bad or not poolings:
            raise HarError.of("lab.pooling_unknown", bad=", ".join(bad) or "(none)", valid=", ".join(POOLINGS))
        trials = [
            Trial(p, {n: replace(c, pooling=p) for n, c in models.items()}, train, split, train.seed) for p in poolings
        ]
        super().__init__(data, trials)

    @classmethod
    def build(cls, inputs: Inputs, options: PoolingOptions) -> PoolingStudy:
        return cls(inputs.data, inputs.split, inputs.models, inputs.train, poolings=options.poolings)

    def result(self) -> PoolingResult | None:
        return PoolingResult(list(self.results)) if self.results else None

    @classmethod
    def tables(cls, result: PoolingResult) -> list[Table]:
        final, best = result.grid(), result.grid("best_acc")
        rows = [[p, pct(v["rnn"]), pct(best[p]["rnn"]), pct(v["cnn"]), pct(best[p]["cnn"])] for p, v in final.items()]
        headers = [Message("lab.col.pooling"), *(HEADER[n, k] for n in ("rnn", "cnn") for k in ("final", "best"))]
        return [Table(headers, rows, note=Message("lab.cli.optimistic"))]

    @classmethod
    def figures(cls, result: PoolingResult, say, *, dark: bool = False) -> dict:
        return {"fig": pooling_bars(result, say, dark=dark)}


@dataclass
class PoolingResult:
    runs: list[TrialResult]

    def grid(self, key: str = "final_acc") -> dict[str, dict[str, float]]:
        """{pooling: {model: value}} with `key` one of final_acc, best_acc, params."""
        out = {}
        for r in self.runs:
            if key == "params":
                out[r.label] = dict(r.params)
            elif key == "best_acc":
                out[r.label] = {n: r.best(n)[1] for n in r.history}
            else:
                out[r.label] = {n: r.final(n) for n in r.history}
        return out

    def best_pooling(self) -> dict[str, str]:
        """Each model's pooling with the highest final test accuracy."""
        grid = self.grid()
        names = next(iter(grid.values())).keys()
        return {n: max(grid, key=lambda p: grid[p][n]) for n in names}

    def as_dict(self) -> dict:
        return {
            "final_acc": self.grid(),
            "best_acc": self.grid("best_acc"),
            "params": self.grid("params"),
            "best_pooling": self.best_pooling(),
        }


def pooling_bars(result: PoolingResult, say, *, dark: bool = False) -> go.Figure:
    """Grouped bars: final test accuracy per pooling, one colour per model."""
    grid = result.grid()
    acc = {name: [v[name] for v in grid.values()] for name in ("rnn", "cnn")}
    y_title, title = say(Message("lab.fig.final_acc")), say(Message("lab.fig.pooling_title"))
    return accuracy_bars(list(grid), acc, y_title, title, dark).update_xaxes(title=say(Message("lab.fig.pooling")))


STUDY = PoolingStudy
