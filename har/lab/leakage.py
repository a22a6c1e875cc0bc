"""Leakage: the same models trained on a random split and on a group split, side by side."""

from __future__ import annotations

from dataclasses import dataclass

from har.data.dataset import Dataset
from har.data.splits import SPLITS, make_split
from har.i18n import t
from har.lab.core import Job, JobResult, Study
from har.lab.words import cap, model_name, pct, points
from har.models import ModelConfig
from har.train import TrainConfig


class LeakageStudy(Study):
    """Clips of one group share an actor and a background. A random split puts clips of a group on
    both sides, so a model can score by recognising a background it saw in training."""

    name = "leakage"

    def __init__(
        self,
        data: Dataset,
        models: dict[str, ModelConfig],
        train: TrainConfig,
        *,
        test_fraction: float = 0.2,
        split_seed: int = 0,
    ):
        jobs = [
            Job(
                kind,
                dict(models),
                train,
                make_split(data, kind, test_fraction=test_fraction, seed=split_seed),
                train.seed,
            )
            for kind in SPLITS
        ]
        super().__init__(data, jobs)

    def result(self) -> LeakageResult | None:
        return LeakageResult(list(self.results)) if self.results else None


@dataclass
class LeakageResult:
    runs: list[JobResult]

    def grid(self) -> dict[str, dict[str, float]]:
        """{split: {model: final test accuracy}}."""
        return {r.label: {n: r.final(n) for n in r.history} for r in self.runs}

    def flattery(self) -> dict[str, float] | None:
        """Random-split accuracy minus group-split accuracy, per model (None until both ran)."""
        g = self.grid()
        if not {"random", "group"} <= g.keys():
            return None
        return {n: g["random"][n] - g["group"][n] for n in g["random"]}

    def verdict(self, lang: str = "en") -> str:
        parts = [t("lab.leakage.why", lang)]
        g, gap = self.grid(), self.flattery()
        if gap is not None:
            for n, d in gap.items():
                parts.append(
                    t(
                        "lab.leakage.numbers",
                        lang,
                        Model=cap(model_name(n, lang)),
                        random=pct(g["random"][n]),
                        group=pct(g["group"][n]),
                        gap=points(d),
                    )
                )
        return " ".join(parts)

    def as_dict(self) -> dict:
        return {"final_acc": self.grid(), "flattery": self.flattery(), "runs": [r.summary() for r in self.runs]}
