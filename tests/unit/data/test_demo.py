"""The embedded demo set: the course store's layout, and the three lessons it is built to show."""

import re

import numpy as np
import pytest
import torch
from support.paths import ROOT

from har.data import UCF11_CLASSES, make_split
from har.data.demo import CLASS_COUNTS, GROUPS, ORDER_PAIRS, cached_demo, make_demo
from har.data.store import load_store, parse_groups, write_store
from har.models import CNNConfig, RNNConfig, build_model
from har.params import count_params
from har.train import Tensors, TrainConfig, fit

KEY = re.compile(r"^(?P<cls>[a-z_]+)-v_[a-z_]+_(?P<g>\d\d)_(?P<c>\d\d)$")


@pytest.fixture(scope="module")
def demo():
    return make_demo()


@pytest.fixture(scope="module")
def full_run(demo):
    """Test accuracy of a model trained for 10 epochs on a split; each pair trained once per module."""
    done = {}

    def run(config, kind):
        if (config, kind) not in done:
            done[config, kind] = train(demo, config, make_split(demo, kind, seed=0))[0].test_acc
        return done[config, kind]

    return run


def balanced_accuracy(y_true, y_pred) -> float:
    """Mean recall over the classes present: 0.5 for a coin toss between two classes, whatever their sizes."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float(np.mean([np.mean(y_pred[y_true == c] == c) for c in np.unique(y_true)]))


def train(data, config, split, *, epochs=10, seed=0, rows=None):
    """Train one seeded model on `split` (optionally only on clips in `rows`); return the last record."""
    train_idx, test_idx = split.train_idx, split.test_idx
    if rows is not None:
        train_idx, test_idx = np.intersect1d(train_idx, rows), np.intersect1d(test_idx, rows)
    model = build_model(config, **data.shape, seed=seed)
    tensors = Tensors.from_arrays(data.X, data.y, train_idx, test_idx, torch.device("cpu"))
    *_, last = fit(model, tensors, TrainConfig(epochs=epochs, seed=seed))
    return last, data.y[test_idx]


def test_layout_matches_the_course_store(demo):
    assert demo.X.shape == (1599, 10, 1024) and demo.X.dtype == np.float32
    assert demo.synthetic and "synthetic" in demo.name.lower()
    assert demo.class_names == UCF11_CLASSES
    assert demo.class_counts().tolist() == list(CLASS_COUNTS)
    assert demo.X.min() >= 0.0
    assert (demo.X == 0).mean() > 0.5, "features should be sparse"
    for key, label in zip(demo.keys, demo.y, strict=True):
        m = KEY.match(key)
        assert m and m["cls"] == UCF11_CLASSES[label], key
    assert len(set(demo.keys)) == demo.n
    # 25 groups per class, and the groups are exactly those the store loader parses from the keys.
    assert demo.n_groups == GROUPS * len(UCF11_CLASSES)
    parsed = parse_groups(demo.keys)
    assert len(np.unique(np.stack([parsed, demo.groups]), axis=1)[0]) == demo.n_groups


def test_deterministic_from_the_seed(demo):
    again, other = make_demo(seed=0), make_demo(seed=1)
    assert np.array_equal(demo.X, again.X) and demo.keys == again.keys
    assert not np.array_equal(demo.X, other.X)


def test_round_trips_through_a_course_layout_store(tmp_path):
    small = make_demo(scale=0.03)
    store = write_store(tmp_path / "ucf11.zarr", small.X, small.y, small.keys)
    loaded = load_store(store)
    assert np.array_equal(loaded.X, small.X) and np.array_equal(loaded.y, small.y)
    assert loaded.class_names == small.class_names
    assert np.array_equal(loaded.groups, parse_groups(small.keys))


def test_order_pairs_hold_the_same_frames_in_reverse(demo):
    # Per-frame class means: the reversed class at frame t looks like its partner at frame T-1-t.
    for forward, backward in ORDER_PAIRS:
        a = demo.X[demo.y == UCF11_CLASSES.index(forward)].mean(axis=0)  # (T, F)
        b = demo.X[demo.y == UCF11_CLASSES.index(backward)].mean(axis=0)
        same = np.corrcoef(a[::-1].ravel(), b.ravel())[0, 1]
        plain = np.corrcoef(a.ravel(), b.ravel())[0, 1]
        assert same > 0.9 and same > plain + 0.05, (forward, backward, same, plain)


def pair_rows(data):
    labels = [UCF11_CLASSES.index(c) for pair in ORDER_PAIRS for c in pair]
    return np.flatnonzero(np.isin(data.y, labels))


def test_an_order_blind_model_cannot_separate_the_order_pairs_but_the_gru_can(demo):
    # Kernel 1 + mean pooling is a per-frame network averaged over time: invariant to frame order.
    blind = CNNConfig(widths=(64,), kernel_size=1, pooling="mean")
    model = build_model(blind, n_frames=10, n_features=1024, n_classes=11, seed=0).eval()
    x = torch.from_numpy(demo.X[:8].copy())
    with torch.no_grad():
        assert torch.allclose(model(x), model(x[:, torch.randperm(10)]), atol=1e-5)

    split = make_split(demo, "group", seed=0)  # unseen groups: no background to memorise
    rows = pair_rows(demo)
    blind_last, y_test = train(demo, blind, split, rows=rows)
    gru_last, _ = train(demo, RNNConfig(hidden=32), split, rows=rows)
    # Four classes, two pairs: telling the pairs apart is easy, the partners within one are not.
    blind_acc = balanced_accuracy(y_test, blind_last.test_pred)
    gru_acc = balanced_accuracy(y_test, gru_last.test_pred)
    assert blind_acc < 0.62, f"order-blind model separated the pairs ({blind_acc:.2f})"
    assert gru_acc > 0.75 and gru_acc > blind_acc + 0.2, (gru_acc, blind_acc)


@pytest.mark.slow
def test_the_order_lesson_holds_on_a_group_split_only(demo):
    # The same order-blind model, on the same four order-pair classes: on a random split the backgrounds of
    # clips seen in training name the class, so it separates the partners it cannot tell apart by order.
    blind = CNNConfig(widths=(64,), kernel_size=1, pooling="mean")
    scores = {}
    for kind in ("random", "group"):
        last, y_test = train(demo, blind, make_split(demo, kind, seed=0), rows=pair_rows(demo))
        scores[kind] = balanced_accuracy(y_test, last.test_pred)
    assert scores["random"] > 0.9 and scores["group"] < 0.62, scores


def test_where_the_order_claim_is_made_it_says_on_a_group_split():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    claim = readme[readme.index("hold the same frames in opposite order") :][:300]
    assert "cannot tell them apart" in claim and "on a group split" in claim.split("cannot tell")[0], claim
    doc = " ".join(make_demo.__doc__.split())
    claim = doc[doc.index("differ only in frame order") :][:200]
    assert "on a group split" in claim.split("cannot tell")[0], claim


@pytest.mark.slow
def test_a_random_split_leaks_groups_and_scores_higher_than_a_group_split(full_run):
    random_acc, group_acc = full_run(RNNConfig(), "random"), full_run(RNNConfig(), "group")
    assert random_acc > group_acc + 0.06, (random_acc, group_acc)


@pytest.mark.slow
@pytest.mark.parametrize("config", [RNNConfig(), CNNConfig()], ids=["notebook-rnn", "matched-cnn"])
def test_learnable_but_not_trivial_for_the_notebook_rnn_and_a_matched_cnn(full_run, config):
    assert abs(count_params(config) - count_params(RNNConfig())) / count_params(RNNConfig()) < 0.01
    acc = full_run(config, "random")  # the course's 80/20 random split
    assert 0.40 <= acc <= 0.95, (config, acc)


def test_a_cached_demo_is_the_generated_one_and_a_damaged_cache_is_generated_again(tmp_path):
    made = make_demo(scale=0.05)
    first = cached_demo(scale=0.05, cache_dir=tmp_path)
    (file,) = tmp_path.glob("demo-*-0-0.05.bin")
    again = cached_demo(scale=0.05, cache_dir=tmp_path)  # read back from the file
    for data in (first, again):
        assert np.array_equal(data.X, made.X) and np.array_equal(data.y, made.y)
        assert data.keys == made.keys and np.array_equal(data.groups, made.groups)
        assert data.synthetic and data.name == made.name and not data.X.flags.writeable
    raw = bytearray(file.read_bytes())
    raw[-1] ^= 0xFF  # one feature's last byte flipped: the checksum fails
    file.write_bytes(bytes(raw))
    assert np.array_equal(cached_demo(scale=0.05, cache_dir=tmp_path).X, made.X)
    assert cached_demo(scale=0.1, cache_dir=tmp_path).n != made.n  # another scale, another file
    assert len(list(tmp_path.glob("demo-*.bin"))) == 2
