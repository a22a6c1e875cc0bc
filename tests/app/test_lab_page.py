"""The lab page under AppTest, with the context the entry script would give it and tiny models; saved models
uploaded are scored on their own test clips, and the order question on a random split offers the group split."""

from __future__ import annotations

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from support.data import grouped_dataset, tiny_models
from support.paths import ROOT

from dashboard import state
from dashboard.context import AppContext
from har.data import make_dataset, make_split
from har.i18n import translator
from har.lab import decode
from har.lab.flags import options_of
from har.lab.registry import studies
from har.weights import weights_bytes

PAGE = ROOT / "pages" / "lab.py"


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
    at = page(tiny_demo, section="failures", runs={tiny_record.id: tiny_record})
    names = tiny_record.dataset.class_names
    cells = [
        (tiny_record.models[m].confusion[i][j], m, i, j)
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


# Saved models, uploaded: scored on their own test clips


def lab_page(split_seed: int) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    for key, value in state.DEFAULTS.items():
        at.session_state[key] = value
    at.session_state[state.SPLIT_SEED] = split_seed
    at.session_state[state.LAB_STUDY] = "weights"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_lab_page_scores_an_upload_on_its_own_test_clips_and_labels_training_clips(app_env, tiny_demo):
    raw = weights_bytes(tiny_models(tiny_demo), tiny_demo, make_split(tiny_demo, "random", seed=0))
    at = lab_page(split_seed=1)  # the sidebar's split is not the one the models learned on
    at.file_uploader(key=state.LAB_WEIGHTS_UPLOAD).set_value(("models.pt", raw, "application/octet-stream")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    n_test = len(make_split(tiny_demo, "random", seed=0).test_idx)
    assert any(f"Trained on the random split (seed 0, 20% test) of this data; scored on {n_test} clips." in c.value
               for c in at.caption)  # fmt: skip
    assert list(at.dataframe[0].value.columns) == ["model", "accuracy"]

    at.radio(key=state.LAB_WEIGHTS_ON).set_value("split").run()  # split seed 1's test clips: some seen in training
    sidebar = make_split(tiny_demo, "random", seed=1).test_idx
    seen = int(np.isin(sidebar, make_split(tiny_demo, "random", seed=0).train_idx).sum())
    assert seen > 0
    assert [e.value for e in at.error] == [
        f"the models trained on {seen} of the {len(sidebar)} clips to evaluate, so "
        "their score would not be a test accuracy; evaluate on the test clips saved with the weights (the default), "
        "or allow training clips explicitly to see the score labelled as such."
    ]
    assert not at.dataframe

    at.toggle(key=state.LAB_WEIGHTS_OVERLAP).set_value(True).run()
    assert any(e.value.startswith(f"NOT A TEST ACCURACY: the models trained on {seen} of these") for e in at.error)
    assert list(at.dataframe[0].value.columns) == ["model", "accuracy (NOT a test accuracy)"]


# The order question needs a group split: on a random split the page says why and offers the switch (the
# claim itself is checked on the demo in tests/unit/data/test_demo.py)


NOTE = {
    "en": "The split is random: clips of one group (same actor, same background) sit on both sides",
    "es": "La división es aleatoria: clips de un mismo grupo (mismo actor, mismo fondo) están a ambos lados",
}


def order_section(data, lang="en", split="random") -> AppTest:
    """The Lab's order question over `data` (this session's own data set)."""
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    for key, value in state.DEFAULTS.items():
        at.session_state[key] = value
    at.session_state[state.LANG] = lang
    at.session_state[state.UPLOADED] = data
    at.session_state[state.SOURCE] = "upload"
    at.session_state[state.SPLIT] = split
    at.session_state[state.LAB_STUDY] = "order"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def notes(at, lang="en") -> list[str]:
    return [w.value for w in at.warning if w.value.startswith(NOTE[lang])]


def test_a_random_split_gets_the_note_and_one_click_moves_to_the_group_split(app_env):
    at = order_section(grouped_dataset())  # groups of 4 to 6 clips: a random split puts them on both sides
    assert at.session_state[state.CONTEXT].split.kind == "random"
    assert len(notes(at)) == 1 and "Ask this question on the group split." in notes(at)[0]
    at.button(key="lab_use_group").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state[state.SPLIT] == "group" and at.session_state[state.CONTEXT].split.kind == "group"
    assert at.radio(key=state.widget_key(state.SPLIT)).value == "group"  # the sidebar shows it too
    assert notes(at) == [] and not [b for b in at.button if b.key == "lab_use_group"]


def test_the_note_is_there_in_spanish_and_not_on_a_group_split(app_env):
    assert len(notes(order_section(grouped_dataset(), "es"), "es")) == 1
    assert notes(order_section(grouped_dataset(), split="group")) == []


def test_no_note_where_every_group_is_one_clip(app_env):
    # No group has two clips, so a random split shares no background: nothing to warn about.
    data = grouped_dataset()
    alone = make_dataset("one clip per group", data.X, data.y)  # groups default to one per clip
    assert alone.n_groups == alone.n and notes(order_section(alone)) == []


def test_an_uploaded_weights_file_with_a_forged_header_or_split_gets_one_sentence(app_env, tiny_demo):
    from support.weights import big_hidden, forged

    at = lab_page(split_seed=0)
    bomb = forged(tiny_demo, big_hidden)
    at.file_uploader(key=state.LAB_WEIGHTS_UPLOAD).set_value(("bomb.pt", bomb, "application/octet-stream")).run()
    assert not at.exception and [e.value.replace("\\", "") for e in at.error] == [  # shown as escaped Markdown
        "bomb.pt describes a model rnn whose tensor gru.weight_ih_l0 is not the one in the file, so it is refused."
    ]

    def repeat_one_clip(header):
        from har.data.splits import indices_fingerprint

        header["split"]["test_idx"] = [header["split"]["test_idx"][0]] * 500
        header["split"]["test_fingerprint"] = indices_fingerprint(np.asarray(header["split"]["test_idx"]))

    split = forged(tiny_demo, repeat_one_clip)
    at.file_uploader(key=state.LAB_WEIGHTS_UPLOAD).set_value(("split.pt", split, "application/octet-stream")).run()
    assert not at.exception and len(at.error) == 1 and "split.pt carries a forged split" in at.error[0].value
    assert not at.dataframe
