"""Leakage: the same models trained on a random split and on a group split, side by side."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from har.data.dataset import Dataset
from har.data.splits import SPLITS, make_split
from har.lab.core import Inputs, NoOptions, Study, Table, TrialResult
from har.lab.figures import accuracy_bars
from har.lab.words import model, model_start, pct, points
from har.messages import Message
from har.models import ModelConfig
from har.schedule import Trial
from har.train import TrainConfig

SPLIT_NAME = {"random": "lab.fig.split.random", "group": "lab.fig.split.group"}


class LeakageStudy(Study):
    """Clips of one group share an actor and a background. A random split puts clips of a group on
    both sides, so a model can score by recognising a background it saw in training."""

    name = "leakage"
    place = 50
    heading = "lab.page.leakage.name"
    intro = "lab.page.leakage.intro"
    summary = "lab.leakage.summary"

    def __init__(
        self,
        data: Dataset,
        models: dict[str, ModelConfig],
        train: TrainConfig,
        *,
        test_fraction: float = 0.2,
        split_seed: int = 0,
    ):
        trials = [
            Trial(
                kind,
                dict(models),
                train,
                make_split(data, kind, test_fraction=test_fraction, seed=split_seed),
                train.seed,
            )
            for kind in SPLITS
        ]
        super().__init__(data, trials)

    @classmethod
    def build(cls, inputs: Inputs, options: NoOptions) -> LeakageStudy:
        """Its own two splits, from the setup's test fraction and split seed."""
        return cls(
            inputs.data, inputs.models, inputs.train, test_fraction=inputs.test_fraction, split_seed=inputs.split_seed
        )

    def result(self) -> LeakageResult | None:
        return LeakageResult(list(self.results)) if self.results else None

    @classmethod
    def tables(cls, result: LeakageResult) -> list[Table]:
        rows = [[kind, pct(v["rnn"]), pct(v["cnn"])] for kind, v in result.grid().items()]
        return [Table([Message("lab.col.split"), Message("lab.col.rnn_acc"), Message("lab.col.cnn_acc")], rows)]

    @classmethod
    def figures(cls, result: LeakageResult, say, *, dark: bool = False) -> dict:
        return {"fig": leakage_bars(result, say, dark=dark)}

    @classmethod
    def verdict(cls, result: LeakageResult) -> list[Message]:
        parts = [Message("lab.leakage.why")]
        g, gap = result.grid(), result.flattery()
        if gap is not None:
            for n, d in gap.items():
                parts.append(
                    Message(
                        "lab.leakage.numbers",
                        Model=model_start(n),
                        random=g["random"][n],
                        group=g["group"][n],
                        gap=points(d),
                    )
                )
            parts += ranking_sentence(g)
        return parts


def ranking_sentence(grid: dict[str, dict[str, float]]) -> list[Message]:
    """When the winner on the random split is the loser on the group split, the leakage decided the ranking:
    say so, since that is the comparison a student would otherwise take home."""
    if not {"rnn", "cnn"} <= grid["random"].keys():
        return []
    lead = {kind: points(grid[kind]["rnn"] - grid[kind]["cnn"]) for kind in ("random", "group")}
    if lead["random"] * lead["group"] >= 0:  # the same winner on both splits, or a tie on one
        return []
    winner, loser = ("rnn", "cnn") if lead["random"] > 0 else ("cnn", "rnn")
    return [
        Message(
            "lab.leakage.reversed",
            winner=model(winner),
            loser=model(loser),
            random=abs(lead["random"]),
            group=abs(lead["group"]),
        )
    ]


@dataclass
class LeakageResult:
    runs: list[TrialResult]

    def grid(self) -> dict[str, dict[str, float]]:
        """{split: {model: final test accuracy}}."""
        return {r.label: {n: r.final(n) for n in r.history} for r in self.runs}

    def flattery(self) -> dict[str, float] | None:
        """Random-split accuracy minus group-split accuracy, per model (None until both ran)."""
        g = self.grid()
        if not {"random", "group"} <= g.keys():
            return None
        return {n: g["random"][n] - g["group"][n] for n in g["random"]}

    def as_dict(self) -> dict:
        return {"final_acc": self.grid(), "flattery": self.flattery(), "runs": [r.summary() for r in self.runs]}


def leakage_bars(result: LeakageResult, say, *, dark: bool = False) -> go.Figure:
    grid = result.grid()
    labels = [say(Message(SPLIT_NAME[kind])) for kind in grid]
    acc = {name: [v[name] for v in grid.values()] for name in ("rnn", "cnn")}
    return accuracy_bars(labels, acc, say(Message("lab.fig.final_acc")), say(Message("lab.fig.leakage")), dark)


STUDY = LeakageStudy
