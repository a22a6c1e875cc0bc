"""A data set's clips and labels as one checksummed contiguous file: what a later start reads back in a
fraction of the time it takes to decode a store or to generate the demo again."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import numpy as np

from har.paths import replace_atomically

CACHE_MAGIC, CACHE_VERSION = b"HARCLIPS", 2
CACHE_PREFIX = struct.Struct("<8sIIQ")  # magic, version, CRC-32, header length


def read_cache(file: Path) -> dict | None:
    """The cached fields, or None when the file is missing, truncated or fails its checksum.

    The clips are read straight into their final array (one copy from the page cache), so a
    warm start costs about as much as reading the file.
    """
    try:
        with open(file, "rb") as f:
            magic, version, crc, size = CACHE_PREFIX.unpack(f.read(CACHE_PREFIX.size))
            if magic != CACHE_MAGIC or version != CACHE_VERSION:
                return None
            text = f.read(size)
            header = json.loads(text)
            X = np.empty(header["shape"], dtype=np.float32)
            if f.readinto(memoryview(X).cast("B")) != X.nbytes or f.read(1):
                return None
    except (OSError, ValueError, KeyError, TypeError, struct.error):
        return None
    if zlib.crc32(memoryview(X).cast("B"), zlib.crc32(text)) != crc:
        return None
    return {
        "X": X,
        "y": np.asarray(header["y"], dtype=np.int64),
        "keys": header["keys"],
        "class_names": header["class_names"],
        "groups": np.asarray(header["groups"], dtype=np.int64),
        "notes": [str(n) for n in header.get("notes", [])],
    }


def write_cache(file: Path, fields: dict) -> None:
    """Write the cache to a temporary name and rename it, so a crash never leaves half a file.

    Layout: a fixed prefix (magic, version, CRC-32 of everything after it, header length), a JSON
    header with the labels, keys, names and groups, then X's float32 bytes in C order.
    """
    X = np.ascontiguousarray(fields["X"], dtype=np.float32)
    header = {
        "shape": list(X.shape),
        "y": np.asarray(fields["y"], dtype=np.int64).tolist(),
        "keys": [str(k) for k in fields["keys"]],
        "class_names": [str(c) for c in fields["class_names"]],
        "groups": np.asarray(fields["groups"], dtype=np.int64).tolist(),
        "notes": [str(n) for n in fields.get("notes", [])],
    }
    text = json.dumps(header).encode()
    data = memoryview(X).cast("B")
    prefix = CACHE_PREFIX.pack(CACHE_MAGIC, CACHE_VERSION, zlib.crc32(data, zlib.crc32(text)), len(text))
    with replace_atomically(file) as f:
        f.write(prefix)
        f.write(text)
        f.write(data)
