"""`python -m har train`: a run record that loads, repeatable and quiet, presets and options, one line for each
mistake, a diverging training stopped naming its epoch, and Ctrl-C keeping the finished epochs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from support.cli import assert_one_line_error, run
from support.paths import ROOT

from har import runs
from har.cli import main
from har.data import make_split
from har.data.npz import load_npz
from har.models import CNNConfig, RNNConfig
from har.params import count_params

TINY_MODELS = ["--rnn-hidden", "8", "--cnn-widths", "8", "--batch-size", "8"]

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


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
    assert record.status == "finished"
    data = load_npz(tiny_npz)
    split = make_split(data, "random", seed=3)
    assert record.test_idx == split.test_idx.tolist()
    assert record.config.split_seed == 3 and record.config.train.seed == 5
    assert record.dataset.class_names == ("a", "b", "c")
    assert record.config.train.epochs == 2 and record.config.data == str(tiny_npz)
    for name in ("rnn", "cnn"):
        entry = record.models[name]
        assert [h.epoch for h in entry.history] == [1, 2]
        cm = np.asarray(entry.confusion)
        assert cm.sum() == len(split.test_idx)
        assert np.trace(cm) / cm.sum() == pytest.approx(entry.history[-1].test_acc)
    assert record.models["rnn"].params == count_params(RNNConfig(hidden=8), n_frames=4, n_features=6, n_classes=3)
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
        a, b = (r.models[name].history[0] for r in records)
        assert replace(a, seconds=0) == replace(b, seconds=0)
    assert records[0].config.split == "group"


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
    assert record.status == "diverged" and "diverged" in record.message


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
    assert record.status == "stopped" and "Ctrl-C" in record.message
    histories = [len(record.models[name].history) for name in ("rnn", "cnn")]
    assert min(histories) >= 1 and max(histories) < 500


# Training that diverges is stopped, naming the epoch


TINY = ["--rnn-hidden", "8", "--cnn-widths", "8", "--batch-size", "8", "--quiet"]


@pytest.mark.parametrize("lr", ["10"])  # the highest a setup takes; 1e6 goes through fit() below
def test_a_diverging_training_is_stopped_and_recorded(tmp_path, capsys, tiny_npz, lr):
    out = tmp_path / "run.json"
    code = main(["train", "--data", str(tiny_npz), "--epochs", "20", "--lr", lr, *TINY, "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("error: Training diverged in epoch ") and "learning rate" in err
    assert len(err.splitlines()) == 1
    record = runs.load(out)
    assert record.status == "diverged" and record.message == err.removeprefix("error: ")
    epoch = int(err.split("epoch ")[1].split(":")[0])
    histories = {name: len(m.history) for name, m in record.models.items()}
    assert min(histories.values()) == epoch - 1  # the epochs before it are kept, the broken one is not
    assert max(histories.values()) < 20


def test_a_sane_learning_rate_is_never_taken_for_divergence(tiny_npz, tmp_path, capsys):
    for lr in ("0.1",):  # high enough to make the loss jump about, not high enough to blow it up
        out = tmp_path / f"run-{lr}.json"
        assert main(["train", "--data", str(tiny_npz), "--epochs", "4", "--lr", lr, *TINY, "--out", str(out)]) == 0
        assert runs.load(out).status == "finished"
