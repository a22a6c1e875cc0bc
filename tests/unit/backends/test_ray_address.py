"""HAR_RAY_ADDRESS that `ray.init` would wait on for minutes gets one sentence within seconds: a port where
something other than Ray listens, and "auto" when Ray's temp folder names a cluster that has stopped."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from support.cli import assert_one_line_error, run_process

from har.errors import HarError

cluster = pytest.importorskip("har.backends.cluster", reason="Ray is not installed")


@pytest.fixture
def not_ray():
    """A server on 127.0.0.1 that greets like an SSH server and never speaks HTTP/2; its address."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
            threading.Timer(10, conn.close).start()  # holds the connection open, as a real server would

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    server.close()


def dead_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return s.getsockname()[1]  # closed when the block ends: nothing listens there


@pytest.mark.timeout(30)
def test_a_port_where_something_else_listens_is_one_sentence_within_seconds(not_ray):
    started = time.monotonic()
    with pytest.raises(HarError) as caught:
        cluster.reachable(not_ray)
    assert caught.value.key == "cluster.not_ray" and time.monotonic() - started < 10
    assert str(caught.value) == (
        f"Something answers at {not_ray} (HAR_RAY_ADDRESS), but it is not a Ray cluster; "
        "give the address of a Ray head."
    )


@pytest.mark.timeout(30)
def test_auto_with_a_stale_cluster_file_says_so_instead_of_waiting(tmp_path, monkeypatch):
    (tmp_path / "ray").mkdir()
    file = tmp_path / "ray" / "ray_current_cluster"
    file.write_text(f"127.0.0.1:{dead_port()}\n")  # left by a `ray start` whose cluster has stopped
    monkeypatch.setenv("RAY_TMPDIR", str(tmp_path))
    with pytest.raises(HarError) as caught:
        cluster.reachable("auto")
    assert caught.value.key == "cluster.stale" and str(file) in str(caught.value)
    file.unlink()
    cluster.reachable("auto")  # no file: ray.init says at once that no cluster runs here (cluster.none_here)


@pytest.mark.timeout(90)
def test_the_command_line_says_it_in_one_line(not_ray):
    done = run_process(
        "train", "--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4",
        env={"HAR_RAY_ADDRESS": not_ray, "HAR_DEMO_SCALE": "0.05", "RAY_USAGE_STATS_ENABLED": "0"},
    )  # fmt: skip
    assert_one_line_error(done.returncode, done.stderr, "it is not a Ray cluster")
