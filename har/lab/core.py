"""What every lab study shares: a list of trials (train the RNN and the CNN once each), sent to a backend by
har.schedule's rules, each finished trial kept as a TrialResult; and the interface a study module of
har/lab/studies fills in, which the page, the command line and the discussion read (see `Study`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

import torch
from torch import nn

from har.backends import Epoch, InProcess
from har.data.dataset import Dataset
from har.data.splits import Split
from har.messages import Message
from har.models import ModelConfig, from_state
from har.params import count_params
from har.schedule import FINISHED, Scheduler, Trial
from har.train import EpochRecord, TrainConfig


@dataclass
class TrialResult:
    """One finished trial: each model's curves and final test predictions."""

    label: str
    configs: dict[str, ModelConfig]
    params: dict[str, int]
    history: dict[str, list[dict]]  # name -> EpochRecord.as_dict() per epoch
    test_pred: dict[str, list[int]]  # name -> predictions after the last epoch
    test_labels: list[int]
    test_idx: list[int]
    models: dict[str, nn.Module] = field(default_factory=dict, repr=False)  # kept only when asked

    def curve(self, name: str, key: str = "test_acc") -> list[float]:
        return [h[key] for h in self.history[name]]

    def final(self, name: str, key: str = "test_acc") -> float:
        return self.history[name][-1][key]

    def best(self, name: str) -> tuple[int, float]:
        """(epoch, test accuracy) of the best epoch; the earliest wins a tie."""
        h = max(self.history[name], key=lambda e: (e["test_acc"], -e["epoch"]))
        return h["epoch"], h["test_acc"]

    def summary(self) -> dict:
        """A JSON-ready digest (no weights, no per-clip predictions)."""
        return {
            "label": self.label,
            "params": dict(self.params),
            "final_acc": {n: self.final(n) for n in self.history},
            "best": {n: dict(zip(("epoch", "acc"), self.best(n), strict=True)) for n in self.history},
            "final_train_acc": {n: self.final(n, "train_acc") for n in self.history},
        }


@dataclass
class Progress:
    """One finished epoch of one model inside a study."""

    study: str  # the study's name
    trial: int  # 0-based index of the trial
    trials: int  # trials in the study
    label: str  # the trial's label
    model: str  # "rnn" or "cnn"
    record: EpochRecord
    done: int  # model-epochs finished in the whole study, this one included
    total: int  # model-epochs the whole study needs

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


@dataclass(frozen=True)
class Inputs:
    """What a study starts from: the data, its split (and how it was made), both models and the training."""

    data: Dataset
    split: Split
    models: dict[str, ModelConfig]
    train: TrainConfig
    split_seed: int = 0
    test_fraction: float = 0.2


@dataclass(frozen=True)
class NoOptions:
    """The options of a study that has none."""


@dataclass(frozen=True)
class Table:
    """Rows for the page and the command line. Headers and cells are Messages (numbers inside them are formatted
    by their template), plain numbers or plain text."""

    headers: list
    rows: list[list]
    title: Message | None = None  # a line above the table
    note: Message | None = None  # a line below it


@dataclass(frozen=True)
class Choice:
    """A control the page draws above a study's figures: `figures(..., name=value)` gets the value picked."""

    name: str
    label: str  # message key
    options: dict[str, str]  # value -> message key of its label; the first is the default


@dataclass(frozen=True)
class Caution:
    """A warning the page shows before a study starts, with a button that moves the sidebar to `split`."""

    message: Message
    fix: Message | None = None
    split: str | None = None


