"""`python -m har`, run in-process through `main` and as a real subprocess: data info, parameter counts, the tools'
dispatch and help, exit codes. `train` and `data download` have files of their own (test_train_cli.py,
test_data_download.py)."""

from __future__ import annotations

import json
import sys
import types

import numpy as np
import pytest
from support.cli import assert_one_line_error, run, run_process

from har.cli import main
from har.data import load_dataset
from har.models import CNNConfig, RNNConfig
from har.params import count_params
from har.presets import PRESETS

TINY_MODELS = ["--rnn-hidden", "8", "--cnn-widths", "8", "--batch-size", "8"]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    for var in ("HAR_UCF11_URL", "HAR_UCF11_MD5"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path / "data"


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


# lab gets every argument as it was typed; the benchmark is not a har command


@pytest.mark.parametrize("command,module", [("lab", "har.lab.cli")])
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
    for command in ("data", "params", "train", "lab", "board"):
        assert command in out
    assert "bench" not in out


def test_bench_says_in_one_sentence_where_the_benchmark_runs(capsys):
    code, _, err = run(capsys, "bench", "--quick")
    assert_one_line_error(code, err, "python -m bench")


# a real `python -m har` process


def test_process_exit_codes_and_no_traceback(tmp_path, tiny_npz):
    ok = run_process("data", "info", "--data", str(tiny_npz), "--json", env={"HAR_DATA_DIR": str(tmp_path)})
    assert ok.returncode == 0 and json.loads(ok.stdout)["n"] == 30
    bad = run_process("data", "info", "--data", str(tmp_path / "missing.npz"), env={"HAR_DATA_DIR": str(tmp_path)})
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [bad.stderr.strip()] and bad.stderr.startswith("error: ")
    assert "missing.npz" in bad.stderr


# names are printed as they were written


HOSTILE_NAME = '<script>alert("x")</script>'


def test_cli_prints_names_verbatim(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "evil.npz"
    np.savez(
        path,
        X=np.ones((4, 2, 3), np.float32) * np.arange(4)[:, None, None],
        y=[0, 0, 1, 1],
        class_names=np.array([HOSTILE_NAME, "&amp;"]),
    )
    assert main(["data", "info", "--data", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["class_names"] == [HOSTILE_NAME, "&amp;"]
    assert load_dataset(str(path)).class_names == (HOSTILE_NAME, "&amp;")
