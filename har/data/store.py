"""The course's zarr v2 store: one array per clip, shape (T, F), label in attribute `y`; read clip by clip
through each clip's codec, and kept as a checksummed contiguous copy in a cache keyed by the store's fingerprint."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numcodecs
import numpy as np
import zarr

from har.data.cache import CACHE_VERSION, read_cache, write_cache
from har.data.dataset import UCF11_CLASSES, Dataset, make_dataset
from har.errors import HarError

GROUP_CLIP = re.compile(r"_(\d+)_(\d+)$")  # "..._GG_CC" at the end of a clip name
READ_THREADS = 4  # file reads and stat calls wait on the disk, not the GIL


def parse_groups(keys) -> np.ndarray:
    """One integer per clip: clips whose keys share class and `GG` share a group.

    A key without the `_GG_CC` suffix gets a group of its own.
    """
    ids: dict[str, int] = {}
    out = []
    for key in keys:
        m = GROUP_CLIP.search(key)
        name = f"{key.split('-', 1)[0]}/{m.group(1)}" if m else f"clip:{key}"
        out.append(ids.setdefault(name, len(ids)))
    return np.asarray(out, dtype=np.int64)


def class_names_from_keys(keys, y: np.ndarray) -> tuple[str, ...]:
    """Class names in label order, from each key's `class-` prefix where it is consistent."""
    n_classes = int(y.max()) + 1
    prefixes: dict[int, set[str]] = {}
    for key, label in zip(keys, y.tolist(), strict=True):
        prefixes.setdefault(label, set()).add(key.split("-", 1)[0] if "-" in key else "")
    names = []
    for label in range(n_classes):
        found = prefixes.get(label, set())
        if len(found) == 1 and "" not in found:
            names.append(found.pop())
        elif n_classes == len(UCF11_CLASSES):
            names.append(UCF11_CLASSES[label])
        else:
            names.append(f"class {label}")
    return tuple(names)


def fingerprint(path: Path) -> str:
    """A hash of every file's name, size and modification time: changes when the store does."""
    h = hashlib.sha1()
    _hash_folder(h, path, "")
    return h.hexdigest()


def _hash_folder(h, folder, rel: str) -> None:
    entries = sorted(os.scandir(folder), key=lambda e: e.name)
    lines, folders = [], []
    for e in entries:
        if e.is_dir():
            folders.append(e)
        else:
            st = e.stat()
            lines.append(f"{rel}{e.name}:{st.st_size}:{st.st_mtime_ns}\n")
    h.update("".join(lines).encode())
    for e in folders:
        _hash_folder(h, e.path, f"{rel}{e.name}/")


def load_store(path, *, cache_dir: Path | None = None, name: str | None = None) -> Dataset:
    """Load a course-layout store; with `cache_dir`, use and refresh a cached contiguous copy."""
    path = Path(path)
    if not path.exists():
        raise HarError.of("store.missing", path=str(path))
    if not path.is_dir():
        raise HarError.of("store.not_folder", path=str(path))
    name = name or path.name
    cache = None
    if cache_dir is not None:
        cache = Path(cache_dir) / f"store-{fingerprint(path)}.v{CACHE_VERSION}.bin"
        cached = read_cache(cache)
        if cached is not None:
            return make_dataset(name, **cached)
    fields = read_clips(path)
    data = make_dataset(name, **fields)  # checked before it is cached: a refused store leaves no cache
    if cache is not None:
        try:
            write_cache(cache, fields)
        except OSError:  # the cache only saves time; a folder that cannot be written costs no data
            pass
    return data


