"""The Inside page under AppTest with the context the entry script would give it: a session's run with its models
kept (dashboard.exports.keep_weights's bytes), or an uploaded weights file; a clip chosen by class, from a
confusion cell or from a list; Break it moves both models' bars; the frames, memory and map views; both languages."""

from __future__ import annotations

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from support.data import tiny_models
from support.paths import ROOT, TINY_SCALE

from dashboard import state
from dashboard.context import AppContext
from dashboard.inspect import trained_models
from har.data import make_split
from har.explain.edits import Edit, apply_edits
from har.explain.probe import probabilities
from har.i18n import translator
from har.weights import weights_bytes

PAGE = ROOT / "pages" / "inspect.py"
RUN = "abcd1234"


@pytest.fixture(autouse=True)
def _tiny_app(app_env):
    """Run alone, the page draws the shared sidebar itself (page_context): over the tiny demo."""


@pytest.fixture(scope="module")
def kept(tiny_demo):
    """(the split, a weights file's bytes) of an untrained tiny pair: what keep_weights files for a run."""
    split = make_split(tiny_demo, "random", seed=0)
    return split, weights_bytes(tiny_models(tiny_demo), tiny_demo, split, info={"run": RUN, "data": tiny_demo.name})


def page(tiny_demo, kept, lang="en", weights=True, **values) -> AppTest:
    split, raw = kept
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    for key, value in state.DEFAULTS.items():
        at.session_state[key] = value
    at.session_state[state.LANG] = lang
    at.session_state[state.RUNS] = {}
    at.session_state[state.RUN_WEIGHTS] = {RUN: raw} if weights else {}
    at.session_state[state.CONTEXT] = AppContext(lang, tiny_demo, "demo", split, 0, "cpu")
    for name, value in values.items():
        at.session_state[name] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rerun(at) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def bars(at) -> dict[str, list[float]]:
    """Trace name -> its bar heights in the probabilities chart."""
    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == state.INSPECT_BARS).proto.spec)
    return {t["name"]: t["y"] for t in fig["data"] if t["name"] != "the clip as it is"} | {
        f"before {i}": t["y"] for i, t in enumerate(d for d in fig["data"] if d["name"] == "the clip as it is")
    }


def chosen_clip(at, data) -> int:
    return data.keys.index(at.session_state[state.INSPECT_CLIP])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_page_says_which_run_it_inspects_and_draws_every_view(tiny_demo, kept, lang):
    at = page(tiny_demo, kept, lang)
    tr = translator(lang)
    assert at.title[0].value == tr("inspect.title")
    assert any(RUN in i.value for i in at.info)
    for view in ("frames", "memory", "map"):
        at.session_state[state.INSPECT_VIEW] = view
        rerun(at)
        keys = [c.key for c in at.get("plotly_chart")]
        assert state.INSPECT_BARS in keys and state.INSPECT_HEATMAP in keys
        expected = {
            "frames": [state.INSPECT_ATTRIBUTION],
            "memory": [f"{state.INSPECT_MEMORY}_rnn", f"{state.INSPECT_MEMORY}_cnn"],
            "map": [state.INSPECT_MAP],
        }[view]
        assert set(expected) <= set(keys), (view, keys)


def test_the_bars_are_both_models_probabilities_and_reverse_moves_them(tiny_demo, kept):
    at = page(tiny_demo, kept)
    bundle_models = trained_models(at.session_state, RUN).models
    clip = chosen_clip(at, tiny_demo)
    x = tiny_demo.X[clip]
    shown = bars(at)
    for i, (name, model) in enumerate(bundle_models.items()):
        p = probabilities(model, [x])[0]
        assert np.allclose(shown[f"{name.upper()} after the edits"], p) and np.allclose(shown[f"before {i}"], p)
    at.button(key=f"{state.INSPECT_EDIT_BUTTON}_reverse").click()
    rerun(at)
    after = bars(at)
    for i, (name, model) in enumerate(bundle_models.items()):
        reversed_p = probabilities(model, [x[::-1].copy()])[0]
        assert np.allclose(after[f"{name.upper()} after the edits"], reversed_p)
        assert np.allclose(after[f"before {i}"], probabilities(model, [x])[0])
        assert not np.allclose(reversed_p, probabilities(model, [x])[0])  # both models see the order here
    assert "Edits so far: Reverse" in [t.value for t in at.text]
    at.button(key=state.INSPECT_UNDO).click()
    rerun(at)
    assert np.allclose(bars(at)["RNN after the edits"], probabilities(bundle_models["rnn"], [x])[0])


