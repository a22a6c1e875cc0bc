"""`python -m har data download` end to end: a mirror on 127.0.0.1, the data folder and the environment, archives
that must install nothing, failures as one line from a real process, and a process killed with SIGKILL in the
middle of a download, after which the next run is clean."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
import types
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from support.cli import assert_cli_error, assert_one_line_error, assert_sentence, run, run_process
from support.paths import ROOT

from har.cli import main
from har.data import load_dataset
from har.data.download import download
from har.data.store import load_store, write_store
from har.errors import HarError

KEYS = [f"{c}-v_{c}_{g:02d}_01" for c in ("biking", "diving", "walking") for g in (1, 2)]
LABELS = [0, 0, 1, 1, 2, 2]
BIG_KEYS = [f"{c}-v_{c}_{g:02d}_01" for c in ("biking", "diving") for g in (1, 2, 3)]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    for var in ("HAR_UCF11_URL", "HAR_UCF11_MD5"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path / "data"


def _store(tmp):
    X = (np.random.default_rng(0).random((6, 4, 5)) * 10).astype(np.float32)
    return write_store(tmp / "s.zarr", X, LABELS, KEYS)


# A mirror on 127.0.0.1


@pytest.fixture
def mirror(tmp_path):
    """A folder served over HTTP holding ucf11.zarr.tar.gz of a small course-layout store."""
    rng = np.random.default_rng(1)
    X = rng.random((4, 3, 5), dtype=np.float32)
    keys = ["biking-v_biking_01_01", "biking-v_biking_02_01", "diving-v_diving_01_01", "diving-v_diving_02_01"]
    store = write_store(tmp_path / "src" / "ucf11.zarr", X, [0, 0, 1, 1], keys)
    site = tmp_path / "site"
    site.mkdir()
    with tarfile.open(site / "ucf11.zarr.tar.gz", "w:gz") as tar:
        tar.add(store, arcname="ucf11.zarr")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    md5 = hashlib.md5((site / "ucf11.zarr.tar.gz").read_bytes()).hexdigest()
    yield types.SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}/ucf11.zarr.tar.gz", md5=md5, X=X)
    server.shutdown()
    server.server_close()


def test_data_download_end_to_end(capsys, mirror, tmp_path):
    dest = tmp_path / "dest"
    code, out, err = run(capsys, "data", "download", "--url", mirror.url, "--md5", mirror.md5, "--dir", str(dest))
    assert code == 0, err
    assert out.strip() == str(dest / "ucf11.zarr")
    assert "100%" in err and f"md5 {mirror.md5} matches" in err
    np.testing.assert_array_equal(load_store(dest / "ucf11.zarr").X, mirror.X)

    code, out, err = run(capsys, "data", "info", "--data", str(dest / "ucf11.zarr"), "--json")
    assert code == 0 and json.loads(out)["class_names"] == ["biking", "diving"]

    code, out, err = run(capsys, "data", "download", "--url", mirror.url + ".missing", "--dir", str(dest))
    assert code == 0 and "already there" in err  # not fetched again: the bad URL is never tried

    before = sorted(p.name for p in (dest / "ucf11.zarr").rglob("*"))
    code, _, err = run(
        capsys, "data", "download", "--url", mirror.url, "--md5", "0" * 32, "--dir", str(dest), "--force"
    )
    assert_one_line_error(code, err.splitlines()[-1] + "\n", "md5")
    assert sorted(p.name for p in (dest / "ucf11.zarr").rglob("*")) == before


def test_data_download_uses_the_data_folder_and_environment(capsys, mirror, data_dir, monkeypatch):
    monkeypatch.setenv("HAR_UCF11_URL", mirror.url)
    monkeypatch.setenv("HAR_UCF11_MD5", mirror.md5)
    code, out, _ = run(capsys, "data", "download")
    assert code == 0 and out.strip() == str(data_dir / "ucf11.zarr")
    code, out, _ = run(capsys, "data", "info", "--data", "ucf11", "--json")
    assert code == 0 and json.loads(out)["n"] == 4


# Archives and failures


def _archive(tmp, *extra) -> tuple[str, str]:
    import hashlib

    (tmp / "src").mkdir(exist_ok=True)
    store = _store(tmp / "src")
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(store, arcname="ucf11.zarr")
        for info in extra:
            tar.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)
    path = tmp / "ucf11.zarr.tar.gz"
    path.write_bytes(buf.getvalue())
    return path.as_uri(), hashlib.md5(buf.getvalue()).hexdigest()


def _member(name, kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = 1 if kind == tarfile.REGTYPE else 0
    return info


ARCHIVES = {
    "hard link out": (_member("ucf11.zarr/passwd", tarfile.LNKTYPE, "/etc/passwd"), "unsafe"),
    "symlink to an absolute path": (_member("ucf11.zarr/link", tarfile.SYMTYPE, "/etc"), "unsafe"),
    "device file": (_member("ucf11.zarr/dev", tarfile.CHRTYPE), "unsafe"),
    "../ in the middle": (_member("ucf11.zarr/../../x"), "unsafe"),
}


@pytest.mark.parametrize("case", list(ARCHIVES))
def test_unsafe_archive_members_install_nothing(tmp_path, capsys, case):
    member, words = ARCHIVES[case]
    url, md5 = _archive(tmp_path, member)
    dest = tmp_path / "dest"
    with pytest.raises(HarError) as err:
        download(dest, url=url, md5=md5)
    assert_sentence(str(err.value), words)
    assert sorted(os.listdir(dest)) == []
    assert_cli_error(
        main(["data", "download", "--url", url, "--md5", md5, "--dir", str(dest)]),
        capsys.readouterr().err.splitlines()[-1],
        words,
    )
    assert sorted(os.listdir(dest)) == []


def _refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/ucf11.zarr.tar.gz"  # the socket is closed: nothing listens there


def test_download_failures_in_a_real_process_are_one_line(tmp_path):
    url, md5 = _archive(tmp_path)
    dest = tmp_path / "dest"
    for argv, words in [
        (["--url", url, "--md5", "0" * 32], "md5"),
        (["--url", url + ".missing", "--md5", md5], "could not download"),
        (["--url", _refused_url(), "--timeout", "5"], "refused"),
    ]:
        proc = run_process("data", "download", "--dir", str(dest), *argv)
        last = proc.stderr.strip().splitlines()[-1]
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert_cli_error(2, last, words)
        assert os.listdir(dest) == []


# A download killed halfway, then run again


def _wait_for(condition, what: str, limit: float = 60.0) -> None:
    """Poll until `condition()` holds; the limit only keeps a broken run from hanging the suite."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def _big_archive(tmp: Path, seed: int) -> tuple[bytes, np.ndarray]:
    # Random floats do not compress: the archive is several of the client's 64 kB reads long.
    X = np.random.default_rng(seed).random((6, 50, 128), dtype=np.float32)
    src = write_store(tmp / f"src{seed}" / "ucf11.zarr", X, [0, 0, 0, 1, 1, 1], BIG_KEYS)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(src, arcname="ucf11.zarr")
    return buf.getvalue(), X


