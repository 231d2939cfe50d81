"""A workbook made before floors, the harm curve and supervision still reads, checks and plans.

docs/workbook.md: Roles' Supervised by and Span of control, Demand's Growth low %,
Growth high %, Min coverage % and Serves, and the HarmCurve table are optional.
The test takes the committed workbook and strips them as a user of an earlier
version would have it (openpyxl, macros kept), then runs the real command.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from planner import contract as layout
from planner.adapters.file.file_reader import FileWorkbook
from planner.check.validate import check_workbook
from planner.cli.commands import main
from tests.processes import fte_copy
from tests.system.test_end_to_end import DEFAULT_SCENARIOS, outputs
from tests.workbook.test_read import edit


def _table(book: openpyxl.Workbook, name: str):
    for ws in book.worksheets:
        if name in ws.tables:
            return ws, ws.tables[name]
    raise KeyError(name)


def _drop_last_columns(book: openpyxl.Workbook, name: str, count: int) -> None:
    """Shrink a table by its last `count` columns and clear their cells."""
    ws, table = _table(book, name)
    left, top, right, bottom = range_boundaries(table.ref)
    for row in ws.iter_rows(min_row=top, max_row=bottom, min_col=right - count + 1, max_col=right):
        for cell in row:
            cell.value = None
    ref = f"{get_column_letter(left)}{top}:{get_column_letter(right - count)}{bottom}"
    table.ref = ref
    table.autoFilter.ref = ref
    del table.tableColumns[-count:]


def _drop_table(book: openpyxl.Workbook, name: str) -> None:
    ws, table = _table(book, name)
    for row in ws[table.ref]:
        for cell in row:
            cell.value = None
    del ws.tables[name]


def _drop_overrides_of(book: openpyxl.Workbook, columns: set[str]) -> None:
    """Overrides of columns an old workbook did not have go too (it could not hold them)."""
    ws, table = _table(book, "Overrides")
    left, top, right, bottom = range_boundaries(table.ref)
    headers = [c.value for c in ws[top][left - 1 : right]]
    at = headers.index("Column")
    kept = [
        [c.value for c in row[left - 1 : right]]
        for row in ws.iter_rows(min_row=top + 1, max_row=bottom)
        if row[left - 1 + at].value not in columns
    ]
    for i, row in enumerate(ws.iter_rows(min_row=top + 1, max_row=bottom)):
        for j, cell in enumerate(row[left - 1 : right]):
            cell.value = kept[i][j] if i < len(kept) else None
    last = top + max(len(kept), 1)
    ref = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{last}"
    table.ref = ref
    table.autoFilter.ref = ref


def make_old(book: openpyxl.Workbook) -> None:
    roles = [c.name for c in layout.ROLES.columns if c.optional]
    demand = [c.name for c in layout.DEMAND.columns if c.optional]
    _drop_last_columns(book, "Roles", len(roles))
    _drop_last_columns(book, "Demand", len(demand))
    _drop_table(book, "HarmCurve")
    _drop_overrides_of(book, set(roles + demand))


@pytest.fixture(scope="module")
def old_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("old") / "Planner.xlsm"
    fte_copy(path)
    edit(path, make_old)
    return path


def test_the_stripped_workbook_is_really_without_the_new_inputs(old_workbook):
    tables = FileWorkbook(old_workbook).read_tables()
    assert "HarmCurve" not in tables
    assert tables["Roles"].headers == [c.name for c in layout.ROLES.columns if not c.optional]
    assert tables["Demand"].headers == [c.name for c in layout.DEMAND.columns if not c.optional]
    columns = {r["Column"] for r in tables["Overrides"].records()}
    assert columns and "Min coverage %" not in columns


def test_an_old_workbook_reads_the_new_inputs_as_blank(old_workbook):
    inputs = check_workbook(FileWorkbook(old_workbook).read_tables()).inputs
    assert inputs.harm_curve.empty
    assert inputs.roles["Supervised by"].isna().all()
    assert inputs.roles["Span of control"].isna().all()
    assert inputs.demand[["Growth low %", "Growth high %", "Min coverage %"]].isna().all().all()
    assert inputs.demand["Serves"].isna().all()


def test_an_old_workbook_validates_and_plans_every_scenario(old_workbook, tmp_path, capsys):
    copy = tmp_path / "Planner.xlsm"
    shutil.copyfile(old_workbook, copy)
    assert main(["validate", str(copy)]) == 0
    assert main(["optimise", str(copy)]) == 0
    comparison = {row["Scenario"]: row for row in outputs(copy)["Comparison"]}
    assert list(comparison) == DEFAULT_SCENARIOS
    assert all(row["Status"] == "Optimal" for row in comparison.values())
    assert "Optimal" in capsys.readouterr().err
