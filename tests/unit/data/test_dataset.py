"""The in-memory Dataset every part of `har` works on, its checks, and the one entry point for sources."""

from __future__ import annotations

import json

import numpy as np
import pytest

from har.data import UCF11_CLASSES, load_dataset, make_dataset
from har.data.npz import save_npz
from har.errors import HarError


def _arrays(n=8, t=2, f=3, classes=2):
    rng = np.random.default_rng(0)
    return rng.random((n, t, f), dtype=np.float32), np.arange(n) % classes


def test_properties_and_info_describe_the_arrays():
    X, y = _arrays(n=9, t=4, f=5, classes=3)
    groups = np.array([0, 0, 0, 1, 1, 1, 7, 7, 9])
    data = make_dataset("toy", X, y, class_names=["a", "b", "c"], groups=groups)
    assert (data.n, data.t, data.f, data.n_classes, data.n_groups) == (9, 4, 5, 3, 4)
    assert data.class_counts().tolist() == [3, 3, 3]
    info = data.info()
    assert info == {
        "name": "toy",
        "synthetic": False,
        "n": 9,
        "t": 4,
        "f": 5,
        "classes": 3,
        "groups": 4,
        "class_names": ["a", "b", "c"],
        "class_counts": [3, 3, 3],
        "notes": [],
    }
    json.dumps(info)  # JSON-ready, no numpy scalars


def test_class_counts_include_classes_without_clips():
    X, _ = _arrays(n=4)
    data = make_dataset("toy", X, np.array([0, 0, 2, 2]), class_names=["a", "b", "c", "d"])
    assert data.class_counts().tolist() == [2, 0, 2, 0]


def test_defaults_for_keys_names_and_groups():
    X, y = _arrays(n=5)
    data = make_dataset("toy", X, y)
    assert data.keys == ("clip-00000", "clip-00001", "clip-00002", "clip-00003", "clip-00004")
    assert data.class_names == ("class 0", "class 1")
    assert data.groups.tolist() == [0, 1, 2, 3, 4]
    eleven = make_dataset("ucf", np.zeros((11, 2, 1), np.float32), np.arange(11))
    assert eleven.class_names == UCF11_CLASSES


def test_every_array_is_read_only():
    X, y = _arrays()
    for groups in (None, np.array([0, 0, 1, 1, 2, 2, 3, 3]), np.array([0, 0, 1, 1, 2, 2, 3, 3], dtype=np.int32)):
        data = make_dataset("toy", X, y, groups=groups)
        for name in ("X", "y", "groups"):
            array = getattr(data, name)
            assert not array.flags.writeable, name
            with pytest.raises(ValueError):
                array[0] = 1
        assert data.groups.dtype == np.int64 and data.y.dtype == np.int64


def test_the_callers_labels_and_groups_stay_writable():
    X, y = _arrays()
    groups = np.arange(8)
    data = make_dataset("toy", X, y, groups=groups)
    assert y.flags.writeable and groups.flags.writeable
    y[0], groups[0] = 1, 5
    assert data.y[0] == 0 and data.groups[0] == 0  # the Dataset holds its own copies


def test_dataset_is_frozen():
    data = make_dataset("toy", *_arrays())
    with pytest.raises(AttributeError):
        data.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    "X,match",
    [
        (np.zeros((0, 2, 3), np.float32), "empty dimension"),
        (np.zeros((8, 0, 3), np.float32), "empty dimension"),
        (np.full((8, 2, 3), "a"), "must hold numbers"),
        (np.zeros((8, 6), np.float32), "3 dimensions"),
    ],
)
def test_bad_features(X, match):
    with pytest.raises(HarError, match=match):
        make_dataset("toy", X, np.arange(len(X)) % 2)


def test_load_dataset_reads_an_npz_path(tmp_path):
    data = make_dataset("mine", *_arrays(), class_names=["walk", "run"])
    path = save_npz(tmp_path / "mine.npz", data)
    back = load_dataset(str(path))
    assert np.array_equal(back.X, data.X) and back.class_names == ("walk", "run")


def test_load_dataset_explains_a_missing_download(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path))
    with pytest.raises(HarError, match="download"):
        load_dataset("ucf11")


def test_load_dataset_explains_a_missing_path(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(HarError, match="does not exist"):
        load_dataset(str(tmp_path / "nothing.zarr"))
    with pytest.raises(HarError, match="does not exist"):
        load_dataset(str(tmp_path / "nothing.npz"))