class _Handler(BaseHTTPRequestHandler):
    """/good sends the archive; /half sends half of it, then nothing until the test ends."""

    def do_GET(self):
        body = self.server.body
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/half":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.server.release.wait(60)
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads, srv.block_on_close = True, False
    srv.body, srv.X = _big_archive(tmp_path, 1)
    srv.release = threading.Event()
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("existing", [False, True], ids=["first-download", "over-a-store"])
def test_a_download_killed_halfway_leaves_no_data_set_and_the_next_run_is_clean(server, tmp_path, existing):
    dest = tmp_path / "data"
    md5 = hashlib.md5(server.body).hexdigest()
    if existing:
        old_body, old_X = _big_archive(tmp_path, 2)
        (tmp_path / "old.tar.gz").write_bytes(old_body)
        argv = [
            "data",
            "download",
            "--url",
            (tmp_path / "old.tar.gz").as_uri(),
            "--md5",
            hashlib.md5(old_body).hexdigest(),
        ]
        assert main(argv) == 0
    part = dest / "ucf11.zarr.tar.gz.part"
    argv = [sys.executable, "-m", "har", "data", "download", "--url", f"{server.base}/half", "--md5", md5, "--force"]
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "HAR_DATA_DIR": str(dest)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: part.exists() and part.stat().st_size > 0, "part of the archive on disk")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert 0 < part.stat().st_size < len(server.body)  # the half file is there, as a kill leaves it

    if existing:  # the old store is untouched and still the data set
        np.testing.assert_array_equal(load_dataset("ucf11").X, load_store(dest / "ucf11.zarr").X)
        assert sorted(load_dataset("ucf11").X.ravel().tolist()) == sorted(old_X.ravel().tolist())
    else:  # the half file is never taken for the data set
        with pytest.raises(HarError, match="not downloaded yet"):
            load_dataset("ucf11")

    assert main(["data", "download", "--url", f"{server.base}/good", "--md5", md5, "--force"]) == 0
    data = load_dataset("ucf11")
    assert sorted(data.X.ravel().tolist()) == sorted(server.X.ravel().tolist())
    assert sorted(p.name for p in dest.iterdir()) == ["cache", "ucf11.zarr"]  # no .part, no temporary folder
