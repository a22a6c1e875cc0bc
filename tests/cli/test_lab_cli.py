"""`python -m har lab ...` on a tiny demo set: every command runs, prints its table or JSON, and
every mistake is one line with exit code 2."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from support.paths import ROOT

from har import runs
from har.cli import main as har_main
from har.data.demo import make_demo
from har.data.npz import save_npz
from har.lab import decode, preset_setup
from har.lab.cli import main
from har.lab.flags import options_of
from har.lab.registry import studies

SMALL = ["--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4", "--quiet"]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("data") / "tiny.npz"
    save_npz(path, make_demo(scale=0.05))
    return str(path)


@pytest.fixture(scope="module")
def run_json(tiny, tmp_path_factory) -> str:
    """A real run record, written by `python -m har train`."""
    out = tmp_path_factory.mktemp("run") / "run.json"
    assert (
        har_main(
            [
                "train",
                "--data",
                tiny,
                "--epochs",
                "2",
                "--rnn-hidden",
                "4",
                "--cnn-widths",
                "4",
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    return str(out)


def call(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def call_json(capsys, *argv) -> dict:
    code, out, err = call(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_seeds_prints_intervals_per_seed_rows_and_a_verdict(capsys, tiny):
    code, out, _ = call(capsys, "seeds", "--seeds", "2", "--data", tiny, *SMALL)
    assert code == 0
    assert "95% interval" in out and "Per seed:" in out and "paired t-test" in out and "McNemar" in out
    result = call_json(capsys, "seeds", "--seeds", "2", "--data", tiny, *SMALL, "--lang", "es")
    assert result["finished"] and result["result"]["seeds"] == [0, 1]
    assert result["setup"]["rh"] == "4" and result["setup"]["data"] == tiny
    assert result["result"]["paired"]["n"] == 2 and "semillas" in result["verdict"]
    finals = [r["final_acc"]["rnn"] for r in result["result"]["runs"]]
    assert result["result"]["final"]["rnn"]["mean"] == pytest.approx(np.mean(finals))


def test_sweep_pooling_and_leakage_report_their_grids(capsys, tiny):
    sweep = call_json(capsys, "sweep", "--hidden", "2,4", "--data", tiny, *SMALL)
    assert sorted((p["family"], p["knob"]) for p in sweep["result"]["points"] if p["family"] == "rnn") == [
        ("rnn", 2),
        ("rnn", 4),
    ]
    code, out, _ = call(capsys, "pooling", "--poolings", "last,max", "--data", tiny, *SMALL)
    assert code == 0 and out.splitlines()[2].startswith("last") and out.splitlines()[3].startswith("max")
    leak = call_json(capsys, "leakage", "--data", tiny, *SMALL)
    assert set(leak["result"]["final_acc"]) == {"random", "group"} and "background" in leak["verdict"]


def test_order_lists_each_class_and_the_drop(capsys, tiny):
    code, out, _ = call(capsys, "order", "--data", tiny, *SMALL)
    assert code == 0
    for name in make_demo(scale=0.05).class_names:
        assert name in out
    assert "opposite order" not in out  # an .npz is the user's data: no claim about the demo's order pairs
    result = call_json(capsys, "order", "--data", tiny, *SMALL)["result"]
    for m in ("rnn", "cnn"):
        assert result["drop"][m]["shuffled"] == pytest.approx(
            result["acc"][m]["original"] - result["acc"][m]["shuffled"]
        )


def test_weights_save_then_eval_and_order_on_the_saved_models(capsys, tiny, tmp_path):
    path = str(tmp_path / "models.pt")
    saved = call_json(capsys, "weights", "save", "--out", path, "--data", tiny, *SMALL)
    assert Path(path).exists()
    evaluated = call_json(capsys, "weights", "eval", path, "--data", tiny)
    # The same split's test clips: the loaded models score exactly what they scored in training.
    for m in ("rnn", "cnn"):
        assert evaluated["models"][m]["acc"] == pytest.approx(saved["result"]["final_acc"][m])
    everything = call_json(capsys, "weights", "eval", path, "--data", tiny, "--on", "all", "--allow-overlap")
    assert everything["n"] == make_demo(scale=0.05).n and not everything["test_accuracy"]
    code, out, _ = call(capsys, "order", "--weights", path, "--data", tiny, "--lang", "es")
    assert code == 0 and "barajados" in out


def test_discuss_mcnemar_and_failures_read_a_run_record(capsys, run_json):
    record = runs.load(run_json)
    code, out, _ = call(capsys, "discuss", run_json)
    finals = {n: m.history[-1].test_acc for n, m in record.models.items()}
    assert (
        code == 0 and f"The RNN ended at {finals['rnn']:.1%}" in out and f"The CNN ended at {finals['cnn']:.1%}" in out
    )
    # McNemar's sentence only where neither model stayed at chance level (this tiny run's may have)
    assert ("McNemar" in out) == ("chance level" not in out)
    code, es, _ = call(capsys, "discuss", run_json, "--lang", "es")
    assert code == 0 and "época" in es

    m = call_json(capsys, "mcnemar", run_json)
    assert m["n"] == len(record.test_labels) == m["both_right"] + m["a_only"] + m["b_only"] + m["both_wrong"]
    code, out, _ = call(capsys, "mcnemar", run_json)
    assert code == 0 and "only RNN right" in out

    names = record.dataset.class_names
    cm = np.asarray(record.models["cnn"].confusion)
    i, j = np.unravel_index(np.argmax(cm - np.diag(np.diag(cm)) * 10**6), cm.shape)
    listed = call_json(capsys, "failures", run_json, "--model", "cnn", "--true", names[i], "--pred", str(j))
    assert listed["count"] == cm[i, j] == len(listed["clips"]) and (listed["true"], listed["pred"]) == (
        names[i],
        names[j],
    )
    assert all(c["key"].startswith(names[i]) for c in listed["clips"])


def test_share_prints_a_link_that_reproduces_the_setup(capsys):
    code, out, _ = call(capsys, "share", "--preset", "small", "--epochs", "3", "--split", "group", "--lang", "es")
    assert code == 0
    setup, warnings = decode(out.strip())
    assert warnings == [] and setup.train.epochs == 3 and setup.split == "group" and setup.lang == "es"
    assert setup.models() == preset_setup("small").models()
    code, link, _ = call(capsys, "share", "--setup", out.strip(), "--url", "http://localhost:8501/lab")
    assert code == 0 and link.strip() == f"http://localhost:8501/lab?{out.strip()}"
    code, again, _ = call(capsys, "share", "--setup", link.strip())  # a full link works as well
    assert again == out


def test_a_bad_value_in_a_shared_link_is_a_warning_but_a_bad_flag_is_an_error(capsys):
    code, out, err = call(capsys, "share", "--setup", "rh=lots&ep=2")
    assert code == 0 and "warning:" in err and decode(out.strip())[0].train.epochs == 2
    code, out, err = call(capsys, "share", "--rnn-hidden", "lots")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err == "error: --rnn-hidden 'lots' is not valid; give a whole number from 1 to 4,096.\n"
    code, _, err = call(capsys, "share", "--cnn-widths", "64,x")
    assert code == 2 and "'64,x'" in err and "joined by \u201c,\u201d" in err and "like 64,32" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["seeds", "--split", "diagonal"],
        ["seeds", "--seeds", "0"],
        ["sweep", "--hidden", "x,y"],
        ["pooling", "--cnn", "notebook-cnn"],
        ["seeds", "--data", "/no/such/data.npz"],
        ["discuss", "/no/such/run.json"],
        ["failures", "/no/such/run.json", "--true", "0", "--pred", "1"],
        ["weights", "eval", "/no/such/models.pt"],
        ["weights", "save"],
        ["fly"],
        [],
    ],
)
def test_mistakes_are_one_line_and_exit_code_2(capsys, argv, tiny):
    code, out, err = call(capsys, *argv, *(["--data", tiny] if argv[:1] == ["pooling"] else []))
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_failures_with_an_unknown_class_or_model_is_one_line(capsys, run_json):
    for extra in (["--true", "nope", "--pred", "0"], ["--true", "0", "--pred", "0", "--model", "lstm"]):
        code, _, err = call(capsys, "failures", run_json, *extra)
        assert code == 2 and err.startswith("error: ") and err.count("\n") == 1


@pytest.mark.filterwarnings("ignore:'har.lab.cli' found in sys.modules:RuntimeWarning")
def test_python_dash_m_forwards_to_the_lab(capsys, monkeypatch):
    argv = ["share", "--preset", "course"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    via_har = subprocess.run(
        [sys.executable, "-m", "har", "lab", *argv], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert via_har.returncode == 0, via_har.stderr
    code, direct, _ = call(capsys, *argv)
    assert via_har.stdout == direct and "cnn=notebook-cnn" in direct
    # `python -m har.lab.cli` runs the same main and exits with its code.
    monkeypatch.setattr(sys, "argv", ["har.lab.cli", "share", "--lr", "-1"])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("har.lab.cli", run_name="__main__")
    assert exited.value.code == 2 and capsys.readouterr().err.startswith("error: ")


class InterruptingStream:
    """stderr that behaves like Ctrl-C once the progress reaches the second seed."""

    def __init__(self, after: str):
        self.after, self.text = after, ""

    def write(self, text: str) -> int:
        self.text += text
        if self.after in text:
            raise KeyboardInterrupt
        return len(text)

    def flush(self) -> None:
        pass


def test_ctrl_c_reports_the_seeds_that_finished_and_exits_130(capsys, tiny, monkeypatch):
    small = [a for a in SMALL if a != "--quiet"]  # the progress lines are where Ctrl-C lands
    monkeypatch.setattr(sys, "stderr", InterruptingStream(after="seeds 1 rnn epoch 1"))
    code = main(["seeds", "--seeds", "3", "--data", tiny, *small])
    out = capsys.readouterr().out
    assert code == 130
    assert out.startswith("Stopped: 1 of 3 trainings finished")
    assert "Per seed:" in out and "\n0 " in out and "\n1 " not in out


def test_the_command_lines_tables_call_the_best_epoch_optimistic(capsys, tiny):
    small = ["--data", tiny, "--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4", "--quiet"]
    assert main(["seeds", "--seeds", "2", *small]) == 0
    out = capsys.readouterr().out
    assert "best-epoch test acc (optimistic)" in out
    assert "The best-epoch accuracy is optimistic: its epoch was picked by looking at the test clips." in out
    assert main(["pooling", "--poolings", "last", *small, "--lang", "es"]) == 0
    assert "exactitud de la mejor época (optimista)" in capsys.readouterr().out


def test_every_study_is_a_command_with_the_flags_its_options_declare(capsys):
    code, listing, _ = call(capsys, "--help")
    assert code == 0
    for name, study in studies().items():
        assert f"    {name} " in listing
        code, out, _ = call(capsys, name, "--help")
        assert code == 0
        for option in options_of(study.Options):
            assert option.flag in out  # e.g. --seeds, --hidden, --poolings, --shuffle-seed


@pytest.mark.parametrize(
    "argv, says",
    [
        (["seeds", "--seeds", "0"], "--seeds 0 is out of range; give a value from 1 to 100."),
        (["seeds", "--seeds", "two"], "--seeds takes a number like 5, not \u201ctwo\u201d."),
        (["sweep", "--hidden", "8,x"], "The values of --hidden go between commas, like 8,16,32,64,128"),
        (
            ["pooling", "--poolings", "last,median"],
            "--poolings does not know \u201cmedian\u201d; choose from last, mean, max.",
        ),
    ],
)
def test_an_option_outside_its_declaration_is_one_line(capsys, argv, says):
    code, out, err = call(capsys, *argv)
    assert code == 2 and out == "" and err.startswith("error: " + says) and err.count("\n") == 1
