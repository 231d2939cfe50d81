"""Workbooks made before later inputs still read, check and plan: as before, figure for figure.

docs/workbook.md: Roles' Supervised by and Span of control, Demand's Growth low %,
Growth high %, Min coverage % and Serves, the HarmCurve table, and the people
columns of v3 (Units' Months to productive and Intake per year, Roles' Turnover %,
Vacancy % and Team size, Establishment's Min posts, Scenarios' Max post changes
per year) are optional.

tests/data/planner-v2.xlsm is the workbook Planner shipped before v3 (commit
8f431ff), with no people columns; tests/data/planner-v2-planned-fte.xlsm is that
workbook in FTE, planned by that version's code. Planned today, it gives the
same figures in the same cells (the new output columns aside). An older workbook
still is made from it by stripping the floors, curve and supervision as a user
of an earlier version would have it (openpyxl, macros kept); it must plan.
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
from tests.processes import with_settings
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


def _optional_in(book: openpyxl.Workbook, table: layout.Table) -> list[str]:
    """The table's optional columns that this workbook's table has."""
    ws, found = _table(book, table.name)
    left, top, right, _ = range_boundaries(found.ref)
    headers = {c.value for c in ws[top][left - 1 : right]}
    return [c.name for c in table.columns if c.optional and c.name in headers]


def make_old(book: openpyxl.Workbook) -> None:
    roles = _optional_in(book, layout.ROLES)
    demand = _optional_in(book, layout.DEMAND)
    _drop_last_columns(book, "Roles", len(roles))
    _drop_last_columns(book, "Demand", len(demand))
    _drop_table(book, "HarmCurve")
    _drop_overrides_of(book, set(roles + demand))


DATA = Path(__file__).parent.parent / "data"
V2 = DATA / "planner-v2.xlsm"
V2_PLANNED = DATA / "planner-v2-planned-fte.xlsm"
PEOPLE = {
    "Units": ("Months to productive", "Intake per year"),
    "Roles": ("Turnover %", "Vacancy %", "Team size"),
    "Establishment": ("Min posts",),
    "Scenarios": ("Max post changes per year",),
}


def v2_fte(path: Path) -> Path:
    """A copy of the v2 workbook in FTE (Whole posts No, MIP gap 0), as it was planned."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(V2, path)
    return with_settings(path, {"Whole posts": "No", "MIP gap": 0})


@pytest.fixture(scope="module")
def old_workbook(tmp_path_factory) -> Path:
    path = v2_fte(tmp_path_factory.mktemp("old") / "Planner.xlsm")
    edit(path, make_old)
    return path


def test_the_v2_workbook_has_no_people_columns():
    tables = FileWorkbook(V2).read_tables()
    for name, columns in PEOPLE.items():
        assert not set(columns) & set(tables[name].headers), name


def test_a_v2_workbook_plans_to_the_same_figures_in_the_same_cells(tmp_path):
    path = v2_fte(tmp_path / "Planner.xlsm")
    assert main(["optimise", str(path)]) == 0
    now, then = FileWorkbook(path).read_tables(), FileWorkbook(V2_PLANNED).read_tables()
    for name in ("Comparison", "Moves", "Plans", "Coverage"):
        got, expected = now[name], then[name]
        assert (got.sheet, got.top, got.left) == (expected.sheet, expected.top, expected.left)
        # v3 adds columns (Comparison's Cases worked change, before Message; Moves'
        # Productive from) and leaves every other column in its order.
        assert [h for h in got.headers if h in expected.headers] == expected.headers, name
        assert len(got.rows) == len(expected.rows) > 0, name
        for n, (row, want) in enumerate(zip(got.rows, expected.rows, strict=True)):
            for column, value in zip(expected.headers, want, strict=True):
                if column == "Message":
                    continue  # v3 makes the Message one plain sentence (docs/workbook.md)
                cell = row[got.headers.index(column)]
                if isinstance(value, float):
                    assert cell == pytest.approx(value, rel=1e-6, abs=1e-6), (name, n, column)
                else:
                    assert cell == value, (name, n, column)
    assert set(now["Moves"].headers) - set(then["Moves"].headers) == {"Productive from"}
    added = set(now["Comparison"].headers) - set(then["Comparison"].headers)
    assert added == {"Cases worked change"}


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
