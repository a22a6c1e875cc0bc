"""Model shapes for every option, pooling checked against nn.GRU itself, the notebook's three counts."""

from __future__ import annotations

import itertools
import warnings

import pytest
import torch
from torch import nn

from har.models import (
    POOLINGS,
    CNNConfig,
    ConvClassifier,
    GRUClassifier,
    NotebookCNNConfig,
    RNNConfig,
    build_model,
)
from har.presets import PRESETS

pytestmark = pytest.mark.usefixtures("one_torch_thread")


TF = [(10, 1024), (1, 7), (7, 16), (4, 33)]


def _clips(b, t, f, seed=0):
    return torch.randn(b, t, f, generator=torch.Generator().manual_seed(seed))


def _head_input(model, x):
    """The pooled vector that reaches the classifier, captured with a forward pre-hook."""
    seen = {}
    handle = model.head.register_forward_pre_hook(lambda mod, args: seen.setdefault("x", args[0].detach()))
    try:
        logits = model(x)
    finally:
        handle.remove()
    return seen["x"], logits


@pytest.mark.parametrize("pooling,bidirectional,layers", list(itertools.product(POOLINGS, (False, True), (1, 2))))
def test_rnn_gives_logits_for_every_option(pooling, bidirectional, layers):
    config = RNNConfig(hidden=6, layers=layers, bidirectional=bidirectional, dropout=0.25, pooling=pooling)
    for t, f in TF:
        model = build_model(config, n_frames=t, n_features=f, n_classes=5, seed=0)
        logits = model(_clips(3, t, f))
        assert logits.shape == (3, 5)
        assert torch.isfinite(logits).all()
        model.eval()
        assert model(_clips(1, t, f)).shape == (1, 5)


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("pooling", POOLINGS)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_rnn_pooling_matches_nn_gru_outputs(pooling, bidirectional, layers):
    config = RNNConfig(hidden=5, layers=layers, bidirectional=bidirectional, pooling=pooling)
    model = build_model(config, n_frames=6, n_features=4, n_classes=3, seed=1).eval()
    x = _clips(3, 6, 4, seed=2)
    pooled, _ = _head_input(model, x)
    out, h_n = model.gru(model.norm(x))  # out (B, T, D*H); h_n (layers*D, B, H)
    if pooling == "last":
        # h_n holds each direction's final state: forward after the last frame, backward after the first.
        want = torch.cat([h_n[-2], h_n[-1]], dim=1) if bidirectional else h_n[-1]
    elif pooling == "mean":
        want = out.mean(dim=1)
    else:
        want = out.max(dim=1).values
    torch.testing.assert_close(pooled, want)


def test_bidirectional_last_is_forward_at_last_frame_and_backward_at_first():
    h = 4
    model = build_model(RNNConfig(hidden=h, pooling="last"), n_frames=5, n_features=3, n_classes=2, seed=0).eval()
    x = _clips(2, 5, 3, seed=3)
    pooled, _ = _head_input(model, x)
    out, _ = model.gru(model.norm(x))
    torch.testing.assert_close(pooled[:, :h], out[:, -1, :h])
    torch.testing.assert_close(pooled[:, h:], out[:, 0, h:])
    # The backward direction at the last frame has seen one frame only: not what `last` means.
    assert not torch.allclose(pooled[:, h:], out[:, -1, h:])


def test_bidirectional_last_backward_half_reads_the_whole_clip_reversed():
    """The backward half equals a one-direction GRU, with the backward weights, run over the reversed clip."""
    h, t, f = 3, 6, 4
    model = build_model(RNNConfig(hidden=h, pooling="last"), n_frames=t, n_features=f, n_classes=2, seed=4).eval()
    x = _clips(2, t, f, seed=5)
    pooled, _ = _head_input(model, x)
    backward = nn.GRU(f, h, batch_first=True)
    with torch.no_grad():
        for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
            getattr(backward, name).copy_(getattr(model.gru, name + "_reverse"))
        _, h_rev = backward(model.norm(x).flip(1))
    torch.testing.assert_close(pooled[:, h:], h_rev[-1])


