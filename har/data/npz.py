"""Your own data as an .npz: `X` (N, T, F) and `y` (N,), optionally `class_names`, `keys`, `groups`."""
from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from har.data.dataset import Dataset, make_dataset
from har.errors import HarError

OPTIONAL = ("class_names", "keys", "groups")


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