class Study:
    """Run a list of trials on one data set, keeping every finished trial in `results`.

    A study module (har/lab/studies/<name>.py) subclasses Study and sets `STUDY = TheSubclass`; the page, the
    command line (`har lab <name>`) and the discussion find it through har.lab.registry and use only what is
    declared here:

    - `name`, `place`, `heading`, `intro`, `summary`: its command and section, its place among the
      studies, and the message keys of its title, its intro and its one-line help (its options declare their labels);
    - `Options`: a frozen dataclass of har.schema settings (its flags and widgets, bounds and help);
    - `build(inputs, options)`: the running study, from the setup and the options;
    - `result()`: the summary of the trials finished so far (None before the first);
    - `tables(result)`, `figures(result, say, dark=..., **choices)`, `verdict(result)`, `discussion(result)`:
      its rows, its plotly figures (words from `say`, a Message -> text renderer), and its sentences as Messages;
    - `caution(data, split)`, `choices`, `add_flags(parser)`, `without_training(args, inputs, options)`: what the page
      says before it starts, the controls above its figures, and its command's extra flags and shortcut.

        study = SeedStudy.build(Inputs(data, split, {"rnn": rnn, "cnn": cnn}, TrainConfig(epochs=5)), SeedsOptions())
        for progress in study.run(stop):   # stop: a threading.Event; finished seeds are kept
            bar.progress(progress.fraction)
        print([render(m, "es") for m in SeedStudy.verdict(study.result())])
    """

    name: ClassVar[str] = "study"
    place: ClassVar[int] = 0
    heading: ClassVar[str] = ""
    intro: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    Options: ClassVar[type] = NoOptions
    choices: ClassVar[tuple[Choice, ...]] = ()

    def __init__(self, data: Dataset, trials: list[Trial], *, keep_models: bool = False):
        self.data = data
        self.trials = list(trials)
        self.keep_models = keep_models
        self.results: list[TrialResult] = []
        self.stopped = False
        self._filed: list[tuple[int, TrialResult]] = []  # (index of its trial, result)

    # --- what each study declares (the defaults suit a study that shows nothing) ---

    @classmethod
    def build(cls, inputs: Inputs, options) -> Study:
        raise NotImplementedError

    def result(self):
        return None

    @classmethod
    def tables(cls, result) -> list[Table]:
        return []

    @classmethod
    def figures(cls, result, say, *, dark: bool = False, **choices) -> dict:
        """{name: plotly figure}; `say` renders a Message in the reader's language."""
        return {}

    @classmethod
    def verdict(cls, result) -> list[Message]:
        return []

    @classmethod
    def discussion(cls, result) -> list[Message] | None:
        """The paragraph shown instead of the verdict, when the study has more to say (None: the verdict)."""
        return None

    @classmethod
    def caution(cls, data: Dataset, split: Split) -> Caution | None:
        return None

    @classmethod
    def add_flags(cls, parser) -> None:
        """Flags of its command besides its options and the setup."""

    @classmethod
    def without_training(cls, args, inputs: Inputs, options) -> tuple[object, dict] | None:
        """(result, what to add to the JSON) when the command's flags ask for no training; None to train."""
        return None

    # --- running ---

    @property
    def total_epochs(self) -> int:
        return sum(trial.train.epochs * len(trial.models) for trial in self.trials)

    def run(
        self,
        stop: threading.Event | None = None,
        backend=None,
        threads: int | None = None,
        *,
        limiter=None,
        holder=None,
    ) -> Iterator[Progress]:
        """Train every trial; `stop` ends the run within one batch, keeping finished trials.

        A trial counts only when both of its models finished every epoch: a stopped trial is dropped, every
        finished one stays in `results` (in the trials' order), so the study can be summarised at any moment.
        `backend` trains the trials (this process when None) on `threads` torch threads each (this thread's
        count when None), by har.schedule's rules; `limiter` is where two models may find a slot to race.
        """
        backend = InProcess() if backend is None else backend
        threads = torch.get_num_threads() if threads is None else threads
        scheduler = Scheduler(
            self.trials, backend, self.data, threads=threads, stop=stop, limiter=limiter, holder=holder,
            keep=self.keep_models,
        )  # fmt: skip
        history: list[dict[str, list[EpochRecord]]] = [{n: [] for n in t.models} for t in self.trials]
        done = 0
        try:
            for i, event in scheduler.events():
                if isinstance(event, Epoch):
                    history[i][event.name].append(event.record)
                    done += 1
                    trial = self.trials[i]
                    yield Progress(
                        self.name, i, len(self.trials), trial.label, event.name, event.record, done, self.total_epochs
                    )
                elif event.status == FINISHED:
                    self._file(i, self._result(self.trials[i], history[i], event.states))
        finally:
            self.stopped = len(self.results) < len(self.trials)

    def _file(self, i: int, result: TrialResult) -> None:
        """Add a finished trial to `results`, which stay in the trials' order whatever order they end in."""
        self._filed.append((i, result))
        self.results = [r for _, r in sorted(self._filed, key=lambda x: x[0])]  # a new list: readers may poll

    def _result(self, trial: Trial, history: dict[str, list[EpochRecord]], states: dict[str, dict]) -> TrialResult:
        shape = self.data.shape
        kept = [n for n in trial.models if n in states] if self.keep_models else []  # the trial's order, not the runs'
        models = {n: from_state(trial.models[n], states[n], **shape) for n in kept}
        return TrialResult(
            label=trial.label,
            configs=dict(trial.models),
            params={n: count_params(c, **shape) for n, c in trial.models.items()},
            history={n: [r.as_dict() for r in h] for n, h in history.items()},
            test_pred={n: list(h[-1].test_pred) for n, h in history.items()},
            test_labels=self.data.y[trial.split.test_idx].tolist(),
            test_idx=trial.split.test_idx.tolist(),
            models=models,
        )
