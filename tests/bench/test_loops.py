"""The loops and counts the benchmark's numbers rest on (bench/loops.py): the bare loop ends where the engine
ends, PyTorch's FLOP counter agrees with the layer formulas, and the notebook's zarr reader and the engine's store
reader and cache give the clips exactly as zarr does. No timed assertions."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from support.data import one_thread, toy_tensors
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from bench.loops import NotebookClips, bare_epochs, engine_epochs, inference_flops, notebook_loaders, training_flops
from har.data.store import load_store, read_clips, write_store
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig, build_model
from har.train import TrainConfig


def test_bare_epochs_end_where_the_engine_ends():
    data = toy_tensors()
    config = TrainConfig(epochs=2, batch_size=4, device="cpu")
    shape = {"n_frames": 5, "n_features": 6, "n_classes": 3}
    for model_config in (RNNConfig(hidden=6, dropout=0.3, layers=2), CNNConfig(widths=(6,), dropout=0.3)):
        nets = [build_model(model_config, seed=0, **shape) for _ in range(2)]
        with one_thread():
            list(engine_epochs(nets[0], data, config))
            list(bare_epochs(nets[1], data, config))
        for a, b in zip(nets[0].state_dict().values(), nets[1].state_dict().values(), strict=True):
            assert torch.equal(a, b)


def formula_flops(model: nn.Module, n_frames: int, n_features: int) -> int:
    """FLOPs (2 per multiply-add) of one clip's forward pass, from the layer shapes.

    GRU: per frame, layer and direction, 3 gates x (input matmul 2*In*H + recurrent matmul 2*H*H).
    Conv1d: 2 * kernel * Cin/groups * Cout per output frame. Linear: 2 * in * out per row.
    """
    total = 0

    def count(module, args, out):
        nonlocal total
        x = args[0]
        if isinstance(module, nn.Linear):
            total += 2 * module.in_features * module.out_features * (x.numel() // module.in_features)
        elif isinstance(module, nn.Conv1d):
            k, cin = module.kernel_size[0], module.in_channels // module.groups
            total += 2 * k * cin * module.out_channels * out.shape[0] * out.shape[-1]
        elif isinstance(module, nn.GRU):
            steps, batch = (x.shape[1], x.shape[0]) if module.batch_first else (x.shape[0], x.shape[1])
            directions, h, inputs = 2 if module.bidirectional else 1, module.hidden_size, module.input_size
            for _ in range(module.num_layers):
                total += directions * steps * batch * 3 * (2 * inputs * h + 2 * h * h)
                inputs = directions * h

    hooks = [m.register_forward_hook(count) for m in model.modules() if isinstance(m, nn.Linear | nn.Conv1d | nn.GRU)]
    with torch.no_grad():
        model.eval()(torch.zeros(1, n_frames, n_features))
    for hook in hooks:
        hook.remove()
    return total


@pytest.mark.parametrize(
    "config",
    [
        RNNConfig(hidden=7),
        RNNConfig(hidden=5, layers=2, bidirectional=False),
        CNNConfig(widths=(6, 4), kernel_size=5),
        NotebookCNNConfig("cnn2"),
    ],
)
def test_pytorchs_flop_counter_matches_the_layer_formulas(config):
    model = build_model(config, n_frames=6, n_features=9, n_classes=3, seed=0)
    x = torch.zeros(4, 6, 9)
    assert inference_flops(model, x) == 4 * formula_flops(model, 6, 9)
    step = training_flops(model, x, torch.zeros(4, dtype=torch.int64))
    assert step["forward"] == inference_flops(model, x)
    assert all(p.grad is None for p in model.parameters())  # counting leaves no gradients behind


def test_the_backward_count_is_measured_not_assumed():
    """A Linear's backward: the weight's gradient, plus the input's only when something needs it."""
    batch, n_in, n_out = 8, 5, 3
    linear = nn.Linear(n_in, n_out)
    one_layer = training_flops(
        nn.Sequential(nn.Flatten(), linear), torch.ones(batch, 1, n_in), torch.zeros(batch, dtype=torch.int64)
    )
    assert one_layer == {"forward": 2 * batch * n_in * n_out, "backward": 2 * batch * n_in * n_out}
    two = nn.Sequential(nn.Flatten(), nn.Linear(n_in, n_in), linear)
    two_layers = training_flops(two, torch.ones(batch, 1, n_in), torch.zeros(batch, dtype=torch.int64))
    assert two_layers["backward"] == 2 * batch * n_in * n_in + 4 * batch * n_in * n_out
    with FlopCounterMode(display=False) as gru_counter:  # the GRU formula, straight from PyTorch's counter
        nn.GRU(n_in, 4, batch_first=True)(torch.ones(batch, 3, n_in))
    assert gru_counter.get_total_flops() == 3 * batch * 3 * (2 * n_in * 4 + 2 * 4 * 4)


def _store(tmp_path, n=10, t=3, f=5):
    rng = np.random.default_rng(0)
    X = rng.random((n, t, f), dtype=np.float32)
    y = np.arange(n) % 3
    keys = [f"c{label}-v_x_{i + 1:02d}_01" for i, label in enumerate(y)]
    return write_store(tmp_path / "s.zarr", X, y, keys), X, y, keys


def test_notebook_dataset_reads_each_clip_as_zarr_gives_it(tmp_path):
    path, X, y, keys = _store(tmp_path)
    clips = NotebookClips(path, keys)
    assert len(clips) == len(keys)
    for i in (0, 4, 9):
        x, label = clips[i]
        assert torch.equal(x, torch.from_numpy(X[i])) and label == y[i]
    train, test = notebook_loaders(path, keys[:7], keys[7:], batch_size=4, workers=0)
    assert sorted(int(v) for _, yb in train for v in yb) == sorted(y[:7].tolist())
    assert [int(v) for _, yb in test for v in yb] == y[7:].tolist()


def test_fast_store_reader_agrees_with_zarr_itself(tmp_path):
    import zarr

    path, X, y, keys = _store(tmp_path)
    group = zarr.open_group(path, mode="r", zarr_format=2)
    expected_keys = sorted(group.array_keys())
    fields = read_clips(path)
    assert fields["keys"] == expected_keys
    for i, key in enumerate(expected_keys):
        np.testing.assert_array_equal(fields["X"][i], group[key][...])
        assert fields["y"][i] == group[key].attrs["y"]


def test_cached_load_equals_cold_load_and_a_damaged_cache_is_rebuilt(tmp_path):
    path, *_ = _store(tmp_path)
    cache = tmp_path / "cache"
    cold = load_store(path, cache_dir=cache)
    (cache_file,) = cache.iterdir()
    warm = load_store(path, cache_dir=cache)
    for a, b in ((cold.X, warm.X), (cold.y, warm.y), (cold.groups, warm.groups)):
        np.testing.assert_array_equal(a, b)
    assert (cold.keys, cold.class_names) == (warm.keys, warm.class_names)
    raw = bytearray(cache_file.read_bytes())
    raw[-1] ^= 0xFF  # one flipped bit in the last clip
    cache_file.write_bytes(bytes(raw))
    again = load_store(path, cache_dir=cache)
    np.testing.assert_array_equal(again.X, cold.X)
    assert cache_file.read_bytes() != bytes(raw)  # rewritten from the store