def read_clips(path: Path) -> dict:
    """All clips of the store as X, y, keys, class_names and groups.

    Each single-chunk clip is decoded straight through its codec: zarr's array API opens and
    checks every small array on its own, which dominates the load on a store of many clips.
    """
    try:
        group = zarr.open_group(path, mode="r", zarr_format=2)
    except Exception:
        raise HarError.of("store.not_v2", path=str(path)) from None
    keys = array_keys(path)
    if not keys:
        raise HarError.of("store.empty", path=str(path))
    first, label = _read_clip(group, path, keys[0])
    X = np.empty((len(keys), *first.shape), dtype=np.float32)  # filled in place by the readers
    X[0] = first

    def read_into(i: int):
        x, label = _read_clip(group, path, keys[i], out=X[i])
        if x.shape != first.shape:
            raise HarError.of("store.shapes_differ", first=keys[0], first_shape=first.shape, key=keys[i], shape=x.shape)
        return label

    def read_slice(part: range) -> list:
        return [read_into(i) for i in part]

    parts = [range(1 + k, len(keys), READ_THREADS) for k in range(READ_THREADS)]
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        done = list(pool.map(read_slice, parts))  # one task per thread: a future per clip costs more than its read
    labels = [label] + [done[(i - 1) % READ_THREADS][(i - 1) // READ_THREADS] for i in range(1, len(keys))]
    y = np.asarray(labels)
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0:
        bad = next(i for i, lab in enumerate(labels) if not isinstance(lab, int) or lab < 0)
        raise HarError.of("store.bad_label", key=keys[bad], label=labels[bad])
    _check_label_range(y, keys)
    fields = {"X": X, "y": y, "keys": keys, "class_names": class_names_from_keys(keys, y), "groups": parse_groups(keys)}
    return {**fields, "notes": _dtype_notes(path, keys[0])}


def _dtype_notes(path: Path, key: str) -> list[str]:
    """The conversion made while decoding, judged from the first clip's dtype (clips are decoded to float32)."""
    meta = _read_json(os.path.join(path, key, ".zarray")) or {}
    try:
        dtype = np.dtype(meta.get("dtype", "<f4"))
    except TypeError:
        return []
    return [] if dtype == np.float32 else [f"features converted from {dtype} to float32"]


def _check_label_range(y: np.ndarray, keys) -> None:
    """Refuse a label past UCF11's 11 classes that leaves classes without clips (a typo like 50 for 5).

    Class names come from the keys, so there is no list to check against; but a store numbers
    its classes from 0, and a label beyond both UCF11's range and the labels in use is a mistake
    that would otherwise silently add dozens of empty classes to the model's output.
    """
    top = int(y.max())
    used = len(np.unique(y))
    if top >= len(UCF11_CLASSES) and used < top + 1:
        key = keys[int(np.argmax(y))]
        raise HarError.of("store.label_out_of_range", key=key, label=top, used=used)


def array_keys(path: Path) -> list[str]:
    """The names of the arrays directly in the group, sorted.

    Listed from the folders themselves: zarr's `group.array_keys()` opens every array's metadata
    one by one, where a directory scan reads only the folder.
    """
    return sorted(e.name for e in os.scandir(path) if e.is_dir() and os.path.isfile(os.path.join(e.path, ".zarray")))


def _read_clip(group, path: Path, key: str, out: np.ndarray | None = None) -> tuple[np.ndarray, object]:
    """(clip, label); the clip is decoded into `out` when its shape fits, else into a new array."""
    folder = os.path.join(path, key)
    attrs = _read_json(os.path.join(folder, ".zattrs"))
    if attrs is None or "y" not in attrs:
        raise HarError.of("store.no_label", key=key)
    try:  # a damaged chunk or .zarray surfaces as whatever its codec or parser raises
        x = _decode_single_chunk(folder, out)
        if x is None:  # any layout the shortcut does not cover goes through zarr itself
            x = np.asarray(group[key][...])
            if out is not None and x.shape == out.shape:
                out[...] = x
    except Exception as e:
        raise HarError.of("store.unreadable_clip", key=key, detail=f"{type(e).__name__}: {str(e)[:100]}") from None
    if x.ndim != 2:
        raise HarError.of("store.clip_not_2d", key=key, shape=x.shape)
    return x, attrs["y"]


def _read_json(file: str):
    try:
        with open(file, "rb") as f:
            return json.loads(f.read())
    except (OSError, ValueError):
        return None


def _decode_single_chunk(folder: str, out: np.ndarray | None = None) -> np.ndarray | None:
    """Decode a one-chunk v2 array straight through its compressor, or None if it is not that.

    A Blosc chunk of float32 whose header announces exactly `out`'s size is decoded into `out`
    without an intermediate copy.
    """
    try:
        with open(os.path.join(folder, ".zarray"), "rb") as f:
            meta = _single_chunk_meta(f.read())
        if meta is None:
            return None
        shape, dtype, chunk_name, codec = meta
        with open(os.path.join(folder, chunk_name), "rb") as f:
            raw = f.read()
    except OSError:
        return None
    size = dtype.itemsize * shape[0] * shape[1]
    fits = out is not None and dtype == np.float32 and out.shape == shape
    if fits and codec is not None and codec.codec_id == "blosc" and _blosc_size(raw) == size:
        codec.decode(raw, out=out)
        return out
    if codec is not None:
        raw = codec.decode(raw)
    if len(raw) != size:
        return None
    x = np.frombuffer(raw, dtype=dtype).reshape(shape)
    if out is not None and out.shape == shape:  # any dtype: the caller reads the clip from `out`
        out[...] = x
        return out
    return x.astype(np.float32, copy=False)


@functools.lru_cache(maxsize=16)
def _single_chunk_meta(text: bytes):
    """(shape, dtype, chunk file name, codec or None) from a .zarray, or None if not one chunk.

    Cached on the file's bytes: the clips of a store share one metadata text, so it is parsed
    and its codec built once rather than 1,600 times.
    """
    try:
        meta = json.loads(text)
        shape, chunks = meta.get("shape"), meta.get("chunks")
        if meta.get("filters") or shape != chunks or meta.get("order", "C") != "C" or len(shape or ()) != 2:
            return None
        codec = numcodecs.get_codec(meta["compressor"]) if meta.get("compressor") else None
        chunk_name = meta.get("dimension_separator", ".").join("0" * len(shape))
        return tuple(shape), np.dtype(meta["dtype"]), chunk_name, codec
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _blosc_size(raw: bytes) -> int:
    """The decoded length a Blosc frame announces in its 16-byte header (bytes 4..7)."""
    return int.from_bytes(raw[4:8], "little") if len(raw) >= 16 else -1


def write_store(path, X, y, keys, *, compressor=None) -> Path:
    """Write clips in the course's layout (zarr v2, one Blosc-compressed chunk per clip)."""
    path = Path(path)
    compressor = compressor or numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE)
    group = zarr.open_group(path, mode="w", zarr_format=2)
    for x, label, key in zip(X, y, keys, strict=True):
        arr = group.create_array(key, shape=x.shape, chunks=x.shape, dtype=x.dtype, compressors=compressor)
        arr[...] = x
        arr.attrs["y"] = int(label)
    return path
