"""The two model families compared in the dashboard, and the course notebook's three models; every model
takes clips shaped (B, T, F) — batch, frames, features — and returns logits (B, C)."""

from __future__ import annotations

import math
import warnings

import torch
from torch import nn

from har.configs import POOLINGS as POOLINGS  # the pooling choices, kept importable from here
from har.configs import CNNConfig, ModelConfig, NotebookCNNConfig, RNNConfig


def pool_time(x: torch.Tensor, pooling: str) -> torch.Tensor:
    """(B, T, D) -> (B, D) by taking the last frame, the mean or the max over time."""
    if pooling == "last":
        return x[:, -1]
    if pooling == "mean":
        return x.mean(dim=1)
    return x.amax(dim=1)


class FeatureNorm(nn.BatchNorm1d):
    """BatchNorm1d over the feature axis of (B, T, F) clips, statistics shared by all frames."""

    def forward(self, x):  # (B, T, F)
        return super().forward(x.transpose(1, 2)).transpose(1, 2)


class Dropout(nn.Dropout):
    """nn.Dropout whose masks come from `generator` when one is set (fit sets the run's own), so that
    a run's masks depend on its seed only, not on what other threads draw from torch's global generator."""

    generator: torch.Generator | None = None

    def forward(self, x):
        if not self.training or self.p == 0 or self.generator is None:
            return super().forward(x)
        keep = torch.empty_like(x).bernoulli_(1 - self.p, generator=self.generator)
        return x * keep.div_(1 - self.p)


def use_generator(model: nn.Module, generator: torch.Generator | None) -> None:
    """Draw every dropout mask of `model` from `generator` (None: torch's global generator again)."""
    for m in model.modules():
        if isinstance(m, Dropout):
            m.generator = generator


