"""Size sweep: accuracy against parameter count for both families, the CNN resized to each RNN's count."""

from __future__ import annotations

from dataclasses import dataclass

from har.data.dataset import Dataset
from har.data.splits import Split
from har.errors import HarError
from har.i18n import t
from har.lab.core import Job, JobResult, Study
from har.lab.words import points
from har.models import CNNConfig, ModelConfig, RNNConfig
from har.params import count_params, match_size, resize
from har.train import TrainConfig

HIDDEN_SIZES = (8, 16, 32, 64, 128)  # the notebook RNN is the last


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

    def __init__(
        self, data: Dataset, split: Split, models: dict[str, ModelConfig], train: TrainConfig, hidden=HIDDEN_SIZES
    ):
        self.pairs = sweep_pairs(models["rnn"], models["cnn"], hidden, **data.shape)
        jobs = [Job(str(p["rnn"].hidden), p, train, split, train.seed) for p in self.pairs]
        super().__init__(data, jobs)

    def result(self) -> SweepResult | None:
        return summarize_sweep(list(self.results)) if self.results else None  # a snapshot: a worker may append


@dataclass
class SweepResult:
    points: list[dict]  # one per model and size: family, knob, params, final_acc, best_acc
    runs: list[JobResult]

    def series(self, family: str) -> dict[str, list]:
        """Columns for one family, sorted by parameter count: what a scatter-with-lines plots."""
        pts = sorted((p for p in self.points if p["family"] == family), key=lambda p: p["params"])
        return {k: [p[k] for p in pts] for k in ("params", "knob", "final_acc", "best_acc")}

    def verdict(self, lang: str = "en") -> str:
        gaps = [r.final("rnn") - r.final("cnn") for r in self.runs]
        wins = sum(g > 0 for g in gaps)
        return t("lab.sweep.verdict", lang, wins=wins, n=len(gaps), gap=points(sum(gaps) / len(gaps)))

    def as_dict(self) -> dict:
        return {"points": self.points, "runs": [r.summary() for r in self.runs]}


def summarize_sweep(runs: list[JobResult]) -> SweepResult:
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
