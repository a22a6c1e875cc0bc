"""Faults: a download killed halfway, a crash while a file is written, training that blows up, a model too big.

Each fault is made real where it can be: a `python -m har` process killed with SIGKILL in the
middle of a download from a server on 127.0.0.1, a disk that fills up halfway through a write,
a learning rate that really diverges, a training whose memory is really measured.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

import har.data.store as store
import har.paths as paths
import har.runs as runs
from har.cli import main
from har.data import load_dataset, make_split
from har.data.demo import make_demo
from har.data.store import load_store, read_cache, write_store
from har.errors import HarError
from har.guard import BYTES_PER_PARAM, RUNTIME, check_fits, estimate_memory
from har.models import CNNConfig, RNNConfig, build_model
from har.params import count_params
from har.presets import PRESETS, config_to_dict
from har.train import TrainConfig, TrainingDiverged, fit
from har.weights import save_weights

ROOT = Path(__file__).resolve().parents[1]
KEYS = [f"{c}-v_{c}_{g:02d}_01" for c in ("biking", "diving") for g in (1, 2, 3)]
TINY = ["--rnn-hidden", "8", "--cnn-widths", "8", "--batch-size", "8", "--quiet"]


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("HAR_MEMORY_LIMIT_MB", raising=False)
    for var in ("HAR_UCF11_URL", "HAR_UCF11_MD5"):
        monkeypatch.delenv(var, raising=False)


def _env_for_process(**extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", **extra}


def _wait_for(condition, what: str, limit: float = 60.0) -> None:
    """Poll until `condition()` holds; the limit only keeps a broken run from hanging the suite."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


# A download killed halfway, then run again.


def _archive(tmp: Path, seed: int) -> tuple[bytes, np.ndarray]:
    # Random floats do not compress: the archive is several of the client's 64 kB reads long.
    X = np.random.default_rng(seed).random((6, 50, 128), dtype=np.float32)
    src = write_store(tmp / f"src{seed}" / "ucf11.zarr", X, [0, 0, 0, 1, 1, 1], KEYS)
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
    srv.body, srv.X = _archive(tmp_path, 1)
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
        old_body, old_X = _archive(tmp_path, 2)
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
        env=_env_for_process(HAR_DATA_DIR=str(dest)),
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


# A crash while a file is written leaves the old file and no temporary one.


class _DiskFull:
    """A file object that writes the first `allowed` bytes and then fails as a full disk does."""

    def __init__(self, f, allowed: int, error: BaseException):
        self.f, self.left, self.error = f, allowed, error

    def write(self, data):
        data = bytes(memoryview(data).cast("B")) if not isinstance(data, (bytes, str)) else data
        if len(data) > self.left:
            self.f.write(data[: self.left])
            self.f.flush()
            raise self.error
        self.left -= len(data)
        return self.f.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()


def _crash_writes(monkeypatch, allowed: int, error: BaseException):
    """Every file har.paths.replace_atomically opens (the cache, run records, weights) fails after `allowed` bytes."""
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return _DiskFull(real(fd, *args, **kwargs), allowed, error)

    monkeypatch.setattr(paths.os, "fdopen", fdopen)


ERRORS = {"disk full": OSError(errno.ENOSPC, "No space left on device"), "Ctrl-C": KeyboardInterrupt()}


