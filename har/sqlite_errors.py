"""SQLite's and the disk's failures on one of the library's database files (the run store, the class board) as
one sentence each: busy, not writable, not a database of ours."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from har.errors import HarError


@contextmanager
def plain_errors(path: Path, keys: Mapping[str, str]) -> Iterator[None]:
    """Within the block, a failure of the file at `path` is a HarError of `keys` (a literal map, so the catalog
    check finds every key): "busy" when another process holds it too long, "unwritable" with the `detail` of why,
    "damaged" when it is no SQLite database."""
    try:
        yield
    except sqlite3.OperationalError as e:
        text = str(e)
        if "locked" in text or "busy" in text:
            raise HarError.of(keys["busy"]) from None
        raise HarError.of(keys["unwritable"], path=str(path), detail=text) from None
    except sqlite3.DatabaseError as e:
        raise HarError.of(keys["damaged"], path=str(path), detail=str(e)) from None
    except OSError as e:  # its folder cannot be made or written: the path under a regular file, say
        raise HarError.of(keys["unwritable"], path=str(path), detail=e.strerror or str(e)) from None
