"""Bad input in the app, under AppTest: one sentence in an st.error, the page still works, nothing lost.

Uploads that are too large, not plain arrays or of single-frame clips, a model too large for the memory, a
training that diverges, and local paths outside the data root. (User text that tries to be HTML: test_markup.py.)
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from support.app import figure, finish_job, metric_values, npz_bytes, open_app, type_path, upload
from support.data import one_frame_arrays
from support.paths import APP

from dashboard import server, settings, state, uploads
from dashboard.markup import plain
from har.data import load_dataset
from har.data.npz import save_npz
from har.errors import HarError
from har.guard import LIMIT_ENV, check_fits
from har.models import RNNConfig
from har.paths import resolve_user_path

w = state.widget_key


def refusal(name: str, content: bytes) -> str:
    """The sentence the library gives for this upload: what the app must show, word for word."""
    with pytest.raises(HarError) as e:
        uploads.dataset_from_upload(name, len(content), lambda: content)
    return str(e.value)


def assert_still_working(at, data_name: str, n: int):
    """The page is drawn, the data set the user had is still the one selected, and a control still works."""
    assert at.radio(key=w(state.SOURCE)).value == "upload"
    assert at.session_state[state.CONTEXT].data.name == data_name
    assert metric_values(at)["Clips"] == f"{n:,}"
    at.selectbox(key=state.CLIP_CLASS).set_value(1).run()
    assert not at.exception and figure(at, "clip_heatmap")


def bad_uploads(good: bytes) -> dict[str, tuple[bytes, str]]:
    """name -> (content, a phrase the refusal must contain)."""
    X = np.zeros((4, 3, 2), np.float32)
    y = np.arange(4) % 2
    n = 9 * len(good) // (10 * 1024 * 4) + 1  # zeros that unpack to 9x the size limit, compressed to little
    bomb = io.BytesIO()
    np.savez_compressed(bomb, X=np.zeros((n, 10, 1024), np.float32), y=np.zeros(n, np.int64))
    stray = io.BytesIO(npz_bytes(X=X, y=y))
    with zipfile.ZipFile(stray, "a") as z:
        z.writestr("evil.pkl", b"cos\nsystem\n(S'echo hi'\ntR.")
    return {
        "too-big.npz": (good, "more than the"),  # the test lowers the limit below its size
        "notes.npz": (b"just some text, not a zip of arrays", "not an .npz file"),
        "objects.npz": (npz_bytes(X=np.array([{"a": 1}] * 4, dtype=object), y=y), "Python objects"),
        "no-x.npz": (npz_bytes(features=X, y=y), "has no X"),
        "bomb.npz": (bomb.getvalue(), "would unpack to"),
        "stray.npz": (stray.getvalue(), "which is not an array"),
    }


def test_bad_uploads_show_the_sentence_and_keep_the_data_already_loaded(app, tiny_demo, tmp_path, monkeypatch):
    good = save_npz(tmp_path / "good.npz", tiny_demo).read_bytes()
    upload(app, "good.npz", good)
    assert app.session_state[state.CONTEXT].data.name == "good.npz"
    monkeypatch.setattr(uploads, "NPZ_MAX_MB", (len(good) - 1) / 2**20)  # one byte too many
    for name, (content, phrase) in bad_uploads(good).items():
        sentence = refusal(name, content)
        assert phrase in sentence and name in sentence
        upload(app, name, content)
        shown = [e.value for e in app.error]
        assert any(plain(sentence) in s for s in shown), (name, shown)  # as typed, escaped for markdown
        assert_still_working(app, "good.npz", tiny_demo.n)


def test_an_object_array_upload_never_unpickles(app, monkeypatch):
    """A pickle in an upload is refused from its header; numpy's unpickler is never reached."""
    import pickle

    def no_unpickling(*args, **kwargs):
        raise AssertionError("an uploaded pickle was loaded")

    monkeypatch.setattr(pickle, "loads", no_unpickling)
    monkeypatch.setattr(pickle, "load", no_unpickling)
    content = npz_bytes(X=np.array([object()] * 3, dtype=object), y=np.arange(3))
    upload(app, "objects.npz", content)
    assert any("Python objects" in e.value for e in app.error)
    assert app.session_state[state.CONTEXT].source == "demo"


