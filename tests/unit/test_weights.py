"""Weight files: a round trip keeps every prediction, pickled objects are refused, shapes are checked, and each
file carries its train/test split and the fingerprint of its data: other data, a file without its split and
edited test clips are refused."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
import torch
from support.data import Touch, tiny_models

from har.data import make_split
from har.data.dataset import make_dataset
from har.data.demo import make_demo
from har.data.npz import save_npz
from har.errors import HarError
from har.i18n import render
from har.lab.cli import main
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig, build_model
from har.train import predict
from har.weights import check_shape, evaluate_weights, load_weights, save_weights, weights_bytes


def data_of(n=24, t=5, f=6, classes=3, seed=0, names=None):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, t, f)).astype(np.float32)
    return make_dataset("toy", X, np.arange(n) % classes, class_names=names or [f"k{i}" for i in range(classes)])


def trained_pair(data):
    """Two models with non-default weights and BatchNorm statistics (a few steps of training)."""
    models = {
        "rnn": build_model(RNNConfig(hidden=4, pooling="max"), **data.shape, seed=1),
        "cnn": build_model(
            CNNConfig(widths=(5, 3), kernel_size=3),
            **data.shape,
            seed=2,
        ),
    }
    x, y = torch.from_numpy(np.array(data.X)), torch.from_numpy(np.array(data.y))
    for m in models.values():
        opt = torch.optim.Adam(m.parameters(), lr=0.05)
        m.train()
        for _ in range(3):
            loss = torch.nn.functional.cross_entropy(m(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return models


def save(path, models, data, **kw):
    return save_weights(path, models, data, make_split(data, "random"), **kw)


def test_predictions_are_identical_after_a_round_trip(tmp_path):
    data = data_of()
    models = trained_pair(data)
    save(tmp_path / "m.pt", models, data, info={"note": "toy"})
    bundle = load_weights(tmp_path / "m.pt")
    x = torch.from_numpy(np.array(data.X))
    for name, model in models.items():
        model.eval()
        with torch.inference_mode():
            assert torch.equal(model(x), bundle.models[name](x))  # logits, not only labels
        assert torch.equal(predict(model, x), predict(bundle.models[name], x))
    assert bundle.info == {"note": "toy"} and bundle.class_names == list(data.class_names)
    assert bundle.configs["cnn"]["widths"] == [5, 3]


def test_bytes_round_trip_and_evaluation_match_the_models(tmp_path):
    data = data_of()
    models = trained_pair(data)
    split = make_split(data, "random")
    raw = weights_bytes(models, data, split)
    bundle = load_weights(raw)
    idx = split.test_idx
    out = evaluate_weights(bundle, data)  # the saved test clips by default
    x = torch.from_numpy(np.array(data.X[idx]))
    for name, model in models.items():
        pred = predict(model, x).numpy()
        assert out["models"][name]["pred"] == pred.tolist()
        assert out["models"][name]["acc"] == pytest.approx(np.mean(pred == data.y[idx]))
        assert np.asarray(out["models"][name]["confusion"]).sum() == len(idx)
    assert out["n"] == len(idx) and out["notes"] == [] and out["training_clips"] == 0 and out["test_accuracy"]


class Payload:
    """Any class of ours: unpickling it would run code from the file, so weights_only refuses it."""

    def __init__(self):
        self.value = 1


def test_a_file_with_a_pickled_object_is_refused(tmp_path):
    path = tmp_path / "evil.pt"
    torch.save({"format": "har-weights", "version": 1, "payload": Payload()}, path)
    with pytest.raises(HarError, match="refused"):
        load_weights(path)


@pytest.mark.parametrize(
    "content, message",
    [(b"not a torch file at all", "not a readable"), (b"", "not a readable")],
)
def test_garbage_and_empty_files_give_one_sentence(tmp_path, content, message):
    path = tmp_path / "bad.pt"
    path.write_bytes(content)
    with pytest.raises(HarError, match=message):
        load_weights(path)
    with pytest.raises(HarError, match="does not exist"):
        load_weights(tmp_path / "missing.pt")


def test_other_torch_files_and_damaged_weights_are_refused(tmp_path):
    torch.save({"weight": torch.zeros(3)}, tmp_path / "plain.pt")
    with pytest.raises(HarError, match="not a weights file"):
        load_weights(tmp_path / "plain.pt")
    data = data_of()
    models = trained_pair(data)
    save(tmp_path / "m.pt", models, data)
    payload = torch.load(tmp_path / "m.pt", weights_only=True)
    payload["state"]["rnn"].pop("head.bias")
    torch.save(payload, tmp_path / "cut.pt")
    with pytest.raises(HarError, match="damaged"):
        load_weights(tmp_path / "cut.pt")
    raw = (tmp_path / "m.pt").read_bytes()
    (tmp_path / "half.pt").write_bytes(raw[: len(raw) // 2])  # an interrupted download
    with pytest.raises(HarError, match="not a readable"):
        load_weights(tmp_path / "half.pt")


def test_the_config_is_checked_against_the_data_shape(tmp_path):
    data = data_of()
    save(tmp_path / "m.pt", trained_pair(data), data)
    bundle = load_weights(tmp_path / "m.pt")
    with pytest.raises(HarError, match="6 features per frame, but the loaded data has 7"):
        evaluate_weights(bundle, data_of(f=7))
    with pytest.raises(HarError, match="3 classes, but the loaded data has 4"):
        check_shape(bundle, data_of(classes=4))
    # A GRU and a temporal CNN run on any clip length: a note from the shape check (the data check then
    # refuses other data, see test_weights_of_other_data_are_refused_in_both_languages).
    (note,) = check_shape(bundle, data_of(t=8))
    assert "8" in render(note, "es") and "fotogramas" in render(note, "es")
    assert len(check_shape(bundle, data_of(names=["x", "y", "z"]))) == 1


def test_the_notebook_cnn_needs_its_frame_count(tmp_path):
    data = data_of(t=10, f=16)
    model = build_model(NotebookCNNConfig("cnn"), n_frames=10, n_features=16, n_classes=3, seed=0)
    save(tmp_path / "nb.pt", {"cnn": model}, data)
    bundle = load_weights(tmp_path / "nb.pt")
    assert evaluate_weights(bundle, data, np.arange(data.n), allow_overlap=True)["n"] == data.n
    with pytest.raises(HarError, match="needs clips of 10 frames"):
        check_shape(bundle, data_of(t=8, f=16))


# A weights file carries its split and the fingerprint of its data


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
    payload = torch.load(io.BytesIO(raw), weights_only=True)
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
    assert main(["weights", "eval", str(old)]) == 2
    assert capsys.readouterr().err.startswith("error: old.pt was saved without its train/test split")


def test_saved_test_clips_that_do_not_match_their_fingerprint_are_damaged(tmp_path):
    data = make_demo(scale=0.05)
    raw = weights_bytes(tiny_models(data), data, make_split(data, "random"))
    payload = torch.load(io.BytesIO(raw), weights_only=True)
    header = json.loads(payload["header"])
    header["split"]["test_idx"] = header["split"]["test_idx"][1:]  # a clip moved out of the test side by hand
    torch.save({**payload, "header": json.dumps(header)}, tmp_path / "edited.pt")
    with pytest.raises(HarError, match="damaged"):
        load_weights(tmp_path / "edited.pt")


# A weights file is never unpickled


def test_a_weights_file_carrying_code_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "evil.pt"
    torch.save({"format": "har-weights", "version": 1, "header": "{}", "state": Touch(marker)}, path)
    Touch(marker).__reduce__()  # the payload is real: unpickling it would run `touch`
    with pytest.raises(HarError, match="refused"):
        load_weights(path)
    with pytest.raises(HarError, match="refused"):
        load_weights(path.read_bytes(), name="upload.pt")
    assert not marker.exists()
