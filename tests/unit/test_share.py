"""Share links: every link written before the setup schema decodes to the same setup, every setup survives the
round trip through query parameters, presets name the course's models, and a bad value gets one warning (a
Message) naming the setting and what is valid, in the link's language."""

from __future__ import annotations

import json
import random

import pytest
from support.paths import FIXTURES
from support.setup import random_setup

from har.configs import SetupConfig, TrainConfig
from har.i18n import languages, render
from har.lab import SETUPS, LabSetup, preset_setup
from har.messages import Message
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig
from har.params import count_params
from har.presets import PRESETS, config_from_dict
from har.share import decode, encode, link, linked, query_string

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


PARSERS = {s.setting.link: s.setting.parse for s in linked()}


@pytest.mark.parametrize("key", sorted(PARSERS))
@pytest.mark.parametrize("bad", ["", "abc", "-1", "1e999", "nan", "99999999", "0", "<script>"])
def test_a_bad_value_falls_back_to_its_default_with_one_warning(key, bad):
    setup, warnings = decode({key: bad})
    try:  # some of these strings are valid for some keys ("0" is a fine seed)
        PARSERS[key](bad)
        valid = True
    except ValueError:
        valid = False
    if valid:
        assert warnings == []
    else:
        assert setup == LabSetup() and len(warnings) == 1
        text = render(warnings[0], "en")
        assert text.count(".") >= 1 and "\n" not in text and key in text


def test_warnings_speak_the_links_language_and_unknown_presets_are_named():
    setup, warnings = decode({"lang": "es", "rh": "mucho", "preset": "huge"})
    assert setup.lang == "es" and setup.rnn.hidden == 128
    texts = [render(w, "es") for w in warnings]
    assert len(texts) == 2 and "mucho" in texts[0] and "huge" in texts[1]
    assert "no es válido" in texts[0]
    # Repeated parameters (a parsed URL gives lists): the last one wins.
    assert decode({"rh": ["16", "32"]})[0].rnn.hidden == 32
    # A path is never accepted as the data source of a link.
    assert decode({"data": "/etc/passwd"})[0].data == "demo"


# Recorded from the hand-written codec before the schema replaced it: encode() of a table of setups, decode()
# of a table of links (presets, the notebook CNNs, multi-layer CNN widths, bad values, 60 random links).
OLD = json.loads((FIXTURES / "old_links.json").read_text(encoding="utf-8"))


def setup_of(d: dict) -> SetupConfig:
    models = {name: config_from_dict(d[name]) for name in ("rnn", "cnn")}
    top = {k: d[k] for k in ("lang", "data", "split", "split_seed", "test_fraction")}
    return SetupConfig(**top, **models, train=TrainConfig(**d["train"]))


@pytest.mark.parametrize("row", OLD["decode"], ids=lambda r: "&".join(f"{k}={v}" for k, v in r["params"].items()))
def test_every_old_link_decodes_to_the_same_setup(row):
    setup, warnings = decode(row["params"])
    assert setup == setup_of(row["setup"])
    assert len(warnings) == len(row["warnings"])
    given = [(v[-1] if v else "") if isinstance(v, list) else v for v in row["params"].values()]
    for warning in warnings:  # each quotes the value it replaced, as far as it was quoted before
        assert any(v.strip()[:40] in render(warning, setup.lang) for v in given)


@pytest.mark.parametrize("row", OLD["encode"], ids=lambda r: r["params"]["cnn"] + "-" + r["params"]["rh"])
def test_every_setup_writes_the_link_it_wrote_before(row):
    params = encode(setup_of(row["setup"]))
    assert {k: params[k] for k in row["params"]} == row["params"]  # a new setting may add a name, never change one
    assert [k for k in params if k in row["params"]] == list(row["params"])  # in the same order
    assert decode(params) == (setup_of(row["setup"]), [])


@pytest.mark.parametrize("seed", range(40))
def test_a_random_setup_survives_the_round_trip(seed):
    setup = random_setup(random.Random(seed))
    assert decode(encode(setup)) == (setup, [])
    assert decode(query_string(setup)) == (setup, [])
    assert decode(link("http://host:8501/train", setup).split("?", 1)[1]) == (setup, [])


def test_link_names_and_flags_are_declared_once_each():
    names = [s.setting.link for s in linked()]
    assert len(names) == len(set(names)) and "preset" not in names
    assert all(len(n) <= 5 for n in names)


@pytest.mark.parametrize("s", linked(), ids=lambda s: s.setting.link)
def test_a_bad_value_is_one_warning_in_the_links_language(s):
    bad = "[Sign in again](https://evil.example/login)"
    for lang in languages():
        setup, warnings = decode({"lang": lang, s.setting.link: bad})
        expected = SetupConfig(lang=lang) if s.setting.link != "lang" else SetupConfig()
        assert setup == expected and len(warnings) == 1 and isinstance(warnings[0], Message)
        text = render(warnings[0], setup.lang)
        assert bad[:40] in text and f"({s.setting.link})" in text and "\n" not in text


def test_the_warning_says_what_is_valid():
    (warning,) = decode({"rh": "lots"})[1]
    assert render(warning, "en") == (
        "The link's value \u201clots\u201d for Hidden size of the RNN (rh) is not valid, so the default is used "
        "(valid: a whole number from 1 to 4,096)."
    )
    (warning,) = decode({"lang": "es", "cw": "64,32"})[1]
    assert "unidos por \u201c-\u201d" in render(warning, "es") and "64-32" in render(warning, "es")
