"""Your own data as an .npz: `X` (N, T, F) and `y` (N,), optionally `class_names`, `keys`, `groups`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

from har.data.dataset import Dataset, make_dataset
from har.errors import HarError
from har.paths import open_regular

OPTIONAL = ("class_names", "keys", "groups")
ZIP_MAGIC = b"PK\x03\x04"  # what every .npz starts with: numpy.savez writes a zip file


def load_npz(file, *, name: str | None = None) -> Dataset:
    """Load and check an .npz from a path or a binary file object; pickles are never loaded."""
    label = name or (Path(file).name if isinstance(file, (str, Path)) else "uploaded .npz")
    try:
        if isinstance(file, (str, Path)):
            with open_regular(file) as f:  # a FIFO named *.npz is refused, not waited on
                return load_npz(f, name=label)
        z = np.load(file, allow_pickle=False)
        if not isinstance(z, np.lib.npyio.NpzFile):  # a bare array, which is no context manager
            raise HarError.of("npz.single_npy", name=label)
        with z:
            missing = [k for k in ("X", "y") if k not in z.files]
            if len(missing) == 2:
                raise HarError.of("npz.no_x_or_y", name=label)
            if missing:
                raise HarError.of("npz.no_field", name=label, field=missing[0])
            fields = {k: z[k] for k in ("X", "y", *OPTIONAL) if k in z.files}
    except HarError:
        raise
    except FileNotFoundError:
        raise HarError.of("npz.missing", name=label) from None
    except ValueError as e:
        if "Object arrays" in str(e):
            raise HarError.of("npz.pickles", name=label) from None
        if "allow_pickle" in str(e):  # numpy takes any file that is neither .npz nor .npy for a pickle
            raise HarError.of("npz.not_npz", name=label) from None
        raise HarError.of("npz.unreadable", name=label, detail=str(e)) from None
    except (OSError, zipfile.BadZipFile, EOFError) as e:
        raise HarError.of("npz.unreadable", name=label, detail=str(e)) from None
    except MemoryError:  # an array header can claim any shape; numpy allocates it before reading
        raise HarError.of("npz.too_large_arrays", name=label) from None
    for k in ("class_names", "keys"):
        if k in fields and fields[k].dtype.kind not in "US":
            raise HarError.of("npz.not_strings", field=k, name=label, dtype=str(fields[k].dtype))
        if k in fields:
            fields[k] = fields[k].tolist()
    return make_dataset(label, **fields)


def save_npz(path, data: Dataset) -> Path:
    """Write a Dataset in the format `load_npz` reads."""
    path = Path(path)
    if not path.name.endswith(".npz"):  # numpy appends it; return the file actually written
        path = path.with_name(path.name + ".npz")
    np.savez_compressed(
        path,
        X=data.X,
        y=data.y,
        keys=np.asarray(data.keys),
        class_names=np.asarray(data.class_names),
        groups=data.groups,
    )
    return path


def load_npz_bytes(
    data: bytes, limit_bytes: int, *, name: str = "uploaded .npz", unpacked_limit: int | None = None
) -> Dataset:
    """An uploaded .npz from memory, checked before anything is parsed or written anywhere.

    Refused in one sentence: more than `limit_bytes`; not a zip archive of .npy arrays (a
    pickle, say, is never handed to numpy); arrays that would unpack to more than
    `unpacked_limit` bytes (default 8 x `limit_bytes`), so a small compressed file cannot fill the memory.
    """
    size = len(data)
    if size > limit_bytes:
        raise HarError.of("npz.too_big", name=name, size_mb=size / 2**20, limit_mb=limit_bytes / 2**20)
    if not data.startswith(ZIP_MAGIC):
        raise HarError.of("npz.not_zip", name=name)
    unpacked_limit = 8 * limit_bytes if unpacked_limit is None else unpacked_limit
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise HarError.of("npz.unreadable", name=name, detail=str(e)) from None
    strays = [m.filename for m in members if not m.filename.endswith(".npy")]
    if strays:
        raise HarError.of("npz.stray", name=name, member=strays[0])
    unpacked = sum(m.file_size for m in members)
    if unpacked > unpacked_limit:
        raise HarError.of("npz.unpacks_too_big", name=name, size_mb=unpacked / 2**20, limit_mb=unpacked_limit / 2**20)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for m in members:
            _check_header(z, m, name)
    return load_npz(io.BytesIO(data), name=name)


def _check_header(z: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Refuse an array whose header claims more data than its member holds: numpy would allocate it all first."""
    try:
        with z.open(member) as f:
            major, _ = np.lib.format.read_magic(f)
            read = np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
            shape, _, dtype = read(f)
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as e:
        raise HarError.of("npz.damaged_array", name=name, member=member.filename, detail=str(e)) from None
    claimed = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if dtype.hasobject:
        raise HarError.of("npz.header_pickles", name=name, member=member.filename)
    if claimed > member.file_size:
        raise HarError.of(
            "npz.header_too_big", name=name, member=member.filename, claimed=claimed, size=member.file_size
        )
