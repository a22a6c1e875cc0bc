"""Helpers of the explain tests: small clips with a class signal, and a few training steps for any model."""

from __future__ import annotations

import numpy as np
import torch

from har.data.dataset import make_dataset

FRAMES, FEATURES, CLASSES = 6, 16, 3


def toy_data(n: int = 36, frames: int = FRAMES, features: int = FEATURES, seed: int = 0):
    """Non-negative clips whose class raises a block of features that moves over the frames."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % CLASSES
    X = rng.random((n, frames, features), dtype=np.float32)
    for i, c in enumerate(y):
        for t in range(frames):
            X[i, t, (c * 4 + t) % features] += 2.0
    names = [f"class_{c}" for c in range(CLASSES)]
    keys = [f"{names[c]}-v_clip_{i // CLASSES + 1:02d}_01" for i, c in enumerate(y)]
    return make_dataset("toy", X, y, keys, names, np.arange(n) // 2)


def train_a_little(model, X, y, steps: int = 5):
    """A few Adam steps on clips X (N, T, F) and labels y (N,), so that the weights and the BatchNorm statistics
    are no longer the initial ones; the model comes back in eval mode."""
    x, y = torch.from_numpy(np.array(X)), torch.from_numpy(np.array(y))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    model.train()
    for _ in range(steps):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()