def test_rnn_dropout_sits_between_layers_only_when_there_are_several():
    two = build_model(RNNConfig(hidden=4, layers=2, dropout=0.3), n_frames=3, n_features=2, n_classes=2)
    assert two.between.p == pytest.approx(0.3)
    assert two.drop.p == pytest.approx(0.3)
    assert two.gru.dropout == 0.0  # its own would come from torch's global generator
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nn.GRU warns when given dropout with one layer
        one = build_model(RNNConfig(hidden=4, layers=1, dropout=0.3), n_frames=3, n_features=2, n_classes=2)
    assert one.between is None and one.gru.dropout == 0.0
    assert isinstance(one, GRUClassifier)


@pytest.mark.parametrize("bidirectional", [True, False])
def test_the_gru_layers_run_one_by_one_are_the_whole_gru(bidirectional):
    """While training, the layers run one at a time (dropout between them); without dropout they
    must compute exactly what PyTorch's multi-layer GRU computes with the same weights."""
    config = RNNConfig(hidden=5, layers=3, dropout=0.3, bidirectional=bidirectional)
    model = build_model(config, n_frames=4, n_features=6, n_classes=2, seed=1)
    x = model.norm.eval()(_clips(3, 4, 6, seed=2))
    out = x
    for layer in range(config.layers):
        out = model._layer(out, layer)
    whole, _ = model.gru(x)
    torch.testing.assert_close(out, whole)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("pooling", POOLINGS)
@pytest.mark.parametrize("kernel", [1, 2, 3, 5])
@pytest.mark.parametrize("widths", [(7,), (6, 5), (4, 8, 3)])
def test_cnn_gives_logits_and_keeps_the_length(widths, kernel, pooling):
    config = CNNConfig(widths=widths, kernel_size=kernel, dropout=0.1, pooling=pooling)
    for t, f in TF:
        _check_cnn(config, t, f)


def _check_cnn(config, t, f):
    widths, kernel = config.widths, config.kernel_size
    model = build_model(config, n_frames=t, n_features=f, n_classes=4, seed=0)
    assert isinstance(model, ConvClassifier)
    convs = [m for m in model.modules() if isinstance(m, nn.Conv1d)]
    assert [c.out_channels for c in convs] == list(widths)
    assert all(c.kernel_size == (kernel,) for c in convs)
    lengths = []
    hooks = [c.register_forward_hook(lambda mod, args, out: lengths.append(out.shape)) for c in convs]
    logits = model(_clips(3, t, f))
    for hook in hooks:
        hook.remove()
    assert logits.shape == (3, 4)
    assert torch.isfinite(logits).all()
    # Each conv layer's output is (B, width, T): padding keeps every frame, even for even kernels.
    assert lengths == [torch.Size((3, w, t)) for w in widths]


@pytest.mark.parametrize("pooling", POOLINGS)
def test_cnn_pooling_is_over_time_of_the_last_conv_layer(pooling):
    model = build_model(CNNConfig(widths=(5, 6), pooling=pooling), n_frames=7, n_features=3, n_classes=2, seed=0)
    model.eval()
    x = _clips(2, 7, 3)
    captured = []
    model.convs.register_forward_hook(lambda mod, args, out: captured.append(out))
    pooled, _ = _head_input(model, x)
    h = captured[0].transpose(1, 2)  # (B, T, W)
    want = {"last": h[:, -1], "mean": h.mean(1), "max": h.max(1).values}[pooling]
    torch.testing.assert_close(pooled, want)


