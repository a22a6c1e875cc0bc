"""Forged weights files: a header whose shapes are not those of the file's tensors, settings outside their
bounds, too many parameters or a forged train/test split are refused in one sentence before any model is built."""

from __future__ import annotations

import numpy as np
import pytest
from support.weights import big_hidden, forged

from har.errors import HarError
from har.weights import evaluate_weights, load_weights
from har.weights_check import MAX_BYTES

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def refused(raw) -> HarError:
    with pytest.raises(HarError) as caught:
        load_weights(raw, name="forged.pt")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("forged.pt ")
    return caught.value


def test_a_header_larger_than_its_tensors_is_refused_before_the_model_is_built(tiny_demo, monkeypatch):
    built = []
    import har.weights as weights

    real = weights.build_model
    monkeypatch.setattr(weights, "build_model", lambda *a, **k: built.append(a) or real(*a, **k))
    error = refused(forged(tiny_demo, big_hidden))
    assert error.key == "weights.mismatch" and error.values["model"] == "rnn"
    assert built == []  # no GRU of 4,000 units was ever laid out in memory


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda h: big_hidden(h, 20_000), "weights.bad_config"),  # beyond the setting's bound of 4,096
        (lambda h: h["configs"]["cnn"].update(widths=[4] * 50), "weights.bad_config"),  # 50 conv layers
        (lambda h: h["configs"]["rnn"].update(layers=9), "weights.bad_config"),
        (lambda h: h.update(n_features=10**9), "weights.bad_shape"),
        (lambda h: h.update(n_frames="5"), "weights.bad_shape"),
        (lambda h: h.update(class_names=["a"] * 5000), "weights.bad_shape"),
        (lambda h: h["configs"].pop("cnn"), "weights.bad_models"),
    ],
)
def test_headers_outside_the_bounds_are_refused_in_one_sentence(tiny_demo, edit, key):
    assert refused(forged(tiny_demo, edit)).key == key


def test_too_many_parameters_for_this_machines_memory_are_refused(tiny_demo, monkeypatch):
    monkeypatch.setenv("HAR_MEMORY_LIMIT_MB", "0.001")  # the tiny pair's tensors alone take more than 1 kB
    assert refused(forged(tiny_demo)).key == "weights.too_many"


def test_a_file_larger_than_the_cap_is_refused_unread(tmp_path):
    path = tmp_path / "huge.pt"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: nothing is written or read
    with pytest.raises(HarError) as caught:
        load_weights(path)
    assert caught.value.key == "weights.too_big"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    import os

    path = tmp_path / "fifo.pt"
    os.mkfifo(path)
    with pytest.raises(HarError) as caught:
        load_weights(path)
    assert "not a regular file" in str(caught.value)


# The saved split: test clips in range, each once, none a training clip


def resplit(header, test):
    from har.data.splits import indices_fingerprint

    header["split"]["test_idx"] = test(header["split"])
    header["split"]["test_fingerprint"] = indices_fingerprint(np.asarray(header["split"]["test_idx"], dtype=np.int64))


@pytest.mark.parametrize(
    "test",
    [
        lambda s: [-1 - i for i in range(10)],  # training clips again, counted from the end
        lambda s: [s["test_idx"][0]] * 500,  # one clip 500 times
        lambda s: s["test_idx"] + s["train_idx"][:3],  # three training clips among them
        lambda s: [],
    ],
)
def test_a_forged_split_is_refused_in_one_sentence(tiny_demo, test):
    assert refused(forged(tiny_demo, lambda h: resplit(h, test))).key == "weights.split_forged"


def test_saved_clips_beyond_the_data_are_refused_when_scored(tiny_demo):
    raw = forged(tiny_demo, lambda h: resplit(h, lambda s: s["test_idx"] + [10**6]))
    bundle = load_weights(raw, name="forged.pt")
    with pytest.raises(HarError) as caught:
        evaluate_weights(bundle, tiny_demo)
    assert caught.value.key == "weights.split_range" and caught.value.values["index"] == 10**6
