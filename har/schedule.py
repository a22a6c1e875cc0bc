"""How trainings go to a backend (har.backends), for a "Train both" (one trial) and a lab study (many): the rules
are written here once.

- Turns or a race. A trial's models take turns in one run, an epoch each, on the slot its job holds. When the
  limiter has a free slot for each of the other models and nobody waits in line, they race instead, one run
  each; the extra slots go back as soon as the first of those runs ends. Each model draws from its own
  generators, so both ways give the same history.
- One after another, or fanned out. Trials go one after another: the next is sent once the last one finished.
  On a backend that schedules runs itself (a Ray cluster, `backend.fan_out`), a study of several trials sends
  every model of every trial at once, each its own run, and the cluster spreads them over its CPUs.
- Cut short. A run that ends without finishing (stopped, diverged, failed, its worker lost) stops every run,
  so no later trial starts. Once the last run has ended, the first error a run ended with is raised.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from har.backends import End, Epoch, RunGroup, Unit
from har.data.dataset import Dataset
from har.data.splits import Split
from har.models import ModelConfig
from har.train import TrainConfig

FINISHED = "finished"


@dataclass(frozen=True)
class Trial:
    """Train each of `models` from seed `seed` on `split` with `train`: one "Train both", or one cell of a study."""

    label: str  # the value this trial varies, in no language: a seed "3", a pooling "max", a split "group"
    models: dict[str, ModelConfig]  # {"rnn": ..., "cnn": ...}
    train: TrainConfig  # its seed fixes the batch order
    split: Split
    seed: int  # initial weights


@dataclass
class TrialEnd:
    """Every run of a trial has ended."""

    status: str  # "finished" when every model trained every epoch, else how its first run that fell short ended
    states: dict[str, dict] = field(default_factory=dict, repr=False)  # name -> weights, when kept
    error: BaseException | None = None  # the first error one of its runs ended with


class Scheduler:
    """Send `trials` to `backend` by the rules above and report what comes back.

    `limiter` (a har.jobs.TrainingLimiter, or None for no extra slots) is where a race takes its slots, in
    the name of `holder`; `threads` torch threads per run; `keep` asks for each finished model's weights.
    """

    def __init__(
        self,
        trials: list[Trial],
        backend,
        data: Dataset,
        *,
        threads: int,
        stop=None,
        limiter=None,
        holder: object = None,
        keep: bool = False,
    ):
        self.trials, self.backend, self.data = list(trials), backend, data
        self.threads, self.stop, self.limiter, self.holder, self.keep = threads, stop, limiter, holder, keep
        self.extra = 0  # slots held besides the job's own, while a trial's models race

    @property
    def fans_out(self) -> bool:
        return bool(self.backend.fan_out) and len(self.trials) > 1

    def events(self) -> Iterator[tuple[int, Epoch | TrialEnd]]:
        """(index of the trial, event): each model's Epoch as it arrives, then one TrialEnd per trial."""
        group = RunGroup(self.backend, self.data, self.stop)
        of_run: dict = {}  # run -> index of its trial
        ends: list[list[End]] = [[] for _ in self.trials]
        left = [0] * len(self.trials)  # runs of each trial not yet ended
        errors = []
        try:
            for i in range(len(self.trials)) if self.fans_out else range(min(1, len(self.trials))):
                left[i], sent = self._send(group, i)
                of_run |= sent
            for run, event in group.events():
                i = of_run[run]
                if isinstance(event, Epoch):
                    yield i, event
                    continue
                self._give_back()  # one model is done: a student in line may have the slot
                ends[i].append(event)
                left[i] -= 1
                if event.error is not None:
                    errors.append(event.error)
                if event.status != FINISHED:
                    group.stop_all()
                if left[i] == 0:
                    end = _trial_end(ends[i])
                    yield i, end
                    later = i + 1
                    if not self.fans_out and end.status == FINISHED and later < len(self.trials) and not group.stopped:
                        left[later], sent = self._send(group, later)
                        of_run |= sent
        finally:
            self._give_back()
        if errors:
            raise errors[0]

    def _send(self, group: RunGroup, i: int) -> tuple[int, dict]:
        """Submit trial `i`: one run per model when fanned out or racing, else one run; (runs, {run: i})."""
        trial = self.trials[i]
        apart = self.fans_out or self._take_slots(len(trial.models) - 1)
        parts = [{n: c} for n, c in trial.models.items()] if apart else [dict(trial.models)]
        common = dict(train=trial.train, train_idx=trial.split.train_idx, test_idx=trial.split.test_idx)
        runs = [
            group.submit(Unit(models, **common, seed=trial.seed, threads=self.threads, keep=self.keep))
            for models in parts
        ]
        return len(runs), dict.fromkeys(runs, i)

    def _take_slots(self, wanted: int) -> bool:
        """Take a free slot for each of `wanted` other models now, or none: True when all were free."""
        if self.limiter is None or wanted < 1:
            return False
        while self.extra < wanted and self.limiter.try_acquire(self.holder):
            self.extra += 1
        if self.extra == wanted:
            return True
        self._give_back()
        return False

    def _give_back(self) -> None:
        while self.extra:
            self.extra -= 1
            self.limiter.release()


def _trial_end(ends: list[End]) -> TrialEnd:
    short = next((e for e in ends if e.status != FINISHED), None)
    error = next((e.error for e in ends if e.error is not None), None)
    states = {name: state for e in ends for name, state in e.states.items()}
    return TrialEnd(FINISHED if short is None else short.status, states, error)
