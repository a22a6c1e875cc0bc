"""`python -m har`, run in-process through `main` and as a real subprocess."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import signal
import subprocess
import sys
import tarfile
import threading
import types
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from har import runs
from har.cli import main
from har.data import load_dataset, make_split
from har.data.npz import load_npz
from har.data.store import load_store, write_store
from har.models import CNNConfig, RNNConfig
from har.params import count_params
from har.presets import PRESETS

ROOT = Path(__file__).resolve().parents[1]
TINY_MODELS = ["--rnn-hidden", "8", "--cnn-widths", "8", "--batch-size", "8"]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    for var in ("HAR_UCF11_URL", "HAR_UCF11_MD5"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path / "data"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv, env=None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "har", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kw
    )


def assert_one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for w in words:
        assert w in lines[0]


# data info


def test_data_info_json_matches_the_dataset(capsys):
    code, out, _ = run(capsys, "data", "info", "--json")
    assert code == 0
    info = json.loads(out)
    demo = load_dataset("demo")
    assert info == json.loads(json.dumps(demo.info()))
    assert (info["n"], info["t"], info["f"], info["synthetic"]) == (demo.n, demo.t, demo.f, True)
    assert info["class_names"] == list(demo.class_names)


def test_data_info_table_of_an_npz(capsys, tiny_npz):
    code, out, _ = run(capsys, "data", "info", "--data", str(tiny_npz))
    assert code == 0
    lines = dict(line.split(None, 1) for line in out.splitlines() if not line.startswith(("  ", "clips per")))
    assert lines["clips"] == "30" and lines["frames"] == "4" and lines["features"] == "6"
    assert lines["classes"] == "3" and lines["groups"] == "6" and lines["synthetic"] == "no"
    counts = [line.split() for line in out.splitlines() if line.startswith("  ")]
    assert counts == [["a", "10"], ["b", "10"], ["c", "10"]]


def test_missing_data_is_one_line(capsys, tmp_path):
    assert_one_line_error(*run(capsys, "data", "info", "--data", str(tmp_path / "nothing.npz"))[::2], "nothing.npz")
    assert_one_line_error(*run(capsys, "data", "info", "--data", "ucf11")[::2], "download")


# params


@pytest.mark.parametrize("name", ["notebook-rnn", "notebook-cnn", "notebook-cnn2", "matched-cnn"])
def test_params_of_presets(capsys, name):
    code, out, _ = run(capsys, "params", "--preset", name, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["params"] == count_params(PRESETS[name].config)


def test_params_of_the_notebook_models_are_the_course_counts(capsys):
    counts = {}
    for name in ("notebook-rnn", "notebook-cnn", "notebook-cnn2"):
        code, out, _ = run(capsys, "params", "--preset", name, "--json")
        counts[name] = json.loads(out)["params"]
    assert counts == {"notebook-rnn": 891_147, "notebook-cnn": 5_185, "notebook-cnn2": 660_289}


def test_params_of_built_models(capsys):
    code, out, _ = run(capsys, "params", "--model", "cnn", "--cnn-widths", "288", "--json")
    assert code == 0 and json.loads(out)["params"] == count_params(CNNConfig(widths=(288,)))
    code, out, _ = run(
        capsys,
        "params",
        "--model",
        "cnn",
        "--cnn-widths",
        "64,128",
        "--cnn-kernel-size",
        "5",
        "--cnn-pooling",
        "max",
        "--json",
    )
    assert json.loads(out)["params"] == count_params(CNNConfig(widths=(64, 128), kernel_size=5, pooling="max"))
    assert json.loads(out)["config"]["widths"] == [64, 128]
    code, out, _ = run(
        capsys,
        "params",
        "--model",
        "rnn",
        "--rnn-hidden",
        "32",
        "--rnn-layers",
        "2",
        "--rnn-unidirectional",
        "--rnn-dropout",
        "0.1",
    )
    expected = count_params(RNNConfig(hidden=32, layers=2, bidirectional=False, dropout=0.1))
    assert code == 0 and f"{expected:,}" in out


def test_params_errors_are_one_line(capsys):
    code, _, err = run(capsys, "params", "--preset", "nope")
    assert_one_line_error(code, err, "nope", *PRESETS)
    assert_one_line_error(*run(capsys, "params", "--model", "rnn", "--cnn-widths", "3")[::2], "--cnn-widths")
    assert_one_line_error(*run(capsys, "params", "--model", "cnn", "--cnn-widths", "6x")[::2], "6x")
    assert_one_line_error(*run(capsys, "params", "--model", "rnn", "--rnn-pooling", "sum")[::2], "last, mean, max")
    assert_one_line_error(*run(capsys, "params", "--preset", "notebook-rnn", "--rnn-hidden", "4")[::2], "--rnn-hidden")
    assert_one_line_error(*run(capsys, "frobnicate")[::2], "frobnicate")


# train


def test_train_writes_a_record_that_loads(capsys, tiny_npz, tmp_path):
    out_file = tmp_path / "out" / "run.json"
    code, out, _ = run(
        capsys,
        "train",
        "--data",
        str(tiny_npz),
        "--epochs",
        "2",
        "--split-seed",
        "3",
        "--seed",
        "5",
        *TINY_MODELS,
        "--out",
        str(out_file),
    )
    assert code == 0
    record = runs.load(out_file)
    assert record["status"] == "finished"
    data = load_npz(tiny_npz)
    split = make_split(data, "random", seed=3)
    assert record["test_idx"] == split.test_idx.tolist()
    assert record["config"]["split_seed"] == 3 and record["config"]["train"]["seed"] == 5
    assert record["dataset"]["class_names"] == ["a", "b", "c"]
    assert record["config"]["train"]["epochs"] == 2 and record["config"]["data"] == str(tiny_npz)
    for name in ("rnn", "cnn"):
        entry = record["models"][name]
        assert [h["epoch"] for h in entry["history"]] == [1, 2]
        cm = np.asarray(entry["confusion"])
        assert cm.sum() == len(split.test_idx)
        assert np.trace(cm) / cm.sum() == pytest.approx(entry["history"][-1]["test_acc"])
    assert record["models"]["rnn"]["params"] == count_params(RNNConfig(hidden=8), n_frames=4, n_features=6, n_classes=3)
    rows = [
        line.split() for line in out.splitlines() if line.split()[:1] in (["rnn"], ["cnn"]) and len(line.split()) == 7
    ]
    assert [(r[0], r[1]) for r in rows] == [("rnn", "1"), ("cnn", "1"), ("rnn", "2"), ("cnn", "2")]


def test_train_is_repeatable_and_quiet(capsys, tiny_npz, tmp_path):
    records = []
    for i in range(2):
        code, out, _ = run(
            capsys,
            "train",
            "--data",
            str(tiny_npz),
            "--epochs",
            "1",
            "--split",
            "group",
            *TINY_MODELS,
            "--quiet",
            "--out",
            str(tmp_path / f"{i}.json"),
        )
        assert code == 0 and out == ""
        records.append(runs.load(tmp_path / f"{i}.json"))
    for name in ("rnn", "cnn"):
        a, b = (r["models"][name]["history"][0] for r in records)
        assert {k: v for k, v in a.items() if k != "seconds"} == {k: v for k, v in b.items() if k != "seconds"}
    assert records[0]["config"]["split"] == "group"


def test_train_presets_and_options(capsys, tiny_npz, tmp_path):
    out_file = tmp_path / "run.json"
    argv = [
        "train",
        "--data",
        str(tiny_npz),
        "--epochs",
        "1",
        "--rnn-preset",
        "small-rnn",
        "--rnn-pooling",
        "last",
        "--rnn-unidirectional",
        "--cnn-preset",
        "small-cnn",
        "--cnn-widths",
        "4,5",
        "--cnn-kernel-size",
        "5",
        "--quiet",
        "--out",
        str(out_file),
    ]
    assert run(capsys, *argv)[0] == 0
    configs = runs.model_configs(runs.load(out_file))
    assert configs["rnn"] == RNNConfig(hidden=32, pooling="last", bidirectional=False)
    assert configs["cnn"] == CNNConfig(widths=(4, 5), kernel_size=5)


def test_train_errors_are_one_line_and_write_nothing(capsys, tiny_npz, tmp_path):
    out_file = tmp_path / "run.json"
    for argv, words in [
        (["--rnn-preset", "notebook-cnn"], "small-rnn"),
        (["--cnn-preset", "notebook-cnn", "--cnn-widths", "3"], "--cnn-widths"),
        (["--split", "weird"], "weird"),
        (["--epochs", "0"], "epochs"),
        (["--data", str(tmp_path / "missing.npz")], "missing.npz"),
    ]:
        argv = ["train", "--data", str(tiny_npz), *argv, "--out", str(out_file)]
        assert_one_line_error(*run(capsys, *argv)[::2], words)
    assert not out_file.exists()


def test_diverged_training_is_recorded(capsys, tiny_npz, tmp_path):
    out_file = tmp_path / "run.json"
    code, _, err = run(
        capsys,
        "train",
        "--data",
        str(tiny_npz),
        "--epochs",
        "3",
        "--lr",
        "10",  # the highest rate a setup takes: the tiny models' loss explodes in the first epoch
        *TINY_MODELS,
        "--quiet",
        "--out",
        str(out_file),
    )
    assert_one_line_error(code, err, "diverged")
    record = runs.load(out_file)
    assert record["status"] == "diverged" and "diverged" in record["message"]


# bench and lab get every argument as it was typed


@pytest.mark.parametrize("command,module", [("bench", "har.bench.cli"), ("lab", "har.lab.cli")])
def test_bench_and_lab_get_their_own_arguments(capsys, monkeypatch, command, module):
    seen = []
    fake = types.ModuleType(module)
    fake.main = lambda argv: seen.append(argv) or 7
    monkeypatch.setitem(sys.modules, module, fake)
    argv = ["--epochs", "3", "-h", "--data", "demo", "extra"]
    assert main([command, *argv]) == 7
    assert seen == [argv]


def test_help_lists_every_command(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("data", "params", "train", "bench", "lab", "board"):
        assert command in out


# data download, end to end against a server on 127.0.0.1


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


# a real `python -m har` process


def test_process_exit_codes_and_no_traceback(tmp_path, tiny_npz):
    ok = run_process("data", "info", "--data", str(tiny_npz), "--json", env={"HAR_DATA_DIR": str(tmp_path)})
    assert ok.returncode == 0 and json.loads(ok.stdout)["n"] == 30
    bad = run_process("data", "info", "--data", str(tmp_path / "missing.npz"), env={"HAR_DATA_DIR": str(tmp_path)})
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [bad.stderr.strip()] and bad.stderr.startswith("error: ")
    assert "missing.npz" in bad.stderr


def test_ctrl_c_keeps_completed_epochs_in_the_record(tiny_npz, tmp_path):
    out_file = tmp_path / "run.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HAR_DATA_DIR": str(tmp_path), "OMP_NUM_THREADS": "1"}
    argv = [
        sys.executable,
        "-m",
        "har",
        "train",
        "--data",
        str(tiny_npz),
        "--epochs",
        "500",  # the most a setup takes: far more than the one epoch it waits for
        *TINY_MODELS,
        "--out",
        str(out_file),
    ]
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:  # wait until an epoch has been completed
            if line.startswith("cnn "):
                break
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130 and "Traceback" not in err
    record = runs.load(out_file)
    assert record["status"] == "stopped" and "Ctrl-C" in record["message"]
    histories = [len(record["models"][name]["history"]) for name in ("rnn", "cnn")]
    assert min(histories) >= 1 and max(histories) < 500