@pytest.mark.parametrize("error", list(ERRORS))
def test_a_crash_while_writing_the_cache_keeps_the_old_cache_and_no_temporary_file(tmp_path, monkeypatch, error):
    X = np.random.default_rng(0).random((6, 3, 5), dtype=np.float32)
    path = write_store(tmp_path / "s.zarr", X, [0, 0, 0, 1, 1, 1], KEYS)
    cache_dir = tmp_path / "cache"
    load_store(path, cache_dir=cache_dir)
    (cache,) = cache_dir.iterdir()
    good = cache.read_bytes()

    fields = read_cache(cache)
    _crash_writes(monkeypatch, len(good) // 2, ERRORS[error])
    with pytest.raises(type(ERRORS[error])):
        store.write_cache(cache, {**fields, "X": fields["X"] + 1})
    assert cache.read_bytes() == good
    assert [p.name for p in cache_dir.iterdir()] == [cache.name]

    other = cache_dir / "new.bin"  # no old file: nothing at all is left
    with pytest.raises(type(ERRORS[error])):
        store.write_cache(other, fields)
    assert not other.exists() and [p.name for p in cache_dir.iterdir()] == [cache.name]


def test_a_cache_that_cannot_be_written_costs_no_data(tmp_path, monkeypatch):
    X = np.random.default_rng(0).random((6, 3, 5), dtype=np.float32)
    path = write_store(tmp_path / "s.zarr", X, [0, 0, 0, 1, 1, 1], KEYS)
    _crash_writes(monkeypatch, 100, ERRORS["disk full"])
    data = load_store(path, cache_dir=tmp_path / "cache")
    assert sorted(data.X.ravel().tolist()) == sorted(X.ravel().tolist())
    assert list((tmp_path / "cache").iterdir()) == []


@pytest.mark.parametrize("error", list(ERRORS))
def test_a_crash_while_writing_a_run_record_keeps_the_old_record(tmp_path, monkeypatch, tiny_record, error):
    path = runs.save(tiny_record, tmp_path / "run.json")
    before = path.read_bytes()
    _crash_writes(monkeypatch, len(before) // 2, ERRORS[error])
    with pytest.raises(type(ERRORS[error])):
        runs.save({**tiny_record, "status": "stopped"}, path)
    assert path.read_bytes() == before
    assert runs.load(path)["status"] == tiny_record["status"]
    assert os.listdir(tmp_path) == ["run.json"]


@pytest.mark.parametrize("error", list(ERRORS))
def test_a_crash_while_saving_weights_keeps_the_old_file(tmp_path, monkeypatch, error):
    data = make_demo(scale=0.02)
    models = {"cnn": build_model(CNNConfig(widths=(4,)), **data.shape, seed=0)}
    split = make_split(data, "random")
    path = save_weights(tmp_path / "models.pt", models, data, split)
    before = path.read_bytes()
    _crash_writes(monkeypatch, len(before) // 2, ERRORS[error])
    models = {"cnn": build_model(CNNConfig(widths=(4,)), **data.shape, seed=1)}
    with pytest.raises((type(ERRORS[error]), RuntimeError)):  # torch may wrap the failed write in its own error
        save_weights(path, models, data, split)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["models.pt"]


# Training that diverges is stopped, naming the epoch.


@pytest.mark.parametrize("lr", ["10"])  # the highest a setup takes; 1e6 goes through fit() below
def test_a_diverging_training_is_stopped_and_recorded(tmp_path, capsys, tiny_npz, lr):
    out = tmp_path / "run.json"
    code = main(["train", "--data", str(tiny_npz), "--epochs", "20", "--lr", lr, *TINY, "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("error: Training diverged in epoch ") and "learning rate" in err
    assert len(err.splitlines()) == 1
    record = runs.load(out)
    assert record["status"] == "diverged" and record["message"] == err.removeprefix("error: ")
    epoch = int(err.split("epoch ")[1].split(":")[0])
    histories = {name: len(m["history"]) for name, m in record["models"].items()}
    assert min(histories.values()) == epoch - 1  # the epochs before it are kept, the broken one is not
    assert max(histories.values()) < 20


def test_a_sane_learning_rate_is_never_taken_for_divergence(tiny_npz, tmp_path, capsys):
    for lr in ("0.1",):  # high enough to make the loss jump about, not high enough to blow it up
        out = tmp_path / f"run-{lr}.json"
        assert main(["train", "--data", str(tiny_npz), "--epochs", "4", "--lr", lr, *TINY, "--out", str(out)]) == 0
        assert runs.load(out)["status"] == "finished"


def test_a_finite_but_exploding_loss_names_its_epoch():
    import torch

    from har.models import build_model
    from har.train import Tensors

    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 8)
    X = rng.standard_normal((24, 4, 6)).astype(np.float32)
    data = Tensors.from_arrays(X, y, np.arange(18), np.arange(18, 24), torch.device("cpu"))
    model = build_model(CNNConfig(widths=(8,)), n_frames=4, n_features=6, n_classes=3, seed=0)
    losses = []
    with pytest.raises(TrainingDiverged, match=r"epoch \d+") as err:
        for record in fit(model, data, TrainConfig(epochs=30, lr=1e6, batch_size=6, device="cpu")):
            losses.append(record.train_loss)
    assert all(np.isfinite(losses))
    assert "times that of guessing" in str(err.value) and str(err.value).endswith(".")  # finite, yet stopped


# A model too large for the machine is refused before it is built.


SHAPE = (10, 1024, 11)


def test_the_weight_part_of_the_estimate_is_the_parameter_count():
    # test_params checks these counts against the GRU formula
    for hidden, layers, bi in [(128, 1, True), (64, 3, False), (4096, 4, True)]:
        config = RNNConfig(hidden=hidden, layers=layers, bidirectional=bi)
        assert estimate_memory(config, SHAPE, 0) == BYTES_PER_PARAM * count_params(config) + RUNTIME


def test_the_estimate_grows_with_the_batch_and_accepts_a_shape_mapping():
    config = RNNConfig()
    small, large = estimate_memory(config, SHAPE, 32), estimate_memory(config, SHAPE, 64)
    assert small < large
    assert estimate_memory(config, {"n_frames": 10, "n_features": 1024, "n_classes": 11}, 32) == small


MEASURE = """
import gc, json, sys, torch
from har.guard import estimate_memory
from har.models import build_model
from har.presets import config_from_dict
torch.set_num_threads(1)

def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

def step(config, t=10, f=1024, c=11, b=64):
    x, y = torch.randn(b, t, f), torch.randint(0, c, (b,))
    with open("/proc/self/clear_refs", "w") as clear:  # the peak restarts from what is in use now
        clear.write("5")
    before = peak()
    model = build_model(config, n_frames=t, n_features=f, n_classes=c, seed=0)
    opt = torch.optim.Adam(model.parameters())
    for _ in range(2):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return [peak() - before, estimate_memory(config, (t, f, c), b)]

out = []
for d in json.loads(sys.argv[1]):
    out.append(step(config_from_dict(d)))
    gc.collect()
print(json.dumps(out))
"""
MEASURED = [RNNConfig(hidden=1024)]  # one per process: memory freed by one step would be reused by the next


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="peak memory is read from /proc")
def test_the_estimate_bounds_the_memory_a_real_training_step_takes():
    """A fresh process, so the step also pays for torch's own working memory, which RUNTIME covers."""
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps([config_to_dict(c) for c in MEASURED])],
        env=_env_for_process(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for config, (measured, estimate) in zip(MEASURED, json.loads(proc.stdout), strict=True):
        assert measured <= estimate <= 2 * measured, (config, measured, estimate)


def test_a_huge_gru_is_refused_naming_its_size():
    huge = RNNConfig(hidden=4096, layers=4)
    with pytest.raises(HarError) as err:
        check_fits(huge, SHAPE, 32, available=16 * 2**30)
    message = str(err.value)
    assert f"{count_params(huge):,} parameters" in message and "16.0 GB is available" in message
    assert "\n" not in message and message.endswith(".")
    check_fits(huge, SHAPE, 32, available=estimate_memory(huge, SHAPE, 32))  # exactly enough is enough


def test_the_course_models_fit_a_small_machine_together():
    configs = {name: PRESETS[name].config for name in ("notebook-rnn", "notebook-cnn2")}
    check_fits(configs, SHAPE, 32, available=2**30)
    pair = sum(estimate_memory(c, SHAPE, 32) for c in configs.values()) - RUNTIME
    with pytest.raises(HarError, match="NOTEBOOK-CNN2 alone has 660,289 parameters"):  # the larger of the two
        check_fits(configs, SHAPE, 32, available=pair - 1)  # both are in memory at once, with one torch runtime
    check_fits(configs, SHAPE, 32, available=pair)


def test_the_cli_refuses_before_building_anything(tmp_path, capsys, monkeypatch, tiny_npz):
    import torch

    import har.models

    build = har.models.build_model

    def never(*args, **kwargs):
        if torch.get_default_device().type == "meta":  # counting parameters: shapes only, nothing is built
            return build(*args, **kwargs)
        raise AssertionError("a model was built although it does not fit")

    monkeypatch.setattr(har.models, "build_model", never)
    monkeypatch.setenv("HAR_MEMORY_LIMIT_MB", "300")
    out = tmp_path / "run.json"
    code = main(["train", "--data", str(tiny_npz), "--rnn-hidden", "2048", "--rnn-layers", "2", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "300 MB is available" in err
    assert not out.exists()
    monkeypatch.setenv("HAR_MEMORY_LIMIT_MB", "plenty")
    assert main(["train", "--data", str(tiny_npz)]) == 2
    assert "HAR_MEMORY_LIMIT_MB" in capsys.readouterr().err


def test_without_a_limit_the_machine_memory_decides(monkeypatch):
    from har.guard import available_memory

    free = available_memory()
    assert 0 < free <= os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    with pytest.raises(HarError, match="parameters"):
        check_fits(RNNConfig(hidden=65536, layers=8), SHAPE, 32)  # about 2 TB: larger than any machine
    check_fits(PRESETS["notebook-rnn"].config, SHAPE, 32)
    monkeypatch.setenv("HAR_MEMORY_LIMIT_MB", "1.5")
    assert available_memory() == int(1.5 * 2**20)
