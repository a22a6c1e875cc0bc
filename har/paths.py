"""Where downloads and caches live (`HAR_DATA_DIR`), which local paths a user may load (`HAR_DATA_ROOT`),
and how a file is written without ever leaving half of it."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import BinaryIO

from har.errors import HarError


def data_dir() -> Path:
    """The data folder; created on first use. HarError in one sentence when it cannot be (HAR_DATA_DIR under a
    regular file, say)."""
    env = os.environ.get("HAR_DATA_DIR")
    if env:
        root = Path(env).expanduser()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        root = Path(base) / "har"
    try:
        root.mkdir(parents=True, exist_ok=True)
        if not root.is_dir():  # a link to a file, say
            raise NotADirectoryError(20, "Not a directory")
    except OSError as e:  # under a regular file, not writable, ...
        raise HarError.of("paths.data_dir", path=str(root), detail=e.strerror or str(e)) from None
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
    check_tree(real, root, text)
    return real


MAX_TREE = 200_000  # entries a store may hold for check_tree to look at each one


def check_tree(real: Path, root: Path, text: str) -> None:
    """Refuse `real` unless it and everything under it (a store is a folder of many files) resolve inside `root`
    and every file is a regular one: a link deep in a store could read elsewhere, and a FIFO would hang the read."""
    if not real.is_dir():
        _check_regular(real, text)
        return
    stack, seen, count = [real], {real}, 0
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as e:
            raise HarError.of("path.unresolvable", path=text, detail=e.strerror or str(e)) from None
        for entry in entries:
            count += 1
            if count > MAX_TREE:
                raise HarError.of("path.too_many", path=text, most=MAX_TREE)
            try:
                target = Path(entry.path).resolve(strict=True)
            except (OSError, RuntimeError) as e:  # a dangling link or a loop
                raise HarError.of("path.unresolvable", path=text, detail=str(e)) from None
            if not target.is_relative_to(root):
                raise HarError.of("path.outside", path=text, root=str(root))
            if target.is_dir():
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
            else:
                _check_regular(target, text)


def _check_regular(path: Path, text: str) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # the loader says it is missing, in its own words
    except OSError as e:
        raise HarError.of("path.unresolvable", path=text, detail=e.strerror or str(e)) from None
    if not stat.S_ISREG(mode):
        raise HarError.of("path.not_regular", path=text)


def open_regular(path) -> BinaryIO:
    """`path` open for reading, refused in one sentence unless it is a regular file. It is opened without
    blocking first, so a FIFO (which would wait for a writer forever) is seen for what it is, never read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise HarError.of("path.not_regular", path=str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


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
