"""What the lab tests share: tiny models and settings, clips whose groups add a background, running a study."""

from __future__ import annotations

import numpy as np

from har.data.dataset import make_dataset
from har.i18n import render
from har.lab.commands import paragraph
from har.models import CNNConfig, RNNConfig
from har.train import TrainConfig


def ran(study):
    """`study` after running it to the end, as the CLI and the app's job do."""
    for _ in study.run():
        pass
    return study


TINY = {"rnn": RNNConfig(hidden=4), "cnn": CNNConfig(widths=(4,))}


FAST = TrainConfig(epochs=2, batch_size=16)


def grouped(n_classes=3, groups=4, per_group=3, t=4, f=6, seed=0):
    """Clips whose group adds a background; class signal on feature 0."""
    rng = np.random.default_rng(seed)
    y, g, keys = [], [], []
    for c in range(n_classes):
        for k in range(groups):
            for i in range(per_group):
                y.append(c)
                g.append(c * groups + k)
                keys.append(f"c{c}-v_x_{k + 1:02d}_{i + 1:02d}")
    y, g = np.asarray(y), np.asarray(g)
    X = rng.normal(size=(len(y), t, f)).astype(np.float32) + rng.normal(size=(g.max() + 1, 1, f)).astype(np.float32)[g]
    X[:, :, 0] += y[:, None]
    return make_dataset("grouped", X, y, keys, [f"c{c}" for c in range(n_classes)], g)


def say(message) -> str:
    """A Message in English, as figures and tests read it."""
    return render(message, "en")


def verdict(study, result, lang="en") -> str:
    """The study's verdict on `result` as the CLI prints it."""
    return paragraph(study.verdict(result), lang)
