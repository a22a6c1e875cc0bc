"""A shared link opens the dashboard on the setup it carries, and the sidebar gives that link."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest
from support.app import metric_values, open_app
from support.paths import APP

from dashboard import settings, state
from har.models import NotebookCNNConfig, RNNConfig
from har.params import count_params
from har.presets import PRESETS
from har.share import decode

W = state.widget_key


def opened_with(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return open_app(at)


def shared_code(at) -> str:
    return next(c.value for c in at.code if c.value.startswith("?"))


def test_a_course_link_opens_the_notebook_models_split_and_training(app_env):
    at = opened_with(preset="course", split="group", ep="3", lr="0.002", bs="32", lang="es")
    assert at.session_state[state.CONTEXT].split.kind == "group"
    assert at.session_state[state.CONTEXT].lang == "es"
    assert at.session_state[state.EPOCHS] == 3
    assert at.session_state[state.LR] == 3e-3  # the nearest rate the slider offers, said in the sidebar
    assert any("0,002" in i.value for i in at.info)  # in Spanish, with a decimal comma
    at.switch_page("pages/models.py").run()
    shown = metric_values(at)
    rnn = count_params(PRESETS["notebook-rnn"].config, n_frames=10, n_features=1024, n_classes=11)
    cnn = count_params(NotebookCNNConfig("cnn"), n_frames=10, n_features=1024, n_classes=11)
    assert (rnn, cnn) == (891_147, 5_185)
    assert (shown["Parámetros de la RNN"], shown["Parámetros de la CNN"]) == ("891.147", "5185")  # CLDR's Spanish


def test_a_bad_value_in_a_link_is_explained_and_the_rest_still_applies(app_env):
    at = opened_with(rh="lots", rl="2", ep="4")
    assert not at.exception
    assert at.session_state[state.RNN_LAYERS] == 2 and at.session_state[state.EPOCHS] == 4
    assert at.session_state[state.RNN_HIDDEN] == RNNConfig.hidden
    assert any("lots" in i.value for i in at.info)


def test_the_sidebar_link_reproduces_the_current_setup(app):
    app.switch_page("pages/models.py").run()
    app.slider(key=W(state.RNN_HIDDEN)).set_value(40).run()
    app.radio(key=W(state.SPLIT)).set_value("group").run()
    setup, warnings = decode(shared_code(app))
    assert not warnings
    assert setup.rnn == RNNConfig(hidden=40) and setup.split == "group"
    again = opened_with(**dict(kv.split("=") for kv in shared_code(app).lstrip("?").split("&")))
    assert settings.model_configs(again.session_state) == settings.model_configs(app.session_state)
    assert again.session_state[state.CONTEXT].split.kind == "group"


def test_a_link_with_only_a_language_changes_nothing_else(app_env):
    at = opened_with(lang="es")
    assert at.session_state[state.LINK_APPLIED] == []
    assert settings.model_configs(at.session_state)["rnn"] == RNNConfig()


def test_markup_in_a_link_is_quoted_as_code_never_as_a_link_or_an_image(app_env):
    hostile = {
        "rh": "[Sign in again](https://evil.example/login)",
        "preset": "![x](https://evil.example/x.png)",
        "ep": "www.evil.example",
        "bs": "<img src=https://evil.example/y.png>",
    }
    at = opened_with(**hostile)
    assert not at.exception and at.session_state[state.RNN_HIDDEN] == RNNConfig.hidden
    quoted = [i.value for i in at.info if "evil.example" in i.value]
    assert len(quoted) == len(hostile)
    for note in quoted:
        markup = re.sub(r"(`+) .*? \1", "", note)  # what markdown reads as markup: all but the code spans
        assert "evil.example" not in markup and "](" not in markup and "<" not in markup


def test_the_join_dialog_stays_open_through_a_rerun_of_the_whole_page(app_env):
    """A lecturer's QR code on the projector stays up while the page reruns (a setup sent, a training's end):
    the press is kept until the dialog is dismissed, where a button's trigger lasts one run."""
    at = opened_with(lang="en")
    at.switch_page("pages/train.py").run()
    assert not [c.value for c in at.code if "?j=" in c.value]
    at.button(key=state.JOIN_BUTTON).click().run()
    short = [c.value for c in at.code if "?j=" in c.value]
    assert len(short) == 1 and len(short[0]) < 40, short
    at.run()  # a rerun with no press in it, as st.rerun(scope="app") from the lecture's notices makes
    assert [c.value for c in at.code if "?j=" in c.value] == short
