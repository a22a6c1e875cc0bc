"""What every backend runs: a Unit (train one or more models on one split), the code that trains it
where the work lands (`train_unit`), and the events a run sends back (Epoch, then one End)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from har.errors import HarError

if TYPE_CHECKING:
    from har.models import ModelConfig
    from har.train import EpochRecord, TrainConfig

STATUSES = ("finished", "stopped", "diverged", "failed")


@dataclass(frozen=True)
class Unit:
    """Train `models` (taking turns, one epoch each) on one split: the smallest piece of work a backend
    takes. A run's history depends only on these fields, wherever it runs (see har.train.generators)."""

    models: dict[str, ModelConfig]  # {"rnn": ...} or {"rnn": ..., "cnn": ...}
    train: TrainConfig  # its seed fixes the batch order and the dropout masks
    train_idx: np.ndarray  # clips to train on
    test_idx: np.ndarray  # clips to test on after each epoch
    seed: int  # the initial weights
    threads: int  # torch threads while it trains: equal threads, equal histories
    keep: bool = False  # send back the weights of every model that finished all its epochs


@dataclass
class Epoch:
    """Model `name` finished an epoch."""

    name: str
    record: EpochRecord


@dataclass
class End:
    """How a run ended: after this event its queue gets nothing more from it."""

    status: str  # one of STATUSES
    error: BaseException | None = None  # what ended it when diverged or failed
    states: dict[str, dict] = field(default_factory=dict, repr=False)  # name -> state dict (numpy), when kept
    epochs: dict[str, int] = field(default_factory=dict)  # epochs each model finished


@dataclass
class Weights:
    """The last thing `train_unit` yields when the unit keeps its models: state dicts by name, as numpy
    arrays, which travel between processes by value (tensors would ask for torch's own sharing)."""

    states: dict[str, dict]


def worker_lost() -> HarError:
    """The one sentence for a run whose process, or cluster node, went away."""
    return HarError.of("train.worker_lost")


def train_unit(X: np.ndarray, y: np.ndarray, shape: dict, unit: Unit, stop=None) -> Iterator[Epoch | Weights]:
    """Train `unit` on clips X (N, T, F) and labels y in this process; `stop.is_set()` is checked between
    batches. Yields an Epoch per finished epoch, then Weights when the unit keeps its models."""
    import torch

    from har.models import build_model
    from har.train import Tensors, fit_pair, resolve_device

    torch.set_num_threads(unit.threads)
    device = resolve_device(unit.train.device)
    nets = {name: build_model(c, seed=unit.seed, **shape) for name, c in unit.models.items()}
    tensors = Tensors.from_arrays(X, y, unit.train_idx, unit.test_idx, device)
    done = dict.fromkeys(nets, 0)
    for name, record in fit_pair(nets, tensors, unit.train, stop):
        done[name] += 1
        yield Epoch(name, record)
    if unit.keep:
        finished = [name for name, n in done.items() if n == unit.train.epochs]
        yield Weights(
            {name: {k: v.detach().cpu().numpy() for k, v in nets[name].state_dict().items()} for name in finished}
        )


class Feed:
    """Counts what a run sent and decides how it ended: shared by every backend's run."""

    def __init__(self, unit: Unit):
        self.unit = unit
        self.epochs = dict.fromkeys(unit.models, 0)
        self.states: dict[str, dict] = {}

    def take(self, event: Epoch | Weights) -> Epoch | None:
        """The event to pass on (None for the weights, which travel in the End)."""
        if isinstance(event, Weights):
            self.states = event.states
            return None
        self.epochs[event.name] += 1
        return event

    def end(self, error: BaseException | None = None) -> End:
        """Finished when every model trained every epoch; stopped when one fell short without an error."""
        if error is not None:
            from har.train import TrainingDiverged

            status = "diverged" if isinstance(error, TrainingDiverged) else "failed"
            return End(status, error, self.states, dict(self.epochs))
        complete = all(n == self.unit.train.epochs for n in self.epochs.values())
        return End("finished" if complete else "stopped", None, self.states, dict(self.epochs))
