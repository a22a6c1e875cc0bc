"""Where downloads and caches live (`HAR_DATA_DIR`), which local paths a user may load (`HAR_DATA_ROOT`),
and how a file is written without ever leaving half of it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import BinaryIO

from har.errors import HarError


def data_dir() -> Path:
    """The data folder; created on first use."""
    env = os.environ.get("HAR_DATA_DIR")
    if env:
        root = Path(env).expanduser()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        root = Path(base) / "har"
    root.mkdir(parents=True, exist_ok=True)
    return root


def ucf11_store() -> Path:
    """The course store's place in the data folder (the course's own folder name)."""
    return data_dir() / "ucf11.zarr"


def data_root() -> Path | None:
    """The folder users may load local data from (HAR_DATA_ROOT), or None: local paths are turned off."""
    env = os.environ.get("HAR_DATA_ROOT", "").strip()
    return Path(env).expanduser() if env else None


def resolve_user_path(text: str, root) -> Path:
    """The real path `text` names inside `root`; refuses, in one sentence, anything that leaves it.

    `text` is what a user typed: relative to `root`, or absolute but inside it. `..` is refused
    outright, and symlinks are followed before the check, so a link pointing out of the root
    cannot be used to read elsewhere on the server.
    """
    if root is None:
        raise HarError.of("path.off")
    text = str(text).strip()
    if not text:
        raise HarError.of("path.empty")
    if "\0" in text:
        raise HarError.of("path.null")
    if ".." in PurePath(text).parts:
        raise HarError.of("path.dotdot", path=text)
    root = Path(root).resolve()
    candidate = Path(text) if Path(text).is_absolute() else root / text
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError) as e:  # a symlink loop, say
        raise HarError.of("path.unresolvable", path=text, detail=str(e)) from None
    if not real.is_relative_to(root):
        raise HarError.of("path.outside", path=text, root=str(root))
    return real


@contextmanager
def replace_atomically(path) -> Iterator[BinaryIO]:
    """A binary file that takes `path`'s place only when the block ends: a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