# --- Training: too large for the memory, and diverging --------------------------------------------


def test_a_model_too_large_for_the_memory_is_refused_before_anything_starts(app, monkeypatch):
    monkeypatch.setenv(LIMIT_ENV, "2048")  # a fixed budget, so the sentence is the same every time
    app.session_state[state.RNN_PRESET] = "custom"
    app.session_state[state.RNN_HIDDEN] = 4096  # past the Models page's sliders, as a crafted session could be
    app.session_state[state.RNN_LAYERS] = 4
    app.switch_page("pages/train.py").run()
    ctx = app.session_state[state.CONTEXT]
    configs = settings.model_configs(app.session_state)
    assert configs["rnn"] == RNNConfig(hidden=4096, layers=4)
    with pytest.raises(HarError) as expected:
        check_fits(configs, ctx.shape, 32, available=2048 * 2**20)
    assert "RNN alone has" in str(expected.value)
    running_before = server.LIMITER.running
    app.button(key=state.START_BUTTON).click().run()
    assert not app.exception
    assert any(str(expected.value) in e.value for e in app.error)
    assert state.JOB not in app.session_state  # nothing was queued or started
    assert server.LIMITER.running == running_before
    assert not app.button(key=state.START_BUTTON).disabled  # a smaller model can be started at once


