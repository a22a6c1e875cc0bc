"""What the shared sidebar decided for this run (language, data, split, device): built once, read by every page."""

from __future__ import annotations

from dataclasses import dataclass

from har.data import Dataset, Split


@dataclass(frozen=True)
class AppContext:
    lang: str
    data: Dataset  # shared read-only across sessions
    source: str  # "demo" | "ucf11" | "upload"
    split: Split
    split_seed: int
    device: str  # "auto" | "cpu" | "cuda"

    @property
    def shape(self) -> dict[str, int]:
        """The keyword arguments count_params and build_model need for this data set."""
        return self.data.shape
