"""`python -m har lab explain WEIGHTS --clip KEY [--method occlusion|ig] [--json]` and `--map OUT.csv`: the explain
wing reached through the lab's command line, in-process and as a real process, on a pair trained a little on a
tiny demo saved as an .npz."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
import torch
from support.cli import assert_cli_error, run, run_process

from har.data import make_split
from har.data.demo import make_demo
from har.explain.attribution import integrated_gradients, occlusion
from har.explain.probe import probabilities
from har.models import CNNConfig, RNNConfig, build_model
from har.weights import load_weights, save_weights

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """(weights file, data file, the data): both models a few Adam steps from their initial weights."""
    demo = make_demo(scale=0.05)
    folder = tmp_path_factory.mktemp("lab-explain")
    npz = folder / "demo.npz"
    arrays = {"X": demo.X, "y": demo.y, "keys": np.array(demo.keys), "groups": demo.groups}
    np.savez(npz, **arrays, class_names=np.array(demo.class_names))
    split = make_split(demo, "group", seed=0)
    x, y = torch.from_numpy(np.array(demo.X[split.train_idx])), torch.from_numpy(np.array(demo.y[split.train_idx]))
    models = {
        "rnn": build_model(RNNConfig(hidden=8), **demo.shape, seed=0),
        "cnn": build_model(CNNConfig(widths=(8,)), **demo.shape, seed=1),
    }
    for model in models.values():
        opt = torch.optim.Adam(model.parameters(), lr=0.02)
        for _ in range(3):
            loss = torch.nn.functional.cross_entropy(model.train()(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
    save_weights(folder / "pair.pt", models, demo, split)
    return folder / "pair.pt", npz, demo


def test_lab_explain_prints_both_models_frames_and_probabilities_as_json(capsys, files):
    weights, npz, demo = files
    bundle = load_weights(weights)
    i = int(bundle.split.test_idx[0])
    code, out, _ = run(capsys, "lab", "explain", str(weights), "--data", str(npz), "--clip", demo.keys[i], "--json")
    assert code == 0
    clip = json.loads(out)["clip"]
    assert clip["key"] == demo.keys[i] and clip["method"] == "occlusion" and set(clip["models"]) == {"rnn", "cnn"}
    for name, model in bundle.models.items():
        entry = clip["models"][name]
        assert np.allclose(list(entry["probabilities"].values()), probabilities(model, demo.X[i : i + 1])[0])
        assert np.allclose(entry["frames"], occlusion(model, demo.X[i : i + 1], targets=[demo.y[i]]).values[0])


def test_lab_explain_with_integrated_gradients_reports_the_completeness_error(capsys, files):
    weights, npz, demo = files
    bundle = load_weights(weights)
    i = int(bundle.split.test_idx[1])
    argv = ["lab", "explain", str(weights), "--data", str(npz), "--clip", demo.keys[i], "--method", "ig", "--json"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    clip = json.loads(out)["clip"]
    assert clip["method"] == "ig" and clip["steps"] == 50
    for name, model in bundle.models.items():
        expected = integrated_gradients(model, demo.X[i : i + 1], targets=[demo.y[i]])
        assert np.allclose(clip["models"][name]["frames"], expected.values[0])
        assert clip["models"][name]["completeness_error"] == pytest.approx(expected.completeness_error[0], abs=1e-9)


def test_lab_explain_map_writes_every_saved_test_clip_as_csv(capsys, files, tmp_path):
    weights, npz, demo = files
    out_csv = tmp_path / "map.csv"
    code, out, _ = run(capsys, "lab", "explain", str(weights), "--data", str(npz), "--map", str(out_csv))
    assert code == 0 and str(out_csv) in out
    rows = list(csv.DictReader(out_csv.open()))
    test_keys = [demo.keys[i] for i in load_weights(weights).split.test_idx]
    assert [r["key"] for r in rows] == test_keys
    assert {"rnn_x", "rnn_y", "cnn_x", "cnn_y", "rnn_pred", "cnn_pred"} <= set(rows[0])


def test_lab_explain_an_unknown_clip_is_one_sentence(capsys, files):
    weights, npz, _ = files
    code, _, err = run(capsys, "lab", "explain", str(weights), "--data", str(npz), "--clip", "no-such-clip")
    assert_cli_error(code, err, "no-such-clip")


def test_lab_explain_as_a_real_process_prints_a_table(files):
    weights, npz, demo = files
    i = int(load_weights(weights).split.test_idx[0])
    done = run_process("lab", "explain", str(weights), "--data", str(npz), "--clip", demo.keys[i])
    assert done.returncode == 0, done.stderr
    assert demo.keys[i] in done.stdout and "RNN" in done.stdout and "CNN" in done.stdout


def test_lab_help_lists_explain(capsys):
    code, out, _ = run(capsys, "lab", "--help")
    assert code == 0 and "explain" in out
