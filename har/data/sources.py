"""One entry point for every data source: "demo", "ucf11" or a path to a store or an .npz."""

from __future__ import annotations

from pathlib import Path

from har.data.dataset import Dataset
from har.errors import HarError
from har.paths import data_dir, ucf11_store


def load_dataset(source: str = "demo", *, seed: int = 0) -> Dataset:
    """Load a data set by name or path; any problem raises one clear HarError."""
    if source == "demo":
        from har.data.demo import make_demo

        return make_demo(seed=seed)
    from har.data.store import load_store

    if source == "ucf11":
        store = ucf11_store()
        if not store.exists():
            raise HarError.of("sources.no_ucf11", store=store)
        return load_store(store, cache_dir=data_dir() / "cache", name="UCF11 (DenseNet-121 features)")
    path = Path(source).expanduser()
    if path.suffix == ".npz" or path.is_file():
        from har.data.npz import load_npz

        return load_npz(path)
    return load_store(path, cache_dir=data_dir() / "cache")
