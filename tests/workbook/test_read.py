"""Reading a workbook file: tables by name, values not formulas, and clear refusals."""

from __future__ import annotations

import datetime
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.table import Table

from planner import contract as layout
from planner.adapters.file.file_reader import NOT_CALCULATED, FileWorkbook
from planner.adapters.package.refusals import WorkbookFileError, check_not_open
from planner.check.validate import WorkbookInputError, check_workbook
from planner.read.tables import Unreadable
from tests.conftest import VALID_ROWS


def make_workbook(path: Path, sheets: dict[str, list[tuple[str, str, list[list]]]]) -> Path:
    """An openpyxl workbook: per sheet, tables as (name, top-left cell, header + rows)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, tables in sheets.items():
        ws = book.create_sheet(sheet)
        ws["A1"] = f"{sheet} (a title above the table)"
        for name, corner, rows in tables:
            first = ws[corner]
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    ws.cell(first.row + r, first.column + c, value)
            last = ws.cell(first.row + len(rows) - 1, first.column + len(rows[0]) - 1)
            ws.add_table(Table(displayName=name, ref=f"{corner}:{last.coordinate}"))
    book.save(path)
    return path


def rewrite(path: Path, part: str, change) -> None:
    """Edit one part of the package in place, as another program would have written it."""
    with zipfile.ZipFile(path) as old:
        items = [(i, old.read(i.filename)) for i in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in items:
            new.writestr(info, change(data) if info.filename == part else data)


def units_book(tmp_path: Path) -> Path:
    return make_workbook(
        tmp_path / "Planner.xlsm",
        {
            "Units": [
                (
                    "Units",
                    "A3",
                    [
                        ["Unit", "Min posts", "Note"],
                        ["Major Investigation Teams", 30, "text"],
                        ["Border Policing", "40", None],
                        ["Public Protection Unit", 2.5, datetime.date(2027, 1, 1)],
                    ],
                )
            ],
            "Run log": [("RunLog", "C5", [["Run at", "Scenario"], ["today", "Baseline"]])],
        },
    )


# --- Tables and values -------------------------------------------------------------------


def test_tables_are_found_by_name_with_their_place(tmp_path):
    tables = FileWorkbook(units_book(tmp_path)).read_tables()
    assert set(tables) == {"Units", "RunLog"}
    log = tables["RunLog"]
    assert (log.sheet, log.top, log.left) == ("Run log", 5, 3)
    assert log.headers == ["Run at", "Scenario"]
    assert log.rows == [["today", "Baseline"]]
    assert log.cell(0, "Scenario") == "'Run log'!D6"


def test_values_keep_their_type_and_text_stays_text(tmp_path):
    units = FileWorkbook(units_book(tmp_path)).read_tables()["Units"]
    assert units.rows == [
        ["Major Investigation Teams", 30, "text"],
        ["Border Policing", "40", None],
        ["Public Protection Unit", 2.5, datetime.date(2027, 1, 1)],
    ]
    assert units.cell(1, "Min posts") == "Units!B5"


def test_sheet_names_in_workbook_order(tmp_path):
    assert FileWorkbook(units_book(tmp_path)).sheet_names() == ["Units", "Run log"]


def test_trailing_blank_rows_are_dropped_and_inner_ones_kept(tmp_path):
    path = make_workbook(
        tmp_path / "b.xlsx",
        {"Budget": [("Budget", "A3", [["Year", "Budget"], [2027, 1], [None, None], [2029, 3]])]},
    )
    book = openpyxl.load_workbook(path)
    book["Budget"].tables["Budget"].ref = "A3:B9"  # the user dragged the table longer
    book["Budget"]["B8"] = "   "  # and left a space in a cell
    book.save(path)
    budget = FileWorkbook(path).read_tables()["Budget"]
    assert budget.rows == [[2027, 1], [None, None], [2029, 3]]


def test_headers_come_from_the_header_row(tmp_path):
    path = units_book(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Units"]["B3"] = "Minimum posts"  # renamed in the cell, the table part not updated
    book.save(path)
    assert FileWorkbook(path).read_tables()["Units"].headers == ["Unit", "Minimum posts", "Note"]


def test_a_totals_row_is_not_a_body_row(tmp_path):
    path = make_workbook(
        tmp_path / "t.xlsx", {"Budget": [("Budget", "A3", [["Year", "Budget"], [2027, 5]])]}
    )
    book = openpyxl.load_workbook(path)
    ws = book["Budget"]
    ws["A5"], ws["B5"] = "Total", 5
    table = ws.tables["Budget"]
    table.ref, table.totalsRowCount = "A3:B5", 1
    book.save(path)
    assert FileWorkbook(path).read_tables()["Budget"].rows == [[2027, 5]]


def test_a_table_with_its_header_row_hidden_takes_the_names_it_records(tmp_path):
    from openpyxl.worksheet.table import TableColumn

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Budget"
    ws.append([2027, 100])
    ws.append([2028, 200])
    table = Table(displayName="Budget", ref="A1:B2", headerRowCount=0)
    table.tableColumns = [TableColumn(id=1, name="Year"), TableColumn(id=2, name="Budget")]
    table.autoFilter = None
    ws.add_table(table)
    book.save(tmp_path / "b.xlsx")
    budget = FileWorkbook(tmp_path / "b.xlsx").read_tables()["Budget"]
    assert budget.headers == ["Year", "Budget"]
    assert budget.rows == [[2027, 100], [2028, 200]]
    assert budget.cell(0, "Budget") == "Budget!B1"
    assert budget.cell(None, "Budget") == "Budget!B1"  # no row 0 above it


# --- Formulas and errors -------------------------------------------------------------------


def test_a_formula_never_calculated_is_unreadable(tmp_path):
    path = make_workbook(
        tmp_path / "f.xlsx", {"Budget": [("Budget", "A3", [["Year", "Budget"], [2027, "=1+1"]])]}
    )
    budget = FileWorkbook(path).read_tables()["Budget"]
    assert budget.rows == [[2027, Unreadable(NOT_CALCULATED)]]
    assert str(budget.rows[0][1]) == (
        "holds a formula whose value Excel has not calculated yet; open and save the "
        "workbook in Excel, or type the value"
    )


def xlsxwriter_book(path: Path, excel_saved: bool) -> Path:
    """A Budget table whose second value is a formula with a value XlsxWriter supplied."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Budget")
    ws.add_table("A3:B5", {"name": "Budget", "columns": [{"header": "Year"}, {"header": "Budget"}]})
    ws.write_row("A4", [2027, 100])
    ws.write("A5", 2028)
    ws.write_formula("B5", "=B4*2", None, 200)
    book.close()
    if excel_saved:  # Excel computes every value and drops the request to recalculate
        rewrite(path, "xl/workbook.xml", lambda x: x.replace(b' fullCalcOnLoad="1"', b""))
    return path


