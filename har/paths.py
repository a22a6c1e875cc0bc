"""Where downloads and caches live: `HAR_DATA_DIR`, else the per-user cache folder."""
from __future__ import annotations

import os
from pathlib import Path


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