class GRUClassifier(nn.Module):
    def __init__(self, *, config: RNNConfig, n_features: int, n_classes: int):
        super().__init__()
        self.config = config
        self.norm = FeatureNorm(n_features)
        # nn.GRU would draw its own dropout between layers from torch's global generator; the layers
        # are run one by one with `between` instead while training (forward), with the same weights.
        self.gru = nn.GRU(
            n_features, config.hidden, num_layers=config.layers, bidirectional=config.bidirectional, batch_first=True
        )
        self.between = Dropout(config.dropout) if config.layers > 1 and config.dropout > 0 else None
        self.drop = Dropout(config.dropout)
        directions = 2 if config.bidirectional else 1
        self.head = nn.Linear(directions * config.hidden, n_classes)

    def forward(self, x):  # (B, T, F)
        x = self.norm(x)
        if self.training and self.between is not None:
            out = x
            for layer in range(self.config.layers):
                out = self.between(out) if layer else out
                out = self._layer(out, layer)  # (B, T, D*H)
        else:
            out, _ = self.gru(x)  # (B, T, D*H)
        if self.config.pooling == "last" and self.config.bidirectional:
            # Each direction's final state: forward at the last frame, backward at the first.
            h = self.config.hidden
            pooled = torch.cat([out[:, -1, :h], out[:, 0, h:]], dim=1)
        else:
            pooled = pool_time(out, self.config.pooling)  # (B, D*H)
        return self.head(self.drop(pooled))  # (B, C)

    def _layer(self, x, layer: int):
        """GRU layer `layer` alone, on its own weights of `self.gru`: (B, T, In) -> (B, T, D*H)."""
        suffixes = ("", "_reverse") if self.config.bidirectional else ("",)
        names = [f"{w}_l{layer}{s}" for s in suffixes for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        h0 = x.new_zeros(len(suffixes), x.shape[0], self.config.hidden)
        out, _ = torch.gru(
            x, h0, [getattr(self.gru, n) for n in names], True, 1, 0.0, True, self.config.bidirectional, True
        )
        return out


class ConvClassifier(nn.Module):
    def __init__(self, *, config: CNNConfig, n_features: int, n_classes: int):
        super().__init__()
        self.config = config
        self.norm = FeatureNorm(n_features)
        layers, channels = [], n_features
        for width in config.widths:
            layers += [nn.Conv1d(channels, width, config.kernel_size, padding="same"), nn.ReLU()]
            if config.dropout:
                layers.append(Dropout(config.dropout))
            channels = width
        self.convs = nn.Sequential(*layers)
        self.head = nn.Linear(channels, n_classes)

    def forward(self, x):  # (B, T, F)
        h = self.convs(self.norm(x).transpose(1, 2))  # (B, W, T): features are channels
        return self.head(pool_time(h.transpose(1, 2), self.config.pooling))  # (B, C)


class NotebookCNN(nn.Module):
    """BatchNorm -> Conv1d(T, 10, 3) over the feature axis -> ReLU -> MaxPool2d -> mean -> head."""

    def __init__(self, *, config: NotebookCNNConfig, n_frames: int, n_features: int, n_classes: int):
        super().__init__()
        self.config = config
        self.norm = FeatureNorm(n_features)
        self.conv = nn.Conv1d(n_frames, 10, kernel_size=3, padding=1)
        if config.variant == "cnn":
            self.pool = nn.MaxPool2d(2, stride=4)
            pooled = (n_features - 2) // 4 + 1
            self.head = nn.Linear(pooled, n_classes)
        else:
            self.pool = nn.MaxPool2d(2)
            pooled = n_features // 2
            self.head = nn.Sequential(
                nn.Linear(pooled, 1024), nn.ReLU(), nn.Linear(1024, 128), nn.ReLU(), nn.Linear(128, n_classes)
            )

    def forward(self, x):  # (B, T, F)
        h = torch.relu(self.conv(self.norm(x)))  # (B, 10, F): frames are the channels
        h = self.pool(h)  # (B, 10 -> P, F -> F'): pools over both channels and features
        return self.head(h.mean(dim=1))  # (B, C)


def build_model(config: ModelConfig, *, n_frames: int, n_features: int, n_classes: int, seed: int | None = None):
    """Construct the model a config describes; `seed` makes the initial weights reproducible.

    With a seed the weights are drawn from a generator of the model's own, never from torch's global
    one, so trainings started at once in several threads get the same weights as one started alone.
    """
    if seed is None:
        return _construct(config, n_frames, n_features, n_classes)
    with torch.device("meta"):  # the layers' shapes only: their own initialisation would draw globally
        model = _construct(config, n_frames, n_features, n_classes)
    model.to_empty(device="cpu")
    initialise(model, torch.Generator().manual_seed(seed))
    return model


def initialise(model: nn.Module, generator: torch.Generator) -> None:
    """PyTorch's default initialisation of every layer of `model`, drawn from `generator`."""
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv1d)):
            bound = 1 / math.sqrt(m.weight[0].numel())  # 1 / sqrt(fan in), as reset_parameters draws them
            nn.init.uniform_(m.weight, -bound, bound, generator=generator)
            nn.init.uniform_(m.bias, -bound, bound, generator=generator)
        elif isinstance(m, nn.GRU):
            bound = 1 / math.sqrt(m.hidden_size)
            for p in m.parameters():
                nn.init.uniform_(p, -bound, bound, generator=generator)
        elif isinstance(m, nn.BatchNorm1d):
            m.reset_parameters()
        elif next(m.parameters(recurse=False), None) is not None or next(m.buffers(recurse=False), None) is not None:
            raise TypeError(f"no initialisation for {type(m).__name__}; add it to har.models.initialise")


def from_state(config: ModelConfig, state: dict, *, n_frames: int, n_features: int, n_classes: int) -> nn.Module:
    """The model `config` describes with the weights `state` (a state dict of tensors or numpy arrays),
    in eval mode on the CPU."""
    with torch.device("meta"):  # no initial weights to draw: the state replaces them all
        model = _construct(config, n_frames, n_features, n_classes)
    model.to_empty(device="cpu")
    with warnings.catch_warnings():  # read-only arrays (from another process, or a cluster's store): only read
        warnings.simplefilter("ignore", UserWarning)
        state = {k: torch.as_tensor(v) for k, v in state.items()}
    model.load_state_dict(state, strict=True)
    return model.eval()


def _construct(config, n_frames, n_features, n_classes):
    if isinstance(config, RNNConfig):
        return GRUClassifier(config=config, n_features=n_features, n_classes=n_classes)
    if isinstance(config, CNNConfig):
        return ConvClassifier(config=config, n_features=n_features, n_classes=n_classes)
    if isinstance(config, NotebookCNNConfig):
        return NotebookCNN(config=config, n_frames=n_frames, n_features=n_features, n_classes=n_classes)
    raise ValueError(f"unknown model config {config!r}; use RNNConfig, CNNConfig or NotebookCNNConfig")
