"""The board as a table: filtered, sorted, with translated column names for the page, and as CSV for the
lecturer (one row per entry, every stored field)."""

from __future__ import annotations

from dataclasses import asdict, fields

from har.board.entry import Entry
from har.board.figures import POOLING_KEYS
from har.i18n import translator
from har.plots import model_label
from har.spreadsheet import dicts_csv

SORTS = ("created", "final_acc", "best_acc", "params", "name", "seconds")  # what the table can be sorted by
SORT_KEYS = {
    "created": "board.sort.created",
    "final_acc": "board.sort.final_acc",
    "best_acc": "board.sort.best_acc",
    "params": "board.sort.params",
    "name": "board.sort.name",
    "seconds": "board.sort.seconds",
}
CSV_COLUMNS = ("board", "created", *(f.name for f in fields(Entry) if f.name not in ("board", "created", "id")))


def filter_entries(
    entries: list[Entry],
    *,
    families: tuple[str, ...] = (),
    poolings: tuple[str, ...] = (),
    splits: tuple[str, ...] = (),
    text: str = "",
    runs: frozenset[str] | None = None,
) -> list[Entry]:
    """The entries of the chosen families, poolings and splits (none chosen: all) whose name contains `text`;
    with `runs` (the run ids of comparisons, har.board.summary), only the entries of those runs."""
    needle = text.strip().casefold()
    return [
        e
        for e in entries
        if (not families or e.family in families)
        and (not poolings or e.pooling in poolings)
        and (not splits or e.split in splits)
        and needle in e.name.casefold()
        and (runs is None or e.run_id in runs)
    ]


def sort_entries(entries: list[Entry], by: str = "created", descending: bool = True) -> list[Entry]:
    """Sorted by one of SORTS; ties go by order of publishing (the database id), the same way round."""
    if by not in SORTS:
        raise ValueError(f"unknown sort {by!r}; choose one of {', '.join(SORTS)}")
    value = (lambda e: e.name.casefold()) if by == "name" else (lambda e: getattr(e, by))
    return sorted(entries, key=lambda e: (value(e), e.id), reverse=descending)


def rows(entries: list[Entry], lang: str = "en") -> list[dict]:
    """One row per entry for the page, accuracies in percent; every text is shown as plain text by the table."""
    tr = translator(lang)
    return [
        {
            tr("board.col.name"): e.name,
            tr("board.col.model"): model_label(e.family),
            tr("board.col.params"): e.params,
            tr("board.col.pooling"): tr(POOLING_KEYS[e.pooling or ""]),
            tr("board.col.size"): _size(e),
            tr("board.col.split"): e.split,
            tr("board.col.seed"): e.seed,
            tr("board.col.final"): round(100 * e.final_acc, 1),
            tr("board.col.best"): round(100 * e.best_acc, 1),
            tr("board.col.epochs"): e.epochs,
            tr("board.col.seconds"): round(e.seconds, 1),
            tr("board.col.created"): e.created,
        }
        for e in entries
    ]


def _size(e: Entry) -> str:
    """GRU units per direction, or filters per conv layer, or the notebook CNN's variant."""
    if e.hidden is not None:
        return str(e.hidden)
    return e.widths if e.kind == "cnn" else f"notebook {e.widths}"


def to_csv(entries: list[Entry]) -> str:
    """Every stored field of every entry as CSV; text a spreadsheet would run as a formula is quoted with '."""
    return dicts_csv((asdict(e) for e in entries), CSV_COLUMNS)
