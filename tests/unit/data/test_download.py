"""The UCF11 download against a real HTTP server on 127.0.0.1 serving real course-layout archives."""

from __future__ import annotations

import hashlib
import io
import os
import socket
import tarfile
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from har.data import download as dl
from har.data.download import download
from har.data.store import load_store, write_store
from har.errors import HarError

STALL_TIMEOUT = 0.5  # seconds the client waits on a server that sends nothing


def _md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def _clips(seed: int):
    """Six tiny clips (T=4, F=8) of three classes with course-style keys."""
    rng = np.random.default_rng(seed)
    X = rng.random((6, 4, 8), dtype=np.float32)
    classes = ["biking", "diving", "walking"]
    y = [0, 0, 1, 1, 2, 2]
    keys = [f"{classes[c]}-v_{classes[c]}_{i + 1:02d}_01" for i, c in enumerate(y)]
    return X, y, keys


def _targz(members) -> bytes:
    """A tar.gz in memory; members are (arcname, folder) or (TarInfo, bytes or None)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, content in members:
            if isinstance(content, Path):
                tar.add(content, arcname=name)
            else:
                tar.addfile(name, io.BytesIO(content) if content is not None else None)
    return buf.getvalue()


def _file(name: str, data: bytes = b"x") -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def _symlink(name: str, target: str) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info, None


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    """name -> (bytes, source X); built once: two good stores and every kind of bad archive."""
    root = tmp_path_factory.mktemp("src")
    X1, y, keys = _clips(1)
    X2, _, _ = _clips(2)
    s1 = write_store(root / "one" / "ucf11.zarr", X1, y, keys)
    s2 = write_store(root / "two" / "ucf11.zarr", X2, y, keys)
    broken = root / "broken" / "ucf11.zarr"
    broken.mkdir(parents=True)
    (broken / "readme.txt").write_text("not a zarr group")
    good = _targz([("ucf11.zarr", s1)])
    return {
        "good": (good, X1),
        "other": (_targz([("ucf11.zarr", s2)]), X2),
        "nested": (_targz([("features/ucf11.zarr", s1)]), X1),
        "truncated": (good[: len(good) // 2], None),
        "dotdot": (_targz([("ucf11.zarr", s1), _file("../evil.txt")]), None),
        "absolute": (_targz([("ucf11.zarr", s1), _file("/tmp/har-test-evil.txt")]), None),
        "symlink": (_targz([("ucf11.zarr", s1), _symlink("ucf11.zarr/escape", "../../outside")]), None),
        "nostore": (_targz([_file("other/readme.txt")]), None),
        "notzarr": (_targz([("ucf11.zarr", broken)]), None),
    }


class _Handler(BaseHTTPRequestHandler):
    """Serves /NAME from the archives; /short/NAME claims twice its length, /stall* sends nothing in time."""

    def do_GET(self):
        srv = self.server
        srv.hits[self.path] += 1
        mode, _, name = self.path.strip("/").rpartition("/")
        if name not in srv.archives:
            self.send_error(404)
            return
        body = srv.archives[name][0]
        if mode == "stall":  # before the headers
            srv.release.wait(30)
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length", str(2 * len(body) if mode == "short" else len(body)))
        self.end_headers()
        if mode == "stall-body":  # half the body, then silence
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            srv.release.wait(30)
            body = body[len(body) // 2 :]
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a stalled handler must not hold up the tear-down

    def handle_error(self, request, client_address):
        pass  # the client hanging up on a stalled handler is expected here


@pytest.fixture(scope="module")
def http(archives):
    srv = _Server(("127.0.0.1", 0), _Handler)
    srv.archives, srv.hits, srv.release = archives, Counter(), threading.Event()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def server(http):
    http.hits.clear()
    return http


@pytest.fixture(autouse=True)
def no_env(monkeypatch, tmp_path):
    monkeypatch.delenv("HAR_UCF11_URL", raising=False)
    monkeypatch.delenv("HAR_UCF11_MD5", raising=False)
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "default-data"))


def _get(server, name, dest, **kw):
    body = server.archives[name][0]
    return download(dest, url=f"{server.base}/{name}", md5=_md5(body), **kw)


def _snapshot(folder: Path) -> dict:
    """Every file under `folder` (links included, not followed) with its bytes."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root, name)
            out[str(p.relative_to(folder))] = p.read_bytes() if p.is_file() and not p.is_symlink() else None
    return out


