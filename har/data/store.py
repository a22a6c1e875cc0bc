"""The course's zarr v2 store: one array per clip, shape (T, F), label in attribute `y`.

Reading 1,600 small arrays one by one through zarr's array API is slow (seconds), so the loader
decodes each single-chunk clip straight through its codec, and keeps a checksummed contiguous
copy in the cache folder, keyed by a fingerprint of the store, for the next start.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numcodecs
import numpy as np
import zarr

from har.data.dataset import UCF11_CLASSES, Dataset, make_dataset
from har.errors import HarError

GROUP_CLIP = re.compile(r"_(\d+)_(\d+)$")  # "..._GG_CC" at the end of a clip name
CACHE_VERSION = 1


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
    for key, label in zip(keys, y.tolist()):
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
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            st = os.stat(os.path.join(root, name))
            h.update(f"{os.path.relpath(root, path)}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def load_store(path, *, cache_dir: Path | None = None, name: str | None = None) -> Dataset:
    """Load a course-layout store; with `cache_dir`, use and refresh a cached contiguous copy."""
    path = Path(path)
    if not path.exists():
        raise HarError(f"{path} does not exist; give the path of a .zarr store or an .npz file.")
    if not path.is_dir():
        raise HarError(f"{path} is not a zarr store (a store is a folder); give a .zarr folder or an .npz file.")
    name = name or path.name
    cache = None
    if cache_dir is not None:
        cache = Path(cache_dir) / f"store-{fingerprint(path)}.npz"
        cached = read_cache(cache)
        if cached is not None:
            return make_dataset(name, **cached)
    fields = read_clips(path)
    if cache is not None:
        write_cache(cache, fields)
    return make_dataset(name, **fields)


def read_clips(path: Path) -> dict:
    """All clips of the store as X, y, keys, class_names and groups."""
    try:
        group = zarr.open_group(path, mode="r", zarr_format=2)
    except Exception:
        raise HarError(f"{path} is not a zarr v2 group; expected the course's ucf11.zarr layout.") from None
    keys = sorted(group.array_keys())
    if not keys:
        raise HarError(f"the store {path} holds no clips.")
    with ThreadPoolExecutor(max_workers=4) as pool:
        clips = list(pool.map(lambda k: _read_clip(group, path, k), keys))
    shapes = {x.shape for x, _ in clips}
    if len(shapes) > 1:
        first = clips[0][0].shape
        odd = next(k for k, (x, _) in zip(keys, clips) if x.shape != first)
        raise HarError(f"clips have different shapes: {keys[0]} is {first} but {odd} is {dict(zip(keys, clips))[odd][0].shape}.")
    X = np.stack([x for x, _ in clips])
    y = np.asarray([label for _, label in clips])
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0:
        bad = next(k for k, (_, lab) in zip(keys, clips) if not isinstance(lab, int) or lab < 0)
        raise HarError(f"clip {bad} has label {dict(zip(keys, clips))[bad][1]!r}; labels must be whole numbers 0 or more.")
    return {"X": X, "y": y, "keys": keys, "class_names": class_names_from_keys(keys, y), "groups": parse_groups(keys)}


def _read_clip(group, path: Path, key: str) -> tuple[np.ndarray, object]:
    attrs_file = path / key / ".zattrs"
    attrs = json.loads(attrs_file.read_text()) if attrs_file.exists() else {}
    if "y" not in attrs:
        raise HarError(f"clip {key} has no label: its attribute 'y' is missing.")
    label = attrs["y"]
    x = _decode_single_chunk(path / key)
    if x is None:  # any layout the shortcut does not cover goes through zarr itself
        x = np.asarray(group[key][...])
    if x.ndim != 2:
        raise HarError(f"clip {key} has shape {x.shape}; each clip must be (frames, features).")
    return x, label


def _decode_single_chunk(folder: Path) -> np.ndarray | None:
    """Decode a one-chunk v2 array straight through its compressor, or None if it is not that."""
    try:
        meta = json.loads((folder / ".zarray").read_text())
    except (OSError, ValueError):
        return None
    shape, chunks = meta.get("shape"), meta.get("chunks")
    if meta.get("filters") or shape != chunks or meta.get("order", "C") != "C" or len(shape or ()) != 2:
        return None
    sep = meta.get("dimension_separator", ".")
    chunk = folder / sep.join("0" * len(shape))
    if not chunk.exists():
        return None
    raw = chunk.read_bytes()
    if meta.get("compressor"):
        raw = numcodecs.get_codec(meta["compressor"]).decode(raw)
    dtype = np.dtype(meta["dtype"])
    if len(raw) != dtype.itemsize * shape[0] * shape[1]:
        return None
    return np.frombuffer(raw, dtype=dtype).reshape(shape).astype(np.float32, copy=False)


def read_cache(file: Path) -> dict | None:
    """The cached fields, or None when the file is missing, truncated or fails its checksum."""
    try:
        with np.load(file, allow_pickle=False) as z:
            fields = {k: z[k] for k in z.files}
    except Exception:
        return None
    if int(fields.pop("version", -1)) != CACHE_VERSION:
        return None
    if int(fields.pop("crc")) != _checksum(fields):
        return None
    return {
        "X": fields["X"],
        "y": fields["y"],
        "keys": fields["keys"].tolist(),
        "class_names": fields["class_names"].tolist(),
        "groups": fields["groups"],
    }


def write_cache(file: Path, fields: dict) -> None:
    """Write the cache to a temporary name and rename it, so a crash never leaves half a file."""
    arrays = {
        "X": np.ascontiguousarray(fields["X"], dtype=np.float32),
        "y": np.asarray(fields["y"], dtype=np.int64),
        "keys": np.asarray(fields["keys"], dtype=str),
        "class_names": np.asarray(fields["class_names"], dtype=str),
        "groups": np.asarray(fields["groups"], dtype=np.int64),
    }
    arrays["crc"] = np.asarray(_checksum(arrays), dtype=np.int64)
    arrays["version"] = np.asarray(CACHE_VERSION)
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _checksum(arrays: dict) -> int:
    crc = 0
    for k in ("X", "y", "keys", "class_names", "groups"):
        crc = zlib.crc32(np.ascontiguousarray(arrays[k]).view(np.uint8), crc)
    return crc


def write_store(path, X, y, keys, *, compressor=None) -> Path:
    """Write clips in the course's layout (zarr v2, one Blosc-compressed chunk per clip)."""
    path = Path(path)
    compressor = compressor or numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE)
    group = zarr.open_group(path, mode="w", zarr_format=2)
    for x, label, key in zip(X, y, keys):
        arr = group.create_array(key, shape=x.shape, chunks=x.shape, dtype=x.dtype, compressors=compressor)
        arr[...] = x
        arr.attrs["y"] = int(label)
    return path
