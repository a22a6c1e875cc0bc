"""Several seeds: train both models k times and ask whether their difference beats seed noise."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from har import stats
from har.data.dataset import Dataset
from har.data.splits import Split
from har.i18n import t
from har.lab.core import Job, JobResult, Study
from har.lab.words import cap, mcnemar_sentence, model_name, points, pvalue
from har.models import ModelConfig
from har.train import TrainConfig

CURVE_KEYS = ("train_loss", "train_acc", "test_loss", "test_acc")
UNIT = (0.0, 1.0)  # an accuracy's interval is clipped to what an accuracy can be


def _bounds(key: str) -> tuple[float, float]:
    return UNIT if key.endswith("acc") else (0.0, math.inf)


class SeedStudy(Study):
    """Each seed changes the initial weights and the batch order; the split stays the same, so the
    runs differ only by the randomness of training. Curves become a mean with a band, final
    accuracies an interval, and the RNN-CNN gap gets a paired t-test over seeds and McNemar's test
    on one run's paired test predictions."""

    name = "seeds"

    def __init__(self, data: Dataset, split: Split, models: dict[str, ModelConfig], train: TrainConfig, seeds=5):
        """`seeds` is a count k (seeds 0..k-1) or an explicit list of seeds."""
        seeds = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
        if not seeds:
            raise ValueError("give at least one seed")
        jobs = [Job(str(s), dict(models), replace(train, seed=s), split, s) for s in seeds]
        super().__init__(data, jobs)

    def result(self) -> SeedsResult | None:
        """The summary of the seeds finished so far, or None before the first one."""
        return summarize_seeds(list(self.results)) if self.results else None  # a snapshot: a worker may append


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
    runs: list[JobResult]

    @property
    def n(self) -> int:
        return len(self.seeds)

    def significant(self) -> bool | None:
        """True when the paired test says the gap beats seed noise; None with fewer than 2 seeds."""
        if self.paired is None or self.paired.n < 2:
            return None
        return self.paired.p < stats.ALPHA

    def verdict(self, lang: str = "en") -> str:
        return seeds_verdict(self, lang)

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


def summarize_seeds(runs: list[JobResult]) -> SeedsResult:
    """Aggregate finished seed runs (all with the same models and epochs)."""
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


def seeds_verdict(result: SeedsResult, lang: str = "en") -> str:
    """Two or three plain sentences: the gap, whether it beats seed noise, and McNemar's view."""
    if result.paired is None:
        return t("lab.seeds.no_pair", lang)
    p = result.paired
    ahead = "rnn" if p.mean_diff >= 0 else "cnn"
    values = dict(Ahead=cap(model_name(ahead, lang)), ahead=model_name(ahead, lang), diff=points(p.mean_diff), n=p.n)
    if p.n < 2:
        parts = [t("lab.seeds.one_seed", lang, **values)]
    else:
        values.update(low=points(p.low), high=points(p.high), p=pvalue(p.p))
        key = "lab.seeds.significant" if p.p < stats.ALPHA else "lab.seeds.noise"
        parts = [t("lab.seeds.gap", lang, **values), t(key, lang, **values)]
    if result.mcnemar is not None:
        parts.append(mcnemar_sentence(result.mcnemar, lang, seed=result.seeds[0]))
    return " ".join(parts)
