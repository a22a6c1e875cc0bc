"""The settings' declarations: each has its words in both languages, its widget inside its bounds and its default
valid; the config dicts derived from them read records written before the schema."""

from __future__ import annotations

import json

import pytest
from support.paths import FIXTURES

from dashboard import state
from har import runs
from har.configs import CNNConfig, NotebookCNNConfig, RNNConfig, SetupConfig
from har.i18n import languages, render, sources, template
from har.presets import PRESETS, config_from_dict, config_to_dict
from har.schema import setting, settings_of, slider, steps
from har.slots import read, slot, slots

DATA = FIXTURES


def declared_keys(s) -> list[str]:
    keys = [s.setting.label, s.setting.help, *(s.setting.choice_labels or {}).values()]
    w = s.setting.widget
    return keys + ([w.count_label, w.count_help, w.entry_label] if w and w.kind == "layers" else [])


@pytest.mark.parametrize("s", slots(), ids=lambda s: s.flag)
def test_every_setting_has_its_label_and_help_in_both_languages(s):
    for key in declared_keys(s):
        assert key in sources(), key  # the catalog check (tools/catalogs.py) holds every language to the English
        assert all(template(key, lang).strip() for lang in languages()), key
    help_en = template(s.setting.help, "en")
    assert help_en.endswith(".") and help_en[0].isupper()  # one sentence for a student


@pytest.mark.parametrize("s", slots(), ids=lambda s: s.flag)
def test_every_widget_stays_inside_its_settings_bounds_and_every_default_is_valid(s):
    default = read(SetupConfig(), s)
    if default is not None:
        assert s.setting.check(default) == default
    w = s.setting.widget
    if w is None:
        return
    for v in w.options:
        assert s.setting.check(v) == v
    if w.low is not None and s.setting.bounds:
        low, high = s.setting.bounds
        assert low <= w.low <= w.high <= high
    if w.kind == "layers":
        assert 1 <= w.layers <= s.setting.count[1]


def test_valid_describes_each_kind_in_both_languages():
    phrases = {s.flag: [render(s.setting.valid(), lang) for lang in ("en", "es")] for s in slots()}
    assert phrases["--rnn-hidden"] == ["a whole number from 1 to 4,096", "un número entero de 1 a 4096"]
    assert phrases["--lr"][0] == "a number above 0, at most 10"
    assert phrases["--rnn-bidirectional"] == ["0 or 1", "0 o 1"]
    assert phrases["--split"][0] == "one of random, group"


def test_a_widget_moves_a_value_to_the_nearest_it_can_show():
    assert slot("lr", "train").setting.widget.nearest(0.002) == 3e-3  # nearest on a log scale
    assert slot("batch_size", "train").setting.widget.nearest(100) == 128
    assert slot("hidden", "rnn").setting.widget.nearest(4000) == 1024
    assert slot("widths", "cnn").setting.widget.nearest((4096, 8, 8, 8, 8)) == (2048, 8, 8, 8)
    assert steps(0.0, 1e-5, 1e-3).nearest(2e-4) == 1e-5  # 0 among the options: nearest on a linear scale
    assert slider(1, 5).nearest(0) == 1


def test_the_sessions_keys_are_derived_and_distinct():
    keys = [state.setting_key(s) for s in state.SETTINGS]
    assert len(keys) == len(set(keys))
    assert (state.RNN_HIDDEN, state.EPOCHS, state.SPLIT_SEED) == ("rnn_hidden", "train_epochs", "split_seed")
    assert not set(state.CNN_WIDTHS) & set(keys) and state.CNN_LAYERS not in keys


@pytest.mark.parametrize("name", ["run_main_temporal.json", "run_main_notebook.json"])
def test_records_written_before_the_schema_still_load(name):
    record = runs.loads((DATA / name).read_bytes())
    configs = runs.model_configs(record)
    assert isinstance(configs["rnn"], RNNConfig)
    assert isinstance(configs["cnn"], (CNNConfig, NotebookCNNConfig))
    written = json.loads((DATA / name).read_bytes())
    for name, config in configs.items():  # and the dicts written now hold the dicts written then
        old, now = written["config"]["models"][name], config_to_dict(config)
        assert {k: now[k] for k in old} == old


def test_config_dicts_round_trip_and_fill_a_setting_they_lack():
    for preset in PRESETS.values():
        assert config_from_dict(config_to_dict(preset.config)) == preset.config
    old = {"kind": "cnn", "widths": [8], "kernel_size": 3, "dropout": 0.0}  # no pooling: its default
    assert config_from_dict(old) == CNNConfig(widths=(8,))
    with pytest.raises(ValueError, match="unknown model kind"):
        config_from_dict({"kind": "lstm"})


def test_settings_of_lists_only_declared_fields_in_order():
    assert list(settings_of(RNNConfig)) == ["hidden", "layers", "bidirectional", "dropout", "pooling"]
    assert settings_of(NotebookCNNConfig) == {}
    field = setting((1, 2), link="x", flag="x", label="l", help="h", bounds=(1, 9), count=(1, 3))
    assert field.default_factory() == (1, 2) and field.metadata["setting"].kind == "ints"
