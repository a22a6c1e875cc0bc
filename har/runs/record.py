"""The run record as typed objects: what one training of a pair of models produced. `to_json` writes version 3;
`from_json` is the one place a JSON document becomes a record, checked once (har.runs.check) after records of
versions 1 and 2 are brought up to date (har.runs.migrate). Readers use attributes, never the JSON's keys.

The parts that never change once made are frozen; a RunRecord and its ModelRuns grow while a training runs, and
only har.runs.build changes them."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import asdict, dataclass, field

from har.configs import SPLITS, ModelConfig, TrainConfig
from har.errors import HarError
from har.messages import Message
from har.presets import CONFIG_CLASSES, config_to_dict
from har.runs import check as c
from har.runs.migrate import migrate
from har.schema import settings_of
from har.status import Status

FORMAT, VERSION = "har-run", 3
MAX_EPOCHS = settings_of(TrainConfig)["epochs"].bounds[1]
SUM_TOLERANCE = 1e-3  # float32 softmax rows, written in full, sum to 1 within about 1e-6


@dataclass(frozen=True)
class EpochScores:
    """One epoch of one model. Accuracies are fractions in [0, 1]; a loss is None where it was not finite."""

    epoch: int  # 1-based
    train_loss: float | None  # on the training clips after the epoch, in eval mode (see fit_acc for older records)
    train_acc: float
    test_loss: float | None  # on the test clips after the epoch, in eval mode
    test_acc: float
    seconds: float  # wall time of the epoch, both evaluations included
    # The running mean over the epoch's batches, with dropout on and the weights moving: context, not a score.
    # None in a record of version 2 or older, whose train_* are these running figures.
    fit_loss: float | None = None
    fit_acc: float | None = None

    @property
    def train_in_eval(self) -> bool:
        """Whether train_* were measured as test_* are (after the epoch, in eval mode); False in older records."""
        return self.fit_acc is not None

    @classmethod
    def from_dict(cls, d, where: str) -> EpochScores:
        d = c.obj(d, where)
        get = lambda k: c.member(d, k, where)  # noqa: E731
        return cls(
            epoch=c.integer(get("epoch"), c.at(where, "epoch"), 1, MAX_EPOCHS),
            train_loss=c.optional_number(get("train_loss"), c.at(where, "train_loss"), 0.0),
            train_acc=c.number(get("train_acc"), c.at(where, "train_acc"), 0.0, 1.0),
            test_loss=c.optional_number(get("test_loss"), c.at(where, "test_loss"), 0.0),
            test_acc=c.number(get("test_acc"), c.at(where, "test_acc"), 0.0, 1.0),
            seconds=c.number(get("seconds"), c.at(where, "seconds"), 0.0),
            fit_loss=c.optional_number(get("fit_loss"), c.at(where, "fit_loss"), 0.0),
            fit_acc=c.optional_number(get("fit_acc"), c.at(where, "fit_acc"), 0.0, 1.0),
        )


HISTORY_FIELDS = tuple(f.name for f in dataclasses.fields(EpochScores))


@dataclass(frozen=True)
class DatasetInfo:
    """The data set a run trained on, as the run describes it."""

    name: str
    n: int  # clips
    t: int  # frames per clip
    f: int  # features per frame
    class_names: tuple[str, ...]
    synthetic: bool  # the demo's made-up clips, not UCF11

    def to_dict(self) -> dict:
        return asdict(self) | {"class_names": list(self.class_names)}

    @classmethod
    def from_dict(cls, d, where: str = "dataset") -> DatasetInfo:
        d = c.obj(d, where)
        get = lambda k: c.member(d, k, where)  # noqa: E731
        names = c.array(get("class_names"), c.at(where, "class_names"), c.MAX_CLASSES)
        if not names:
            raise c.refuse(c.at(where, "class_names"), Message("error.run.rule.empty"))
        return cls(
            name=c.text(get("name"), c.at(where, "name")),
            n=c.integer(get("n"), c.at(where, "n"), 1, 10**8),
            t=c.integer(get("t"), c.at(where, "t"), 1, 10**5),
            f=c.integer(get("f"), c.at(where, "f"), 1, 10**6),
            class_names=tuple(c.text(v, c.at(c.at(where, "class_names"), i)) for i, v in enumerate(names)),
            synthetic=c.flag(get("synthetic"), c.at(where, "synthetic")),
        )


@dataclass(frozen=True)
class RunConfig:
    """How the run was set up, besides its models: the data, the split and the training."""

    data: str  # the source: "demo", "ucf11" or a path
    split: str  # "random" or "group"
    split_seed: int
    test_fraction: float
    train: TrainConfig
    threads: int | None  # torch threads each model trained on (the same seed gives the same digits at the same count)

    def to_dict(self) -> dict:
        return asdict(self) | {"train": asdict(self.train)}

    @classmethod
    def from_dict(cls, d, where: str = "config") -> RunConfig:
        d = c.obj(d, where)
        get = lambda k: c.member(d, k, where)  # noqa: E731
        threads = get("threads")
        return cls(
            data=c.text(get("data"), c.at(where, "data"), c.MAX_TEXT),
            split=c.choice(get("split"), c.at(where, "split"), SPLITS),
            split_seed=c.integer(get("split_seed"), c.at(where, "split_seed"), 0, 2**63),
            test_fraction=c.number(get("test_fraction"), c.at(where, "test_fraction"), 0.0, 1.0),
            train=TrainConfig(**_settings(TrainConfig, get("train"), c.at(where, "train"))),
            threads=None if threads is None else c.integer(threads, c.at(where, "threads"), 1, 4096),
        )


@dataclass
class ModelRun:
    """One model of a run: its config and size, its scores per epoch and, after the last epoch, its prediction and
    class probabilities for every test clip. A record of version 1 has no probabilities (None) and kept only
    the last epoch's confusion matrix (None for the epochs before)."""

    config: ModelConfig
    params: int
    status: Status = Status.RUNNING
    history: list[EpochScores] = field(default_factory=list)
    predictions: list[int] = field(default_factory=list)  # per test clip, after the last epoch
    test_prob: list[list[float]] | None = None  # (test clips, classes), after the last epoch; rows sum to 1
    confusions: list[list[list[int]] | None] = field(default_factory=list)  # one per epoch; rows: true class

    @property
    def confusion(self) -> list[list[int]] | None:
        """The last epoch's confusion matrix; None before the first epoch."""
        return self.confusions[-1] if self.confusions else None

    @property
    def last(self) -> EpochScores | None:
        return self.history[-1] if self.history else None

    def to_dict(self) -> dict:
        return {
            "config": config_to_dict(self.config),
            "params": self.params,
            "status": str(self.status),
            "history": [asdict(h) for h in self.history],
            "predictions": self.predictions,
            "test_prob": self.test_prob,
            "confusions": self.confusions,
        }

    @classmethod
    def from_dict(cls, d, where: str, *, n_test: int, n_classes: int) -> ModelRun:
        d = c.obj(d, where)
        get = lambda k: c.member(d, k, where)  # noqa: E731
        history = c.array(get("history"), c.at(where, "history"), MAX_EPOCHS)
        at = lambda k: c.at(where, k)  # noqa: E731
        run = cls(
            config=_model_config(get("config"), at("config")),
            params=c.integer(get("params"), at("params"), 1, c.MAX_PARAMS - 1),
            status=Status(c.choice(get("status"), at("status"), tuple(Status))),
            history=[EpochScores.from_dict(h, c.at(at("history"), i)) for i, h in enumerate(history)],
        )
        run.predictions = _labels(get("predictions"), at("predictions"), n_test, n_classes, optional=True)
        confusions = c.array(get("confusions"), at("confusions"), MAX_EPOCHS, len(run.history))
        prob = get("test_prob")
        cells = sum(m is not None for m in confusions) * n_classes**2 + (0 if prob is None else n_test * n_classes)
        if cells > c.MAX_CELLS:
            raise c.refuse(where, Message("error.run.rule.too_many", n=cells, most=c.MAX_CELLS))
        run.confusions = [
            None if m is None else _confusion(m, c.at(at("confusions"), i), n_test, n_classes)
            for i, m in enumerate(confusions)
        ]
        run.test_prob = None if prob is None else _probabilities(prob, at("test_prob"), run.predictions, n_classes)
        return run


