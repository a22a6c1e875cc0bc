"""Named model presets (the course notebook's three models among them), named pairs of them, and config <-> dict."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace

from har.configs import CNNConfig, ModelConfig, NotebookCNNConfig, RNNConfig, SetupConfig


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

# Named pairs: the course's three models, and parameter-matched pairs (a link's `preset`, `--preset`).
SETUPS = {
    "course": ("notebook-rnn", "notebook-cnn"),
    "course-cnn2": ("notebook-rnn", "notebook-cnn2"),
    "matched": ("notebook-rnn", "matched-cnn"),
    "small": ("small-rnn", "small-cnn"),
}


def preset_setup(name: str, base: SetupConfig | None = None) -> SetupConfig:
    """`base` (or the defaults) with both models taken from the named pair in `SETUPS`."""
    rnn, cnn = SETUPS[name]
    return replace(base or SetupConfig(), rnn=PRESETS[rnn].config, cnn=PRESETS[cnn].config)


_CLASSES = {"rnn": RNNConfig, "cnn": CNNConfig, "notebook-cnn": NotebookCNNConfig}  # a record's `kind`
CONFIG_CLASSES = _CLASSES  # a record's model `kind` -> its config class


def config_to_dict(config: ModelConfig) -> dict:
    """A JSON-ready dict with a `kind` field that `config_from_dict` reads back: every field but `family`."""
    kind = next(k for k, cls in _CLASSES.items() if isinstance(config, cls))
    fields = {f.name: getattr(config, f.name) for f in dataclasses.fields(config) if f.name != "family"}
    return {"kind": kind, **{k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}}


def config_from_dict(d: dict) -> ModelConfig:
    """Inverse of `config_to_dict`; raises ValueError on an unknown kind or field. A field the dict lacks takes
    its default, so a record written before a setting existed still loads."""
    d = dict(d)
    kind = d.pop("kind", None)
    if kind not in _CLASSES:
        valid = ", ".join(repr(k) for k in _CLASSES)
        raise ValueError(f"unknown model kind {kind!r}; choose one of {valid}")
    try:
        return _CLASSES[kind](**d)
    except TypeError as e:
        raise ValueError(f"bad {kind} model config: {e}") from None
