"""Shared fixtures: a tiny demo data set, a run record built by the real library, and the app under AppTest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.app import open_app
from support.paths import APP, TINY_SCALE

pytest_plugins = ["support.ray"]  # `cluster`: the one local Ray cluster every Ray test uses
SLOW_TIMEOUT_S = 900  # for tests marked slow; every other test gets pyproject's `timeout`


@pytest.fixture(scope="module")
def one_torch_thread():
    """Torch on one thread for a test module: tiny models gain nothing from more, and lose a lot
    on a busy machine. Use with `pytestmark = pytest.mark.usefixtures("one_torch_thread")`."""
    from support.data import one_thread

    with one_thread():
        yield


@pytest.fixture
def tiny_npz(tmp_path) -> Path:
    """30 clips of 4 frames x 6 features, 3 classes, 2 groups per class, as an .npz."""
    import numpy as np

    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 10)
    X = rng.random((30, 4, 6), dtype=np.float32) + y[:, None, None]
    path = tmp_path / "tiny.npz"
    np.savez(path, X=X, y=y, class_names=np.array(["a", "b", "c"]), groups=np.repeat(np.arange(6), 5))
    return path


@pytest.fixture(scope="session")
def tiny_demo():
    """The demo data set at the scale the app tests serve (HAR_DEMO_SCALE=TINY_SCALE)."""
    from har.data.demo import make_demo

    return make_demo(scale=float(TINY_SCALE))


@pytest.fixture
def app_env(monkeypatch, tmp_path):
    """The environment every app test runs in: the tiny demo and an empty data folder (no UCF11)."""
    monkeypatch.setenv("HAR_DEMO_SCALE", TINY_SCALE)
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def data_root(tmp_path, tiny_demo, monkeypatch):
    """A data root (HAR_DATA_ROOT) holding an .npz and a zarr store, and a secret file next to it (outside)."""
    from har.data.npz import save_npz
    from har.data.store import write_store

    root = tmp_path / "root"
    root.mkdir()
    save_npz(root / "mine.npz", tiny_demo)
    n = 24
    write_store(root / "mine.zarr", tiny_demo.X[:n], tiny_demo.y[:n], [f"clip{i:03d}" for i in range(n)])
    save_npz(tmp_path / "secret.npz", tiny_demo)
    os.symlink(tmp_path / "secret.npz", root / "link.npz")
    monkeypatch.setenv("HAR_DATA_ROOT", str(root))
    return root


@pytest.fixture
def app(app_env):
    """The whole dashboard under AppTest (it opens on the Data page)."""
    from streamlit.testing.v1 import AppTest

    return open_app(AppTest.from_file(str(APP), default_timeout=120))


@pytest.fixture
def tiny_record(tiny_demo):
    """A run record made by har.runs from two epochs with known predictions (no training)."""
    import numpy as np

    from har.data import make_split
    from har.models import CNNConfig, RNNConfig
    from har.runs import add_epoch, new_record
    from har.train import EpochRecord, TrainConfig

    split = make_split(tiny_demo, "random", seed=0)
    record = new_record(
        data=tiny_demo,
        source="demo",
        split=split,
        models={"rnn": RNNConfig(hidden=8), "cnn": CNNConfig(widths=(8,))},
        params={"rnn": 111, "cnn": 222},
        train=TrainConfig(epochs=2),
    )
    rng = np.random.default_rng(1)
    truth = np.asarray(record.test_labels)
    for epoch in (1, 2):
        for i, name in enumerate(("rnn", "cnn")):
            pred = np.where(rng.random(len(truth)) < 0.5 + 0.2 * epoch, truth, rng.integers(0, 11, len(truth)))
            add_epoch(
                record,
                name,
                EpochRecord(
                    epoch=epoch,
                    train_loss=2.0 / epoch + i,
                    train_acc=0.3 * epoch,
                    test_loss=2.5 / epoch + i,
                    test_acc=float((pred == truth).mean()),
                    seconds=0.5 + i,
                    test_pred=pred.tolist(),
                    fit_loss=2.2 / epoch + i,
                    fit_acc=0.25 * epoch,
                ),
            )
    return record


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium: outside CI they skip without it, in CI they must run.
    Tests marked slow train full-size models: on a busy machine they get more than the usual timeout."""
    if config.pluginmanager.hasplugin("timeout"):
        for item in items:
            if item.get_closest_marker("slow") and not item.get_closest_marker("timeout"):
                item.add_marker(pytest.mark.timeout(SLOW_TIMEOUT_S))
    from bench.harness import chromium_path

    chromium = chromium_path()
    if Path(chromium).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {chromium} (set CHROMIUM_PATH); in CI this test runs")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
