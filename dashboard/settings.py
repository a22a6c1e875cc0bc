"""The session's settings as the library's objects and back: model configs, the training config, a shared setup.

Works on any mutable mapping (`st.session_state` in the app, a dict in tests).
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping

from dashboard import state
from dashboard.context import AppContext
from har.configs import CNNConfig, ModelConfig, NotebookCNNConfig, RNNConfig, TrainConfig
from har.params import count_params, match_size
from har.presets import PRESETS
from har.share import DATA_SOURCES, LabSetup


def rnn_config(ss: MutableMapping) -> RNNConfig:
    return RNNConfig(
        hidden=int(ss[state.RNN_HIDDEN]),
        layers=int(ss[state.RNN_LAYERS]),
        bidirectional=bool(ss[state.RNN_BIDIRECTIONAL]),
        dropout=float(ss[state.RNN_DROPOUT]),
        pooling=ss[state.RNN_POOLING],
    )


def cnn_is_fixed(ss: MutableMapping) -> bool:
    """True while a notebook CNN preset is chosen: that model has no knobs."""
    preset = PRESETS.get(ss[state.CNN_PRESET])
    return preset is not None and isinstance(preset.config, NotebookCNNConfig)


def cnn_config(ss: MutableMapping) -> ModelConfig:
    if cnn_is_fixed(ss):
        return PRESETS[ss[state.CNN_PRESET]].config
    n = int(ss[state.CNN_LAYERS])
    return CNNConfig(
        widths=tuple(int(ss[k]) for k in state.CNN_WIDTHS[:n]),
        kernel_size=int(ss[state.CNN_KERNEL]),
        dropout=float(ss[state.CNN_DROPOUT]),
        pooling=ss[state.CNN_POOLING],
    )


def model_configs(ss: MutableMapping) -> dict[str, ModelConfig]:
    return {"rnn": rnn_config(ss), "cnn": cnn_config(ss)}


def train_config(ss: MutableMapping, device: str) -> TrainConfig:
    """The Train page's settings (epochs, learning rate, batch, seed) on `device`."""
    return TrainConfig(
        epochs=int(ss[state.EPOCHS]),
        lr=float(ss[state.LR]),
        batch_size=int(ss[state.BATCH]),
        seed=int(ss[state.TRAIN_SEED]),
        device=device,
    )


def set_rnn(ss: MutableMapping, config: RNNConfig) -> None:
    """Write `config` into the RNN widgets' keys (call before the widgets are drawn)."""
    ss[state.RNN_HIDDEN] = min(config.hidden, state.HIDDEN_MAX)
    ss[state.RNN_LAYERS] = config.layers
    ss[state.RNN_BIDIRECTIONAL] = config.bidirectional
    ss[state.RNN_DROPOUT] = config.dropout
    ss[state.RNN_POOLING] = config.pooling


def set_cnn(ss: MutableMapping, config: CNNConfig) -> None:
    """Write `config` into the CNN widgets' keys; layers beyond its depth keep their last width."""
    ss[state.CNN_LAYERS] = len(config.widths)
    for i, key in enumerate(state.CNN_WIDTHS):
        ss[key] = min(config.widths[min(i, len(config.widths) - 1)], state.WIDTH_MAX)
    ss[state.CNN_KERNEL] = config.kernel_size
    ss[state.CNN_DROPOUT] = config.dropout
    ss[state.CNN_POOLING] = config.pooling


def apply_preset(ss: MutableMapping, family: str) -> None:
    """Copy the chosen preset of `family` ("rnn" or "cnn") into its widgets; "custom" changes nothing."""
    name = ss[state.RNN_PRESET if family == "rnn" else state.CNN_PRESET]
    config = PRESETS[name].config if name in PRESETS else None
    if isinstance(config, RNNConfig):
        set_rnn(ss, config)
    elif isinstance(config, CNNConfig):
        set_cnn(ss, config)


def match_family(ss: MutableMapping, family: str, shape: dict[str, int]) -> int:
    """Resize `family` so its parameter count is closest to the other model's; return that count."""
    if family == "rnn":
        target = count_params(cnn_config(ss), **shape)
        set_rnn(ss, match_size(rnn_config(ss), target, limit=state.HIDDEN_MAX, **shape))
    else:
        target = count_params(rnn_config(ss), **shape)
        set_cnn(ss, match_size(cnn_config(ss), target, limit=state.WIDTH_MAX, **shape))
    ss[state.RNN_PRESET if family == "rnn" else state.CNN_PRESET] = "custom"
    return target


def current_setup(ss: MutableMapping, ctx: AppContext) -> LabSetup:
    """The session's whole configuration (data, split, models, training, language), as a shared link carries it."""
    models = model_configs(ss)
    return LabSetup(
        data=ctx.source if ctx.source in DATA_SOURCES else "demo",
        split=ctx.split.kind,
        split_seed=ctx.split_seed,
        rnn=models["rnn"],
        cnn=models["cnn"],
        train=train_config(ss, ctx.device),
        lang=ctx.lang,
    )


def apply_setup(ss: MutableMapping, setup: LabSetup) -> list[tuple[str, object, object]]:
    """Write a shared link's setup into the settings, before any widget is drawn.

    Values the widgets cannot show are moved to the nearest one they can; each such move is
    returned as a (setting, asked, given) triple so the page can say so.
    """
    moved = []

    def put(key, asked, given):
        ss[key] = given
        if given != asked:
            moved.append((key, asked, given))

    ss[state.LANG] = setup.lang
    ss[state.SOURCE] = setup.data
    ss[state.SPLIT] = setup.split
    ss[state.SPLIT_SEED] = setup.split_seed
    ss[state.DEVICE] = setup.train.device
    rnn = setup.rnn
    set_rnn(ss, rnn)
    put(state.RNN_HIDDEN, rnn.hidden, min(rnn.hidden, state.HIDDEN_MAX))
    put(state.RNN_LAYERS, rnn.layers, min(rnn.layers, state.RNN_LAYERS_MAX))
    ss[state.RNN_PRESET] = _preset_named(rnn, "rnn")
    cnn = setup.cnn
    if isinstance(cnn, CNNConfig):
        widths = cnn.widths[: state.MAX_CNN_LAYERS]
        set_cnn(ss, CNNConfig(widths=widths, kernel_size=cnn.kernel_size, dropout=cnn.dropout, pooling=cnn.pooling))
        put(state.CNN_LAYERS, len(cnn.widths), len(widths))
        put(state.CNN_KERNEL, cnn.kernel_size, _nearest(state.KERNELS, cnn.kernel_size))
    ss[state.CNN_PRESET] = _preset_named(cnn, "cnn")
    train = setup.train
    put(state.EPOCHS, train.epochs, min(max(train.epochs, 1), state.EPOCHS_MAX))
    put(state.LR, train.lr, _nearest(state.LEARNING_RATES, train.lr, log=True))
    put(state.BATCH, train.batch_size, _nearest(state.BATCH_SIZES, train.batch_size, log=True))
    ss[state.TRAIN_SEED] = train.seed
    return moved


def _nearest(options, value, *, log: bool = False):
    key = (lambda o: abs(math.log(o) - math.log(value))) if log else (lambda o: abs(o - value))
    return min(options, key=key)


def _preset_named(config: ModelConfig, family: str) -> str:
    """The preset of `family` whose config is exactly `config`, else "custom"."""
    return next((n for n, p in PRESETS.items() if p.config.family == family and p.config == config), "custom")