def _refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/good"  # the socket is closed: nothing listens there


def test_good_download_installs_a_store_that_loads(server, archives, tmp_path):
    path = _get(server, "good", tmp_path)
    assert path == tmp_path / "ucf11.zarr"
    np.testing.assert_array_equal(load_store(path).X, archives["good"][1])
    assert sorted(os.listdir(tmp_path)) == ["ucf11.zarr"]  # no .part, no temporary folder


def test_store_one_level_down_in_the_archive_is_found(server, archives, tmp_path):
    path = _get(server, "nested", tmp_path)
    np.testing.assert_array_equal(load_store(path).X, archives["nested"][1])
    assert sorted(os.listdir(tmp_path)) == ["ucf11.zarr"]


def test_progress_reports_growing_bytes_and_the_total(server, archives, tmp_path):
    calls = []
    _get(server, "good", tmp_path, progress=lambda done, total: calls.append((done, total)))
    size = len(archives["good"][0])
    assert calls[0] == (0, size)
    assert calls[-1] == (size, size)
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done)
    assert {t for _, t in calls} == {size}


def test_store_on_disk_is_not_downloaded_again_unless_forced(server, tmp_path):
    first = _get(server, "good", tmp_path)
    second = _get(server, "good", tmp_path)
    assert first == second
    assert server.hits["/good"] == 1
    _get(server, "good", tmp_path, force=True)
    assert server.hits["/good"] == 2


def test_force_replaces_a_store_with_a_verified_new_one(server, archives, tmp_path):
    _get(server, "good", tmp_path)
    path = _get(server, "other", tmp_path, force=True)
    np.testing.assert_array_equal(load_store(path).X, archives["other"][1])
    assert sorted(os.listdir(tmp_path)) == ["ucf11.zarr"]


def test_file_url(archives, tmp_path):
    body, X = archives["good"]
    archive = tmp_path / "mirror" / "ucf11.zarr.tar.gz"
    archive.parent.mkdir()
    archive.write_bytes(body)
    path = download(tmp_path / "data", url=archive.as_uri(), md5=_md5(body))
    np.testing.assert_array_equal(load_store(path).X, X)


def test_environment_overrides_and_arguments_win(server, archives, tmp_path, monkeypatch):
    body = archives["good"][0]
    monkeypatch.setenv("HAR_UCF11_URL", f"{server.base}/good")
    monkeypatch.setenv("HAR_UCF11_MD5", _md5(body).upper())
    path = download()  # URL, md5 and folder all from the environment
    assert path == tmp_path / "default-data" / "ucf11.zarr"
    np.testing.assert_array_equal(load_store(path).X, archives["good"][1])

    monkeypatch.setenv("HAR_UCF11_URL", f"{server.base}/missing")
    monkeypatch.setenv("HAR_UCF11_MD5", "0" * 32)
    with pytest.raises(HarError, match="404"):
        download(tmp_path / "a")
    path = download(tmp_path / "b", url=f"{server.base}/good", md5=_md5(body))
    assert path.is_dir()


def test_course_source_is_the_default(monkeypatch):
    assert dl.source() == (dl.URL, dl.MD5)
    monkeypatch.setenv("HAR_UCF11_URL", "file:///mirror.tar.gz")
    assert dl.source()[0] == "file:///mirror.tar.gz"
    assert dl.source("http://arg")[0] == "http://arg"


