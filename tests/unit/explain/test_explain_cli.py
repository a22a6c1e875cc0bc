"""`explain WEIGHTS --clip KEY` and `--map OUT.csv` in-process, on a real weights file of a pair trained a little
on a tiny demo, through the command's own parser and error handling."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from explain_models import train_a_little

from har.data import make_split
from har.data.demo import make_demo
from har.explain.attribution import integrated_gradients, occlusion
from har.explain.cli import main
from har.explain.embedding import pca_2d, pooled
from har.explain.probe import probabilities
from har.explain.report import training_mean_frame
from har.models import CNNConfig, RNNConfig, build_model
from har.weights import load_weights, save_weights

SCALE = 0.05


@pytest.fixture(scope="module")
def demo():
    return make_demo(scale=SCALE)


@pytest.fixture(scope="module")
def weights(demo, tmp_path_factory):
    """(weights file, the data file its models were trained on): a tiny demo saved as an .npz."""
    folder = tmp_path_factory.mktemp("explain")
    npz = folder / "demo.npz"
    arrays = {"X": demo.X, "y": demo.y, "keys": np.array(demo.keys), "groups": demo.groups}
    np.savez(npz, **arrays, class_names=np.array(demo.class_names))
    split = make_split(demo, "group", seed=0)
    x, y = demo.X[split.train_idx], demo.y[split.train_idx]
    models = {
        "rnn": train_a_little(build_model(RNNConfig(hidden=8), **demo.shape, seed=0), x, y),
        "cnn": train_a_little(build_model(CNNConfig(widths=(8,)), **demo.shape, seed=1), x, y),
    }
    save_weights(folder / "pair.pt", models, demo, split)
    return folder / "pair.pt", npz


def run(capsys, weights, *argv):
    """The command on `weights` (file, data) with `argv`: (exit code, stdout, stderr)."""
    path, npz = weights
    code = main([str(a) for a in (path, "--data", npz, *argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_one_clip_in_json_holds_both_models_probabilities_and_frames(capsys, demo, weights):
    bundle = load_weights(weights[0])
    i = int(bundle.split.test_idx[0])
    code, out, _ = run(capsys, weights, "--clip", demo.keys[i], "--json")
    assert code == 0
    clip = json.loads(out)["clip"]
    assert clip["key"] == demo.keys[i] and clip["true"] == demo.class_names[demo.y[i]] == clip["target"]
    assert clip["training_clip"] is False and clip["method"] == "occlusion" and clip["baseline"] == "zeros"
    for name, model in bundle.models.items():
        entry = clip["models"][name]
        p = probabilities(model, demo.X[i : i + 1])[0]
        assert (
            np.allclose(list(entry["probabilities"].values()), p) and entry["predicted"] == demo.class_names[p.argmax()]
        )
        expected = occlusion(model, demo.X[i : i + 1], targets=[demo.y[i]]).values[0]
        assert np.allclose(entry["frames"], expected) and len(entry["frames"]) == demo.t
        assert entry["notes"] and all(isinstance(n, str) for n in entry["notes"])


def test_integrated_gradients_from_the_mean_frame_with_the_untrained_models_beside(capsys, demo, weights):
    bundle = load_weights(weights[0])
    i = int(bundle.split.train_idx[3])
    argv = [weights, "--clip", demo.keys[i], "--method", "ig", "--baseline", "mean", "--steps", 8]
    code, out, _ = run(capsys, *argv, "--sanity", "--class", "diving", "--json")
    clip = json.loads(out)["clip"]
    assert code == 0 and clip["training_clip"] is True and clip["target"] == "diving" and clip["steps"] == 8
    mean = training_mean_frame(bundle, demo)
    for name, model in bundle.models.items():
        entry = clip["models"][name]
        a = integrated_gradients(model, demo.X[i : i + 1], targets=[2], baseline="mean", mean_frame=mean, steps=8)
        assert np.allclose(entry["frames"], a.values[0], atol=1e-7)
        assert entry["completeness_error"] == pytest.approx(a.completeness_error[0], abs=1e-7)
        assert len(entry["untrained_frames"]) == demo.t and "rank_correlation" in entry


def test_the_text_report_in_spanish_has_both_models_tables(capsys, demo, weights):
    key = demo.keys[int(load_weights(weights[0]).split.test_idx[1])]
    code, out, _ = run(capsys, weights, "--clip", key, "--lang", "es", "--sanity")
    assert code == 0
    assert f"Clip {key}: clase verdadera" in out and "un clip de prueba" in out
    assert "fotograma" in out and "RNN sin entrenar" in out and "Qué fotogramas importaron" in out
    for line in ("RNN: ", "CNN: "):
        assert any(row.startswith(line) for row in out.splitlines())
    assert "inclinan hacia el primer y el último" in out  # the recurrent caveat, for the GRU


def test_the_map_csv_holds_every_saved_test_clip_on_both_maps(capsys, demo, weights, tmp_path):
    target = tmp_path / "map.csv"
    code, out, _ = run(capsys, weights, "--map", target, "--json")
    assert code == 0
    bundle = load_weights(weights[0])
    idx = bundle.split.test_idx
    summary = json.loads(out)["map"]
    assert summary["n"] == len(idx) and set(summary["variance_share"]) == {"rnn", "cnn"}
    rows = list(csv.DictReader(target.open()))
    assert [r["key"] for r in rows] == [demo.keys[i] for i in idx]
    assert [r["true"] for r in rows] == [demo.class_names[demo.y[i]] for i in idx]
    for name, model in bundle.models.items():
        coords = pca_2d(pooled(model, demo.X[idx])).coords
        got = np.array([[float(r[f"{name}_x"]), float(r[f"{name}_y"])] for r in rows])
        assert np.allclose(got, coords, rtol=1e-5, atol=1e-5)
        predicted = probabilities(model, demo.X[idx]).argmax(axis=1)
        assert [r[f"{name}_pred"] for r in rows] == [demo.class_names[p] for p in predicted]
        assert summary["variance_share"][name] == pytest.approx(pca_2d(pooled(model, demo.X[idx])).variance_share)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--clip", "no-such-clip"], "there is no clip no-such-clip"),
        ([], "say what to explain"),
        (["--clip", "x", "--method", "ig", "--baseline", "neighbour"], "Integrated Gradients starts from"),
        (["--clip", "KEY", "--class", "cooking"], "there is no class cooking"),
        (["--method", "saliency"], "invalid choice"),
    ],
)
def test_a_mistake_is_one_line_and_exit_code_2(capsys, demo, weights, extra, words):
    extra = [demo.keys[0] if e == "KEY" else e for e in extra]
    code, out, err = run(capsys, weights, *extra)
    assert code == 2 and out == "" and err.startswith("error: ") and words in err and len(err.splitlines()) == 1


def test_a_missing_weights_file_is_said_in_one_line(capsys, weights, tmp_path):
    code, _, err = run(capsys, (tmp_path / "none.pt", weights[1]), "--map", tmp_path / "m.csv")
    assert code == 2 and "none.pt" in err and not (tmp_path / "m.csv").exists()