def test_cnn_conv_is_over_time_with_features_as_channels():
    """A one-frame kernel with mean pooling ignores frame order; a three-frame kernel does not."""
    x = _clips(2, 6, 5, seed=7)
    shuffled = x[:, torch.tensor([3, 0, 5, 1, 4, 2])]
    blind = build_model(CNNConfig(widths=(8,), kernel_size=1), n_frames=6, n_features=5, n_classes=3, seed=0).eval()
    torch.testing.assert_close(blind(x), blind(shuffled))
    aware = build_model(CNNConfig(widths=(8,), kernel_size=3), n_frames=6, n_features=5, n_classes=3, seed=0).eval()
    assert not torch.allclose(aware(x), aware(shuffled))
    assert aware.convs[0].in_channels == 5


@pytest.mark.parametrize("variant", ["cnn", "cnn2"])
@pytest.mark.parametrize("t,f", TF[:1] + [(3, 16), (7, 33), (10, 2)])
def test_notebook_cnn_gives_logits(variant, t, f):
    model = build_model(NotebookCNNConfig(variant), n_frames=t, n_features=f, n_classes=4, seed=0)
    logits = model(_clips(3, t, f))
    assert logits.shape == (3, 4)
    assert torch.isfinite(logits).all()
    # The notebook's CNN takes the frames as input channels (a teaching point, kept on purpose).
    assert model.conv.in_channels == t


@pytest.mark.parametrize(
    "preset,expected", [("notebook-rnn", 891_147), ("notebook-cnn", 5_185), ("notebook-cnn2", 660_289)]
)
def test_notebook_models_have_the_notebooks_parameter_counts(preset, expected):
    model = build_model(PRESETS[preset].config, n_frames=10, n_features=1024, n_classes=11, seed=0)
    assert sum(p.numel() for p in model.parameters() if p.requires_grad) == expected
    assert model(torch.randn(2, 10, 1024)).shape == (2, 11)


@pytest.mark.parametrize(
    "make",
    [
        lambda: RNNConfig(pooling="avg"),
        lambda: CNNConfig(pooling="attention"),
    ],
)
def test_unknown_pooling_lists_the_valid_ones(make):
    with pytest.raises(ValueError) as err:
        make()
    for name in POOLINGS:
        assert repr(name) in str(err.value)


def test_unknown_notebook_variant_lists_the_valid_ones():
    with pytest.raises(ValueError) as err:
        NotebookCNNConfig("cnn3")
    assert "'cnn'" in str(err.value) and "'cnn2'" in str(err.value)


@pytest.mark.parametrize(
    "make",
    [
        lambda: RNNConfig(hidden=0),
        lambda: RNNConfig(layers=0),
        lambda: RNNConfig(dropout=1.0),
        lambda: RNNConfig(dropout=-0.1),
        lambda: CNNConfig(widths=()),
        lambda: CNNConfig(widths=(8, 0)),
        lambda: CNNConfig(kernel_size=0),
        lambda: CNNConfig(dropout=1.5),
    ],
)
def test_bad_sizes_raise_value_error(make):
    with pytest.raises(ValueError):
        make()


def test_build_model_rejects_an_unknown_config():
    with pytest.raises(ValueError, match="RNNConfig"):
        build_model(object(), n_frames=3, n_features=2, n_classes=2)


@pytest.mark.parametrize("config", [RNNConfig(hidden=4), CNNConfig(widths=(4,)), NotebookCNNConfig("cnn")])
def test_seed_fixes_the_weights_and_leaves_the_global_generator_alone(config):
    shape = dict(n_frames=4, n_features=8, n_classes=3)
    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    a = build_model(config, **shape, seed=0)
    assert torch.equal(torch.rand(3), expected_next)
    b = build_model(config, **shape, seed=0)
    c = build_model(config, **shape, seed=1)
    sa, sb, sc = a.state_dict(), b.state_dict(), c.state_dict()
    assert all(torch.equal(sa[k], sb[k]) for k in sa)
    assert any(not torch.equal(sa[k], sc[k]) for k in sa)


def test_configs_are_frozen():
    config = RNNConfig()
    with pytest.raises(AttributeError):
        config.hidden = 3  # type: ignore[misc]
    assert CNNConfig(widths=[4, 5]).widths == (4, 5)