@dataclass
class RunRecord:
    """One training of a pair of models (or of one): its setup, the data and test clips, and each model's run."""

    id: str
    created: str  # local time, "2026-12-02T09:34:31"
    status: Status
    message: str  # why it stopped, when it did not finish
    config: RunConfig
    dataset: DatasetInfo
    test_idx: list[int]  # the test clips' rows in the data set
    test_labels: list[int]
    test_keys: list[str]
    models: dict[str, ModelRun]

    @property
    def class_names(self) -> tuple[str, ...]:
        return self.dataset.class_names

    def model_configs(self) -> dict[str, ModelConfig]:
        return {name: m.config for name, m in self.models.items()}

    def epochs(self) -> int:
        """Epochs of the model that got furthest."""
        return max((len(m.history) for m in self.models.values()), default=0)

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "id": self.id,
            "created": self.created,
            "status": str(self.status),
            "message": self.message,
            "config": self.config.to_dict(),
            "dataset": self.dataset.to_dict(),
            "test_idx": self.test_idx,
            "test_labels": self.test_labels,
            "test_keys": self.test_keys,
            "models": {name: m.to_dict() for name, m in self.models.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, allow_nan=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> RunRecord:
        """The record in `text`; anything that is not a sound record (malformed, out of range, too big, too deep,
        of an unknown version) raises one HarError sentence saying which value is wrong."""
        d = c.parse(text)
        if not isinstance(d, dict) or d.get("format", FORMAT) != FORMAT:
            raise HarError.of("run.not_a_run")
        return cls.from_dict(migrate(d, VERSION))

    @classmethod
    def from_dict(cls, d: dict) -> RunRecord:
        """A record from its JSON-ready dict of the current version, checked."""
        get = lambda k: c.member(d, k, "")  # noqa: E731
        dataset = DatasetInfo.from_dict(get("dataset"))
        n_classes = len(dataset.class_names)
        test_idx = [
            c.integer(v, c.at("test_idx", i), 0, dataset.n - 1)
            for i, v in enumerate(c.array(get("test_idx"), "test_idx", c.MAX_CLIPS))
        ]
        n_test = len(test_idx)
        keys = c.array(get("test_keys"), "test_keys", c.MAX_CLIPS, n_test)
        models = c.obj(get("models"), "models", c.MAX_MODELS)
        if not models:
            raise c.refuse("models", Message("error.run.rule.empty"))
        return cls(
            id=c.text(get("id"), "id"),
            created=c.text(get("created"), "created"),
            status=Status(c.choice(get("status"), "status", tuple(Status))),
            message=c.text(get("message"), "message", c.MAX_TEXT),
            config=RunConfig.from_dict(get("config")),
            dataset=dataset,
            test_idx=test_idx,
            test_labels=_labels(get("test_labels"), "test_labels", n_test, n_classes),
            test_keys=[c.text(k, c.at("test_keys", i)) for i, k in enumerate(keys)],
            models={
                c.text(name, "models"): ModelRun.from_dict(m, c.at("models", name), n_test=n_test, n_classes=n_classes)
                for name, m in models.items()
            },
        )


def _labels(value, where: str, n: int, n_classes: int, *, optional: bool = False) -> list[int]:
    """`n` class indices (or none at all, when `optional`: a model before its first epoch)."""
    values = c.array(value, where, c.MAX_CLIPS, None if optional and not value else n)
    return [c.integer(v, c.at(where, i), 0, n_classes - 1) for i, v in enumerate(values)]


def _confusion(value, where: str, n_test: int, n_classes: int) -> list[list[int]]:
    rows = c.array(value, where, n_classes, n_classes)
    out = []
    for i, row in enumerate(rows):
        at = c.at(where, i)
        out.append([c.integer(v, c.at(at, j), 0, n_test) for j, v in enumerate(c.array(row, at, n_classes, n_classes))])
    return out


def _probabilities(value, where: str, predictions: list[int], n_classes: int) -> list[list[float]]:
    """One row of class probabilities per test clip, summing to 1, largest at the recorded prediction."""
    rows = c.array(value, where, c.MAX_CLIPS, len(predictions))
    out = []
    for i, row in enumerate(rows):
        at = c.at(where, i)
        probs = [c.number(p, c.at(at, j), 0.0, 1.0) for j, p in enumerate(c.array(row, at, n_classes, n_classes))]
        total = math.fsum(probs)
        if abs(total - 1.0) > SUM_TOLERANCE:
            raise c.refuse(at, Message("error.run.rule.sum", total=total))
        if probs[predictions[i]] < max(probs):
            raise c.refuse(at, Message("error.run.rule.argmax", pred=predictions[i]))
        out.append(probs)
    return out


def _model_config(value, where: str) -> ModelConfig:
    d = c.obj(value, where)
    kind = c.choice(c.member(d, "kind", where), c.at(where, "kind"), tuple(CONFIG_CLASSES))
    cls = CONFIG_CLASSES[kind]
    values = _settings(cls, {k: v for k, v in d.items() if k != "kind"}, where)
    try:
        return cls(**values)
    except (TypeError, ValueError):
        raise c.refuse(where, Message("error.run.rule.config", kind=kind)) from None


def _settings(cls, value, where: str) -> dict:
    """The fields of config class `cls` in `value`, each checked against its declared setting (har.schema); a field
    the dict lacks takes its default (a record written before a setting existed), one `cls` lacks is refused."""
    d = c.obj(value, where, 64)
    names = {f.name for f in dataclasses.fields(cls)} - {"family"}
    settings = settings_of(cls)
    out = {}
    for key, v in d.items():
        at = c.at(where, key)
        if key not in names:
            raise c.refuse(at, Message("error.run.rule.unknown"))
        setting = settings.get(key)
        out[key] = _setting(setting, v, at) if setting is not None else c.text(v, at)
    return out


def _setting(setting, value, where: str):
    kind = setting.kind
    ok = {
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "str": isinstance(value, str),
        "ints": isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value),
        "strs": isinstance(value, list) and all(isinstance(v, str) for v in value),
    }[kind]
    try:
        if ok:
            return setting.check(float(value) if kind == "float" else value)
    except ValueError:
        pass
    raise c.refuse(where, setting.valid(sep=", "))
