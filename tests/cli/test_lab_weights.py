"""`python -m har lab weights eval` and `lab order --weights` on saved models, which carry their train/test split:
scored on their own test clips by default, never on their training clips without a loud label."""

from __future__ import annotations

import json

import numpy as np
import pytest
from support.data import tiny_models

from har.data import make_split
from har.data.demo import make_demo
from har.lab.cli import main
from har.weights import load_weights, save_weights

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def call(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo():
    return make_demo()


@pytest.fixture(scope="module")
def saved(demo, tmp_path_factory):
    """Weights files on the full demo: one trained on the group split, one on the random split (seed 0)."""
    folder = tmp_path_factory.mktemp("weights")
    paths = {}
    for kind in ("group", "random"):
        paths[kind] = str(folder / f"{kind}.pt")
        save_weights(paths[kind], tiny_models(demo), demo, make_split(demo, kind, seed=0))
    return paths


def test_the_audits_figures_hold_on_the_demo(demo):
    group0, random0, random1 = (make_split(demo, k, seed=s) for k, s in (("group", 0), ("random", 0), ("random", 1)))
    assert len(random0.test_idx) == len(random1.test_idx) == 318
    assert np.isin(random0.test_idx, group0.train_idx).sum() == 251
    assert np.isin(random1.test_idx, random0.train_idx).sum() == 249


def test_the_command_line_scores_saved_models_on_their_own_test_clips(capsys, demo, tmp_path):
    path = str(tmp_path / "group.pt")
    small = ["--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4", "--quiet"]
    assert main(["weights", "save", "--out", path, "--data", "demo", "--split", "group", *small]) == 0
    capsys.readouterr()
    # The flags name the random split, but the models learned from the group split: its test clips are scored.
    code, out, _ = call(capsys, "weights", "eval", path, "--data", "demo", "--split", "random", "--json")
    report = json.loads(out)
    assert code == 0 and report["n"] == len(make_split(demo, "group").test_idx) == 334
    assert report["split"]["kind"] == "group" and report["training_clips"] == 0
    code, _, err = call(capsys, "weights", "eval", path, "--data", "demo", "--on", "split", "--split", "random")
    assert code == 2 and "the models trained on 251 of the 318 clips" in err


def test_group_weights_scored_on_the_random_split_are_refused_or_labelled(capsys, saved):
    code, out, err = call(
        capsys, "weights", "eval", saved["group"], "--data", "demo", "--on", "split", "--split", "random"
    )
    assert code == 2 and out == ""
    assert err.startswith("error: the models trained on 251 of the 318 clips to evaluate") and err.count("\n") == 1
    code, out, _ = call(
        capsys, "weights", "eval", saved["group"], "--data", "demo", "--on", "split", "--split", "random",
        "--allow-overlap",
    )  # fmt: skip
    assert code == 0 and "NOT A TEST ACCURACY: the models trained on 251 of these 318 clips." in out
    flags = ("--data", "demo", "--on", "split", "--split", "random", "--allow-overlap", "--json")
    code, out, _ = call(capsys, "weights", "eval", saved["group"], *flags)
    report = json.loads(out)
    assert report["training_clips"] == 251 and report["n"] == 318 and report["test_accuracy"] is False
    assert report["split"]["kind"] == "group" and report["warning"].startswith("NOT A TEST ACCURACY")


def test_another_split_seed_is_refused_too(capsys, saved):
    code, _, err = call(
        capsys, "weights", "eval", saved["random"], "--data", "demo", "--on", "split", "--split-seed", "1"
    )
    assert code == 2 and "the models trained on 249 of the 318 clips" in err


def test_by_default_the_saved_test_clips_are_scored_whatever_the_flags_say(capsys, demo, saved):
    code, out, _ = call(capsys, "weights", "eval", saved["random"], "--data", "demo", "--split-seed", "1", "--json")
    report = json.loads(out)
    assert code == 0 and report["training_clips"] == 0 and report["test_accuracy"] is True
    assert report["split"]["seed"] == 0 and report["split"]["kind"] == "random"
    assert report["split"]["test_fingerprint"] == load_weights(saved["random"]).split.test_fingerprint
    assert report["n"] == len(make_split(demo, "random", seed=0).test_idx)
    code, out, _ = call(capsys, "weights", "eval", saved["random"], "--data", "demo", "--lang", "es")
    assert code == 0 and "la división aleatoria (semilla 0, 20\u00a0% de prueba), guardados con los pesos" in out


def test_the_order_probe_on_saved_models_follows_the_same_rules(capsys, saved):
    code, _, err = call(
        capsys, "order", "--weights", saved["group"], "--data", "demo", "--on", "split", "--split", "random"
    )
    assert code == 2 and "251 of the 318" in err
    code, out, _ = call(
        capsys, "order", "--weights", saved["group"], "--data", "demo", "--on", "split", "--split", "random",
        "--allow-overlap", "--json",
    )  # fmt: skip
    report = json.loads(out)
    assert code == 0 and report["result"]["training_clips"] == 251
    assert report["verdict"].startswith("NOT A TEST ACCURACY: the models trained on 251 of these 318 clips.")
    code, out, _ = call(capsys, "order", "--weights", saved["group"], "--data", "demo", "--json")
    report = json.loads(out)  # its own group test clips: a test result, and no random-split warning
    assert report["result"]["training_clips"] == 0 and not report["result"]["shared_backgrounds"]
    assert "NOT A TEST" not in report["verdict"]


# A forged header: the file's tensors are those of 4 GRU units, its header says 4,000 (a memory bomb of ~460 MB)

PEAK = """
import resource, sys
from har.lab.cli import main
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
code = main(["weights", "eval", sys.argv[1], "--data", "demo"])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def test_a_forged_header_is_refused_in_one_line_without_taking_memory(tmp_path):
    import subprocess
    import sys

    from support.paths import ROOT
    from support.weights import big_hidden, forged

    path = tmp_path / "bomb.pt"
    path.write_bytes(forged(make_demo(scale=0.1), big_hidden))
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    code, grew_kb = map(int, done.stdout.split())
    assert code == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: bomb.pt describes a model rnn whose tensor")
    assert grew_kb < 50 * 1024, f"peak memory grew by {grew_kb / 1024:.0f} MB"


@pytest.mark.parametrize("forge", ["negative", "repeated"])
def test_a_forged_split_is_refused_in_one_line_not_scored(capsys, tmp_path, forge):
    from support.weights import forged

    from har.data.splits import indices_fingerprint

    def edit(header):
        s = header["split"]
        s["test_idx"] = [-1 - i for i in range(50)] if forge == "negative" else [s["test_idx"][0]] * 500
        s["test_fingerprint"] = indices_fingerprint(np.asarray(s["test_idx"], dtype=np.int64))

    path = tmp_path / "forged.pt"
    path.write_bytes(forged(make_demo(scale=0.1), edit))
    code, out, err = call(capsys, "weights", "eval", str(path), "--data", "demo")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("error: forged.pt carries a forged split")
