"""Parameter counts without training (fast enough for every slider move), summaries, a size solver."""

from __future__ import annotations

from dataclasses import replace

from har.configs import CNNConfig, ModelConfig, RNNConfig


def count_params(config: ModelConfig, *, n_frames: int = 10, n_features: int = 1024, n_classes: int = 11) -> int:
    """Trainable parameters of the model `config` describes, built on the meta device (no memory)."""
    import torch  # here, not at the top: the dashboard's first page imports this module but counts nothing

    from har.models import build_model

    with torch.device("meta"):
        model = build_model(config, n_frames=n_frames, n_features=n_features, n_classes=n_classes)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def summarize(config: ModelConfig, *, n_frames: int = 10, n_features: int = 1024, n_classes: int = 11) -> str:
    """torchinfo's layer-by-layer table for one clip."""
    from torchinfo import summary

    from har.models import build_model

    model = build_model(config, n_frames=n_frames, n_features=n_features, n_classes=n_classes, seed=0)
    stats = summary(
        model,
        input_size=(1, n_frames, n_features),
        col_names=("output_size", "num_params"),
        depth=3,
        device="cpu",
        verbose=0,
    )
    return str(stats)


MATCH_TOLERANCE = 0.05  # a resized model within 5% of its target parameter count counts as matched


def miss(got: int, target: int) -> float:
    """How far a count ends from its target, as a fraction of the target (+0.6: 60% over)."""
    return (got - target) / max(target, 1)


def match_outcome(config: ModelConfig, target: int, *, limit: int = 8192, **shape) -> str:
    """How a size match came out: "close" (within MATCH_TOLERANCE), "limit" (too small even at its largest
    size), "floor" (too big even at its smallest) or "step" (one step of its size moves the count further)."""
    got = count_params(config, **shape)
    if abs(miss(got, target)) <= MATCH_TOLERANCE:
        return "close"
    if got < target and size_knob(config) >= limit:
        return "limit"
    if got > target and size_knob(config) <= 1:
        return "floor"
    return "step"


def size_knob(config: ModelConfig) -> int:
    """The number the solver turns: the RNN's hidden size or the CNN's first width."""
    if isinstance(config, RNNConfig):
        return config.hidden
    if isinstance(config, CNNConfig):
        return config.widths[0]
    raise ValueError("only RNNConfig and CNNConfig can be resized; the notebook CNNs are fixed")


def resize(config: ModelConfig, knob: int) -> ModelConfig:
    """`config` with its size knob set to `knob`; later CNN layers keep their ratio to the first."""
    knob = max(1, int(knob))
    if isinstance(config, RNNConfig):
        return replace(config, hidden=knob)
    ratios = [w / config.widths[0] for w in config.widths]
    return replace(config, widths=tuple(max(1, round(knob * r)) for r in ratios))


def match_size(config: ModelConfig, target: int, *, limit: int = 8192, **shape) -> ModelConfig:
    """Resize `config` so its parameter count is as close as possible to `target`.

    Counts grow monotonically with the knob, so a binary search finds the crossing point;
    the closer of its two neighbours wins.
    """
    size_knob(config)  # fails early for a fixed model
    lo, hi = 1, limit
    while lo < hi:
        mid = (lo + hi) // 2
        if count_params(resize(config, mid), **shape) < target:
            lo = mid + 1
        else:
            hi = mid
    candidates = [resize(config, k) for k in {max(1, lo - 1), lo}]
    return min(candidates, key=lambda c: abs(count_params(c, **shape) - target))
