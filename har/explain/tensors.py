"""Clips given as numpy arrays (read-only ones included) or tensors, as tensors on a model's device and in its dtype."""

from __future__ import annotations

import warnings

import numpy as np
import torch
from torch import nn


def as_input(model: nn.Module, clips, *, ndim: int = 3) -> torch.Tensor:
    """`clips` (N, T, F), or one clip (T, F) with ndim=2, on `model`'s device and in its dtype."""
    if isinstance(clips, torch.Tensor):
        x = clips.detach()
    else:
        with warnings.catch_warnings():  # a data set's arrays are read-only: torch only reads them here
            warnings.simplefilter("ignore", UserWarning)
            x = torch.as_tensor(np.asarray(clips))
    if x.ndim != ndim:
        what = "clips are (N, frames, features)" if ndim == 3 else "one clip is (frames, features)"
        raise ValueError(f"{what}; got shape {tuple(x.shape)}")
    like = next(model.parameters())
    return x.to(like.device, like.dtype)
