"""Bad input in the app, under AppTest: one sentence in an st.error, the page still works, nothing lost.

Uploads that are too large or not plain arrays, a model too large for the memory, a training
that diverges, local paths outside the data root, and class names or keys that try to be HTML.
"""

from __future__ import annotations

import io
import os
import zipfile

import numpy as np
import pytest
from conftest import APP, ROOT, open_app
from google.protobuf.json_format import MessageToDict
from support.app import figure, finish_job, metric_values

from dashboard import server, settings, state, uploads
from dashboard.markup import plain
from har import jobs
from har.data import load_dataset
from har.data.npz import save_npz
from har.data.store import write_store
from har.errors import HarError
from har.guard import LIMIT_ENV, check_fits
from har.models import RNNConfig
from har.paths import resolve_user_path

w = state.widget_key


def upload(at, name: str, content: bytes):
    at.file_uploader(key=state.NPZ_UPLOADER).set_value((name, content, "application/octet-stream")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def npz_bytes(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)  # savez pickles object arrays; the app must refuse to unpickle them
    return buf.getvalue()


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


def test_the_memory_check_shares_the_memory_among_the_trainings_slots(tiny_demo, monkeypatch):
    from har.data import make_split
    from har.guard import estimate_memory
    from har.train import TrainConfig

    monkeypatch.delenv(LIMIT_ENV, raising=False)
    models = {"rnn": RNNConfig(hidden=256), "cnn": RNNConfig(hidden=8)}
    shape = {"n_frames": tiny_demo.t, "n_features": tiny_demo.f, "n_classes": tiny_demo.n_classes}
    need = sum(estimate_memory(c, shape, 32) for c in models.values())
    monkeypatch.setattr(jobs, "available_memory", lambda: 4 * need)  # the memory free on the server

    def job(slots):
        return jobs.TrainingJob(
            data=tiny_demo,
            split=make_split(tiny_demo, "random"),
            models=models,
            train=TrainConfig(epochs=1),
            source="demo",
            limiter=jobs.TrainingLimiter(slots),
        )

    assert jobs.memory_per_training(jobs.TrainingLimiter(8)) == 4 * need // 8
    with pytest.raises(HarError, match="this training needs about"):
        job(8).start()  # eight trainings at once would not fit, so none of them may start
    started = job(2).start()
    assert started.wait(120) and started.status == "finished"


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
    assert len(kept["models"][model]["history"]) == epoch - 1  # every epoch before it stands
    for entry in kept["models"].values():  # and every completed epoch of either model, in order
        assert [h["epoch"] for h in entry["history"]] == list(range(1, len(entry["history"]) + 1))
    assert kept["status"] == "diverged" and kept["message"] == message
    assert any(message in e.value for e in app.error)
    history = app.session_state[state.RUNS][kept["id"]]  # in the session's run history, as it ended
    assert history["status"] == "diverged"
    assert {m: e["history"] for m, e in history["models"].items()} == {
        m: e["history"] for m, e in kept["models"].items()
    }
    app.switch_page("pages/compare.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.selectbox(key=w(state.SELECTED_RUN)).value == kept["id"]
    app.session_state[state.LAB_STUDY] = "failures"  # the Lab reads the same history
    app.switch_page("pages/lab.py").run()
    assert not app.exception, [e.message for e in app.exception]


# --- Local paths -------------------------------------------------------------------------------


@pytest.fixture
def data_root(tmp_path, tiny_demo, monkeypatch):
    """A data root holding an .npz and a zarr store, and a secret file next to it (outside)."""
    root = tmp_path / "root"
    root.mkdir()
    save_npz(root / "mine.npz", tiny_demo)
    n = 24
    write_store(root / "mine.zarr", tiny_demo.X[:n], tiny_demo.y[:n], [f"clip{i:03d}" for i in range(n)])
    save_npz(tmp_path / "secret.npz", tiny_demo)
    os.symlink(tmp_path / "secret.npz", root / "link.npz")
    monkeypatch.setenv("HAR_DATA_ROOT", str(root))
    return root


def type_path(at, text: str):
    at.text_input(key=state.LOCAL_PATH).input(text).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


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


# --- User text is never HTML --------------------------------------------------------------------

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**bold**")
# Elements whose text Streamlit shows verbatim; everything else (markdown, captions, alerts,
# headings, widget labels and help, radio options) goes through the markdown renderer.
PLAIN = {"text", "code", "dataframe", "arrow_data_frame", "plotly_chart", "json"}
PLAIN_FIELDS = {
    "selectbox": {"options", "default", "rawValue"},
    "multiselect": {"options", "default", "rawValues"},
    "text_input": {"value", "default"},
}


def walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)
    else:
        yield node


def strings(value, skip=frozenset()):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, str):
        yield value


