"""The Data page's UCF11 download against a real HTTP server on 127.0.0.1, and with nothing listening."""

from __future__ import annotations

import hashlib
import io
import socket
import tarfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from conftest import open_app
from helpers_app import metric_values

from dashboard import state
from har.data.store import write_store

APP = Path(__file__).resolve().parents[1] / "streamlit_app.py"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def archive_server(tmp_path):
    """Serves ucf11.zarr.tar.gz (a six-clip store in the course layout); yields (url, md5)."""
    rng = np.random.default_rng(0)
    classes = ["biking", "diving", "walking"]
    y = [0, 0, 1, 1, 2, 2]
    keys = [f"{classes[c]}-v_{classes[c]}_{i + 1:02d}_01" for i, c in enumerate(y)]
    store = write_store(tmp_path / "src" / "ucf11.zarr", rng.random((6, 4, 8), dtype=np.float32), y, keys)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(store, arcname="ucf11.zarr")
    served = tmp_path / "served"
    served.mkdir()
    (served / "ucf11.zarr.tar.gz").write_bytes(buf.getvalue())
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ucf11.zarr.tar.gz", hashlib.md5(buf.getvalue()).hexdigest()
    server.shutdown()
    server.server_close()


def _app():
    from streamlit.testing.v1 import AppTest

    return open_app(AppTest.from_file(str(APP), default_timeout=120))


def _download_button(at):
    return next(b for b in at.button if b.label == "Download UCF11")


def test_download_checks_the_md5_shows_it_and_switches_to_the_real_data(app_env, archive_server, monkeypatch):
    url, md5 = archive_server
    monkeypatch.setenv("HAR_UCF11_URL", url)
    monkeypatch.setenv("HAR_UCF11_MD5", md5)
    at = _app()
    _download_button(at).click().run()
    assert not at.exception and not at.error
    assert any(md5 in s.value for s in at.success)
    assert at.radio(key=state.widget_key(state.SOURCE)).value == "ucf11"
    assert metric_values(at)["Clips"] == "6" and metric_values(at)["Classes"] == "3"
    assert not any("SYNTHETIC" in w.value for w in at.warning)


def test_a_failed_download_says_so_once_and_keeps_the_demo(app_env, tiny_demo, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again below: nothing listens there
    monkeypatch.setenv("HAR_UCF11_URL", f"http://127.0.0.1:{port}/ucf11.zarr.tar.gz")
    at = _app()
    _download_button(at).click().run()
    assert not at.exception
    assert len(at.error) == 1 and "The download did not work" in at.error[0].value
    assert metric_values(at)["Clips"] == f"{tiny_demo.n:,}"
    assert at.radio(key=state.widget_key(state.SOURCE)).options == ["Demo (synthetic)"]