def test_leftovers_of_a_killed_run_are_discarded(server, archives, tmp_path):
    body = archives["good"][0]
    (tmp_path / dl.PART).write_bytes(body[: len(body) // 3] + b"garbage")
    (tmp_path / (dl.WORK_PREFIX + "killed") / "ucf11.zarr").mkdir(parents=True)
    path = _get(server, "good", tmp_path)
    assert server.hits["/good"] == 1  # the half-written file was not taken for the data set
    np.testing.assert_array_equal(load_store(path).X, archives["good"][1])
    assert sorted(os.listdir(tmp_path)) == ["ucf11.zarr"]


def test_store_set_aside_by_a_killed_swap_is_restored(server, archives, tmp_path):
    _get(server, "good", tmp_path)
    aside = tmp_path / (dl.WORK_PREFIX + "killed") / "previous"
    aside.parent.mkdir()
    os.replace(tmp_path / "ucf11.zarr", aside)  # as if killed between the two renames
    with pytest.raises(HarError):
        download(tmp_path, url=f"{server.base}/missing", force=True)
    np.testing.assert_array_equal(load_store(tmp_path / "ucf11.zarr").X, archives["good"][1])
    assert sorted(os.listdir(tmp_path)) == ["ucf11.zarr"]


def test_a_second_download_into_the_same_folder_is_refused(server, tmp_path):
    fcntl = pytest.importorskip("fcntl")
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(HarError, match="another download"):
            _get(server, "good", tmp_path)
    finally:
        os.close(fd)
    assert server.hits["/good"] == 0


# (name, how to call download, the words the error must contain)
FAILURES = {
    "wrong md5": (lambda s: {"url": f"{s.base}/good", "md5": "0" * 32}, "md5"),
    "truncated archive": (
        lambda s: {"url": f"{s.base}/truncated", "md5": _md5(s.archives["truncated"][0])},
        "damaged or incomplete",
    ),
    "connection closed early": (lambda s: {"url": f"{s.base}/short/good"}, "stopped early"),
    "../ member": (lambda s: {"url": f"{s.base}/dotdot", "md5": _md5(s.archives["dotdot"][0])}, "unsafe"),
    "absolute member": (
        lambda s: {"url": f"{s.base}/absolute", "md5": _md5(s.archives["absolute"][0])},
        "absolute path",
    ),
    "symlink out": (lambda s: {"url": f"{s.base}/symlink", "md5": _md5(s.archives["symlink"][0])}, "unsafe"),
    "no store inside": (lambda s: {"url": f"{s.base}/nostore", "md5": _md5(s.archives["nostore"][0])}, "no ucf11.zarr"),
    "not a zarr group": (lambda s: {"url": f"{s.base}/notzarr", "md5": _md5(s.archives["notzarr"][0])}, "not a zarr"),
    "404": (lambda s: {"url": f"{s.base}/missing"}, "404"),
    "refused": (lambda s: {"url": _refused_url()}, "refused"),
    "stall before headers": (lambda s: {"url": f"{s.base}/stall/good", "timeout": STALL_TIMEOUT}, "sent nothing"),
    "stall in the body": (lambda s: {"url": f"{s.base}/stall-body/good", "timeout": STALL_TIMEOUT}, "sent nothing"),
    "missing file": (lambda s: {"url": "file:///nonexistent/ucf11.zarr.tar.gz"}, "could not download"),
    "unknown scheme": (lambda s: {"url": "gopher-x://nowhere"}, "not a URL"),
    "no scheme": (lambda s: {"url": "nowhere.tar.gz"}, "not a URL"),
}


@pytest.mark.parametrize("case", list(FAILURES))
@pytest.mark.parametrize("existing", [False, True], ids=["empty", "existing-store"])
def test_failure_is_one_clear_error_and_loses_nothing(server, tmp_path, case, existing):
    if existing:
        _get(server, "good", tmp_path)
    before = _snapshot(tmp_path)
    kwargs, words = FAILURES[case]
    kwargs = {"md5": _md5(server.archives["good"][0]), **kwargs(server)}
    with pytest.raises(HarError, match=words) as err:
        download(tmp_path, force=True, **kwargs)
    message = str(err.value)
    assert "\n" not in message and message.endswith(".")
    assert _snapshot(tmp_path) == before  # the old store intact, no .part, no temporary folder
    assert not Path("/tmp/har-test-evil.txt").exists()
