"""Data sources: the course's zarr store, your own .npz, and the embedded synthetic demo set."""

from har.data.dataset import UCF11_CLASSES, Dataset, make_dataset
from har.data.sources import load_dataset
from har.data.splits import SPLITS, Split, make_split

__all__ = ["UCF11_CLASSES", "Dataset", "SPLITS", "Split", "load_dataset", "make_dataset", "make_split"]
