"""What each model keeps over time on one clip: the GRU's hidden state and its update and reset gates at every
frame, recomputed from the layer's weights with the equations of torch.nn.GRU; and the temporal CNN's feature
maps (each conv layer's output after its ReLU) before they are pooled over time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from har.errors import HarError
from har.explain.tensors import as_input
from har.models import ConvClassifier, GRUClassifier

WEIGHTS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")  # one layer direction's tensors, as nn.GRU names them
DIRECTIONS = (("forward", ""), ("backward", "_reverse"))  # (name, nn.GRU's suffix of its weights)


@dataclass(frozen=True)
class GateTrace:
    """One GRU layer read in one direction, over the frames of a clip (row t: after reading frame t)."""

    layer: int  # 0-based
    direction: str  # "forward" (frame 1 to T) or "backward" (frame T to 1)
    hidden: np.ndarray  # (T, H) h_t, what the layer remembers
    update: np.ndarray  # (T, H) z_t: near 1 keeps the old memory, near 0 writes the new candidate
    reset: np.ndarray  # (T, H) r_t: how much of the old memory the candidate may read
    candidate: np.ndarray  # (T, H) n_t, the new content proposed at frame t


@dataclass(frozen=True)
class GRUMemory:
    traces: list[GateTrace]  # layer by layer, forward before backward
    output: np.ndarray  # (T, D*H) the last layer's output, as nn.GRU returns it (directions side by side)

    def trace(self, layer: int = 0, direction: str = "forward") -> GateTrace:
        return next(t for t in self.traces if t.layer == layer and t.direction == direction)


def gru_memory(model: GRUClassifier, clip) -> GRUMemory:
    """The GRU of `model` on one clip (T, F) after the model's FeatureNorm (in eval mode), recomputed step by step:

        r_t = sigmoid(W_ir x_t + b_ir + W_hr h_(t-1) + b_hr)
        z_t = sigmoid(W_iz x_t + b_iz + W_hz h_(t-1) + b_hz)
        n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_(t-1) + b_hn))
        h_t = (1 - z_t) * n_t + z_t * h_(t-1)

    A backward direction reads the frames last to first; its rows are put back in frame order.
    """
    if not isinstance(model, GRUClassifier):
        raise HarError.of("explain.not_a_gru")
    model.eval()
    gru = model.gru
    with torch.inference_mode():
        x = model.norm(_one_clip(model, clip))[0]  # (T, F)
        traces = []
        for layer in range(gru.num_layers):
            outputs = []
            for direction, suffix in DIRECTIONS[: 2 if gru.bidirectional else 1]:
                weights = [getattr(gru, f"{w}_l{layer}{suffix}") for w in WEIGHTS]
                steps = _run_direction(x if direction == "forward" else x.flip(0), *weights)  # 4 x (T, H)
                if direction == "backward":
                    steps = [s.flip(0) for s in steps]
                outputs.append(steps[0])
                traces.append(GateTrace(layer, direction, *(s.double().cpu().numpy() for s in steps)))
            x = torch.cat(outputs, dim=1)  # (T, D*H): the next layer's input
    return GRUMemory(traces, x.double().cpu().numpy())


def _run_direction(x, w_ih, w_hh, b_ih, b_hh) -> list[torch.Tensor]:
    """(hidden, update, reset, candidate), each (T, H), of one direction over x (T, In) from h_0 = 0."""
    hidden_size = w_hh.shape[1]
    gi = x @ w_ih.T + b_ih  # (T, 3H): the input's part of all three gates, [r | z | n] as nn.GRU stacks them
    h = x.new_zeros(hidden_size)
    rows = {"hidden": [], "update": [], "reset": [], "candidate": []}
    for t in range(len(x)):
        gh = w_hh @ h + b_hh  # (3H,)
        i_r, i_z, i_n = gi[t].chunk(3)
        h_r, h_z, h_n = gh.chunk(3)
        r = torch.sigmoid(i_r + h_r)
        z = torch.sigmoid(i_z + h_z)
        n = torch.tanh(i_n + r * h_n)  # b_hn sits inside r * (...), as in nn.GRU
        h = (1 - z) * n + z * h
        for key, value in (("hidden", h), ("update", z), ("reset", r), ("candidate", n)):
            rows[key].append(value)
    return [torch.stack(rows[k]) for k in ("hidden", "update", "reset", "candidate")]


def conv_feature_maps(model: ConvClassifier, clip) -> list[np.ndarray]:
    """The temporal CNN on one clip (T, F): each conv layer's output after its ReLU, (W_l, T) per layer (filters x
    frames), before pooling over time."""
    if not isinstance(model, ConvClassifier):
        raise HarError.of("explain.not_a_temporal_cnn")
    model.eval()
    maps = []
    with torch.inference_mode():
        h = model.norm(_one_clip(model, clip)).transpose(1, 2)  # (1, F, T): features are channels
        for layer in model.convs:
            h = layer(h)
            if isinstance(layer, nn.ReLU):
                maps.append(h[0].double().cpu().numpy())  # (W, T)
    return maps


def _one_clip(model: nn.Module, clip) -> torch.Tensor:
    """One clip (T, F) as a (1, T, F) tensor on the model's device and in its dtype."""
    return as_input(model, clip, ndim=2)[None]
