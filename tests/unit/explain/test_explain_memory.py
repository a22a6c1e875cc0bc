"""The GRU's memory recomputed from its weights equals nn.GRU's states, for 1 and 2 layers, one and two directions;
the temporal CNN's feature maps are what its pooling reads."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from har.errors import HarError
from har.explain.memory import conv_feature_maps, gru_memory
from har.models import CNNConfig, RNNConfig, build_model, pool_time


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_the_recomputed_hidden_states_equal_nn_grus(data, layers, bidirectional):
    model = build_model(RNNConfig(hidden=6, layers=layers, bidirectional=bidirectional), **data.shape, seed=1)
    model.train()
    model(torch.from_numpy(np.array(data.X)))  # BatchNorm statistics that are not the initial ones
    model.eval()
    clip = data.X[3]
    memory = gru_memory(model, clip)
    with torch.no_grad():
        x = model.norm(torch.from_numpy(np.array(clip))[None])
        out, h_n = model.gru(x)  # (1, T, D*H), (L*D, 1, H)
    assert np.allclose(memory.output, out[0].numpy(), atol=1e-5)
    directions = ("forward", "backward") if bidirectional else ("forward",)
    assert [(t.layer, t.direction) for t in memory.traces] == [(i, d) for i in range(layers) for d in directions]
    for k, trace in enumerate(memory.traces):  # every layer's final state, in nn.GRU's order of h_n
        last = -1 if trace.direction == "forward" else 0  # the backward direction ends at the first frame
        assert np.allclose(trace.hidden[last], h_n[k, 0].numpy(), atol=1e-5), (trace.layer, trace.direction)
        for gate in (trace.update, trace.reset):
            assert gate.shape == (data.t, 6) and (gate > 0).all() and (gate < 1).all()
        assert (np.abs(trace.candidate) <= 1).all()
    # The whole first layer too, against a one-layer nn.GRU holding its weights.
    one = torch.nn.GRU(data.f, 6, bidirectional=bidirectional, batch_first=True)
    one.load_state_dict({k: v for k, v in model.gru.state_dict().items() if "_l0" in k})
    with torch.no_grad():
        first, _ = one(x)
    h = 6
    assert np.allclose(memory.trace(0, "forward").hidden, first[0, :, :h].numpy(), atol=1e-5)
    if bidirectional:
        assert np.allclose(memory.trace(0, "backward").hidden, first[0, :, h:].numpy(), atol=1e-5)


def test_the_update_gate_mixes_old_memory_and_new_candidate(trained, data):
    trace = gru_memory(trained["gru"], data.X[0]).trace(0, "forward")
    previous = np.vstack([np.zeros((1, trace.hidden.shape[1])), trace.hidden[:-1]])
    assert np.allclose(trace.hidden, (1 - trace.update) * trace.candidate + trace.update * previous, atol=1e-6)


@pytest.mark.parametrize("pooling", ["mean", "max", "last"])
def test_the_cnns_last_feature_map_pooled_over_time_is_what_its_head_reads(data, pooling):
    model = build_model(CNNConfig(widths=(9, 4), kernel_size=3, pooling=pooling), **data.shape, seed=2).eval()
    clip = data.X[5]
    maps = conv_feature_maps(model, clip)
    assert [m.shape for m in maps] == [(9, data.t), (4, data.t)]
    assert all((m >= 0).all() for m in maps)  # after the ReLU
    with torch.no_grad():
        logits = model(torch.from_numpy(np.array(clip))[None])
        pooled = pool_time(torch.from_numpy(maps[-1].T[None]).float(), pooling)
        assert torch.allclose(model.head(pooled), logits, atol=1e-5)


def test_the_other_families_say_what_they_cannot_show(trained, data):
    with pytest.raises(HarError) as e:
        gru_memory(trained["cnn"], data.X[0])
    assert e.value.key == "explain.not_a_gru"
    with pytest.raises(HarError) as e:
        conv_feature_maps(trained["notebook"], data.X[0])
    assert e.value.key == "explain.not_a_temporal_cnn"
