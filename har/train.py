"""The training engine: batches straight from in-memory tensors, one record per epoch, stoppable between batches."""

from __future__ import annotations

import math
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from har.configs import DEVICES, EpochRecord, TrainConfig
from har.errors import HarError, check_choice
from har.models import use_generator

EVAL_BATCH = 512  # evaluation needs no gradients, so larger batches are cheaper per clip
# An epoch's mean loss this many times that of uniform guessing means the weights blew up (an lr
# of 1 or more): it stays finite for a while, but nothing is being learnt.
DIVERGED = 10


@dataclass(frozen=True)
class Tensors:
    """The train and test clips as tensors on one device, built once per training."""

    x_train: torch.Tensor  # (N_train, T, F) float32
    y_train: torch.Tensor  # (N_train,) int64
    x_test: torch.Tensor
    y_test: torch.Tensor

    @classmethod
    def from_arrays(cls, X, y, train_idx, test_idx, device: torch.device) -> Tensors:
        def put(a):
            with warnings.catch_warnings():  # read-only arrays are shared; torch only reads them
                warnings.simplefilter("ignore", UserWarning)
                t = torch.from_numpy(np.ascontiguousarray(a))
            if device.type == "cuda":
                return t.pin_memory().to(device, non_blocking=True)
            return t

        y = np.asarray(y, dtype=np.int64)
        return cls(put(X[train_idx]), put(y[train_idx]), put(X[test_idx]), put(y[test_idx]))


class TrainingDiverged(HarError):
    pass


# The error keys of a divergence, by whether the sentence names the model: {named: key}.
NOT_FINITE_KEYS = {False: "train.not_finite", True: "train.not_finite_model"}
TOO_HIGH_KEYS = {False: "train.too_high", True: "train.too_high_model"}


def resolve_device(name: str) -> torch.device:
    check_choice("device", name, DEVICES)
    if name == "cuda" and not torch.cuda.is_available():
        raise HarError.of("train.no_cuda")
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def fit(
    model: nn.Module,
    data: Tensors,
    config: TrainConfig = TrainConfig(),
    stop: threading.Event | None = None,
    *,
    name: str | None = None,
) -> Iterator[EpochRecord]:
    """Train `model` on `data`, yielding one record per completed epoch; it knows nothing of any UI.

    Setting `stop` ends the run before the next batch; the unfinished epoch is dropped and
    every yielded record stands. A loss that becomes NaN or Inf raises `TrainingDiverged`,
    whose message names the epoch and, when `name` is given ("rnn"), the model.
    """
    device = data.x_train.device
    model.to(device)
    order, masks = generators(config.seed, device)
    use_generator(model, masks)
    try:
        yield from _epochs(model, data, config, stop, name, order)
    finally:
        use_generator(model, None)


def generators(seed: int, device: torch.device) -> tuple[torch.Generator, torch.Generator]:
    """(batch order, dropout masks): a run's own two random streams, independent of each other and of
    torch's global generator, so its history depends on its seed and config only, whatever else runs."""
    order_seed, mask_seed = (int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(2))
    return torch.Generator().manual_seed(order_seed), torch.Generator(device).manual_seed(mask_seed)


