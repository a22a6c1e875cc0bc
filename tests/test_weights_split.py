"""Saved models carry their train/test split: they are scored on their own test clips by default, never on
their training clips without a loud label, and never on other data."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dashboard import state
from har.data import make_dataset, make_split
from har.data.demo import make_demo
from har.data.npz import save_npz
from har.errors import HarError
from har.lab.cli import main
from har.models import CNNConfig, RNNConfig, build_model
from har.weights import evaluate_weights, load_weights, save_weights, weights_bytes

PAGE = ROOT / "pages" / "lab.py"
pytestmark = pytest.mark.usefixtures("one_torch_thread")


def tiny_models(data):
    return {
        "rnn": build_model(RNNConfig(hidden=4), **data.shape, seed=0),
        "cnn": build_model(CNNConfig(widths=(4,)), **data.shape, seed=0),
    }


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
    assert code == 0 and "la división aleatoria (semilla 0, 20% de prueba), guardados con los pesos" in out


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


def test_weights_of_other_data_are_refused_in_both_languages(tmp_path):
    data = make_demo(scale=0.05)
    other = make_demo(seed=1, scale=0.05)  # the same shape, classes and clip count: only the values differ
    assert other.shape == data.shape and other.n == data.n
    bundle = load_weights(weights_bytes(tiny_models(data), data, make_split(data, "random")))
    assert evaluate_weights(bundle, data)["test_accuracy"]
    with pytest.raises(HarError) as e:
        evaluate_weights(bundle, other)
    assert str(e.value).startswith("these weights were trained on other data (fingerprint ")
    assert e.value.message("es").startswith("estos pesos se entrenaron con otros datos")
    path = tmp_path / "other.npz"
    save_npz(path, other)
    weights = tmp_path / "m.pt"
    weights.write_bytes(weights_bytes(tiny_models(data), data, make_split(data, "random")))
    assert main(["weights", "eval", str(weights), "--data", str(path)]) == 2


def test_the_fingerprint_sees_one_value_or_one_label():
    from har.data.dataset import fingerprint

    rng = np.random.default_rng(0)
    X, y = rng.random((12, 3, 4), dtype=np.float32), np.arange(12) % 3
    base = fingerprint(make_dataset("a", X, y))
    assert fingerprint(make_dataset("another name, same clips", X.copy(), y.copy())) == base
    X2 = X.copy()
    X2[5, 1, 2] += 1e-3
    assert fingerprint(make_dataset("a", X2, y)) != base
    y2 = y.copy()
    y2[0] = 1
    assert fingerprint(make_dataset("a", X, y2)) != base


def test_an_old_file_without_its_split_is_refused_in_one_sentence(tmp_path, capsys):
    data = make_demo(scale=0.05)
    raw = weights_bytes(tiny_models(data), data, make_split(data, "random"))
    payload = torch.load(__import__("io").BytesIO(raw), weights_only=True)
    header = json.loads(payload["header"])
    del header["split"]
    old = tmp_path / "old.pt"
    torch.save({**payload, "version": 1, "header": json.dumps(header)}, old)
    with pytest.raises(HarError) as e:
        load_weights(old)
    assert str(e.value) == (
        "old.pt was saved without its train/test split (weights format 1), so nothing tells its training clips from "
        "its test clips; save the models again with this version."
    )
    assert e.value.message("es").startswith("old.pt se guardó sin su división entrenamiento/prueba")
    code, _, err = call(capsys, "weights", "eval", str(old))
    assert code == 2 and err.startswith("error: old.pt was saved without its train/test split")


def test_saved_test_clips_that_do_not_match_their_fingerprint_are_damaged(tmp_path):
    data = make_demo(scale=0.05)
    raw = weights_bytes(tiny_models(data), data, make_split(data, "random"))
    payload = torch.load(__import__("io").BytesIO(raw), weights_only=True)
    header = json.loads(payload["header"])
    header["split"]["test_idx"] = header["split"]["test_idx"][1:]  # a clip moved out of the test side by hand
    torch.save({**payload, "header": json.dumps(header)}, tmp_path / "edited.pt")
    with pytest.raises(HarError, match="damaged"):
        load_weights(tmp_path / "edited.pt")


def lab_page(split_seed: int) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    for key, value in state.DEFAULTS.items():
        at.session_state[key] = value
    at.session_state[state.SPLIT_SEED] = split_seed
    at.session_state[state.LAB_STUDY] = "weights"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_lab_page_scores_an_upload_on_its_own_test_clips_and_labels_training_clips(app_env, tiny_demo):
    raw = weights_bytes(tiny_models(tiny_demo), tiny_demo, make_split(tiny_demo, "random", seed=0))
    at = lab_page(split_seed=1)  # the sidebar's split is not the one the models learned on
    at.file_uploader(key=state.LAB_WEIGHTS_UPLOAD).set_value(("models.pt", raw, "application/octet-stream")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    n_test = len(make_split(tiny_demo, "random", seed=0).test_idx)
    assert any(f"Trained on the random split (seed 0, 20% test) of this data; scored on {n_test} clips." in c.value
               for c in at.caption)  # fmt: skip
    assert list(at.dataframe[0].value.columns) == ["model", "accuracy"]

    at.radio(key=state.LAB_WEIGHTS_ON).set_value("split").run()  # split seed 1's test clips: some seen in training
    sidebar = make_split(tiny_demo, "random", seed=1).test_idx
    seen = int(np.isin(sidebar, make_split(tiny_demo, "random", seed=0).train_idx).sum())
    assert seen > 0
    assert [e.value for e in at.error] == [
        f"the models trained on {seen} of the {len(sidebar)} clips to evaluate, so "
        "their score would not be a test accuracy; evaluate on the test clips saved with the weights (the default), "
        "or allow training clips explicitly to see the score labelled as such."
    ]
    assert not at.dataframe

    at.toggle(key=state.LAB_WEIGHTS_OVERLAP).set_value(True).run()
    assert any(e.value.startswith(f"NOT A TEST ACCURACY: the models trained on {seen} of these") for e in at.error)
    assert list(at.dataframe[0].value.columns) == ["model", "accuracy (NOT a test accuracy)"]
