"""Shareable setups (har.share, as the Lab and the sidebar use them): every setup survives the round trip through a
link's query parameters, presets name the course's models, and a bad value falls back to its default with one
warning in the link's language."""

from __future__ import annotations

import pytest

from har.lab import SETUPS, LabSetup, decode, encode, preset_setup, query_string
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig
from har.params import count_params
from har.presets import PRESETS
from har.share import PARSERS
from har.train import TrainConfig

SETUPS_TO_SHARE = [
    LabSetup(),
    *(preset_setup(name) for name in SETUPS),
    LabSetup(
        data="ucf11",
        split="group",
        split_seed=7,
        test_fraction=0.3,
        rnn=RNNConfig(hidden=48, layers=2, bidirectional=False, dropout=0.25, pooling="last"),
        cnn=CNNConfig(widths=(64, 32), kernel_size=5, dropout=0.1, pooling="max"),
        train=TrainConfig(epochs=4, lr=3e-4, batch_size=64, weight_decay=1e-5, seed=11, device="cpu"),
        lang="es",
    ),
]


@pytest.mark.parametrize("setup", SETUPS_TO_SHARE)
def test_a_setup_survives_the_round_trip_through_query_params(setup):
    params = encode(setup)
    assert all(isinstance(k, str) and isinstance(v, str) and len(k) <= 5 for k, v in params.items())
    assert decode(params) == (setup, [])
    assert decode(query_string(setup)) == (setup, [])
    assert decode("?" + query_string(setup)) == (setup, [])


def test_presets_name_the_course_models_and_a_matched_pair():
    assert preset_setup("course").cnn == PRESETS["notebook-cnn"].config
    assert preset_setup("course-cnn2").cnn == PRESETS["notebook-cnn2"].config
    matched = preset_setup("matched")
    sizes = [count_params(c) for c in matched.models().values()]
    assert abs(sizes[0] - sizes[1]) / sizes[0] < 0.01
    setup, warnings = decode({"preset": "course", "ep": "3"})
    assert setup.cnn == NotebookCNNConfig("cnn") and setup.train.epochs == 3 and warnings == []


@pytest.mark.parametrize("key", sorted(PARSERS))
@pytest.mark.parametrize("bad", ["", "abc", "-1", "1e999", "nan", "99999999", "0", "<script>"])
def test_a_bad_value_falls_back_to_its_default_with_one_warning(key, bad):
    setup, warnings = decode({key: bad})
    try:  # some of these strings are valid for some keys ("0" is a fine seed)
        PARSERS[key](bad)
        valid = True
    except (ValueError, TypeError):
        valid = False
    if valid:
        assert warnings == []
    else:
        assert setup == LabSetup() and len(warnings) == 1
        assert warnings[0].count(".") >= 1 and "\n" not in warnings[0]


def test_warnings_speak_the_links_language_and_unknown_presets_are_named():
    setup, warnings = decode({"lang": "es", "rh": "mucho", "preset": "huge"})
    assert setup.lang == "es" and setup.rnn.hidden == 128
    assert len(warnings) == 2 and "mucho" in warnings[0] and "huge" in warnings[1]
    assert "no es válido" in warnings[0]
    # Repeated parameters (a parsed URL gives lists): the last one wins.
    assert decode({"rh": ["16", "32"]})[0].rnn.hidden == 32
    # A path is never accepted as the data source of a link.
    assert decode({"data": "/etc/passwd"})[0].data == "demo"