def _epochs(model, data: Tensors, config: TrainConfig, stop, name, order) -> Iterator[EpochRecord]:
    model_text = {"model": name.upper()} if name else {}  # names the model in the message
    device = data.x_train.device
    optimizer = adam(model, config)
    n = len(data.y_train)
    for epoch in range(1, config.epochs + 1):
        start = time.perf_counter()
        model.train()
        perm = torch.randperm(n, generator=order).to(device)
        loss_sum = torch.zeros((), device=device)
        correct = torch.zeros((), dtype=torch.int64, device=device)
        for i in range(0, n, config.batch_size):
            if stop is not None and stop.is_set():
                return
            idx = perm[i : i + config.batch_size]
            xb, yb = data.x_train[idx], data.y_train[idx]
            logits = model(xb)
            loss = nn.functional.cross_entropy(logits, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss_sum += loss.detach() * len(yb)
            correct += (logits.argmax(1) == yb).sum()
        fit_loss = loss_sum.item() / n
        if not math.isfinite(fit_loss):
            raise TrainingDiverged.of(NOT_FINITE_KEYS[bool(name)], epoch=epoch, loss=fit_loss, **model_text)
        chance = math.log(logits.shape[1])  # the loss of giving every class the same probability
        if fit_loss > DIVERGED * chance:
            raise TrainingDiverged.of(
                TOO_HIGH_KEYS[bool(name)], epoch=epoch, loss=fit_loss, times=DIVERGED, chance=chance, **model_text
            )
        # Both sets are measured the same way, after the epoch and in eval mode, so their gap is the model's own
        # and not dropout's or the weights moving mid-epoch (the running figures stay as fit_*).
        train_loss, train_acc = score(model, data.x_train, data.y_train)
        test_loss, test_pred, test_prob = evaluate(model, data.x_test, data.y_test)
        yield EpochRecord(
            epoch=epoch,
            train_loss=train_loss,
            train_acc=train_acc,
            fit_loss=fit_loss,
            fit_acc=correct.item() / n,
            test_loss=test_loss,
            test_acc=float((test_pred == data.y_test.cpu()).float().mean()) if len(test_pred) else 0.0,
            seconds=time.perf_counter() - start,
            test_pred=test_pred.tolist(),
            test_prob=test_prob.tolist(),
        )


def adam(model: nn.Module, config: TrainConfig) -> torch.optim.Adam:
    """Adam with its fused kernel where this torch has one for the device, else the default.

    The fused step reads and writes each weight once instead of about ten times (bench/RESULTS.md
    has the measurement). It rounds differently in the last bit, and is as deterministic.
    """
    params = list(model.parameters())
    try:
        return torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay, fused=True)
    except (RuntimeError, ValueError, TypeError):  # an older torch, or a device without the kernel
        return torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay)


@torch.inference_mode()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, torch.Tensor, torch.Tensor]:
    """Mean cross-entropy, predicted labels and class probabilities (N, C) (on the CPU) over `x`, in eval mode.

    The labels are the argmax of the probabilities themselves, so a record's two always agree."""
    loss_sum, probs = 0.0, []
    for rows, logits in _batched_logits(model, x):
        loss_sum += nn.functional.cross_entropy(logits, y[rows].to(logits.device), reduction="sum").item()
        probs.append(logits.float().softmax(1).cpu())
    prob = torch.cat(probs) if probs else torch.zeros(0, 0)
    preds = prob.argmax(1) if len(prob) else torch.zeros(0, dtype=torch.int64)
    return (loss_sum / len(x) if len(x) else 0.0), preds, prob


@torch.inference_mode()
def score(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of `model` on clips `x` with labels `y`, in eval mode; (0, 0) for no clips."""
    loss_sum, correct = 0.0, 0
    for rows, logits in _batched_logits(model, x):
        labels = y[rows].to(logits.device)
        loss_sum += nn.functional.cross_entropy(logits, labels, reduction="sum").item()
        correct += int((logits.argmax(1) == labels).sum())
    return (loss_sum / len(x), correct / len(x)) if len(x) else (0.0, 0.0)


@torch.inference_mode()
def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Predicted labels (on the CPU) of clips `x` (N, T, F), in eval mode on the model's device."""
    return _joined([logits.argmax(1).cpu() for _, logits in _batched_logits(model, x)])


def _batched_logits(model: nn.Module, x: torch.Tensor) -> Iterator[tuple[slice, torch.Tensor]]:
    """(rows, logits (B, C)) for `x` in chunks of EVAL_BATCH, each moved to the model's device."""
    model.eval()
    device = next(model.parameters()).device
    for i in range(0, len(x), EVAL_BATCH):
        rows = slice(i, i + EVAL_BATCH)
        yield rows, model(x[rows].to(device))


def _joined(preds: list[torch.Tensor]) -> torch.Tensor:
    return torch.cat(preds) if preds else torch.zeros(0, dtype=torch.int64)


def fit_pair(
    models: dict[str, nn.Module],
    data: Tensors,
    config: TrainConfig = TrainConfig(),
    stop: threading.Event | None = None,
) -> Iterator[tuple[str, EpochRecord]]:
    """Train several models on the same data, alternating one epoch each, so curves race.

    Yields (name, record). A model that finishes early (stop) ends the whole pair; one that
    diverges raises `TrainingDiverged` naming it, so the user knows which model to slow down.
    Each model draws from its own generators (see `generators`), so taking turns changes nothing:
    each model's history is the one it has when trained alone.
    """
    runs = {name: fit(model, data, config, stop, name=name) for name, model in models.items()}
    while runs:
        for name in list(runs):
            record = next(runs[name], None)
            if record is None:
                return
            yield name, record
