"""Every CSV the project writes opens in a spreadsheet as data: text that would run as a formula is quoted."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import numpy as np
import pytest
from support.board import finished_run

from har import tables
from har.board import table
from har.board.entry import entries_from_record
from har.data import make_dataset
from har.explain.embedding import Map2D
from har.explain.report import ModelMap, map_csv
from har.spreadsheet import FORMULA_START, cell

HOSTILE = ['=HYPERLINK("http://x","y")', "=1+2", "@SUM(1+1)", "+cmd", "-2+3", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_run_gets_a_leading_quote_and_numbers_stay(text):
    assert cell(text) == "'" + text
    assert cell("-0.25") == "-0.25" and cell(-3) == -3 and cell(0.5) == 0.5 and cell("plain") == "plain"
    assert all(s.startswith(FORMULA_START) for s in HOSTILE)


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _starts_a_formula(c: str) -> bool:
    return c.startswith(FORMULA_START) and not _number(c)


def _number(c: str) -> bool:
    try:
        float(c)
        return True
    except ValueError:
        return False


def test_the_compare_pages_csv_files_never_start_a_formula(tiny_demo):
    record = finished_run(tiny_demo)
    record.id = '=HYPERLINK("http://evil","click")'
    record.dataset = replace(record.dataset, name="=1+2")
    record.models["@SUM(1+1)"] = record.models.pop("cnn")
    for text in (tables.history_csv([record]), tables.epochs_csv(record)):
        cells = _cells(text)
        assert not [c for c in cells if _starts_a_formula(c)]
        assert '\'=HYPERLINK("http://evil","click")' in cells
    assert "'=1+2" in _cells(tables.history_csv([record]))
    assert any(c.startswith("'@SUM(1+1)") for c in _cells(tables.history_csv([record])))


def test_the_board_export_never_starts_a_formula(tiny_demo):
    record = finished_run(tiny_demo)
    record.dataset = replace(record.dataset, name="@SUM(1+1)")
    entries = [replace(e, name="=cmd|' /C calc'!A0") for e in entries_from_record(record, "ana")]
    cells = _cells(table.to_csv(entries))
    assert not [c for c in cells if _starts_a_formula(c)]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1+1)" in cells


def test_the_explain_map_csv_quotes_clip_keys_and_keeps_negative_coordinates():
    data = make_dataset(
        "t", np.zeros((2, 2, 1), np.float32), np.array([0, 1]), keys=["=1+2", "+x"], class_names=["-a", "b"]
    )
    projection = Map2D(np.array([[-0.5, 1.0], [2.0, -3.0]]), np.array([0.6, 0.4]), np.eye(2, 1).T, np.zeros(1))
    text = map_csv(data, np.array([0, 1]), {"rnn": ModelMap(projection, np.array([0, 1]))})
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:3] == ["'=1+2", "'-a", "'-a"] and rows[1][3:] == ["-0.5", "1"]
    assert rows[2][0] == "'+x" and rows[2][-1] == "-3"


def test_every_csv_the_product_writes_goes_through_the_spreadsheet_module():
    from support.paths import ROOT

    writers = [
        p.relative_to(ROOT).as_posix()
        for top in ("har", "dashboard", "pages")
        for p in sorted((ROOT / top).rglob("*.py"))
        if "import csv" in p.read_text(encoding="utf-8")
    ]
    assert writers == ["har/spreadsheet.py"]
