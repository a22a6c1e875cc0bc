"""Does the model use time? (har.lab.order): frames shuffled and reversed, an order-blind model that loses nothing,
a GRU that learns the direction of a ramp, and a verdict that names the demo's order pairs and warns on a
random split."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from support.lab import grouped, ran, say, verdict

from har import stats
from har.data.dataset import make_dataset
from har.data.splits import make_split
from har.i18n import t
from har.lab.studies.order import OrderResult, OrderStudy, order_bars, order_class_drop, order_test, shuffle_frames
from har.models import CNNConfig, RNNConfig, build_model
from har.train import TrainConfig

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def data():
    return grouped()


def test_shuffle_frames_permutes_each_clip_never_identically_and_reproducibly():
    x = np.arange(50 * 4 * 2, dtype=np.float32).reshape(50, 4, 2)
    s = shuffle_frames(x, seed=3)
    assert np.array_equal(np.sort(s, axis=1), x)  # the same frames
    assert all(not np.array_equal(s[i], x[i]) for i in range(50))  # in another order
    assert np.array_equal(s, shuffle_frames(x, seed=3))
    assert not np.array_equal(s, shuffle_frames(x, seed=4))


def order_data(n=40, t=5, seed=0):
    """Two classes with the same frames in opposite order: a ramp up and a ramp down."""
    rng = np.random.default_rng(seed)
    ramp = np.linspace(0, 3, t, dtype=np.float32)
    X = rng.normal(0, 0.1, (2 * n, t, 4)).astype(np.float32)
    X[:n, :, 0] += ramp
    X[n:, :, 0] += ramp[::-1]
    return make_dataset("order toy", X, np.repeat([0, 1], n), class_names=["up", "down"])


def test_an_order_invariant_model_loses_nothing_when_frames_are_shuffled():
    d = order_data()
    # Kernel 1 convolves each frame alone and mean pooling ignores where it was: provably order-blind.
    model = build_model(CNNConfig(widths=(8,), kernel_size=1), n_frames=5, n_features=4, n_classes=2, seed=0)
    r = order_test({"cnn": model}, d, np.arange(d.n), seed=1)
    assert r.drop("cnn", "shuffled") == 0.0 and r.drop("cnn", "reversed") == 0.0
    assert r.class_drop("cnn") == [0.0, 0.0]
    assert r.mcnemar["cnn"]["shuffled"].p == 1.0 and not r.uses_order("cnn")


def test_on_the_demo_data_the_verdict_names_the_classes_that_differ_only_in_order(data):
    from har.data.demo import ORDER_PAIRS, make_demo

    demo = make_demo(scale=0.05)
    model = build_model(CNNConfig(widths=(4,)), **demo.shape, seed=0)
    r = order_test({"cnn": model}, demo, np.arange(0, demo.n, 4))
    assert r.order_pairs == list(ORDER_PAIRS)
    for a, b in ORDER_PAIRS:
        assert f"{a} / {b}" in verdict(OrderStudy, r) and f"{a} / {b}" in verdict(OrderStudy, r, "es")
    # On a random split of grouped clips a shared background can stand in for the order; the verdict says so.
    assert "random split" not in verdict(OrderStudy, r)
    model = build_model(CNNConfig(widths=(4,)), **data.shape, seed=0)
    shared = order_test({"cnn": model}, data, np.arange(0, data.n, 3), split_kind="random")
    assert "Repeat it on the group split" in verdict(OrderStudy, shared)
    assert "división por grupos" in verdict(OrderStudy, shared, "es")
    grouped_split = order_test({"cnn": model}, data, np.arange(8), split_kind="group")
    assert "random split" not in verdict(OrderStudy, grouped_split)


def test_a_gru_uses_frame_order_and_a_mean_pooled_cnn_cannot():
    d = order_data()
    split = make_split(d, "random", test_fraction=0.25)
    models = {
        "rnn": RNNConfig(hidden=8, bidirectional=False, pooling="last"),
        "cnn": CNNConfig(widths=(8,), kernel_size=1),
    }
    study = ran(OrderStudy(d, split, models, TrainConfig(epochs=15, lr=0.02, batch_size=16)))
    r = study.result()
    assert r.acc["rnn"]["original"] >= 0.9  # it learned the direction of the ramp
    assert r.drop("rnn", "reversed") >= 0.5 and r.uses_order("rnn")
    assert r.drop("cnn", "shuffled") == 0.0 and r.drop("cnn", "reversed") == 0.0 and not r.uses_order("cnn")
    assert r.acc["cnn"]["original"] <= 0.75  # the same frames in both classes: near chance
    assert r.support == np.bincount(d.y[split.test_idx], minlength=2).tolist()
    assert not r.shared_backgrounds  # every toy clip is its own group: nothing to leak
    assert "uses frame order" in verdict(OrderStudy, r) and "hardly uses frame order" in verdict(OrderStudy, r)
    assert list(order_bars(r, say).data[0].y) == [r.acc["rnn"][c] for c in ("original", "shuffled", "reversed")]
    assert list(order_class_drop(r, "reversed", say).data[0].x) == r.class_drop("rnn", "reversed")
    assert "usa el orden" in verdict(OrderStudy, r, "es")


def test_kernel_1_is_order_blind_with_mean_pooling_but_not_with_last_pooling():
    # The kernel-size help once said "1 ignores order completely": true for mean and max pooling only.
    x = torch.randn(3, 5, 4)
    reversed_x = x.flip(1)
    for pooling, blind in (("mean", True), ("max", True), ("last", False)):
        model = build_model(CNNConfig(widths=(8,), kernel_size=1, pooling=pooling), n_frames=5, n_features=4,
                            n_classes=2, seed=0).eval()  # fmt: skip
        with torch.no_grad():
            same = torch.allclose(model(x), model(reversed_x), atol=1e-6)
        assert same == blind, pooling
    for lang in ("en", "es"):
        text = t("setting.cnn.kernel_size.help", lang)
        assert "completely" not in text and "por completo" not in text
        assert ("last-frame pooling does not" if lang == "en" else "el último fotograma no") in text


def test_a_significant_gain_under_shuffling_is_not_called_hardly_using_order():
    labels = [0, 1] * 20
    wrong = [1 - y for y in labels]
    # original: right on 10 of 40; shuffled: right on 30 (20 clips flip to right, none to wrong)
    original = labels[:10] + wrong[10:]
    shuffled = labels[:30] + wrong[30:]
    acc = {"original": 0.25, "shuffled": 0.75, "reversed": 0.25}
    r = OrderResult(
        ["a", "b"], [20, 20], {"cnn": acc}, {"cnn": {c: [None, None] for c in acc}},
        {"cnn": {"shuffled": stats.mcnemar(labels, shuffled, original),
                 "reversed": stats.mcnemar(labels, original, original)}},
        [],
    )  # fmt: skip
    assert r.mcnemar["cnn"]["shuffled"].p < 0.05 and r.drop("cnn") < 0
    assert r.order_effect("cnn") == "gains" and not r.uses_order("cnn")
    text = verdict(OrderStudy, r)
    assert "hardly uses frame order" not in text and "does react to frame order, but not in the way that helps" in text
    assert "no sirve en estos clips" in verdict(OrderStudy, r, "es")
