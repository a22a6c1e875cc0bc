"""CSV that a spreadsheet opens as data, never as formulas: every CSV this project writes goes through here.

A cell whose text starts with = + - @ (or a tab or a carriage return, which some spreadsheets skip before
one) is run as a formula by Excel, LibreOffice and Google Sheets; text from a run record, a board or a data set
could be `=HYPERLINK(...)`. Such text is written with a leading ' (OWASP's advice on CSV injection), which the
spreadsheet shows as text. Numbers stay numbers, written as they are, a negative one included."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """`value` safe to put in a spreadsheet cell: text that would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def dicts_csv(rows: Iterable[dict], columns: Iterable[str]) -> str:
    """Rows of dicts as CSV text with a header of `columns` (a row's other keys are left out), every cell safe."""
    columns = list(columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[cell(c) for c in columns], extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({cell(k): cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def rows_csv(header: list, rows: Iterable[list]) -> str:
    """A header and rows of cells as CSV text, every cell safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([cell(c) for c in header])
    writer.writerows([cell(c) for c in row] for row in rows)
    return out.getvalue()
