"""The training loops the benchmark races against the engine, and the FLOP count of a model.

- `bare_epoch`: the plainest PyTorch loop over the same in-memory tensors as the engine.
- `NotebookClips` + `notebook_epoch`: the course notebook's loop, a per-item Dataset reading each
  clip from the zarr store and a DataLoader with two worker processes.
- `forward_flops`: multiply-add FLOPs of one clip's forward pass, from the layer shapes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import torch
from torch import nn

from har.train import Tensors, TrainConfig, fit


def engine_epochs(model: nn.Module, data: Tensors, config: TrainConfig) -> Iterator[float]:
    """Wall seconds of each epoch of `har.train.fit`, record building included."""
    run = fit(model, data, config)
    while True:
        start = time.perf_counter()
        if next(run, None) is None:
            return
        yield time.perf_counter() - start


def bare_epoch(model: nn.Module, optimizer, data: Tensors, batch_size: int, order: torch.Generator) -> float:
    """One epoch of the plainest loop (shuffle, step, then predict the test clips); wall seconds."""
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


def forward_flops(model: nn.Module, n_frames: int, n_features: int) -> int:
    """FLOPs (2 per multiply-add) of one clip's forward pass through the Linear, Conv1d and GRU layers.

    GRU: per frame, layer and direction, 3 gates x (input matmul 2*In*H + recurrent matmul 2*H*H).
    Conv1d: 2 * kernel * Cin/groups * Cout per output frame. Linear: 2 * in * out per row.
    Normalisation, activations and pooling are left out: they are not matrix work.
    """
    total = 0

    def count(module, args, out):
        nonlocal total
        x = args[0]
        if isinstance(module, nn.Linear):
            total += 2 * module.in_features * module.out_features * (x.numel() // module.in_features)
        elif isinstance(module, nn.Conv1d):
            k, cin = module.kernel_size[0], module.in_channels // module.groups
            total += 2 * k * cin * module.out_channels * out.shape[0] * out.shape[-1]
        elif isinstance(module, nn.GRU):
            steps = x.shape[1] if module.batch_first else x.shape[0]
            batch = x.shape[0] if module.batch_first else x.shape[1]
            directions = 2 if module.bidirectional else 1
            h, inputs = module.hidden_size, module.input_size
            for _ in range(module.num_layers):
                total += directions * steps * batch * 3 * (2 * inputs * h + 2 * h * h)
                inputs = directions * h

    kinds = (nn.Linear, nn.Conv1d, nn.GRU)
    hooks = [m.register_forward_hook(count) for m in model.modules() if isinstance(m, kinds)]
    was_training = model.training
    try:
        model.eval()
        with torch.no_grad():
            model(torch.zeros(1, n_frames, n_features, device=next(model.parameters()).device))
    finally:
        for hook in hooks:
            hook.remove()
        model.train(was_training)
    return total


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
