"""The session's settings as the library's objects and back: model configs, the training config, a shared setup.

Every setting is read and written through its declaration (har/slots.py, keys from dashboard/state.py), so a
new setting of a config is carried here without being named. Works on any mutable mapping (`st.session_state`
in the app, a dict in tests).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace

from dashboard import state
from dashboard.context import AppContext
from har.configs import DATA_SOURCES, CNNConfig, ModelConfig, NotebookCNNConfig, RNNConfig, SetupConfig, TrainConfig
from har.messages import Message
from har.params import count_params, match_size
from har.presets import PRESETS
from har.slots import Slot, section_slots


def value(ss: MutableMapping, s: Slot):
    """The session's value of the setting `s` (a list setting from its entries in use)."""
    if state.in_entries(s):
        return tuple(int(ss[key]) for key in state.entry_keys(s)[: int(ss[state.count_key(s)])])
    return _typed(s, ss[state.setting_key(s)])


def _typed(s: Slot, v):
    return {"int": int, "float": float, "bool": bool}.get(s.setting.kind, lambda x: x)(v)


def put(ss: MutableMapping, s: Slot, asked) -> object:
    """Write `asked` into the session, moved to the nearest value the widget can show; return what was written.
    A list setting keeps its last entry in the entries beyond its length, for when a layer is added back."""
    given = s.setting.widget.nearest(asked) if s.setting.widget else asked
    if state.in_entries(s):
        ss[state.count_key(s)] = len(given)
        for i, key in enumerate(state.entry_keys(s)):
            ss[key] = given[min(i, len(given) - 1)]
    else:
        ss[state.setting_key(s)] = given
    return given


def section_config(ss: MutableMapping, section: str, cls: type):
    """A `cls` config built from the session's values of its settings."""
    return cls(**{s.name: value(ss, s) for s in section_slots(section) if s.owner is cls})


def rnn_config(ss: MutableMapping) -> RNNConfig:
    return section_config(ss, "rnn", RNNConfig)


def cnn_is_fixed(ss: MutableMapping) -> bool:
    """True while a notebook CNN preset is chosen: that model has no knobs."""
    preset = PRESETS.get(ss[state.CNN_PRESET])
    return preset is not None and isinstance(preset.config, NotebookCNNConfig)


def cnn_config(ss: MutableMapping) -> ModelConfig:
    if cnn_is_fixed(ss):
        return PRESETS[ss[state.CNN_PRESET]].config
    return section_config(ss, "cnn", CNNConfig)


def model_configs(ss: MutableMapping) -> dict[str, ModelConfig]:
    return {"rnn": rnn_config(ss), "cnn": cnn_config(ss)}


def train_config(ss: MutableMapping, device: str) -> TrainConfig:
    """The Train page's settings (epochs, learning rate, batch, ...) on `device`, the one the sidebar settled on."""
    return replace(section_config(ss, "train", TrainConfig), device=device)


def set_config(ss: MutableMapping, section: str, config) -> list[tuple[Slot, object, object]]:
    """Write `config`'s settings into the session (call before the widgets are drawn); return each
    (setting, asked, given) whose value the widget cannot show and was moved to the nearest it can."""
    moved = []
    for s in section_slots(section, config):
        asked = getattr(config, s.name)
        given = put(ss, s, asked)
        if given != asked:
            moved.append((s, asked, given))
    return moved


def set_rnn(ss: MutableMapping, config: RNNConfig) -> None:
    set_config(ss, "rnn", config)


def set_cnn(ss: MutableMapping, config: CNNConfig) -> None:
    set_config(ss, "cnn", config)


def apply_preset(ss: MutableMapping, family: str) -> None:
    """Copy the chosen preset of `family` ("rnn" or "cnn") into its widgets; "custom" changes nothing."""
    name = ss[state.RNN_PRESET if family == "rnn" else state.CNN_PRESET]
    config = PRESETS[name].config if name in PRESETS else None
    if config is not None and not isinstance(config, NotebookCNNConfig):
        set_config(ss, family, config)


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


def current_setup(ss: MutableMapping, ctx: AppContext) -> SetupConfig:
    """The session's whole configuration (data, split, models, training, language), as a shared link carries it."""
    models = model_configs(ss)
    return SetupConfig(
        lang=ctx.lang,
        data=ctx.source if ctx.source in DATA_SOURCES else "demo",
        split=ctx.split.kind,
        split_seed=ctx.split_seed,
        test_fraction=ctx.split.test_fraction,
        rnn=models["rnn"],
        cnn=models["cnn"],
        train=train_config(ss, ctx.device),
    )


def apply_setup(ss: MutableMapping, setup: SetupConfig) -> list[Message]:
    """Write a shared link's setup into the settings, before any widget is drawn.

    Values the widgets cannot show are moved to the nearest one they can; each such move is
    returned as a Message for the page to show.
    """
    moved = []
    for s in state.SETTINGS:
        if s.section is None:
            asked = getattr(setup, s.name)
            given = put(ss, s, asked)
            if given != asked:
                moved.append((s, asked, given))
    for section in ("rnn", "cnn", "train"):
        moved += set_config(ss, section, getattr(setup, section))
    ss[state.RNN_PRESET] = _preset_named(setup.rnn, "rnn")
    ss[state.CNN_PRESET] = _preset_named(setup.cnn, "cnn")
    return [Message("side.link_moved", setting=s.what(), asked=_shown(s, a), given=_shown(s, g)) for s, a, g in moved]


def _shown(s: Slot, v):
    """The value as the note shows it: a list of numbers as text, a number as a number (the renderer formats it
    for the reader's language: 0.002, or 0,002 in Spanish)."""
    return s.setting.text(v, ", ") if s.setting.kind == "ints" else v


def _preset_named(config: ModelConfig, family: str) -> str:
    """The preset of `family` whose config is exactly `config`, else "custom"."""
    return next((n for n, p in PRESETS.items() if p.config.family == family and p.config == config), "custom")
