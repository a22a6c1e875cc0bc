"""What students and lecturers take away: a run's trained models from the Train and Compare pages, its per-epoch
history as CSV, every chart's camera at slide resolution in the page's own theme, and a full shared link."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest
from support.app import finish_job, open_app
from support.paths import APP, ROOT

from dashboard import state
from dashboard.charts import EXPORT_SCALE
from dashboard.exports import WEIGHTS_KEPT, keep_weights
from har import jobs, runs, tables
from har.data import make_split
from har.models import CNNConfig, RNNConfig, build_model
from har.plots import DARK, LIGHT
from har.share import decode
from har.store import RunStore
from har.train import TrainConfig, predict
from har.weights import evaluate_weights, load_weights

TINY = {"rnn": RNNConfig(hidden=4), "cnn": CNNConfig(widths=(4,))}
w = state.widget_key


def tiny_settings(at):
    at.session_state[state.RNN_HIDDEN] = 4
    for key in state.CNN_WIDTHS:
        at.session_state[key] = 4
    at.session_state[state.EPOCHS] = 2


def train_once(at):
    """Train both tiny models for 2 epochs from the Train page; return the finished job."""
    tiny_settings(at)
    at.switch_page("pages/train.py").run()
    at.button(key=state.START_BUTTON).click().run()
    return finish_job(at)


# --- the trained models of a run ------------------------------------------------------------


def test_a_finished_training_job_keeps_its_trained_models(tiny_demo):
    split = make_split(tiny_demo, "random")
    job = jobs.TrainingJob(
        data=tiny_demo, split=split, models=TINY, train=TrainConfig(epochs=2, device="cpu"), source="demo",
        limiter=jobs.TrainingLimiter(1),
    )  # fmt: skip
    assert job.trained_models() is None  # nothing before it ran
    assert job.start().wait(120) and job.status == "finished"
    models = job.trained_models()
    record = job.snapshot()
    x = torch.from_numpy(np.ascontiguousarray(tiny_demo.X[split.test_idx]))
    for name, model in models.items():  # the very models whose predictions the record holds
        assert predict(model, x).tolist() == record.models[name].predictions
    stopped = jobs.TrainingJob(
        data=tiny_demo, split=split, models=TINY, train=TrainConfig(epochs=2, device="cpu"), source="demo",
        limiter=jobs.TrainingLimiter(1),
    )  # fmt: skip
    stopped.stop()
    assert stopped.start().wait(60) and stopped.status == "stopped" and stopped.trained_models() is None


def test_the_train_and_compare_pages_offer_the_runs_models_with_their_split(app, tiny_record):
    job = train_once(app)
    record = app.session_state[state.RUNS][job.id]
    assert "train_download_weights" in [b.key for b in app.get("download_button")]
    assert job.id not in app.session_state[state.RUN_WEIGHTS]  # not in the session's memory: in the run store
    raw = RunStore().weights(app.session_state[state.OWNER], job.id)
    bundle = load_weights(raw)
    assert bundle.split.test_idx.tolist() == record.test_idx and bundle.info["run"] == job.id
    scored = evaluate_weights(bundle, app.session_state[state.CONTEXT].data)  # on the run's own test clips
    for name in ("rnn", "cnn"):
        assert scored["models"][name]["pred"] == record.models[name].predictions

    app.switch_page("pages/compare.py").run()
    keys = [b.key for b in app.get("download_button")]
    assert {state.DOWNLOAD_RUN, state.DOWNLOAD_EPOCHS, state.DOWNLOAD_WEIGHTS} <= set(keys)

    upload = ("run.json", runs.dumps(tiny_record).encode(), "application/json")
    app.file_uploader(key=state.RUN_UPLOADER).set_value(upload).run()  # an uploaded record is selected now
    assert app.session_state[state.SELECTED_RUN] == tiny_record.id
    assert state.DOWNLOAD_WEIGHTS not in [b.key for b in app.get("download_button")]
    assert any(
        c.value.startswith("No trained models for this run: it was opened from a run record") for c in app.caption
    )


class Finished:
    """What keep_weights reads of a finished TrainingJob: its data, split and trained models."""

    def __init__(self, data, models):
        self.data, self.split, self._models = data, make_split(data, "random"), models

    def trained_models(self):
        return self._models


def test_a_session_keeps_the_models_of_its_latest_runs(tiny_demo, tiny_record):
    ss = {state.RUN_WEIGHTS: {}}
    models = {n: build_model(c, **tiny_demo.shape, seed=0) for n, c in TINY.items()}
    ids = [f"run{i}" for i in range(WEIGHTS_KEPT + 2)]
    for run_id in ids:
        keep_weights(ss, Finished(tiny_demo, models), replace(tiny_record, id=run_id))
    keep_weights(ss, Finished(tiny_demo, None), replace(tiny_record, id="stopped"))
    kept = ss[state.RUN_WEIGHTS]
    assert [kept[i] for i in ids[:2]] == ["dropped", "dropped"] and kept["stopped"] == "unfinished"
    assert all(isinstance(kept[i], bytes) for i in ids[2:])


# --- the per-epoch history ------------------------------------------------------------------


@pytest.mark.parametrize("lang, model, test_acc", [("en", "Model", "Test acc."), ("es", "Modelo", "Exact. de prueba")])
def test_the_per_epoch_csv_has_one_row_per_model_and_epoch(tiny_record, lang, model, test_acc):
    rows = list(csv.DictReader(io.StringIO(tables.epochs_csv(tiny_record, lang))))
    expected = [(n.upper(), h) for n, m in tiny_record.models.items() for h in m.history]
    assert len(rows) == len(expected) == 4
    for row, (name, h) in zip(rows, expected, strict=True):
        assert row[model] == name and float(row[test_acc]) == h.test_acc  # full precision, not rounded
        assert set(row.values()) >= {str(h.epoch), repr(h.train_loss), tiny_record.id}


# --- charts: slide resolution, one theme, light or dark -------------------------------------


def test_every_chart_goes_through_the_one_chart_helper():
    calls = {
        str(p.relative_to(ROOT)): len(re.findall(r"\.plotly_chart\(", p.read_text()))
        for p in [*(ROOT / "pages").glob("*.py"), *(ROOT / "dashboard").glob("*.py")]
    }
    assert {p: n for p, n in calls.items() if n} == {"dashboard/charts.py": 1}


def charts(at) -> dict[str, tuple[dict, dict, str]]:
    """Each chart the run drew: key -> (figure, its config, its theme)."""
    return {
        c.key: (json.loads(c.proto.spec), json.loads(c.proto.config), c.proto.theme) for c in at.get("plotly_chart")
    }


def test_every_chart_of_every_page_has_a_slide_size_camera_and_the_pages_theme(app_env):
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.context = {"theme": "dark"}
    open_app(at)
    seen = dict(charts(at))
    train_once(at)
    seen |= charts(at)
    at.switch_page("pages/compare.py").run()
    seen |= charts(at)
    lab = AppTest.from_file(str(ROOT / "pages" / "lab.py"), default_timeout=120)  # the page alone, as a fresh tab
    lab.context = {"theme": "dark"}
    for key, value in state.DEFAULTS.items():
        lab.session_state[key] = value
    tiny_settings(lab)
    lab.session_state[state.RUNS] = at.session_state[state.RUNS]
    lab.session_state[state.LAB_STUDY] = "order"
    lab.run()
    lab.button(key="lab_start_order").click().run()
    assert lab.session_state[state.LAB_JOBS]["order"].wait(120)
    lab.run()
    lab.run()  # the first run after the end redraws the whole page once
    seen |= charts(lab)
    record = next(iter(at.session_state[state.RUNS].values()))
    true, pred = np.unravel_index(np.argmax(record.models["rnn"].confusion), (11, 11))  # a cell with clips
    lab.session_state[state.LAB_STUDY] = "failures"
    lab.session_state[state.LAB_FAIL_TRUE] = record.dataset.class_names[true]
    lab.session_state[state.LAB_FAIL_PRED] = record.dataset.class_names[pred]
    lab.run()
    seen |= charts(lab)
    assert not lab.exception, [e.message for e in lab.exception]
    assert set(seen) >= {
        "class_counts", "clip_heatmap", "clip_lines", "train_curves", "train_confusion", "compare_confusion",
        "compare_per_class", "overlay", "lab_order_fig", "lab_order_class_fig", "lab_fail_heatmap",
    }  # fmt: skip
    for key, (fig, config, theme) in seen.items():
        assert config["toImageButtonOptions"]["scale"] == EXPORT_SCALE >= 2, key
        assert theme == "", key  # har/plots.py's colours, not Streamlit's theme
        assert fig["layout"]["template"]["layout"]["paper_bgcolor"] == DARK.background, key
        assert fig["layout"]["font"]["color"] == DARK.text, key


def test_a_light_page_gets_light_charts(app):
    fig, config, _ = charts(app)["class_counts"]
    assert fig["layout"]["template"]["layout"]["paper_bgcolor"] == LIGHT.background == "white"
    assert config["toImageButtonOptions"] == {"format": "png", "scale": EXPORT_SCALE, "filename": "class-counts"}


# --- the language of the browser, the link's address ------------------------------------------


def opened(context: dict | None = None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.context = context or {}
    at.query_params.update(query or {})
    return open_app(at)


def test_the_browsers_language_is_the_default_and_a_links_lang_wins(app_env):
    assert opened({"locale": "es-MX"}).title[0].value == "Los datos"
    assert opened({"locale": "en-GB"}).title[0].value == "The data"
    assert opened({"locale": "de-DE"}).title[0].value == "The data"  # not offered: English
    assert opened({"locale": "es-ES"}, {"lang": "en"}).title[0].value == "The data"
    at = opened({"locale": "es-ES"}, {"preset": "small"})  # a link without lang keeps the browser's
    assert at.title[0].value == "Los datos"
    assert any(i.value.startswith("Esta página se abrió desde un enlace compartido") for i in at.sidebar.info)


def test_the_shared_link_is_a_full_address(app_env):
    at = opened({"url": "http://class.example:8501/data"})
    link = at.sidebar.code[0].value
    assert link.startswith("http://class.example:8501/data?lang=en&data=demo&split=random")
    setup, warnings = decode(link.split("?", 1)[1])
    assert warnings == [] and setup.rnn == RNNConfig()
    assert any(c.value.startswith("Copy this link") for c in at.sidebar.caption)
    at.context = {"url": "http://class.example:8501/lab"}
    at.switch_page("pages/lab.py").run()
    at.session_state[state.LAB_STUDY] = "share"
    at.run()
    assert at.main.code[0].value.startswith("http://class.example:8501/lab?lang=en&data=demo")
    assert any("http://class.example:8501/lab?preset=matched" in m.value for m in at.markdown)


def test_without_an_address_the_link_is_the_query_to_add(app_env):
    at = opened()
    assert at.sidebar.code[0].value.startswith("?lang=en&data=demo")
    assert any(c.value.startswith("Add this to the app's address") for c in at.sidebar.caption)
