"""Files users upload to the dashboard: size checked first, then parsed by the library's own checked loaders.

Uploads stay in memory and belong to one session; nothing is written to disk.
"""

from __future__ import annotations

from har.data.dataset import Dataset
from har.data.npz import load_npz_bytes
from har.errors import HarError
from har.runs import MAX_MB, RunRecord, loads

NPZ_MAX_MB = 200  # the same as server.maxUploadSize in .streamlit/config.toml
RUN_MAX_MB = MAX_MB  # the same as the CLI's: a run record is a few hundred kB even for long runs


def check_size(name: str, size: int, max_mb: float) -> None:
    """Refuse a file over `max_mb` megabytes before reading any of it."""
    if size > max_mb * 1024 * 1024:
        raise HarError.of("upload.too_big", name=name, size_mb=size / 1024 / 1024, max_mb=max_mb)


def dataset_from_upload(name: str, size: int, read, *, max_mb: float | None = None) -> Dataset:
    """An uploaded .npz as a checked Dataset; `read()` returns its bytes and is called only if the size is fine.

    `load_npz_bytes` checks the zip, its members, their unpacked size and every array header
    before numpy parses anything. `max_mb` defaults to NPZ_MAX_MB as it is when called (a server,
    or a test, may lower it).
    """
    max_mb = NPZ_MAX_MB if max_mb is None else max_mb
    check_size(name, size, max_mb)
    return load_npz_bytes(read(), int(max_mb * 1024 * 1024), name=name)


def run_from_upload(name: str, size: int, read, *, max_mb: float | None = None) -> RunRecord:
    """An uploaded run record (JSON), checked once by `har.runs.loads`: every page can draw what it accepts.

    `max_mb` defaults to RUN_MAX_MB as it is when called."""
    check_size(name, size, RUN_MAX_MB if max_mb is None else max_mb)
    return loads(read())
