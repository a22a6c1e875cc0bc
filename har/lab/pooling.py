"""Pooling explorer: last, mean and max over time for both models, trained alike, in one grid."""

from __future__ import annotations

from dataclasses import dataclass, replace

from har.data.dataset import Dataset
from har.data.splits import Split
from har.errors import HarError
from har.lab.core import Job, JobResult, Study
from har.models import POOLINGS, CNNConfig, ModelConfig, RNNConfig
from har.train import TrainConfig


class PoolingStudy(Study):
    name = "pooling"

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
        jobs = [
            Job(p, {n: replace(c, pooling=p) for n, c in models.items()}, train, split, train.seed) for p in poolings
        ]
        super().__init__(data, jobs)

    def result(self) -> PoolingResult | None:
        return PoolingResult(list(self.results)) if self.results else None


@dataclass
class PoolingResult:
    runs: list[JobResult]

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
