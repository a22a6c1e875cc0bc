"""Your own data as an .npz: `X` (N, T, F) and `y` (N,), optionally `class_names`, `keys`, `groups`."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

from har.data.dataset import Dataset, make_dataset
from har.errors import HarError

OPTIONAL = ("class_names", "keys", "groups")
ZIP_MAGIC = b"PK\x03\x04"  # what every .npz starts with: numpy.savez writes a zip file


def load_npz(file, *, name: str | None = None) -> Dataset:
    """Load and check an .npz from a path or a binary file object; pickles are never loaded."""
    label = name or (Path(file).name if isinstance(file, (str, Path)) else "uploaded .npz")
    try:
        z = np.load(file, allow_pickle=False)
        if not isinstance(z, np.lib.npyio.NpzFile):  # a bare array, which is no context manager
            raise HarError(f"{label} is a single .npy array, not an .npz with X and y.")
        with z:
            missing = [k for k in ("X", "y") if k not in z.files]
            if missing:
                raise HarError(f"{label} has no {' or '.join(missing)}; an .npz needs X (clips, frames, features) and y (labels).")
            fields = {k: z[k] for k in ("X", "y", *OPTIONAL) if k in z.files}
    except HarError:
        raise
    except FileNotFoundError:
        raise HarError(f"{label} does not exist.") from None
    except ValueError as e:
        if "Object arrays" in str(e):
            raise HarError(f"{label} contains Python objects (pickles), which are never loaded; save plain arrays.") from None
        if "allow_pickle" in str(e):  # numpy takes any file that is neither .npz nor .npy for a pickle
            raise HarError(f"{label} is not an .npz file; save X and y with numpy.savez.") from None
        raise HarError(f"{label} is not a readable .npz file ({e}).") from None
    except (OSError, zipfile.BadZipFile, EOFError) as e:
        raise HarError(f"{label} is not a readable .npz file ({e}).") from None
    except MemoryError:  # an array header can claim any shape; numpy allocates it before reading
        raise HarError(f"{label} declares arrays too large for this machine's memory; check the file.") from None
    for k in ("class_names", "keys"):
        if k in fields and fields[k].dtype.kind not in "US":
            raise HarError(f"{k} in {label} must be an array of strings, not {fields[k].dtype}.")
        if k in fields:
            fields[k] = fields[k].tolist()
    return make_dataset(label, **fields)


def save_npz(path, data: Dataset) -> Path:
    """Write a Dataset in the format `load_npz` reads."""
    path = Path(path)
    if not path.name.endswith(".npz"):  # numpy appends it; return the file actually written
        path = path.with_name(path.name + ".npz")
    np.savez_compressed(
        path, X=data.X, y=data.y, keys=np.asarray(data.keys), class_names=np.asarray(data.class_names), groups=data.groups
    )
    return path


def load_npz_bytes(data: bytes, limit_bytes: int, *, name: str = "uploaded .npz", unpacked_limit: int | None = None) -> Dataset:
    """An uploaded .npz from memory, checked before anything is parsed or written anywhere.

    Refused in one sentence: more than `limit_bytes`; not a zip archive of .npy arrays (a
    pickle, say, is never handed to numpy); arrays that would unpack to more than
    `unpacked_limit` bytes (default 8 x `limit_bytes`), so a small compressed file cannot fill the memory.
    """
    size = len(data)
    if size > limit_bytes:
        raise HarError(f"{name} is {_mb(size)}, more than the {_mb(limit_bytes)} allowed; upload a smaller file.")
    if not data.startswith(ZIP_MAGIC):
        raise HarError(f"{name} is not an .npz file (an .npz is a zip of arrays); save X and y with numpy.savez.")
    unpacked_limit = 8 * limit_bytes if unpacked_limit is None else unpacked_limit
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise HarError(f"{name} is not a readable .npz file ({e}).") from None
    strays = [m.filename for m in members if not m.filename.endswith(".npy")]
    if strays:
        raise HarError(f"{name} holds {strays[0]!r}, which is not an array; an .npz holds only .npy arrays.")
    unpacked = sum(m.file_size for m in members)
    if unpacked > unpacked_limit:
        raise HarError(f"{name} would unpack to {_mb(unpacked)}, more than the {_mb(unpacked_limit)} allowed; upload less data.")
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
        raise HarError(f"{name} has a damaged array {member.filename} ({e}).") from None
    claimed = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if dtype.hasobject or claimed > member.file_size:
        what = "Python objects (pickles)" if dtype.hasobject else f"{claimed:,} bytes in a {member.file_size:,}-byte member"
        raise HarError(f"{name} has an array {member.filename} that declares {what}, so it is refused.")


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"
