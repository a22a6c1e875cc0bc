"""Reading what an AppTest run drew (plotly figures by key, metrics by label), waiting for a job, training the
small pair, and giving the Data page a file or a path as a student would."""

from __future__ import annotations

import base64
import io
import json

import numpy as np

from dashboard import state


def figure(at, key: str) -> dict:
    """The plotly figure JSON the app sent for the chart with `key` (exactly one must exist)."""
    charts = [c for c in at.get("plotly_chart") if c.key == key]
    assert len(charts) == 1, f"expected one chart {key!r}, found {len(charts)}"
    return json.loads(charts[0].proto.spec)


def chart_keys(at) -> list[str]:
    return [c.key for c in at.get("plotly_chart")]


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def finish_job(at, timeout: float = 120):
    """Wait for the session's training job to end, then rerun so the app files it in the history."""
    job = at.session_state[state.JOB]
    assert job.wait(timeout), "training did not end"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return job


def train_small_pair(at, epochs: int):
    """Train the small presets of both models from the Models and Train pages, as a student would; the
    finished job (see finish_job)."""
    at.switch_page("pages/models.py").run()
    at.selectbox(key=state.widget_key(state.RNN_PRESET)).set_value("small-rnn").run()
    at.selectbox(key=state.widget_key(state.CNN_PRESET)).set_value("small-cnn").run()
    at.switch_page("pages/train.py").run()
    at.slider(key=state.widget_key(state.EPOCHS)).set_value(epochs).run()
    at.button(key=state.START_BUTTON).click().run()
    return finish_job(at)


def array(value) -> np.ndarray:
    """A figure's data field as an array: plotly sends NumPy data as {"dtype", "bdata", "shape"}."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if isinstance(shape, str):
            shape = [int(s) for s in shape.split(",")]
        return flat.reshape(shape) if shape else flat
    return np.asarray(value)


def upload(at, name: str, content: bytes):
    """Give the Data page's .npz uploader `content` under `name` and rerun, as a student's upload does."""
    at.file_uploader(key=state.NPZ_UPLOADER).set_value((name, content, "application/octet-stream")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def npz_bytes(**arrays) -> bytes:
    """An uncompressed .npz of `arrays`, in memory."""
    buf = io.BytesIO()
    np.savez(buf, **arrays)  # savez pickles object arrays; the app must refuse to unpickle them
    return buf.getvalue()


def type_path(at, text: str):
    """Type `text` into the Data page's local path box (shown only with HAR_DATA_ROOT set) and rerun."""
    at.text_input(key=state.LOCAL_PATH).input(text).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_app(at):
    """Run a fresh AppTest of the dashboard until its widgets are stable.

    Under AppTest, with a `pages/` folder present, the first run goes through the entry script
    and every later run executes the page script on its own (see `page_context` in
    streamlit_app.py); the two paths give widgets different ids, so a click recorded on the
    first run's widgets would be lost. The second run is the one later interactions build on.
    """
    at.run()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at
