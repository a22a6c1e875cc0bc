"""Parameter counts against real models, torchinfo and the GRU formula; the size solver by brute force."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torchinfo import summary

from har.models import CNNConfig, NotebookCNNConfig, RNNConfig, build_model
from har.params import count_params, match_outcome, match_size, miss, resize, size_knob, summarize
from har.presets import PRESETS

pytestmark = pytest.mark.usefixtures("one_torch_thread")


CONFIGS = [
    RNNConfig(),
    RNNConfig(hidden=7, layers=2, bidirectional=False, dropout=0.2, pooling="last"),
    RNNConfig(hidden=5, layers=3, bidirectional=True, pooling="max"),
    CNNConfig(),
    CNNConfig(widths=(9, 4, 6), kernel_size=2, dropout=0.1),
    CNNConfig(widths=(3,), kernel_size=5, pooling="last"),
    NotebookCNNConfig("cnn"),
    NotebookCNNConfig("cnn2"),
]
SHAPES = [dict(n_frames=10, n_features=1024, n_classes=11), dict(n_frames=6, n_features=20, n_classes=4)]


def _trainable(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def gru_params(n_features: int, hidden: int, layers: int = 1, bidirectional: bool = True) -> int:
    """The GRU formula: per layer and direction 3 gates x (input weights + recurrent weights + 2 biases)."""
    directions = 2 if bidirectional else 1
    total, inputs = 0, n_features
    for _ in range(layers):
        total += directions * 3 * (hidden * inputs + hidden * hidden + 2 * hidden)
        inputs = directions * hidden
    return total


@pytest.mark.parametrize("shape", SHAPES, ids=["course", "small"])
@pytest.mark.parametrize("config", CONFIGS, ids=repr)
def test_count_params_equals_a_real_model_and_torchinfo(config, shape):
    model = build_model(config, **shape, seed=0)  # a real model on the CPU
    expected = _trainable(model)
    assert count_params(config, **shape) == expected
    stats = summary(model, input_size=(2, shape["n_frames"], shape["n_features"]), device="cpu", verbose=0)
    assert stats.trainable_params == expected


@pytest.mark.parametrize(
    "n_features,hidden,layers,bidirectional",
    [(1024, 128, 1, True), (16, 8, 1, False), (16, 8, 2, True), (5, 3, 3, False), (7, 1, 2, True)],
)
def test_gru_formula_equals_nn_gru(n_features, hidden, layers, bidirectional):
    gru = nn.GRU(n_features, hidden, num_layers=layers, bidirectional=bidirectional)
    assert gru_params(n_features, hidden, layers, bidirectional) == _trainable(gru)


@pytest.mark.parametrize("config", [c for c in CONFIGS if isinstance(c, RNNConfig)], ids=repr)
def test_rnn_count_is_norm_plus_gru_plus_head(config):
    f, c = 20, 4
    directions = 2 if config.bidirectional else 1
    expected = 2 * f + gru_params(f, config.hidden, config.layers, config.bidirectional)
    expected += (directions * config.hidden + 1) * c
    assert count_params(config, n_frames=6, n_features=f, n_classes=c) == expected


@pytest.mark.parametrize("hidden,layers,bi", [(128, 1, True), (64, 3, False), (4096, 4, True)])
def test_rnn_count_at_the_course_shape_is_the_formula_even_for_huge_models(hidden, layers, bi):
    directions = 2 if bi else 1
    expected = 2 * 1024 + gru_params(1024, hidden, layers, bi) + directions * hidden * 11 + 11  # norm + GRU + head
    assert count_params(RNNConfig(hidden=hidden, layers=layers, bidirectional=bi)) == expected


def test_notebook_presets_have_the_notebooks_counts():
    assert count_params(PRESETS["notebook-rnn"].config) == 891_147
    assert count_params(PRESETS["notebook-cnn"].config) == 5_185
    assert count_params(PRESETS["notebook-cnn2"].config) == 660_289


def test_count_params_builds_nothing_real():
    """Counting runs on the meta device: no weights are allocated and the global generator is untouched."""
    torch.manual_seed(0)
    expected_next = torch.rand(2)
    torch.manual_seed(0)
    count_params(RNNConfig(hidden=512, layers=2))
    assert torch.equal(torch.rand(2), expected_next)


SHAPE = dict(n_frames=5, n_features=12, n_classes=3)


@pytest.mark.parametrize(
    "config", [RNNConfig(hidden=4), RNNConfig(layers=2, bidirectional=False), CNNConfig(widths=(4, 2)), CNNConfig()]
)
def test_match_size_finds_the_closest_count(config):
    counts = {k: count_params(resize(config, k), **SHAPE) for k in range(1, 65)}
    assert all(counts[k] < counts[k + 1] for k in range(1, 64))  # the binary search relies on it
    low, high = counts[1], counts[64]
    # Below the smallest, between every pair of neighbours, exactly on one, and above the largest.
    targets = [1, low, (counts[10] + counts[11]) // 2, counts[23] + 1, counts[40] - 1, (low + high) // 3, high * 2]
    for target in targets:
        found = match_size(config, target, limit=64, **SHAPE)
        assert found == resize(config, size_knob(found))
        best = abs(count_params(found, **SHAPE) - target)
        # Brute force over every knob the solver could have chosen.
        assert best == min(abs(c - target) for c in counts.values()), target


def test_match_size_makes_a_cnn_the_size_of_the_notebook_rnn():
    target = count_params(RNNConfig())
    cnn = match_size(CNNConfig(), target)
    gap = abs(count_params(cnn) - target)
    width = cnn.widths[0]
    for neighbour in (width - 1, width + 1):
        assert gap <= abs(count_params(CNNConfig(widths=(neighbour,))) - target)
    assert gap / target < 0.01


def test_match_size_refuses_the_fixed_notebook_models():
    with pytest.raises(ValueError, match="fixed"):
        match_size(NotebookCNNConfig(), 1000)


def test_resize_keeps_layer_ratios_and_other_fields():
    config = CNNConfig(widths=(64, 32, 16), kernel_size=5, dropout=0.2, pooling="max")
    bigger = resize(config, 128)
    assert bigger.widths == (128, 64, 32)
    assert (bigger.kernel_size, bigger.dropout, bigger.pooling) == (5, 0.2, "max")
    assert resize(config, 10).widths == (10, 5, 2)  # 2.5 rounds to the even 2
    assert min(resize(config, 1).widths) >= 1  # never a zero-width layer
    assert resize(config, 0).widths[0] == 1
    rnn = RNNConfig(layers=2, dropout=0.1, pooling="last")
    assert resize(rnn, 33) == RNNConfig(hidden=33, layers=2, dropout=0.1, pooling="last")


def test_size_knob():
    assert size_knob(RNNConfig(hidden=17)) == 17
    assert size_knob(CNNConfig(widths=(40, 20))) == 40
    with pytest.raises(ValueError):
        size_knob(NotebookCNNConfig("cnn2"))


@pytest.mark.parametrize("config", [RNNConfig(hidden=8), CNNConfig(widths=(6, 5)), NotebookCNNConfig("cnn")], ids=repr)
def test_summary_reports_the_same_count(config):
    text = summarize(config, n_frames=4, n_features=16, n_classes=3)
    assert f"Trainable params: {count_params(config, n_frames=4, n_features=16, n_classes=3):,}" in text
    assert type(build_model(config, n_frames=4, n_features=16, n_classes=3)).__name__ in text


def test_a_match_that_cannot_match_says_why():
    # The app's limits: hidden up to 1024, CNN width up to 2048. At the RNN's largest size the widest CNN reaches
    # half its count; the smallest bidirectional GRU (hidden 1) has 8,243 parameters, 60% over the notebook
    # CNN's 5,185.
    big = count_params(RNNConfig(hidden=1024))
    cnn = match_size(CNNConfig(), big, limit=2048)
    assert cnn.widths == (2048,) and count_params(cnn) < 0.6 * big
    assert match_outcome(cnn, big, limit=2048) == "limit"
    rnn = match_size(RNNConfig(), 5_185, limit=1024)
    assert count_params(rnn) == 8_243 and miss(count_params(rnn), 5_185) == pytest.approx(0.59, abs=0.01)
    assert match_outcome(rnn, 5_185, limit=1024) == "floor"
    target = count_params(RNNConfig(hidden=128))
    assert match_outcome(match_size(CNNConfig(), target), target) == "close"
    # a coarse step: one unit of a tiny multi-layer CNN moves its count by more than 5%
    shape = dict(n_frames=4, n_features=6, n_classes=3)
    coarse = match_size(CNNConfig(widths=(2, 4)), 100, **shape)
    assert match_outcome(coarse, 100, **shape) == "step", count_params(coarse, **shape)
