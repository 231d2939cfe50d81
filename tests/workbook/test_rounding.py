"""Figures are written under docs/model.md's one rounding rule, by both routes.

The rule (optimise.rounding): a value within a millionth of a whole number is
that number; any other keeps 6 decimals. Before it applied to what is written,
the workbook held 1.8189894035458565e-12 served hours and 13891.500000000002.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from python_calamine import CalamineWorkbook

from optimise.rounding import tidy, tidy_array
from planner import contract as layout
from planner.cli.commands import main
from planner.excel import button_press as excel
from tests.processes import fte_copy, fte_workbook
from tests.xlwings_client import VBA, ClientBook, run_remote

INPUTS = set(layout.INPUT_SHEETS)


@pytest.mark.parametrize(
    ("noisy", "written"),
    [
        (1.8189894035458565e-12, 0.0),
        (13891.500000000002, 13891.5),
        (-2.368500000000007, -2.3685),
        (0.9174179894179895, 0.917418),
        (41.9999996, 42.0),
        (-1e-9, 0.0),
    ],
)
def test_the_rule_on_the_figures_seen(noisy, written):
    assert tidy(noisy) == written
    assert tidy_array(np.array([noisy]))[0] == written
    assert math.copysign(1, tidy(noisy)) == math.copysign(1, written)  # no -0.0


def test_anything_but_a_float_is_left_alone():
    assert tidy(2027) == 2027 and tidy("13891.500000000002") == "13891.500000000002"
    assert tidy(None) is None and tidy(True) is True
    assert math.isnan(tidy(float("nan")))


def noisy_cells(sheets: dict[str, dict[tuple[int, int], object]]) -> list[tuple]:
    """Every number on an output sheet with more than 6 decimals."""
    return [
        (name, cell, value)
        for name, cells in sheets.items()
        if name not in INPUTS
        for cell, value in cells.items()
        if isinstance(value, float) and math.isfinite(value) and round(value, 6) != value
    ]


def read_sheets(path: Path) -> dict[str, dict[tuple[int, int], object]]:
    book = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        out[name] = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)}
    return out


def test_the_command_line_writes_no_float_noise(tmp_path):
    out = tmp_path / "Planner.xlsm"
    assert main(["optimise", str(fte_workbook()), "--out", str(out)]) == 0
    sheets = read_sheets(out)
    assert any(isinstance(v, float) and not v.is_integer() for v in sheets["Coverage"].values())
    assert noisy_cells(sheets) == []


def test_the_buttons_write_no_float_noise(tmp_path, monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    source = fte_copy(tmp_path / "Planner.xlsm")
    book = ClientBook.from_xlsm(source, client=VBA)
    book.active = book.index(layout.START_SHEET)
    run_remote(lambda b: excel.optimise(b, user="tester"), book)
    sheets = {s.name: dict(s.cells) for s in book.sheets}
    assert any(isinstance(v, float) and not v.is_integer() for v in sheets["Coverage"].values())
    assert noisy_cells(sheets) == []
