"""Single-frame clips are refused at load time with one sentence: through the command line and an upload."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import APP, ROOT, open_app

from dashboard import state
from har.data import make_dataset, make_split
from har.errors import HarError

SENTENCE = "the clips have a single frame"


def one_frame_arrays():
    """42 clips of 1 frame, 3 classes: the random split leaves 33 training clips, so a batch of 32 leaves one
    clip in the last batch, where BatchNorm has a single value per channel and fails."""
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 14)
    return rng.random((len(y), 1, 6), dtype=np.float32) + y[:, None, None], y


def test_the_data_makes_the_last_batch_a_single_clip():
    X, y = one_frame_arrays()
    two = make_dataset("two frames", np.repeat(X, 2, axis=1), y)
    assert len(make_split(two, "random").train_idx) % 32 == 1


def test_loading_refuses_one_frame_in_both_languages():
    X, y = one_frame_arrays()
    with pytest.raises(HarError) as e:
        make_dataset("one frame", X, y)
    assert str(e.value).startswith(SENTENCE) and "(42, 1, 6)" in str(e.value)
    assert e.value.message("es").startswith("los clips tienen un solo fotograma")


def test_the_command_line_refuses_one_frame_data_in_one_line(tmp_path):
    X, y = one_frame_arrays()
    path = tmp_path / "tiny_T1.npz"
    np.savez(path, X=X, y=y)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "har", "train", "--data", str(path), "--epochs", "1"]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env, timeout=240)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"error: {SENTENCE}") and done.stderr.count("\n") == 1, done.stderr
    assert "Expected more than 1 value" not in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""  # refused before any training line


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
    assert any(SENTENCE in s for s in shown), shown
    assert at.session_state[state.CONTEXT].data.name == before  # the demo is still loaded
    assert state.UPLOADED not in at.session_state
