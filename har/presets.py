"""Named model presets (the course notebook's three models among them) and config <-> dict."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from har.configs import CNNConfig, ModelConfig, NotebookCNNConfig, RNNConfig


@dataclass(frozen=True)
class Preset:
    name: str
    config: ModelConfig
    about: str  # one sentence for students


PRESETS = {
    p.name: p
    for p in [
        Preset(
            "notebook-rnn",
            RNNConfig(),
            "The course notebook's RNN: BatchNorm, a one-layer bidirectional GRU with 128 units, "
            "mean over time, then a linear layer (891,147 parameters).",
        ),
        Preset(
            "notebook-cnn",
            NotebookCNNConfig("cnn"),
            "The course notebook's CNN (5,185 parameters). It treats the 10 frames as input "
            "channels and slides its filters along the 1,024 feature indices, which have no order, "
            "so it mixes time in one step and convolves where there is nothing to convolve.",
        ),
        Preset(
            "notebook-cnn2",
            NotebookCNNConfig("cnn2"),
            "The notebook's wider CNN: the same feature-axis convolution, then an MLP head "
            "(1024 and 128 units) that holds almost all of its 660,289 parameters.",
        ),
        Preset(
            "matched-cnn",
            CNNConfig(),
            "A temporal CNN (288 filters of 3 frames over the 1,024 features) sized to match the "
            "notebook RNN: 890,251 parameters.",
        ),
        Preset(
            "small-rnn",
            RNNConfig(hidden=32),
            "A bidirectional GRU with 32 units: quick to train in a live demo.",
        ),
        Preset(
            "small-cnn",
            CNNConfig(widths=(66,)),
            "A temporal CNN with 66 filters, sized to match small-rnn.",
        ),
    ]
}

_CLASSES = {"rnn": RNNConfig, "cnn": CNNConfig, "notebook-cnn": NotebookCNNConfig}


def config_to_dict(config: ModelConfig) -> dict:
    """A JSON-ready dict with a `kind` field that `config_from_dict` reads back."""
    kind = "notebook-cnn" if isinstance(config, NotebookCNNConfig) else config.family
    d = asdict(config)
    d.pop("family")
    if "widths" in d:
        d["widths"] = list(d["widths"])
    return {"kind": kind, **d}


def config_from_dict(d: dict) -> ModelConfig:
    """Inverse of `config_to_dict`; raises ValueError on an unknown kind or field."""
    d = dict(d)
    kind = d.pop("kind", None)
    if kind not in _CLASSES:
        valid = ", ".join(repr(k) for k in _CLASSES)
        raise ValueError(f"unknown model kind {kind!r}; choose one of {valid}")
    try:
        return _CLASSES[kind](**d)
    except TypeError as e:
        raise ValueError(f"bad {kind} model config: {e}") from None
