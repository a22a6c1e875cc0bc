"""The Data page's UCF11 download against a real HTTP server on 127.0.0.1, and with nothing listening:
one download per server in the background, which page switches do not cut off and a second session's
click joins; a failure says why, in the session's language."""

from __future__ import annotations

import hashlib
import io
import socket
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from support.app import metric_values, open_app
from support.paths import APP

from dashboard import state
from har.data.store import write_store
from har.i18n import t

WAIT_S = 60  # a hang guard, never a speed check


class ArchiveServer:
    """Serves one archive at /ucf11.zarr.tar.gz; `hold` keeps the second half back until released,
    so a test can look at a download while it runs. Counts the requests it answered."""

    def __init__(self, archive: bytes, hold: bool):
        self.archive, self.requests = archive, 0
        self.release = threading.Event()
        if not hold:
            self.release.set()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                owner.requests += 1
                self.send_response(200)
                self.send_header("Content-Length", str(len(owner.archive)))
                self.end_headers()
                half = len(owner.archive) // 2
                self.wfile.write(owner.archive[:half])
                self.wfile.flush()
                owner.release.wait(WAIT_S)
                self.wfile.write(owner.archive[half:])

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/ucf11.zarr.tar.gz"
        self.md5 = hashlib.md5(archive).hexdigest()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def six_clip_archive(tmp_path) -> bytes:
    """ucf11.zarr.tar.gz holding a six-clip store in the course layout."""
    rng = np.random.default_rng(0)
    classes = ["biking", "diving", "walking"]
    y = [0, 0, 1, 1, 2, 2]
    keys = [f"{classes[c]}-v_{classes[c]}_{i + 1:02d}_01" for i, c in enumerate(y)]
    store = write_store(tmp_path / "src" / "ucf11.zarr", rng.random((6, 4, 8), dtype=np.float32), y, keys)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(store, arcname="ucf11.zarr")
    return buf.getvalue()


def _serve(tmp_path, monkeypatch, hold: bool):
    server = ArchiveServer(six_clip_archive(tmp_path), hold=hold)
    monkeypatch.setenv("HAR_UCF11_URL", server.url)
    monkeypatch.setenv("HAR_UCF11_MD5", server.md5)
    return server


@pytest.fixture
def serving(tmp_path, monkeypatch):
    """An archive server the app downloads from."""
    server = _serve(tmp_path, monkeypatch, hold=False)
    yield server
    server.close()


@pytest.fixture
def held(tmp_path, monkeypatch):
    """An archive server that holds each download half way until the test sets `release`."""
    server = _serve(tmp_path, monkeypatch, hold=True)
    yield server
    server.close()


def _app(lang: str = "en"):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = lang
    return open_app(at)


def _click_download(at):
    at.button(key=state.DOWNLOAD_BUTTON).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at.session_state[state.DOWNLOAD_JOB]


def _finish(at, job):
    assert job.wait(WAIT_S), "the download did not end"
    at.run()
    assert not at.exception, [e.message for e in at.exception]


def _uses_the_downloaded_store(at, md5):
    assert any(md5 in s.value for s in at.success)
    assert at.radio(key=state.widget_key(state.SOURCE)).value == "ucf11"
    assert metric_values(at)["Clips"] == "6" and metric_values(at)["Classes"] == "3"
    assert not any("SYNTHETIC" in w.value for w in at.warning)


def test_download_checks_the_md5_shows_it_and_switches_to_the_real_data(app_env, serving):
    at = _app()
    _finish(at, _click_download(at))
    assert not at.error
    _uses_the_downloaded_store(at, serving.md5)


def test_a_second_sessions_click_joins_the_running_download_and_sees_its_progress(app_env, held):
    serving = held
    first, second = _app(), _app()
    job = _click_download(first)
    second.run()
    bars = second.get("progress")
    assert len(bars) == 1 and "Downloading:" in bars[0].proto.text  # the other session's download, half way
    assert _click_download(second) is job  # joined, not started again
    serving.release.set()
    for at in (first, second):
        _finish(at, job)
        _uses_the_downloaded_store(at, serving.md5)
    assert serving.requests == 1


def test_a_download_goes_on_while_its_student_visits_other_pages(app_env, held):
    serving = held
    at = _app()
    job = _click_download(at)
    at.switch_page("pages/models.py").run()
    at.switch_page("pages/train.py").run()
    assert not job.done
    serving.release.set()
    assert job.wait(WAIT_S) and job.status == "finished"
    at.run()  # on the Train page: the sidebar has switched this session to the new data
    assert at.radio(key=state.widget_key(state.SOURCE)).value == "ucf11"
    at.switch_page("pages/data.py").run()
    _uses_the_downloaded_store(at, serving.md5)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["The download did not work", "could not download", "check the network connection"]),
        ("es", ["La descarga no funcionó", "no se pudo descargar", "revisa la conexión de red"]),
    ],
)
def test_a_failed_download_says_why_once_and_keeps_the_demo(app_env, tiny_demo, monkeypatch, lang, said):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again below: nothing listens there
    monkeypatch.setenv("HAR_UCF11_URL", f"http://127.0.0.1:{port}/ucf11.zarr.tar.gz")
    at = _app(lang)
    _finish(at, _click_download(at))
    assert len(at.error) == 1 and all(part in at.error[0].value for part in said), at.error[0].value
    assert metric_values(at)[t("data.clips", lang)] == f"{tiny_demo.n:,}"
    assert at.radio(key=state.widget_key(state.SOURCE)).options == [t("side.source.demo", lang)]
