"""Share links: every link written before the setup schema decodes to the same setup, every setup survives the
round trip, and a bad value gets one warning (a Message) naming the setting and what is valid."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from helpers_setup import random_setup

from har.configs import SetupConfig, TrainConfig
from har.i18n import LANGUAGES, render
from har.messages import Message
from har.presets import config_from_dict
from har.share import decode, encode, link, linked, query_string

# Recorded from the hand-written codec before the schema replaced it: encode() of a table of setups, decode()
# of a table of links (presets, the notebook CNNs, multi-layer CNN widths, bad values, 60 random links).
OLD = json.loads((Path(__file__).parent / "data" / "old_links.json").read_text(encoding="utf-8"))


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
    for lang in LANGUAGES:
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
