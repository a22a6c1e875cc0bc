"""The course store: a real zarr v2 store on disk, read back exactly, cached, and checked."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numcodecs
import numpy as np
import pytest
import zarr

import har.data.store as store
from har.data import load_dataset
from har.data.store import fingerprint, load_store, read_cache, write_cache, write_store
from har.errors import HarError

# (class, clip name, group, clip): keys in the course's form, "class-v_clip_GG_CC".
CLIPS = [
    ("basketball", "shooting", 1, 1),
    ("basketball", "shooting", 1, 2),
    ("basketball", "shooting", 2, 1),
    ("biking", "biking", 1, 1),
    ("biking", "biking", 3, 1),
    ("biking", "biking", 3, 2),
    ("diving", "diving", 1, 1),
    ("diving", "diving", 2, 4),
]
CLASSES = ("basketball", "biking", "diving")


def _course_clips(t=4, f=6, seed=0):
    rng = np.random.default_rng(seed)
    keys = [f"{cls}-v_{name}_{g:02d}_{c:02d}" for cls, name, g, c in CLIPS]
    y = np.array([CLASSES.index(cls) for cls, *_ in CLIPS])
    X = np.maximum(rng.standard_normal((len(keys), t, f)), 0).astype(np.float32)  # sparse, non-negative
    order = rng.permutation(len(keys))  # written in no particular order
    return X[order], y[order], [keys[i] for i in order]


def _by_key(data, keys, values):
    lookup = dict(zip(keys, values, strict=True))
    return np.stack([lookup[k] for k in data.keys])


@pytest.fixture
def course(tmp_path):
    X, y, keys = _course_clips()
    path = write_store(tmp_path / "ucf11.zarr", X, y, keys)
    return path, X, y, keys


def test_written_store_has_the_course_layout(course):
    path, X, y, keys = course
    assert json.loads((path / ".zgroup").read_text())["zarr_format"] == 2
    for key, x, label in zip(keys, X, y, strict=True):
        meta = json.loads((path / key / ".zarray").read_text())
        assert meta["zarr_format"] == 2
        assert meta["compressor"]["id"] == "blosc"
        assert meta["shape"] == list(x.shape) and meta["chunks"] == list(x.shape)
        assert json.loads((path / key / ".zattrs").read_text()) == {"y": int(label)}
    # zarr itself reads back what was written.
    group = zarr.open_group(path, mode="r", zarr_format=2)
    for key, x in zip(keys, X, strict=True):
        assert np.array_equal(group[key][...], x)


def test_load_store_returns_exactly_what_was_written(course):
    path, X, y, keys = course
    data = load_store(path)
    assert data.keys == tuple(sorted(keys))
    assert data.X.dtype == np.float32 and data.X.shape == (len(keys), 4, 6)
    assert np.array_equal(data.X, _by_key(data, keys, X))
    assert np.array_equal(data.y, _by_key(data, keys, y))
    assert data.class_names == CLASSES
    assert not data.X.flags.writeable
    assert data.name == "ucf11.zarr" and not data.synthetic


def _same_group_expected(key_a, key_b):
    pattern = re.compile(r"^(.*?)-.*_(\d+)_(\d+)$")
    a, b = pattern.match(key_a), pattern.match(key_b)
    if not a or not b:
        return key_a == key_b
    return (a.group(1), int(a.group(2))) == (b.group(1), int(b.group(2)))


def test_groups_come_from_the_gg_suffix_and_the_class(course):
    path, X, y, keys = course
    data = load_store(path)
    for i, ki in enumerate(data.keys):
        for j, kj in enumerate(data.keys):
            assert (data.groups[i] == data.groups[j]) == _same_group_expected(ki, kj), (ki, kj)
    # basketball 01, basketball 02, biking 01, biking 03, diving 01, diving 02
    assert data.n_groups == 6


def test_keys_without_the_suffix_get_a_group_each(tmp_path):
    keys = ["walking-a", "walking-b", "walking-v_dog_01_01", "walking-v_dog_01_02", "swing-x_3", "golf-v_g_07"]
    y = [0, 0, 0, 0, 1, 2]
    X = np.ones((len(keys), 2, 3), np.float32) * np.arange(len(keys))[:, None, None]
    data = load_store(write_store(tmp_path / "s.zarr", X, y, keys))
    for i, ki in enumerate(data.keys):
        for j, kj in enumerate(data.keys):
            assert (data.groups[i] == data.groups[j]) == _same_group_expected(ki, kj), (ki, kj)
    assert data.n_groups == 5  # only the two walking-v_dog_01 clips share one
    assert data.class_names == ("walking", "swing", "golf")


def test_class_names_fall_back_when_prefixes_disagree_or_are_missing(tmp_path):
    keys = ["a-1", "b-2", "c-3", "noprefix", "d-4"]
    y = [0, 0, 1, 2, 3]  # label 0 has two prefixes, label 2 none
    X = np.zeros((5, 2, 2), np.float32) + np.arange(5)[:, None, None]
    data = load_store(write_store(tmp_path / "s.zarr", X, y, keys))
    assert data.class_names == ("class 0", "c", "class 2", "d")


@pytest.mark.parametrize("t,f", [(2, 1), (3, 17), (12, 5)])
def test_any_frames_and_features(tmp_path, t, f):
    X, y, keys = _course_clips(t=t, f=f, seed=t * f)
    data = load_store(write_store(tmp_path / "s.zarr", X, y, keys))
    assert (data.t, data.f) == (t, f)
    assert np.array_equal(data.X, _by_key(data, keys, X))


def test_other_array_layouts_are_read_through_zarr(tmp_path):
    """Clips the one-chunk shortcut does not cover must still come back exactly as zarr reads them."""
    rng = np.random.default_rng(1)
    path = tmp_path / "mixed.zarr"
    group = zarr.open_group(path, mode="w", zarr_format=2)
    layouts = {
        "a-several_chunks_01_01": dict(chunks=(2, 3), dtype="f4"),
        "a-no_compressor_01_02": dict(chunks=(5, 7), dtype="f4", compressors=None),
        "a-zlib_and_delta_02_01": dict(
            chunks=(5, 7), dtype="f4", filters=[numcodecs.Delta(dtype="<f4")], compressors=numcodecs.Zlib()
        ),
        "b-fortran_order_01_01": dict(chunks=(5, 7), dtype="f4", order="F", compressors=None),
        "b-slash_separator_01_02": dict(chunks=(5, 7), dtype="f4", chunk_key_encoding={"name": "v2", "separator": "/"}),
        "b-big_endian_02_01": dict(chunks=(5, 7), dtype=">f4"),
        "b-float64_02_02": dict(chunks=(5, 7), dtype="f8"),
        "c-all_zero_01_01": dict(chunks=(5, 7), dtype="f4"),  # zarr writes no chunk file for it
        "c-larger_chunk_01_02": dict(chunks=(8, 8), dtype="f4"),
    }
    written = {}
    for key, layout in layouts.items():
        x = np.zeros((5, 7)) if key.startswith("c-all_zero") else rng.random((5, 7))
        arr = group.create_array(key, shape=(5, 7), **layout)
        arr[...] = x
        arr.attrs["y"] = "abc".index(key[0])
        written[key] = np.asarray(arr[...]).astype(np.float32)  # zarr's own reading is the reference
        assert np.allclose(written[key], x)
    assert not (path / "c-all_zero_01_01" / "0.0").exists()
    data = load_store(path)
    for key, x in zip(data.keys, data.X, strict=True):
        assert np.array_equal(x, written[key]), key
    assert data.y.tolist() == ["abc".index(k[0]) for k in data.keys]


def _cache_file(cache_dir: Path) -> Path:
    files = [f for f in cache_dir.iterdir() if not f.name.endswith(".tmp")]
    assert len(files) == 1, files
    return files[0]


def test_cached_load_gives_the_same_data_without_reading_the_store(course, tmp_path, monkeypatch):
    path, X, y, keys = course
    cache_dir = tmp_path / "cache"
    first = load_store(path, cache_dir=cache_dir)
    assert fingerprint(path) in _cache_file(cache_dir).name  # keyed by the store's fingerprint

    def no_reading(_path):
        raise AssertionError("the store was read although a cache was there")

    monkeypatch.setattr(store, "read_clips", no_reading)
    second = load_store(path, cache_dir=cache_dir)
    assert np.array_equal(second.X, first.X) and second.X.dtype == np.float32
    assert np.array_equal(second.y, first.y) and np.array_equal(second.groups, first.groups)
    assert second.keys == first.keys and second.class_names == first.class_names
    assert np.array_equal(second.X, _by_key(second, keys, X))
    assert not second.X.flags.writeable


def _spy_reads(monkeypatch):
    calls = []
    real = store.read_clips

    def counting(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(store, "read_clips", counting)
    return calls


def _flip(at):
    def damage(raw: bytes) -> bytes:
        raw = bytearray(raw)
        raw[at(len(raw))] ^= 0x5A
        return bytes(raw)

    damage.__name__ = "flip_byte"
    return damage


DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "one byte short": lambda raw: raw[:-1],
    "a byte too many": lambda raw: raw + b"\0",
    "empty": lambda raw: b"",
    "first byte flipped": _flip(lambda n: 0),
    "header byte flipped": _flip(lambda n: 40),
    "middle byte flipped": _flip(lambda n: n // 2),
    "last byte flipped": _flip(lambda n: n - 1),
    "not a cache at all": lambda raw: b"PK\x03\x04" + bytes(len(raw) - 4),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_is_detected_and_rebuilt(course, tmp_path, monkeypatch, damage):
    path, X, y, keys = course
    cache_dir = tmp_path / "cache"
    load_store(path, cache_dir=cache_dir)
    cache = _cache_file(cache_dir)
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    assert read_cache(cache) is None
    calls = _spy_reads(monkeypatch)
    data = load_store(path, cache_dir=cache_dir)
    assert len(calls) == 1  # the store was read again
    assert np.array_equal(data.X, _by_key(data, keys, X))
    assert cache.read_bytes() == good  # rebuilt
    load_store(path, cache_dir=cache_dir)
    assert len(calls) == 1  # and the rebuilt cache serves the next load


def test_cache_round_trip(tmp_path):
    X, y, keys = _course_clips(t=3, f=5)
    fields = {"X": X, "y": y, "keys": keys, "class_names": CLASSES, "groups": np.arange(len(y)) % 3}
    file = tmp_path / "sub" / "cache.bin"
    write_cache(file, fields)
    back = read_cache(file)
    assert np.array_equal(back["X"], X) and back["X"].dtype == np.float32
    assert back["y"].tolist() == y.tolist() and list(back["keys"]) == keys
    assert list(back["class_names"]) == list(CLASSES)
    assert back["groups"].tolist() == fields["groups"].tolist()
    assert read_cache(tmp_path / "missing.bin") is None
    assert [f.name for f in file.parent.iterdir()] == ["cache.bin"]  # no temporary file left behind


def test_a_changed_store_gets_a_new_fingerprint_and_fresh_data(course, tmp_path):
    path, X, y, keys = course
    cache_dir = tmp_path / "cache"
    before = fingerprint(path)
    assert fingerprint(path) == before  # stable while nothing changes
    load_store(path, cache_dir=cache_dir)

    # Same size, new modification time.
    chunk = path / keys[0] / "0.0"
    st = chunk.stat()
    os.utime(chunk, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    touched = fingerprint(path)
    assert touched != before

    # New contents for one clip.
    group = zarr.open_group(path, mode="r+", zarr_format=2)
    group[keys[0]][...] = X[0] + 7.0
    changed = fingerprint(path)
    assert changed not in (before, touched)
    data = load_store(path, cache_dir=cache_dir)
    assert np.array_equal(data.X[data.keys.index(keys[0])], X[0] + 7.0)
    assert any(changed in f.name for f in cache_dir.iterdir())


def test_load_dataset_by_path_caches_in_the_data_folder(course, tmp_path, monkeypatch):
    path, X, y, keys = course
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    data = load_dataset(str(path))
    assert np.array_equal(data.X, _by_key(data, keys, X))
    assert any(fingerprint(path) in f.name for f in (tmp_path / "data" / "cache").iterdir())


def test_a_clip_without_a_label_is_named(course):
    path, X, y, keys = course
    (path / keys[2] / ".zattrs").write_text("{}")
    with pytest.raises(HarError, match=re.escape(keys[2])):
        load_store(path)


@pytest.mark.parametrize("label", [-1, 1.5, "two"])
def test_a_bad_label_is_named(course, label):
    path, X, y, keys = course
    (path / keys[3] / ".zattrs").write_text(json.dumps({"y": label}))
    with pytest.raises(HarError, match=re.escape(keys[3])):
        load_store(path)


def test_clips_of_different_shapes(tmp_path):
    clips = [np.zeros((4, 6), np.float32), np.zeros((4, 6), np.float32), np.zeros((5, 6), np.float32)]
    keys = ["a-v_x_01_01", "a-v_x_01_02", "b-v_y_01_01"]
    path = write_store(tmp_path / "s.zarr", clips, [0, 0, 1], keys)
    with pytest.raises(HarError, match="different shapes") as err:
        load_store(path)
    assert "b-v_y_01_01" in str(err.value)


def test_a_clip_that_is_not_two_dimensional(tmp_path):
    clips = [np.zeros((4, 6), np.float32), np.zeros((2, 2, 6), np.float32)]
    path = write_store(tmp_path / "s.zarr", clips, [0, 1], ["a-1", "b-1"])
    with pytest.raises(HarError, match="b-1"):
        load_store(path)


def test_paths_that_are_not_stores(tmp_path):
    with pytest.raises(HarError, match="does not exist"):
        load_store(tmp_path / "missing.zarr")
    a_file = tmp_path / "clips.txt"
    a_file.write_text("not a store")
    with pytest.raises(HarError, match="not a zarr store"):
        load_store(a_file)
    (tmp_path / "empty").mkdir()
    with pytest.raises(HarError, match="zarr v2"):
        load_store(tmp_path / "empty")
    zarr.open_group(tmp_path / "no_clips.zarr", mode="w", zarr_format=2)
    with pytest.raises(HarError, match="no clips"):
        load_store(tmp_path / "no_clips.zarr")


def test_a_failed_load_leaves_no_cache(tmp_path):
    path = write_store(tmp_path / "s.zarr", np.zeros((2, 3, 4), np.float32), [0, -1], ["a-1", "b-1"])
    with pytest.raises(HarError):
        load_store(path, cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache").glob("*")) == []


def test_a_cache_folder_that_cannot_be_written_still_loads(course, tmp_path):
    path, X, y, keys = course
    blocker = tmp_path / "a_file"
    blocker.write_text("the cache folder would have to be inside this file")
    data = load_store(path, cache_dir=blocker / "cache")
    assert np.array_equal(data.X, _by_key(data, keys, X))
