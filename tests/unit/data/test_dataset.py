"""The in-memory Dataset every part of `har` works on, its checks (a clip needs two frames), the one entry point for
sources, and user text in names and keys kept exactly as written by every source."""

from __future__ import annotations

import json

import numpy as np
import pytest
from support.data import one_frame_arrays

from har.data import UCF11_CLASSES, load_dataset, make_dataset, make_split
from har.data.npz import load_npz, load_npz_bytes, save_npz
from har.data.store import load_store, write_store
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


# A clip needs two frames


def test_the_data_makes_the_last_batch_a_single_clip():
    X, y = one_frame_arrays()
    two = make_dataset("two frames", np.repeat(X, 2, axis=1), y)
    assert len(make_split(two, "random").train_idx) % 32 == 1


def test_loading_refuses_one_frame_in_both_languages():
    X, y = one_frame_arrays()
    with pytest.raises(HarError) as e:
        make_dataset("one frame", X, y)
    assert str(e.value).startswith("the clips have a single frame") and "(42, 1, 6)" in str(e.value)
    assert e.value.message("es").startswith("los clips tienen un solo fotograma")


# User text (class names, keys) is data, never markup: it comes back exactly as it was written, from every source


EVIL = '<script>alert("x")</script>'


def test_markup_in_npz_names_and_keys_survives_as_plain_strings(tmp_path):
    names = [EVIL, "a & b", "<b>bold</b>"]
    keys = [f"{EVIL}-{i}" for i in range(6)]
    X = np.random.default_rng(0).random((6, 2, 3), dtype=np.float32)
    path = tmp_path / "evil.npz"
    np.savez(path, X=X, y=[0, 0, 1, 1, 2, 2], class_names=np.array(names), keys=np.array(keys))
    for data in (load_npz(path), load_npz_bytes(path.read_bytes(), 10**6)):
        assert data.class_names == tuple(names) and data.keys == tuple(keys)
        assert all(type(s) is str for s in data.class_names + data.keys)


def test_markup_in_store_keys_survives_as_plain_strings(tmp_path):
    # A key is a folder name, so no "/"; the class name is the key's prefix up to the first "-".
    evil = "<script>alert(1)</script>".replace("/", "")  # zarr treats / and \\ in a name as folders
    keys = [f"{evil}-v_x_01_01", f"{evil}-v_x_01_02", "<i>b&amp;-v_y_01_01", "<i>b&amp;-v_y_02_01"]
    X = np.random.default_rng(1).random((4, 2, 3), dtype=np.float32)
    path = write_store(tmp_path / "s.zarr", X, [0, 0, 1, 1], keys)
    data = load_store(path, cache_dir=tmp_path / "cache")
    cached = load_store(path, cache_dir=tmp_path / "cache")
    for d in (data, cached):
        assert d.class_names == (evil, "<i>b&amp;") and sorted(d.keys) == sorted(keys)
