"""The loops raced against the engine (`bare_epochs`: the plainest loop on the same tensors;
`notebook_epoch`: the course notebook's per-clip zarr reads through a DataLoader), and the FLOP
counts and matmul rate the hardware section rests on."""

from __future__ import annotations

import time
from collections.abc import Iterator

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from har.models import use_generator
from har.train import Tensors, TrainConfig, adam, fit, generators


def engine_epochs(model: nn.Module, data: Tensors, config: TrainConfig) -> Iterator[float]:
    """Wall seconds of each epoch of `har.train.fit`, record building included."""
    run = fit(model, data, config)
    while True:
        start = time.perf_counter()
        if next(run, None) is None:
            return
        yield time.perf_counter() - start


def bare_epochs(model: nn.Module, data: Tensors, config: TrainConfig) -> Iterator[float]:
    """Wall seconds of each epoch of the plainest loop, with the engine's optimiser, seeds and batch
    order: it takes the engine's steps, so the time between the two is the engine's own cost."""
    order, masks = generators(config.seed, data.x_train.device)
    use_generator(model, masks)
    optimizer = adam(model, config)
    for _ in range(config.epochs):
        yield bare_epoch(model, optimizer, data, config.batch_size, order)


def bare_epoch(model: nn.Module, optimizer, data: Tensors, batch_size: int, order: torch.Generator) -> float:
    """One epoch of the plainest loop (shuffle, step, then predict the training and the test clips in eval mode, as
    the engine measures both); wall seconds."""
    start = time.perf_counter()
    model.train()
    perm = torch.randperm(len(data.y_train), generator=order)
    for i in range(0, len(perm), batch_size):
        idx = perm[i : i + batch_size]
        loss = nn.functional.cross_entropy(model(data.x_train[idx]), data.y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        model(data.x_train).argmax(1).cpu()
        model(data.x_test).argmax(1).cpu()  # on a GPU, .cpu() waits for the queued work
    return time.perf_counter() - start


class NotebookClips(torch.utils.data.Dataset):
    """The notebook's data set: every item is read from the zarr store when it is asked for."""

    def __init__(self, path, keys):
        self.path, self.keys = str(path), list(keys)
        self.group = None  # opened in each worker process, after the fork

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, i):
        import zarr

        if self.group is None:
            self.group = zarr.open_group(self.path, mode="r")
        array = self.group[self.keys[i]]
        return torch.from_numpy(array[...]), int(array.attrs["y"])


def notebook_loaders(path, train_keys, test_keys, batch_size: int = 32, workers: int = 2):
    """(train, test) DataLoaders as the notebook builds them."""
    loader = torch.utils.data.DataLoader
    return (
        loader(NotebookClips(path, train_keys), batch_size=batch_size, shuffle=True, num_workers=workers),
        loader(NotebookClips(path, test_keys), batch_size=batch_size, shuffle=False, num_workers=workers),
    )


def notebook_epoch(model: nn.Module, optimizer, train_loader, test_loader) -> float:
    """One epoch of the notebook's loop, its per-batch bookkeeping included; wall seconds."""
    start = time.perf_counter()
    device = next(model.parameters()).device
    model.train()
    running_loss, correct, seen = 0.0, 0, 0
    for x, y in train_loader:
        x, y = x.to(device), y.to(device)  # the notebook moves every batch
        optimizer.zero_grad()
        out = model(x)
        loss = nn.functional.cross_entropy(out, y)
        loss.backward()
        optimizer.step()
        running_loss += loss.item() * len(y)
        correct += (out.argmax(1) == y).sum().item()
        seen += len(y)
    model.eval()
    with torch.no_grad():
        for x, y in test_loader:
            x, y = x.to(device), y.to(device)
            correct += (model(x).argmax(1) == y).sum().item()
    return time.perf_counter() - start


def training_flops(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> dict[str, int]:
    """FLOPs of one training step on the batch (x, y), forward and backward each as PyTorch counts them.

    `FlopCounterMode` counts the matrix work (matmuls, convolutions, their gradients) of the
    operators that actually run; normalisation, activations and the optimizer step are left out.
    """
    was_training = model.training
    model.train()
    try:
        with FlopCounterMode(display=False) as forward:
            loss = nn.functional.cross_entropy(model(x), y)
        with FlopCounterMode(display=False) as backward:
            loss.backward()
    finally:
        model.zero_grad(set_to_none=True)
        model.train(was_training)
    return {"forward": forward.get_total_flops(), "backward": backward.get_total_flops()}


def inference_flops(model: nn.Module, x: torch.Tensor) -> int:
    """FLOPs of predicting the batch `x` in eval mode, as `FlopCounterMode` counts them."""
    was_training = model.training
    model.eval()
    try:
        with FlopCounterMode(display=False) as counter, torch.no_grad():
            model(x)
    finally:
        model.train(was_training)
    return counter.get_total_flops()


def matmul_flops(n: int, repeats: int, device="cpu") -> float:
    """Best FLOP/s of torch.mm on two n x n float32 matrices over `repeats` runs."""
    device = torch.device(device)
    a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    torch.mm(a, b)  # warm-up: the first call sets up the BLAS threads
    sync()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        torch.mm(a, b)
        sync()
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best