@pytest.mark.parametrize("lr", [10.0, 1.0])  # 10: the RNN blows up at once; 1: later, after others' epochs
def test_a_diverging_training_names_the_epoch_and_the_model_and_is_kept(app, lr):
    app.switch_page("pages/train.py").run()
    app.slider(key=w(state.EPOCHS)).set_value(3).run()
    app.select_slider(key=w(state.LR)).set_value(lr).run()
    app.button(key=state.START_BUTTON).click().run()
    job = finish_job(app)
    assert job.status == "diverged"
    message = job.error
    model = next(m for m in ("rnn", "cnn") if f"the {m.upper()}'s" in message)
    epoch = int(message.split("epoch ")[1].split(":")[0])
    kept = job.snapshot()
    assert len(kept.models[model].history) == epoch - 1  # every epoch before it stands
    for entry in kept.models.values():  # and every completed epoch of either model, in order
        assert [h.epoch for h in entry.history] == list(range(1, len(entry.history) + 1))
    assert kept.status == "diverged" and kept.message == message
    assert any(message in e.value for e in app.error)
    history = app.session_state[state.RUNS][kept.id]  # in the session's run history, as it ended
    assert history.status == "diverged"
    assert {m: e.history for m, e in history.models.items()} == {m: e.history for m, e in kept.models.items()}
    app.switch_page("pages/compare.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.selectbox(key=w(state.SELECTED_RUN)).value == kept.id
    app.session_state[state.LAB_STUDY] = "failures"  # the Lab reads the same history
    app.switch_page("pages/lab.py").run()
    assert not app.exception, [e.message for e in app.exception]


# --- Local paths -------------------------------------------------------------------------------


def test_without_a_data_root_there_is_no_local_path_box(app, monkeypatch):
    monkeypatch.delenv("HAR_DATA_ROOT", raising=False)
    app.run()
    assert not [t for t in app.text_input if t.key == state.LOCAL_PATH]


@pytest.mark.parametrize("text", ["../secret.npz", "link.npz", "/etc/passwd", "missing.npz"])
def test_a_refused_local_path_shows_why_and_keeps_the_data(app_env, data_root, tiny_demo, text):
    from streamlit.testing.v1 import AppTest

    at = open_app(AppTest.from_file(str(APP), default_timeout=120))
    type_path(at, text)
    with pytest.raises(HarError) as expected:
        load_dataset(str(resolve_user_path(text, data_root)))
    assert any(plain(str(expected.value)) in e.value for e in at.error)
    assert at.session_state[state.CONTEXT].source == "demo"  # nothing the user had is lost
    assert metric_values(at)["Clips"] == f"{tiny_demo.n:,}"


@pytest.mark.parametrize(("text", "clips"), [("mine.npz", None), ("mine.zarr", 24)])
def test_an_accepted_local_path_becomes_this_sessions_own_data(app_env, data_root, tiny_demo, text, clips):
    from streamlit.testing.v1 import AppTest

    at = open_app(AppTest.from_file(str(APP), default_timeout=120))
    type_path(at, "../secret.npz")
    assert at.error
    type_path(at, text)
    assert not at.error
    assert at.radio(key=w(state.SOURCE)).value == "upload"
    data = at.session_state[state.CONTEXT].data
    assert data is at.session_state[state.UPLOADED]
    np.testing.assert_array_equal(data.X, tiny_demo.X[:clips])
    assert metric_values(at)["Clips"] == f"{clips or tiny_demo.n:,}"
    other = open_app(AppTest.from_file(str(APP), default_timeout=120))  # another student's session
    assert other.session_state[state.CONTEXT].source == "demo"


# --- An upload of single-frame clips ------------------------------------------------------------


def test_an_upload_of_one_frame_data_is_refused_and_the_data_kept(app_env):
    from streamlit.testing.v1 import AppTest

    at = open_app(AppTest.from_file(str(APP), default_timeout=120))
    before = at.session_state[state.CONTEXT].data.name
    X, y = one_frame_arrays()
    buf = io.BytesIO()
    np.savez(buf, X=X, y=y)
    at.file_uploader(key=state.NPZ_UPLOADER).set_value(("tiny_T1.npz", buf.getvalue(), "application/octet-stream"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    shown = [e.value for e in at.error]
    assert any("the clips have a single frame" in s for s in shown), shown
    assert at.session_state[state.CONTEXT].data.name == before  # the demo is still loaded
    assert state.UPLOADED not in at.session_state


@pytest.mark.timeout(60)
@pytest.mark.parametrize("make", ["fifo", "link_in_store"])
def test_a_local_path_that_hangs_or_leaves_the_root_deep_inside_is_refused(app_env, data_root, tiny_demo, make):
    import os

    from streamlit.testing.v1 import AppTest

    if make == "fifo":
        os.mkfifo(data_root / "hang.npz")
        text, words = "hang.npz", "is not a regular file"
    else:
        clips = next(p for p in (data_root / "mine.zarr").iterdir() if p.is_dir())
        os.rename(clips, data_root.parent / "moved")  # the clips now live outside, reached through a link
        os.symlink(data_root.parent / "moved", clips)
        text, words = "mine.zarr", "leads outside the data folder"
    at = open_app(AppTest.from_file(str(APP), default_timeout=30))
    type_path(at, text)
    assert not at.exception and any(words in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state[state.CONTEXT].source == "demo"  # nothing the user had is lost


# --- Operator settings under a regular file --------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "words"),
    [("HAR_BOARD_DB", "the board database"), ("HAR_DATA_DIR", "the data folder")],
)
def test_a_setting_under_a_regular_file_is_one_sentence_not_an_oserror(app_env, tmp_path, monkeypatch, env, words):
    from streamlit.testing.v1 import AppTest
    from support.paths import ROOT

    (tmp_path / "a_file").write_text("not a folder")
    monkeypatch.setenv(env, str(tmp_path / "a_file" / "inside"))
    for script in (APP, ROOT / "pages" / "board.py"):  # the Data page needs no board; the Class page does
        at = AppTest.from_file(str(script), default_timeout=60).run()
        assert not at.exception, [e.message for e in at.exception]
        shown = [e.value for e in at.error if words in e.value]
        if script != APP or env == "HAR_DATA_DIR":
            assert shown and all("\n" not in s and "Errno" not in s for s in shown), [e.value for e in at.error]
