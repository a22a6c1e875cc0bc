"""The dashboard under Streamlit's AppTest: every page, the live counts, presets, training, uploads, state."""

from __future__ import annotations

import numpy as np
import pytest
from support.app import array, chart_keys, figure, finish_job, metric_values, open_app, train_small_pair
from support.paths import APP

from dashboard import state
from dashboard.uploads import dataset_from_upload
from har import runs
from har.data.npz import save_npz
from har.errors import HarError
from har.models import CNNConfig, RNNConfig
from har.params import count_params, match_size

PAGES = ("pages/data.py", "pages/models.py", "pages/train.py", "pages/compare.py", "pages/inspect.py")


w = state.widget_key  # the key of the widget that edits a setting


def count(config) -> str:
    """The count as the Models page must show it, from the library (the demo has the course's shape)."""
    return f"{count_params(config):,}"


def shown_counts(at) -> tuple[str, str]:
    m = metric_values(at)
    return m["RNN parameters"], m["CNN parameters"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_loads_on_the_demo_without_an_exception(app, page):
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title, "each page has a title"


def test_data_page_says_the_demo_is_synthetic_and_shows_its_sizes(app, tiny_demo):
    assert any("SYNTHETIC" in w.value for w in app.warning)
    m = metric_values(app)
    assert m["Clips"] == f"{tiny_demo.n:,}" and m["Classes"] == "11" and m["Features per frame"] == "1,024"
    bar = figure(app, "class_counts")["data"][0]
    assert array(bar["y"]).tolist() == tiny_demo.class_counts().tolist()
    heat = figure(app, "clip_heatmap")["data"][0]
    first_clip = np.flatnonzero(tiny_demo.y == 0)[0]
    np.testing.assert_array_equal(array(heat["z"]), tiny_demo.X[first_clip])


def test_moving_the_size_sliders_updates_the_counts_exactly(app):
    app.switch_page("pages/models.py").run()
    assert shown_counts(app) == (count(RNNConfig()), count(CNNConfig()))
    app.slider(key=w(state.RNN_HIDDEN)).set_value(64).run()
    assert shown_counts(app)[0] == count(RNNConfig(hidden=64))
    app.slider(key=w(state.CNN_WIDTHS[0])).set_value(100).run()
    assert shown_counts(app)[1] == count(CNNConfig(widths=(100,)))
    app.slider(key=w(state.CNN_LAYERS)).set_value(2).run()
    app.slider(key=w(state.CNN_WIDTHS[1])).set_value(50).run()
    assert shown_counts(app)[1] == count(CNNConfig(widths=(100, 50)))
    diff = count_params(RNNConfig(hidden=64)) - count_params(CNNConfig(widths=(100, 50)))
    assert metric_values(app)["RNN − CNN"] == f"{diff:+,}"
    assert app.selectbox(key=w(state.RNN_PRESET)).value == "custom"


def test_notebook_presets_show_their_exact_counts(app):
    app.switch_page("pages/models.py").run()
    app.selectbox(key=w(state.RNN_PRESET)).set_value("small-rnn").run()
    assert shown_counts(app)[0] == count(RNNConfig(hidden=32))
    app.selectbox(key=w(state.RNN_PRESET)).set_value("notebook-rnn").run()
    assert shown_counts(app)[0] == "891,147"
    app.selectbox(key=w(state.CNN_PRESET)).set_value("notebook-cnn").run()
    assert shown_counts(app)[1] == "5,185"
    assert app.slider(key=w(state.CNN_WIDTHS[0])).disabled  # a fixed model has no knobs
    app.selectbox(key=w(state.CNN_PRESET)).set_value("notebook-cnn2").run()
    assert shown_counts(app)[1] == "660,289"
    assert not app.exception


def test_match_buttons_resize_with_the_solver(app):
    app.switch_page("pages/models.py").run()
    app.slider(key=w(state.RNN_HIDDEN)).set_value(40).run()
    match_cnn = next(b for b in app.button if b.label == "Match the CNN's size to the RNN")
    match_cnn.click().run()
    expected = match_size(CNNConfig(), count_params(RNNConfig(hidden=40)))
    assert shown_counts(app) == (count(RNNConfig(hidden=40)), count(expected))
    assert app.slider(key=w(state.CNN_WIDTHS[0])).value == expected.widths[0]
    app.slider(key=w(state.CNN_WIDTHS[0])).set_value(500).run()
    next(b for b in app.button if b.label == "Match the RNN's size to the CNN").click().run()
    expected_rnn = match_size(RNNConfig(hidden=40), count_params(CNNConfig(widths=(500,))), limit=state.HIDDEN_MAX)
    assert shown_counts(app)[0] == count(expected_rnn)


def test_a_match_that_cannot_reach_its_target_says_so(app):
    app.switch_page("pages/models.py").run()
    app.slider(key=w(state.RNN_HIDDEN)).set_value(state.HIDDEN_MAX).run()
    next(b for b in app.button if b.label == "Match the CNN's size to the RNN").click().run()
    assert not app.success and "even at its largest size the CNN has fewer parameters" in app.warning[0].value
    app.slider(key=w(state.RNN_HIDDEN)).set_value(64).run()
    next(b for b in app.button if b.label == "Match the CNN's size to the RNN").click().run()
    assert app.success and not [x for x in app.warning if "not a match" in x.value]


def test_training_two_epochs_draws_curves_and_both_confusion_matrices(app):
    job = train_small_pair(app, epochs=2)
    assert job.status == "finished"
    record = job.snapshot()
    curves = figure(app, "train_curves")["data"]
    assert len(curves) == 8 and all(len(t["x"]) == 2 for t in curves)
    rnn_test_acc = next(t for t in curves if t["name"] == "RNN test" and t["xaxis"] == "x2")
    assert rnn_test_acc["y"] == [h.test_acc for h in record.models["rnn"].history]
    heatmaps = figure(app, "train_confusion")["data"]
    assert [array(h["z"]).tolist() for h in heatmaps] == [record.models[m].confusion for m in ("rnn", "cnn")]
    assert chart_keys(app).count("train_curves") == 1  # no duplicate chart after reruns
    flips = "On the demo data the winner depends on the split"  # the demo's CNN lead comes from the random split
    assert any(c.value.startswith(flips) for c in app.caption)

    app.switch_page("pages/compare.py").run()
    assert not app.exception
    assert any(
        c.value.startswith("This run used the synthetic demo data, where the winner depends") for c in app.caption
    )
    confusion = figure(app, "compare_confusion")["data"]
    assert [array(h["z"]).tolist() for h in confusion] == [record.models[m].confusion for m in ("rnn", "cnn")]
    assert confusion[0]["x"] == list(record.dataset.class_names) == confusion[0]["y"]
    app.toggle(key=w(state.NORMALIZE)).set_value(True).run()
    z = array(figure(app, "compare_confusion")["data"][0]["z"])
    rows = np.asarray(record.models["rnn"].confusion).sum(axis=1) > 0
    np.testing.assert_allclose(z[rows].sum(axis=1), 1.0)
    table = app.dataframe[0].value
    assert list(table["Parameters"]) == [count_params(RNNConfig(hidden=32)), count_params(CNNConfig(widths=(66,)))]
    assert len(figure(app, "overlay")["data"]) == 2


def test_stop_keeps_the_completed_epochs(app):
    app.switch_page("pages/train.py").run()
    app.slider(key=w(state.EPOCHS)).set_value(50).run()
    app.button(key=state.START_BUTTON).click().run()
    job = app.session_state[state.JOB]
    while job.progress()[0] < 1 and not job.done:
        job.wait(0.05)
    app.run()  # the live view now shows the Stop button
    app.button(key=state.STOP_BUTTON).click().run()
    job = finish_job(app)
    assert job.status == "stopped"
    kept = job.snapshot()
    epochs = len(kept.models["rnn"].history)
    assert 1 <= epochs < 50
    assert any("Stopped" in w.value for w in app.warning)
    history = app.session_state[state.RUNS][kept.id]
    assert [h.epoch for h in history.models["rnn"].history] == list(range(1, epochs + 1))
    assert len(array(figure(app, "train_curves")["data"][0]["x"])) == epochs


def test_an_invalid_npz_upload_shows_the_exact_error_and_the_page_keeps_working(app, tiny_demo):
    bad = b"this is not an npz file"
    with pytest.raises(HarError) as expected:
        dataset_from_upload("bad.npz", len(bad), lambda: bad)
    app.file_uploader(key=state.NPZ_UPLOADER).set_value(("bad.npz", bad, "application/octet-stream")).run()
    assert not app.exception
    assert any(str(expected.value) in e.value for e in app.error)
    assert metric_values(app)["Clips"] == f"{tiny_demo.n:,}"  # still the demo, still drawn
    app.selectbox(key=state.CLIP_CLASS).set_value(2).run()
    assert not app.exception and figure(app, "clip_heatmap")


def test_a_valid_npz_upload_becomes_the_data_set(app, tiny_demo, tmp_path):
    content = save_npz(tmp_path / "mine.npz", tiny_demo).read_bytes()
    app.file_uploader(key=state.NPZ_UPLOADER).set_value(("mine.npz", content, "application/octet-stream")).run()
    assert not app.exception and not app.error
    assert app.radio(key=w(state.SOURCE)).value == "upload"
    assert app.session_state[state.CONTEXT].data.name == "mine.npz"


def test_upload_size_is_checked_before_the_file_is_read():
    def read():
        raise AssertionError("the file was read")

    with pytest.raises(HarError, match="more than the 1 MB allowed"):
        dataset_from_upload("big.npz", 2 * 1024 * 1024, read, max_mb=1)


def test_an_invalid_run_record_upload_shows_an_error_and_the_page_keeps_working(app):
    app.switch_page("pages/compare.py").run()
    app.file_uploader(key=state.RUN_UPLOADER).set_value(
        ("run.json", b'{"format": "har-run", "version": 99}', "application/json")
    ).run()
    assert not app.exception
    assert any("version 99" in e.value for e in app.error)
    assert any("No runs yet" in i.value for i in app.info)


def test_an_uploaded_run_record_is_shown(app, tiny_record):
    from har.runs import dumps

    app.switch_page("pages/compare.py").run()
    app.file_uploader(key=state.RUN_UPLOADER).set_value(
        ("run.json", dumps(tiny_record).encode(), "application/json")
    ).run()
    assert not app.exception and not app.error
    shown = [array(h["z"]).tolist() for h in figure(app, "compare_confusion")["data"]]
    assert shown == [tiny_record.models[m].confusion for m in ("rnn", "cnn")]


def test_switching_pages_keeps_the_models_and_the_data_choices(app):
    app.switch_page("pages/models.py").run()
    app.slider(key=w(state.RNN_HIDDEN)).set_value(48).run()
    app.radio(key=w(state.SPLIT)).set_value("group").run()
    for page in ("pages/data.py", "pages/train.py", "pages/models.py"):
        app.switch_page(page).run()
    assert app.slider(key=w(state.RNN_HIDDEN)).value == 48
    assert shown_counts(app)[0] == count(RNNConfig(hidden=48))
    assert app.session_state[state.CONTEXT].split.kind == "group"


def test_spanish_from_the_sidebar_and_from_the_url(app_env):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "es"
    open_app(at)
    assert at.title[0].value == "Los datos"
    assert any("SINTÉTICOS" in w.value for w in at.warning)
    at.selectbox(key=w(state.LANG)).set_value("en").run()
    assert at.title[0].value == "The data"


def test_a_training_waiting_for_a_free_slot_shows_its_place_in_line(app):
    from dashboard.server import LIMITER

    holders = [object() for _ in range(LIMITER.slots)]
    for h in holders:  # other sessions' trainings fill every slot of this server
        assert LIMITER.acquire(h)
    try:
        app.switch_page("pages/train.py").run()
        app.slider(key=w(state.EPOCHS)).set_value(1).run()
        app.button(key=state.START_BUTTON).click().run()
        job = app.session_state[state.JOB]
        while job.queue_position() is None:
            job.wait(0.05)
        app.run()
        assert any("number 1 in line" in i.value for i in app.info)
        assert app.button(key=state.START_BUTTON).disabled
    finally:
        for _ in holders:
            LIMITER.release()
    assert finish_job(app).status == "finished"
    assert any("Finished: 1 epoch in" in s.value for s in app.success)


def test_the_compare_page_calls_the_best_epoch_optimistic_under_the_summary(app, tiny_record):
    app.switch_page("pages/compare.py").run()
    upload = ("run.json", runs.dumps(tiny_record).encode(), "application/json")
    app.file_uploader(key=state.RUN_UPLOADER).set_value(upload).run()
    assert not app.exception and not app.error
    assert any(c.value.startswith("The best-epoch accuracy is optimistic: its epoch was picked") for c in app.caption)


@pytest.mark.parametrize(
    "case", ["deeply nested", "NaN accuracy", "750% accuracy", "10^30 params", "5000 extra models"]
)  # noqa: E501
def test_a_hostile_run_record_upload_is_one_error_and_the_history_is_untouched(app, tiny_record, case):
    from support.records import HOSTILE

    forge, word = HOSTILE[case]
    app.switch_page("pages/compare.py").run()
    upload = ("run.json", forge(tiny_record.to_json()).encode(), "application/json")
    app.file_uploader(key=state.RUN_UPLOADER).set_value(upload).run()
    assert not app.exception
    assert len(app.error) == 1 and word in app.error[0].value.replace("\\", "")  # shown as plain text: escaped
    assert any("No runs yet" in i.value for i in app.info)


def test_a_job_that_ends_between_the_drawing_and_its_poll_still_shows_its_end(app, monkeypatch):
    """The training ends while the page is being drawn (after it read the job's state, before the polling
    fragment): the page must still show Finished and file the run, not stop polling on a running job."""
    import dashboard.live as live

    real = live.live_figures
    ended = []

    def slow_figures(ss, job, *args, **kw):
        figures = real(ss, job, *args, **kw)
        if not ended:
            assert job.wait(120)  # the job ends here, between two polls
            ended.append(job.status)
        return figures

    app.switch_page("pages/train.py").run()
    app.slider(key=w(state.EPOCHS)).set_value(2).run()
    app.button(key=state.START_BUTTON).click().run()
    job = app.session_state[state.JOB]
    while job.progress()[0] < 1 and not job.done:
        job.wait(0.05)
    monkeypatch.setattr(live, "live_figures", slow_figures)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert ended == ["finished"] and job.collected
    assert any(s.value.startswith("Finished") for s in app.success), [s.value for s in app.success]
    assert job.snapshot().id in app.session_state[state.RUNS]