def test_a_formula_calculated_by_excel_gives_its_value(tmp_path):
    path = xlsxwriter_book(tmp_path / "x.xlsx", excel_saved=True)
    assert FileWorkbook(path).read_tables()["Budget"].rows == [[2027, 100], [2028, 200]]


def test_a_formula_value_from_a_program_asking_excel_to_recalculate_is_not_trusted(tmp_path):
    path = xlsxwriter_book(tmp_path / "x.xlsx", excel_saved=False)
    rows = FileWorkbook(path).read_tables()["Budget"].rows
    assert rows == [[2027, 100], [2028, Unreadable(NOT_CALCULATED)]]


def test_an_excel_error_value_is_unreadable_with_its_code(tmp_path):
    path = xlsxwriter_book(tmp_path / "x.xlsx", excel_saved=True)
    rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda x: x.replace(
            b'<c r="B5"><f>B4*2</f><v>200</v></c>', b'<c r="B5" t="e"><f>B4/0</f><v>#DIV/0!</v></c>'
        ),
    )
    cell = FileWorkbook(path).read_tables()["Budget"].rows[1][1]
    assert cell == Unreadable(
        "shows the Excel error #DIV/0!; correct the formula, or type the value"
    )


# --- Refusals ------------------------------------------------------------------------------


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(WorkbookFileError, match=r"There is no file .*Nowhere.xlsm"):
        FileWorkbook(tmp_path / "Nowhere.xlsm")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("plan.csv", b"Unit,Posts\n", "is not an Excel workbook: Planner reads .xlsm and .xlsx"),
        ("plan.xls", b"\xd0\xcf\x11\xe0", "old Excel 97-2003 format (.xls)"),
        ("plan.xlsm", b"not a zip at all", "may be damaged, or protected with a password"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_in_words(tmp_path, name, content, words):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(WorkbookFileError, match=words.replace("(", r"\(").replace(")", r"\)")):
        FileWorkbook(tmp_path / name)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(WorkbookFileError, match="not an Excel workbook"):
        FileWorkbook(path)


def test_a_workbook_open_in_excel_is_refused_naming_who_has_it(tmp_path):
    path = units_book(tmp_path)
    name = b"J.Smith"
    (tmp_path / "~$Planner.xlsm").write_bytes(bytes([len(name)]) + name + b" " * 40)
    with pytest.raises(WorkbookFileError) as raised:
        FileWorkbook(path)
    message = str(raised.value)
    assert message.startswith("Planner.xlsm is open in Excel by J.Smith. Close it there")
    assert 'delete the file "~$Planner.xlsm"' in message


def test_check_not_open_passes_a_closed_workbook(tmp_path):
    check_not_open(units_book(tmp_path))


def test_reading_an_open_workbook_can_be_allowed(tmp_path):
    path = units_book(tmp_path)
    (tmp_path / "~$Planner.xlsm").write_bytes(b"")
    assert "Units" in FileWorkbook(path, allow_open=True).read_tables()


# --- Speed -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_national_establishment_of_100k_rows_reads_in_seconds(tmp_path):
    path = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Establishment")
    rows = [[f"Unit {i % 300}", f"Role {i // 300}", float(i % 20)] for i in range(100_000)]
    ws.add_table(
        2,
        0,
        2 + len(rows),
        2,
        {
            "name": "Establishment",
            "data": rows,
            "columns": [{"header": h} for h in ("Unit", "Role", "Posts")],
        },
    )
    book.close()
    start = time.perf_counter()
    table = FileWorkbook(path).read_tables()["Establishment"]
    seconds = time.perf_counter() - start
    assert len(table.rows) == 100_000 and table.rows[-1] == ["Unit 99", "Role 333", 19.0]
    assert seconds < 5, seconds


# --- Read, then check: the file path end to end ------------------------------------------------


def valid_workbook(path: Path, change=None) -> Path:
    """The conftest tables written where conftest places them; `change(sheet)` edits one."""
    sheets: dict[str, list] = {}
    for name, rows in VALID_ROWS.items():
        table = layout.TABLES[name]
        corner = "I3" if name == "Overrides" else "A3"
        sheets.setdefault(table.sheet, []).append((name, corner, [table.headers, *rows]))
    make_workbook(path, sheets)
    if change:
        book = openpyxl.load_workbook(path)
        change(book)
        book.save(path)
    return path


def test_a_valid_workbook_file_reads_and_checks(tmp_path):
    checked = check_workbook(FileWorkbook(valid_workbook(tmp_path / "p.xlsx")).read_tables())
    assert [s.name for s in checked.scenarios] == ["Baseline", "Budget cut"]


def test_a_broken_workbook_file_gives_every_problem_at_its_cell(tmp_path):
    def break_it(book):
        book["Units"]["C4"] = 90  # Min posts above Max posts (80)
        book["Establishment"]["B5"] = "Analyst"  # an unknown role
        book["Demand"]["C5"] = "lots"  # text in a number
        book["Budget"]["B5"] = "=B4*1.02"  # a formula never calculated

    path = valid_workbook(tmp_path / "p.xlsx", break_it)
    with pytest.raises(WorkbookInputError) as raised:
        check_workbook(FileWorkbook(path).read_tables())
    assert [str(p) for p in raised.value.problems] == [
        'Units!C4: Min posts (90) is above Max posts (80) for "Major Investigation Teams"',
        'Establishment!B5: role "Analyst" (unit "Major Investigation Teams") is not in the '
        'Roles table. Did you mean "Intelligence Analyst"?',
        'Demand!C5: Annual cases for "OCSA investigations" should be a number, not "lots"',
        f"Budget!B5: this cell (Budget for 2028) {NOT_CALCULATED}",
    ]


# --- The default workbook -------------------------------------------------------------------

DEFAULT_WORKBOOK = Path(__file__).resolve().parents[2] / "workbook" / "Planner.xlsm"


@pytest.fixture
def default_copy(tmp_path) -> Path:
    """A copy of workbook/Planner.xlsm (built afresh if the builder is there but the file is not)."""
    copy = tmp_path / "Planner.xlsm"
    if DEFAULT_WORKBOOK.exists():
        copy.write_bytes(DEFAULT_WORKBOOK.read_bytes())
        return copy
    build = pytest.importorskip(
        "planner.template.build", reason="no workbook/Planner.xlsm and no builder yet"
    )
    build.build_workbook(copy)
    return copy


def edit(path: Path, change) -> None:
    """Change a copy as a user would in Excel (openpyxl keeps the macros)."""
    book = openpyxl.load_workbook(path, keep_vba=True)
    change(book)
    book.save(path)


def test_the_default_workbook_reads_and_checks_clean(default_copy):
    start = time.perf_counter()
    tables = FileWorkbook(default_copy).read_tables()
    seconds = time.perf_counter() - start
    checked = check_workbook(tables)
    assert {t.name for t in layout.INPUT_TABLES} <= set(tables)
    assert len(checked.inputs.units) > 0 and checked.scenarios
    assert seconds < 2, seconds


def test_a_broken_copy_of_the_default_workbook_gives_every_problem_at_its_cell(default_copy):
    tables = FileWorkbook(default_copy).read_tables()
    units, establishment, demand = tables["Units"], tables["Establishment"], tables["Demand"]
    unit = units.rows[0][0]
    stream, other_unit = demand.rows[1][0], establishment.rows[0][0]
    min_cell, max_cell = units.cell(0, "Min posts"), units.cell(0, "Max posts")
    role_cell, cases_cell = establishment.cell(0, "Role"), demand.cell(1, "Annual cases")
    dc_cell = establishment.cell(2, "Role")  # the unit's Detective Constable row
    assert establishment.rows[2][:2] == [other_unit, "Detective Constable"]

    def break_it(book):
        for address, value in [
            (min_cell, 40),  # Min posts above Max posts
            (max_cell, 30),
            (role_cell, "Detective Constabel"),  # an unknown role
            (cases_cell, "lots"),  # text in a number
        ]:
            sheet, cell = address.split("!")
            book[sheet.strip("'")][cell] = value
        del book[layout.SKILLS.sheet].tables["Skills"]  # a deleted table

    edit(default_copy, break_it)
    with pytest.raises(WorkbookInputError) as raised:
        check_workbook(FileWorkbook(default_copy).read_tables())
    assert [str(p) for p in raised.value.problems] == [
        f'{min_cell}: Min posts (40) is above Max posts (30) for "{unit}"',
        f'{role_cell}: role "Detective Constabel" (unit "{other_unit}") is not in the Roles '
        'table. It is spelled like "Detective Constable", but a row for "Detective Constable" '
        f"is already at {dc_cell}, so that would merge the two: type the name this row is for",
        f'{cases_cell}: Annual cases for "{stream}" should be a number, not "lots"',
        'Skills: there is no Excel table named "Skills"; Planner needs it, on the Skills '
        "sheet, with the columns Stream, Role, Efficiency",
    ]


def test_a_column_removed_from_a_default_table_is_named(default_copy):
    units = FileWorkbook(default_copy).read_tables()["Units"]
    header = units.cell(None, "Ring-fenced")

    optional = [c.name for c in layout.UNITS.columns if c.optional]
    count = 1 + len(optional)  # Ring-fenced and the optional columns after it

    def drop_last_column(book):
        ws = book[layout.UNITS.sheet]
        table = ws.tables["Units"]
        left, top, right, bottom = range_boundaries(table.ref)
        for row in range(top, bottom + 1):
            for column in range(right - count + 1, right + 1):
                ws.cell(row, column).value = None
        table.ref = f"{get_column_letter(left)}{top}:{get_column_letter(right - count)}{bottom}"
        table.autoFilter.ref = table.ref
        table.tableColumns = table.tableColumns[:-count]

    edit(default_copy, drop_last_column)
    with pytest.raises(WorkbookInputError) as raised:
        check_workbook(FileWorkbook(default_copy).read_tables())
    assert [str(p) for p in raised.value.problems] == [
        f'{header}: the Units table has no "Ring-fenced" column; its columns must be, in '
        "order: Unit, Branch, Min posts, Max posts, Max change %, Ring-fenced, and if used, "
        + ", ".join(optional),
    ]
