"""The two model families compared in the dashboard, and the course notebook's three models; every model
takes clips shaped (B, T, F) — batch, frames, features — and returns logits (B, C)."""

from __future__ import annotations

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


class GRUClassifier(nn.Module):
    def __init__(self, *, config: RNNConfig, n_features: int, n_classes: int):
        super().__init__()
        self.config = config
        self.norm = FeatureNorm(n_features)
        self.gru = nn.GRU(
            n_features,
            config.hidden,
            num_layers=config.layers,
            bidirectional=config.bidirectional,
            dropout=config.dropout if config.layers > 1 else 0.0,
            batch_first=True,
        )
        self.drop = nn.Dropout(config.dropout)
        directions = 2 if config.bidirectional else 1
        self.head = nn.Linear(directions * config.hidden, n_classes)

    def forward(self, x):  # (B, T, F)
        out, _ = self.gru(self.norm(x))  # (B, T, D*H)
        if self.config.pooling == "last" and self.config.bidirectional:
            # Each direction's final state: forward at the last frame, backward at the first.
            h = self.config.hidden
            pooled = torch.cat([out[:, -1, :h], out[:, 0, h:]], dim=1)
        else:
            pooled = pool_time(out, self.config.pooling)  # (B, D*H)
        return self.head(self.drop(pooled))  # (B, C)


class ConvClassifier(nn.Module):
    def __init__(self, *, config: CNNConfig, n_features: int, n_classes: int):
        super().__init__()
        self.config = config
        self.norm = FeatureNorm(n_features)
        layers, channels = [], n_features
        for width in config.widths:
            layers += [nn.Conv1d(channels, width, config.kernel_size, padding="same"), nn.ReLU()]
            if config.dropout:
                layers.append(nn.Dropout(config.dropout))
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
    """Construct the model a config describes; `seed` makes the initial weights reproducible."""
    if seed is None:
        return _construct(config, n_frames, n_features, n_classes)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return _construct(config, n_frames, n_features, n_classes)


def _construct(config, n_frames, n_features, n_classes):
    if isinstance(config, RNNConfig):
        return GRUClassifier(config=config, n_features=n_features, n_classes=n_classes)
    if isinstance(config, CNNConfig):
        return ConvClassifier(config=config, n_features=n_features, n_classes=n_classes)
    if isinstance(config, NotebookCNNConfig):
        return NotebookCNN(config=config, n_frames=n_frames, n_features=n_features, n_classes=n_classes)
    raise ValueError(f"unknown model config {config!r}; use RNNConfig, CNNConfig or NotebookCNNConfig")
