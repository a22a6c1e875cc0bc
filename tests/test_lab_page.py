"""The lab page under AppTest, with the context the entry script would give it and tiny models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from dashboard.context import AppContext
from har.data import make_split
from har.i18n import translator
from har.lab import decode
from har.lab.flags import options_of
from har.lab.registry import studies

PAGE = Path(__file__).resolve().parents[1] / "pages" / "lab.py"


@pytest.fixture(autouse=True)
def _tiny_app(app_env):
    """Run alone, the page draws the shared sidebar itself (page_context): over the tiny demo."""


def page(tiny_demo, lang="en", section="seeds", runs=None) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    for key, value in state.DEFAULTS.items():
        at.session_state[key] = value
    at.session_state[state.LANG] = lang
    at.session_state[state.RNN_HIDDEN] = 4
    for key in state.CNN_WIDTHS:
        at.session_state[key] = 4
    at.session_state[state.EPOCHS] = 1
    at.session_state[state.RUNS] = runs or {}
    at.session_state[state.CONTEXT] = AppContext(lang, tiny_demo, "demo", make_split(tiny_demo, "random"), 0, "cpu")
    at.session_state[state.LAB_STUDY] = section
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_section_draws_in_both_languages(tiny_demo, lang):
    at = page(tiny_demo, lang)
    title = (
        "Lab: questions one run cannot answer"
        if lang == "en"
        else "Laboratorio: preguntas que una sola ejecución no responde"
    )
    for section in ("seeds", "sweep", "pooling", "order", "leakage", "failures", "share", "weights"):
        at.session_state[state.LAB_STUDY] = section
        at.run()
        assert not at.exception, (section, [e.message for e in at.exception])
        assert at.title[0].value == title and at.subheader[0].value == translator(lang)(f"lab.page.{section}.name")
    for name, study in studies().items():  # each study's options, drawn from their declarations
        at.session_state[state.LAB_STUDY] = name
        at.run()
        for option in options_of(study.Options):
            key = state.lab_key(name, option.name)
            drawn = [
                w for kind in ("slider", "multiselect", "number_input", "radio") for w in at.get(kind) if w.key == key
            ]
            assert len(drawn) == 1 and drawn[0].value == (list(option.default) if option.many else option.default)


def test_a_seeds_study_runs_in_the_background_and_draws_its_band(tiny_demo):
    at = page(tiny_demo)
    at.slider(key=state.lab_key("seeds", "seeds")).set_value(2)
    at.button(key="lab_start_seeds").click().run()
    job = at.session_state[state.LAB_JOBS]["seeds"]
    assert job.wait(120) and job.status == "finished"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == "lab_seeds_fig").proto.spec)
    names = [tr["name"] for tr in fig["data"]]
    assert names == ["RNN 95% interval", "RNN mean of 2 seeds", "CNN 95% interval", "CNN mean of 2 seeds"]
    band = job.result().curves["rnn"]["test_acc"]
    assert fig["data"][1]["y"] == pytest.approx(band.mean)
    assert any("paired t-test" in m.value for m in at.markdown)
    assert len(at.dataframe) == 2 and len(at.dataframe[1].value) == 2  # its tables: per model, and per seed


def test_the_failures_section_lists_the_clips_of_the_chosen_cell(tiny_demo, tiny_record):
    at = page(tiny_demo, section="failures", runs={tiny_record["id"]: tiny_record})
    names = tiny_record["dataset"]["class_names"]
    cells = [
        (tiny_record["models"][m]["confusion"][i][j], m, i, j)
        for m in ("rnn", "cnn")
        for i in range(len(names))
        for j in range(len(names))
        if i != j
    ]
    count, model, true, pred = max(cells)
    assert count > 0  # the record has at least one mistake to list
    at.radio(key=state.LAB_FAIL_MODEL).set_value(model).run()
    at.selectbox(key=state.LAB_FAIL_TRUE).select(names[true]).run()
    at.selectbox(key=state.LAB_FAIL_PRED).select(names[pred]).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == count
    assert any(c.key == "lab_fail_heatmap" for c in at.get("plotly_chart"))


def test_the_share_section_shows_a_link_that_decodes_to_the_pages_setup(tiny_demo):
    at = page(tiny_demo, lang="es", section="share")
    setup, warnings = decode(at.code[0].value)
    assert warnings == [] and setup.lang == "es" and setup.rnn.hidden == 4 and setup.cnn.widths == (4,)
    assert setup.train.epochs == 1 and setup.split == "random"


def test_the_order_study_offers_its_trained_models_as_a_weights_file(tiny_demo):
    from har.weights import load_weights

    at = page(tiny_demo, section="order")
    at.button(key="lab_start_order").click().run()
    job = at.session_state[state.LAB_JOBS]["order"]
    assert job.wait(120) and job.status == "finished"
    at.run()
    at.run()  # the first run after the end redraws the whole page once
    assert not at.exception, [e.message for e in at.exception]
    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == "lab_order_fig").proto.spec)
    assert fig["data"][0]["y"] == pytest.approx(
        [job.result().acc["rnn"][c] for c in ("original", "shuffled", "reversed")]
    )
    assert [b.key for b in at.get("download_button")] == ["lab_download_weights"]
    bundle = load_weights(job.weights())
    assert set(bundle.models) == {"rnn", "cnn"} and bundle.n_features == tiny_demo.f


def test_the_page_opens_from_the_dashboards_navigation(app):
    app.switch_page("pages/lab.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title[0].value == "Lab: questions one run cannot answer"
    app.session_state[state.LAB_STUDY] = "share"
    app.run()
    setup, warnings = decode(app.code[0].value)
    assert warnings == [] and setup.rnn.hidden == state.DEFAULTS[state.RNN_HIDDEN]