def markdown_texts(at) -> list[tuple[str, str]]:
    """(element type, text) for every string the app hands to the markdown renderer."""
    found = []
    for element in walk(at._tree):
        proto = getattr(element, "proto", None)
        if element.type in PLAIN or proto is None:
            continue
        fields = MessageToDict(proto, preserving_proto_field_name=False)
        found += [(element.type, s) for s in strings(fields, PLAIN_FIELDS.get(element.type, frozenset()))]
    return found


def plain_texts(at) -> list[str]:
    found = [t.value for t in at.text] + [c.value for c in at.code]
    for box in at.selectbox:
        found += list(box.options)
    return found


@pytest.fixture
def hostile_npz(tmp_path) -> bytes:
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(4), 8)
    X = (rng.standard_normal((32, 4, 8)) + y[:, None, None]).astype(np.float32)
    names = np.array([*HOSTILE, "[a link](javascript:alert(1))"])
    keys = np.array([f"{HOSTILE[i % 3]} {i}" for i in range(32)])
    return npz_bytes(X=X, y=y, class_names=names, keys=keys)


def test_class_names_and_keys_are_never_rendered_as_html_or_markdown(app, hostile_npz):
    upload(app, "clips.npz", hostile_npz)
    assert app.session_state[state.CONTEXT].data.class_names[:3] == HOSTILE
    app.session_state[state.RNN_HIDDEN] = 8  # tiny models: the run only has to put class names on the pages
    app.session_state[state.CNN_WIDTHS[0]] = 8
    app.switch_page("pages/train.py").run()
    app.slider(key=w(state.EPOCHS)).set_value(1).run()
    app.button(key=state.START_BUTTON).click().run()
    assert finish_job(app).status == "finished"  # a run, so Compare and the Lab show class names too
    app.session_state[state.LAB_STUDY] = "failures"
    shown_plain = []
    pages = ("pages/data.py", "pages/models.py", "pages/train.py", "pages/compare.py", "pages/lab.py", "pages/board.py")
    for page in pages:
        app.switch_page(page).run()
        assert not app.exception, (page, [e.message for e in app.exception])
        for kind, text in markdown_texts(app):
            for bad in (*HOSTILE, "javascript:"):
                assert bad not in text, f"{page}: {kind} renders user text {bad!r} as markdown: {text!r}"
        shown_plain += plain_texts(app)
    # The names did reach the pages, as plain text: the check above looked at real output.
    for bad in HOSTILE:
        assert any(bad in s for s in shown_plain), bad


def test_no_page_allows_html(tmp_path):
    """No page, dashboard module or the entry script switches on raw HTML, so user text cannot become markup."""
    root = ROOT
    sources = [
        root / "streamlit_app.py",
        *sorted((root / "pages").glob("*.py")),
        *sorted((root / "dashboard").glob("*.py")),
    ]
    assert len(sources) >= 12
    for path in sources:
        text = path.read_text()
        assert "unsafe_allow_html" not in text and "st.html" not in text and "components.html" not in text, path


def test_a_hostile_file_name_or_path_is_quoted_as_plain_text(app_env, data_root, monkeypatch):
    from streamlit.testing.v1 import AppTest

    at = open_app(AppTest.from_file(str(APP), default_timeout=120))
    upload(at, f"{HOSTILE[1]}{HOSTILE[2]}.npz", b"not a zip")
    type_path(at, f"{HOSTILE[0]}/../{HOSTILE[2]}")
    errors = [e.value for e in at.error]
    assert len(errors) == 2 and "not an .npz file" in errors[0] and "not allowed" in errors[1]
    for kind, text in markdown_texts(at):
        for bad in HOSTILE:
            assert bad not in text, f"{kind} renders user text {bad!r} as markdown: {text!r}"
    at.switch_page("pages/compare.py").run()
    monkeypatch.setattr(uploads, "RUN_MAX_MB", 1e-6)  # so the refusal quotes the file's name
    at.file_uploader(key=state.RUN_UPLOADER).set_value((f"{HOSTILE[1]}.json", b"{}", "application/json")).run()
    assert not at.exception and "more than the" in at.error[0].value
    for kind, text in markdown_texts(at):
        assert HOSTILE[1] not in text, f"{kind} renders user text as markdown: {text!r}"


def test_plain_escapes_what_markdown_and_html_act_on():
    assert plain("a **b** <i>c</i> [d](e) `f` $g$ :red[h]") == (
        r"a \*\*b\*\* \<i\>c\</i\> \[d\](e) \`f\` \$g\$ \:red\[h\]"
    )
    assert plain("two\nlines") == "two lines"  # no line of its own, so no heading or list