def test_drop_then_swap_apply_in_order_on_the_chosen_frame(tiny_demo, kept):
    at = page(tiny_demo, kept)
    models = trained_models(at.session_state, RUN).models
    clip = chosen_clip(at, tiny_demo)
    at.number_input(key=state.INSPECT_FRAME).set_value(2)
    at.button(key=f"{state.INSPECT_EDIT_BUTTON}_drop").click()
    rerun(at)
    other_key = at.session_state[state.INSPECT_OTHER]
    other = tiny_demo.X[tiny_demo.keys.index(other_key)]
    at.button(key=f"{state.INSPECT_EDIT_BUTTON}_swap").click()
    rerun(at)
    edited = apply_edits(tiny_demo.X[clip], [Edit("drop", frame=1), Edit("swap", frame=1)], other=other).frames
    assert len(edited) == tiny_demo.t - 1
    assert np.allclose(bars(at)["CNN after the edits"], probabilities(models["cnn"], [edited])[0])


def test_a_clip_from_a_confusion_cell_and_from_a_list(tiny_demo, kept):
    at = page(tiny_demo, kept)
    models = trained_models(at.session_state, RUN).models
    split = kept[0]
    labels = tiny_demo.y[split.test_idx]
    at.radio(key=state.INSPECT_WAY).set_value("cell")
    rerun(at)
    cell = at.session_state[state.INSPECT_CELL]
    true, pred = (int(v) for v in cell.split(":"))
    clip = chosen_clip(at, tiny_demo)
    assert tiny_demo.y[clip] == true and probabilities(models["rnn"], [tiny_demo.X[clip]])[0].argmax() == pred
    at.radio(key=state.INSPECT_WAY).set_value("list")
    rerun(at)
    at.selectbox(key=state.INSPECT_LIST).set_value("both_wrong")
    rerun(at)
    wrong = [
        i
        for i in split.test_idx
        if all(probabilities(m, [tiny_demo.X[i]])[0].argmax() != tiny_demo.y[i] for m in models.values())
    ]
    options = at.selectbox(key=state.INSPECT_CLIP).options
    assert options == [tiny_demo.keys[i] for i in wrong] and len(wrong) <= len(labels)


def test_integrated_gradients_shows_its_completeness_error_and_the_untrained_model(tiny_demo, kept):
    at = page(tiny_demo, kept)
    at.radio(key=state.INSPECT_METHOD).set_value("ig")
    rerun(at)
    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == state.INSPECT_ATTRIBUTION).proto.spec)
    assert [t["name"] for t in fig["data"]] == ["RNN", "untrained model", "CNN", "untrained model"]
    notes = " ".join(c.value for c in at.caption)
    assert "Integrated Gradients" in notes and "untrained" in notes
    at.toggle(key=state.INSPECT_AVERAGES).set_value(True)
    rerun(at)
    assert state.INSPECT_PROFILES in [c.key for c in at.get("plotly_chart")]


def test_the_map_has_every_test_clip_and_a_pair_only_view(tiny_demo, kept):
    at = page(tiny_demo, kept)
    at.session_state[state.INSPECT_VIEW] = "map"
    rerun(at)
    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == state.INSPECT_MAP).proto.spec)
    n_test = len(kept[0].test_idx)
    assert sum(len(t["x"]) for t in fig["data"]) == 2 * n_test  # both models, every test clip
    at.toggle(key=state.INSPECT_PAIRS).set_value(True)
    rerun(at)
    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == state.INSPECT_MAP).proto.spec)
    pairs = {"diving", "trampoline_jumping", "golf_swing", "tennis_swing"}
    assert {t["name"] for t in fig["data"]} <= pairs and fig["data"]


def test_without_kept_models_an_uploaded_weights_file_is_inspected(tiny_demo, kept):
    at = page(tiny_demo, kept, weights=False)
    assert at.session_state[state.INSPECT_SOURCE] == "upload"
    assert any("No run of this session" in c.value for c in at.caption)
    assert state.INSPECT_BARS not in [c.key for c in at.get("plotly_chart")]


def test_models_of_other_data_are_refused_in_one_sentence(tiny_demo):
    from har.data.demo import make_demo

    other = make_demo(seed=7, scale=float(TINY_SCALE))  # the same shape, other clips
    split = make_split(other, "random", seed=0)
    at = page(tiny_demo, (split, weights_bytes(tiny_models(other), other, split)))
    assert at.error and "\n" not in at.error[0].value
    assert state.INSPECT_BARS not in [c.key for c in at.get("plotly_chart")]


def test_a_click_on_a_dot_of_the_map_opens_that_clip(tiny_demo, kept):
    from types import SimpleNamespace

    from dashboard.inspect_views import open_from_map

    key = tiny_demo.keys[kept[0].test_idx[-1]]
    clicked = {state.INSPECT_MAP: SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": key}]))}
    open_from_map(clicked, tiny_demo)  # what the chart's on_select does with the session's state
    assert clicked[state.INSPECT_WAY] == "class" and clicked[state.INSPECT_CLIP] == key
    chosen = {name: clicked[name] for name in (state.INSPECT_WAY, state.INSPECT_CLASS, state.INSPECT_CLIP)}
    at = page(tiny_demo, kept, **chosen, **{state.INSPECT_VIEW: "map"})  # the rerun after the click
    assert at.selectbox(key=state.INSPECT_CLIP).value == key
    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == state.INSPECT_HEATMAP).proto.spec)
    assert key in fig["layout"]["title"]["text"]
