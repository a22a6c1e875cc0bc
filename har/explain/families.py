"""What each model family can be shown: how many frames it accepts (the notebook CNN takes its frames as input
channels, so exactly as many as it was trained on), which edits it takes, and a fresh untrained copy of it."""

from __future__ import annotations

from torch import nn

from har.errors import HarError
from har.explain.edits import EDITS, LENGTH_EDITS
from har.models import NotebookCNN, build_model


def fixed_frames(model: nn.Module) -> int | None:
    """The only number of frames `model` accepts, or None when it takes clips of any length."""
    return model.conv.in_channels if isinstance(model, NotebookCNN) else None


def accepts_frames(model: nn.Module, n_frames: int) -> bool:
    fixed = fixed_frames(model)
    return fixed is None or fixed == n_frames


def check_frames(model: nn.Module, n_frames: int) -> None:
    """Raise a HarError when `model` cannot read a clip of `n_frames` frames."""
    if not accepts_frames(model, n_frames):
        raise HarError.of("explain.frames_fixed", n=fixed_frames(model), found=n_frames)


def allowed_edits(model: nn.Module) -> tuple[str, ...]:
    """The edits `model` can be shown: all of them, but none that changes the number of frames for a model
    that takes its frames as input channels (the notebook CNN)."""
    return EDITS if fixed_frames(model) is None else tuple(e for e in EDITS if e not in LENGTH_EDITS)


def shape_of(model: nn.Module, n_frames: int) -> dict[str, int]:
    """The `build_model` shape arguments of `model` (n_frames: the clips' length, for a model that takes any)."""
    head = model.head[-1] if isinstance(model.head, nn.Sequential) else model.head
    return {
        "n_frames": fixed_frames(model) or n_frames,
        "n_features": model.norm.num_features,
        "n_classes": head.out_features,
    }


def untrained_copy(model: nn.Module, *, n_frames: int, seed: int = 0) -> nn.Module:
    """A model of `model`'s config with freshly drawn weights (never trained), in eval mode, on the device and
    in the dtype of `model`."""
    fresh = build_model(model.config, **shape_of(model, n_frames), seed=seed)
    like = next(model.parameters())
    return fresh.to(device=like.device, dtype=like.dtype).eval()
