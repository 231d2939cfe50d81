"""A stand-in for the xlwings client inside Excel, for tests without Excel.

`payload_from_xlsm` builds the JSON a client sends when a button is pressed
(`RunRemotePython` in VBA, or the xlwings Server Office.js add-in), from a real
.xlsm file: cell values from python-calamine (the cached values Excel would
report), tables, names and sheet order from openpyxl, the xlwings version.

`ClientBook` is the workbook as the client holds it. `apply(actions)` replays
the actions `book.json()` returns, with the semantics of the client's own
callbacks (xlwings/addin/Remote.bas for VBA; xlwings-server's
static/js/custom-scripts for Office.js), and refuses any action the chosen
client does not implement, as Excel would. Tests read the result back with
`table()`, `cell()` and `sheet_names()`.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.utils import get_column_letter, range_boundaries
from python_calamine import CalamineWorkbook

LICENCE = "noncommercial"  # PolyForm Noncommercial: a police force's use


def use_remote_engine() -> None:
    """Make xlwings' remote engine available in this process, as a test needs it.

    xlwings registers its PRO engines when first imported, and only if a licence
    key is set by then; a test run may have imported it earlier without one.
    """
    os.environ.setdefault("XLWINGS_LICENSE_KEY", LICENCE)
    if "remote" in [engine.name for engine in xw.engines]:
        return
    from xlwings.main import Engine
    from xlwings.pro import _xlofficejs, _xlremote

    xw.engines.add(Engine(impl=_xlremote.engine))
    xw.engines.add(Engine(impl=_xlofficejs.engine))


def _words(text: str) -> list[str]:
    return text.split()


VBA = "VBA"
OFFICEJS = "Office.js"

#: Callbacks the VBA client implements (xlwings 0.37.8, addin/Remote.bas).
VBA_ACTIONS = frozenset(
    _words(
        """setValues rangeClearContents rangeClearFormats rangeClear addSheet setSheetName
    setAutofit setRangeColor activateSheet addHyperlink setNumberFormat setPictureName
    setPictureHeight setPictureWidth deletePicture addPicture updatePicture alert
    setRangeName namesAdd nameDelete runMacro rangeDelete rangeInsert rangeSelect addTable
    setTableName resizeTable showAutofilterTable showHeadersTable showTotalsTable
    setTableStyle copyRange sheetDelete sheetClear sheetClearContents
    sheetClearFormats"""
    )
)

#: Callbacks the Office.js client implements (xlwings-server 1.20.0, the `funcs` map
#: of static/js/custom-scripts/index.js).
OFFICEJS_ACTIONS = frozenset(
    _words(
        """setValues setFormula setFormulaArray setColumnWidth setRowHidden setColumnHidden
    setRowHeight setWrapText addSheet setSheetName setSheetPosition setSheetVisibility
    setShowGridlines setAutofit setSheetAutofit setPrintArea copySheet setRangeColor
    setRangeColors activateSheet calculate save setCalculation setScreenUpdating
    addHyperlink setNumberFormat setPictureName setPictureWidth addChart setChartName
    setChartType setChartSourceData setChartXAxisValues setChartPosition deleteChart
    setChartTitle setChartAxis setChartSeries setChartLegend setChartPlotBy setChartStyle
    addPivotTable setPivotTableName addPivotField removePivotField addPivotValueField
    setPivotValueField removePivotValueField setPivotLayout refreshPivotTable
    deletePivotTable setNoteText addNote deleteNote addComment setCommentText
    setCommentResolved addCommentReply deleteComment setShapeName setShapeLeft setShapeTop
    setShapeWidth setShapeHeight setShapeText setShapeFontProperty deleteShape scaleShape
    setPictureLeft setPictureTop setPictureLockAspectRatio setPictureHeight deletePicture
    addPicture updatePicture alert setRangeName namesAdd setNameRefersTo nameDelete
    runMacro rangeDelete rangeInsert rangeSelect rangeClearContents rangeClearFormats
    rangeMerge rangeUnmerge rangeAutofill rangeGroup rangeUngroup rangeClear rangeSort
    rangeRemoveDuplicates rangeReplaceAll rangeAdjustIndent addTable addTableRow
    deleteTableRow addTableColumn deleteTableColumn applyAutoFilterRange
    clearAutoFilterRange applyAutoFilterTable clearAutoFilterTable setTableName
    resizeTable tableSort showAutofilterTable showHeadersTable showTotalsTable
    showTableStyleFirstColumn showTableStyleLastColumn showTableStyleRowStripes
    showTableStyleColumnStripes setTableStyle copyRange copyFromRange moveRange
    sheetDelete sheetClear sheetClearFormats sheetClearContents freezePaneAtRange
    freezePaneUnfreeze setFontProperty setBorderProperty setDataValidationList
    setDataValidationRule deleteDataValidation clearConditionalFormats
    deleteConditionalFormat addConditionalFormat setConditionalFormat
    setHorizontalAlignment setVerticalAlignment"""
    )
)

CLIENT_ACTIONS = {VBA: VBA_ACTIONS, OFFICEJS: OFFICEJS_ACTIONS}
#: Actions that only change looks; the model records them and moves on.
COSMETIC = frozenset(
    _words(
        """setAutofit setSheetAutofit setRangeColor setRangeColors setColumnWidth setRowHeight
    setWrapText setFontProperty setBorderProperty setHorizontalAlignment
    setVerticalAlignment showAutofilterTable setTableStyle rangeSelect freezePaneAtRange
    setShowGridlines setScreenUpdating rangeMerge"""
    )
)
NUMBER_TEXT = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?")


class UnsupportedAction(AssertionError):
    """The client has no callback for this action: Excel would stop with an error."""


class ExcelWouldRefuse(AssertionError):
    """Excel itself would reject this action (e.g. overlapping tables)."""


# --- the payload ---------------------------------------------------------------------


def payload_from_xlsm(
    path: str | Path,
    *,
    active_sheet: str | None = None,
    selection: str = "A1",
    client: str = VBA,
) -> dict[str, Any]:
    """The JSON a client sends for this workbook, as if a button on `active_sheet`
    (default: the first sheet) had been pressed."""
    return ClientBook.from_xlsm(path, client=client, active_sheet=active_sheet).payload(
        selection=selection
    )


@dataclass
class ModelTable:
    name: str
    top: int  # 1-based sheet row of the table's first row: its header, unless hidden
    left: int
    bottom: int
    right: int
    style: str = "TableStyleMedium2"
    show_headers: bool = True
    show_totals: bool = False

    def address(self, top: int | None = None, bottom: int | None = None) -> str:
        top = self.top if top is None else top
        bottom = self.bottom if bottom is None else bottom
        return f"${get_column_letter(self.left)}${top}:${get_column_letter(self.right)}${bottom}"

    def payload(self) -> dict[str, Any]:
        # As Excel: with the header row hidden, the table's range is its body alone.
        first_body = self.top + 1 if self.show_headers else self.top
        body = self.address(first_body) if self.bottom >= first_body else None
        header = self.address(self.top, self.top) if self.show_headers else None
        return {
            "name": self.name,
            "range_address": self.address(),
            "header_row_range_address": header,
            "data_body_range_address": body,
            "total_row_range_address": None,
            "show_headers": self.show_headers,
            "show_totals": self.show_totals,
            "table_style": self.style,
            "show_autofilter": True,
        }

    def overlaps(self, other: ModelTable) -> bool:
        return not (
            self.right < other.left
            or other.right < self.left
            or self.bottom < other.top
            or other.bottom < self.top
        )


@dataclass
class ModelSheet:
    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    tables: list[ModelTable] = field(default_factory=list)
    formats: list[tuple[tuple[int, int, int, int], str]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    #: The print area as the clients report it: "A1:N31,A32:N53" (one range a page).
    print_area: str | None = None
    #: The rows printed on every page, as VBA reports them ("5:5"), or None.
    print_titles: str | None = None

    def values(self) -> list[list[Any]]:
        """Values from A1 to the last used cell, as the client sends them ("" = empty)."""
        if not self.cells:
            return [[]]
        rows = max(r for r, _ in self.cells)
        cols = max(c for _, c in self.cells)
        grid: list[list[Any]] = [[""] * cols for _ in range(rows)]
        for (r, c), v in self.cells.items():
            grid[r - 1][c - 1] = _to_json(v)
        return grid

    def number_format(self, row: int, col: int) -> str:
        for (r1, c1, r2, c2), fmt in reversed(self.formats):
            if r1 <= row <= r2 and c1 <= col <= c2:
                return fmt
        return "General"


class ClientBook:
    """The workbook as the client holds it, changed only by replayed actions."""

    def __init__(self, name: str, sheets: list[ModelSheet], client: str = VBA) -> None:
        self.name = name
        self.sheets = sheets
        self.client = client
        self.active = 0
        self.names: list[dict[str, Any]] = []
        self.alerts: list[dict[str, str]] = []
        self.cosmetics: list[dict[str, Any]] = []

    # --- building ------------------------------------------------------------

    @classmethod
    def from_xlsm(
        cls, path: str | Path, *, client: str = VBA, active_sheet: str | None = None
    ) -> ClientBook:
        path = Path(path)
        structure = openpyxl.load_workbook(path, keep_vba=True)
        values = CalamineWorkbook.from_path(str(path))
        sheets = []
        for ws in structure.worksheets:
            sheet = ModelSheet(ws.title)
            grid = values.get_sheet_by_name(ws.title).to_python(skip_empty_area=False)
            for r, row in enumerate(grid, start=1):
                for c, v in enumerate(row, start=1):
                    if v not in ("", None):
                        sheet.cells[(r, c)] = v
            sheet.print_area = print_area(ws.print_area)
            titles = ws.print_title_rows
            sheet.print_titles = titles.replace("$", "") if titles else None
            for table in ws.tables.values():
                left, top, right, bottom = range_boundaries(table.ref)
                style = table.tableStyleInfo.name if table.tableStyleInfo else ""
                sheet.tables.append(ModelTable(table.name, top, left, bottom, right, style or ""))
            sheets.append(sheet)
        book = cls(path.name, sheets, client)
        book.names = _defined_names(structure)
        if active_sheet is not None:
            book.active = book.index(active_sheet)
        return book

    def payload(self, selection: str | None = "A1") -> dict[str, Any]:
        """What the client sends: book, names, sheets (values, tables, pictures)."""
        sheets = []
        for s in self.sheets:
            entry: dict[str, Any] = {
                "name": s.name,
                "values": s.values(),
                "pictures": [],
                "tables": [t.payload() for t in s.tables],
            }
            if self.client == OFFICEJS:
                entry |= {
                    "visibility": "Visible",
                    "show_gridlines": True,
                    "print_area": s.print_area,
                    "notes": [],
                    "shapes": [],
                    "charts": [{"name": c["name"]} for c in s.charts],
                    "pivot_tables": [],
                }
            sheets.append(entry)
        return {
            "client": self.client,
            "version": xw.__version__,
            "book": {
                "name": self.name,
                "active_sheet_index": self.active,
                "selection": selection,
            },
            "names": copy.deepcopy(self.names) + self._print_names(),
            "sheets": sheets,
        }

    def _print_names(self) -> list[dict[str, Any]]:
        """VBA's payload lists every name that refers to a range: a sheet's print area
        too (Remote.bas: `RefersToRange.Address(False, False)`, its areas comma-separated)."""
        if self.client != VBA:
            return []
        return [
            {
                "name": f"{_quote(s.name)}!{name}",
                "sheet_index": i,
                "address": address,
                "book_scope": False,
                "scope_sheet_name": s.name,
                "scope_sheet_index": i,
            }
            for i, s in enumerate(self.sheets)
            for name, address in (("Print_Area", s.print_area), ("Print_Titles", s.print_titles))
            if address
        ]

    # --- reading back --------------------------------------------------------

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str) -> ModelSheet:
        return self.sheets[self.index(name)]

    def index(self, name: str) -> int:
        for i, s in enumerate(self.sheets):
            if s.name.casefold() == name.casefold():
                return i
        raise KeyError(name)

    def find_table(self, name: str) -> tuple[ModelSheet, ModelTable]:
        for s in self.sheets:
            for t in s.tables:
                if t.name.casefold() == name.casefold():
                    return s, t
        raise KeyError(name)

    def table(self, name: str) -> tuple[list[str], list[list[Any]]]:
        """A table's header and body rows, as Excel would now show them."""
        sheet, t = self.find_table(name)
        grid = [
            [sheet.cells.get((r, c)) for c in range(t.left, t.right + 1)]
            for r in range(t.top, t.bottom + 1)
        ]
        header, *body = grid
        if len(body) == 1 and all(v is None for v in body[0]):
            body = []  # Excel's empty table: one blank row
        return [str(h) for h in header], body

    def records(self, name: str) -> list[dict[str, Any]]:
        header, body = self.table(name)
        return [dict(zip(header, row, strict=True)) for row in body]

    def cell(self, sheet: str, address: str) -> Any:
        col, row = _split_address(address)
        return self.sheet(sheet).cells.get((row, col))

    # --- replaying actions ---------------------------------------------------

    def apply(self, response: dict[str, Any]) -> None:
        """Replay `book.json()`'s actions in order, as the client does."""
        allowed = CLIENT_ACTIONS[self.client]
        for action in response["actions"]:
            func = action["func"]
            if func not in allowed:
                raise UnsupportedAction(f"the {self.client} client has no '{func}' callback")
            handler = getattr(self, f"_do_{func}", None)
            if handler is not None:
                handler(action)
            elif func in COSMETIC or func.startswith(("setChart", "showTable")):
                self.cosmetics.append(action)
            else:
                raise NotImplementedError(f"the test client does not model '{func}' yet")

    def _target(self, action: dict[str, Any]) -> tuple[ModelSheet, int, int, int, int]:
        sheet = self.sheets[action["sheet_position"]]
        r1, c1 = action["start_row"] + 1, action["start_column"] + 1
        return sheet, r1, c1, r1 + action["row_count"] - 1, c1 + action["column_count"] - 1

    def _do_setValues(self, action: dict[str, Any]) -> None:
        sheet, r1, c1, r2, c2 = self._target(action)
        values = action["values"]
        if len(values) != r2 - r1 + 1 or any(len(row) != c2 - c1 + 1 for row in values):
            raise ExcelWouldRefuse("setValues: the values do not fit the range")
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                self._set_cell(sheet, r1 + i, c1 + j, v)

    def _set_cell(self, sheet: ModelSheet, row: int, col: int, value: Any) -> None:
        """Excel's reading of a value typed into a cell."""
        sheet.formulas.pop((row, col), None)
        if value is None or value == "":
            sheet.cells.pop((row, col), None)
            return
        if isinstance(value, str):
            if value.startswith("'"):
                value = value[1:]  # the text mark, not part of the value
            elif value.startswith("="):
                sheet.formulas[(row, col)] = value
            elif NUMBER_TEXT.match(value):
                value = float(value)
            elif ISO_DATE.match(value):
                value = datetime.fromisoformat(value.rstrip("Z").split(".")[0])
            elif value.upper() in ("TRUE", "FALSE"):
                value = value.upper() == "TRUE"
        sheet.cells[(row, col)] = value

    def _clear(self, sheet: ModelSheet, r1: int, c1: int, r2: int, c2: int, fmt: bool) -> None:
        for key in [k for k in sheet.cells if r1 <= k[0] <= r2 and c1 <= k[1] <= c2]:
            del sheet.cells[key]
            sheet.formulas.pop(key, None)
        if fmt:
            sheet.formats.append(((r1, c1, r2, c2), "General"))

    def _do_rangeClearContents(self, action: dict[str, Any]) -> None:
        sheet, *box = self._target(action)
        self._clear(sheet, *box, fmt=False)

    def _do_rangeClear(self, action: dict[str, Any]) -> None:
        sheet, *box = self._target(action)
        self._clear(sheet, *box, fmt=True)

    def _do_rangeClearFormats(self, action: dict[str, Any]) -> None:
        sheet, *box = self._target(action)
        sheet.formats.append((tuple(box), "General"))

    def _do_setNumberFormat(self, action: dict[str, Any]) -> None:
        sheet, *box = self._target(action)
        sheet.formats.append((tuple(box), action["args"][0]))

    def _do_addSheet(self, action: dict[str, Any]) -> None:
        position, name = action["args"][0], action["args"][1]
        name = name or self._default_sheet_name()
        if any(s.name.casefold() == name.casefold() for s in self.sheets):
            raise ExcelWouldRefuse(f"a sheet called {name!r} exists already")
        new = ModelSheet(name)
        if self.client == VBA:
            # Remote.bas: Sheets.Add puts it before the active sheet, then
            # Move After:=Worksheets(position + 1), counting the new sheet.
            self.sheets.insert(self.active, new)
            after = self.sheets[position]  # Worksheets(position + 1), 1-based
            self.sheets.remove(new)
            self.sheets.insert(self.sheets.index(after) + 1, new)
        else:
            self.sheets.insert(position, new)
        self.active = self.sheets.index(new)

    def _default_sheet_name(self) -> str:
        n = 1
        while f"Sheet{n}" in self.sheet_names():
            n += 1
        return f"Sheet{n}"

    def _do_sheetDelete(self, action: dict[str, Any]) -> None:
        if len(self.sheets) == 1:
            raise ExcelWouldRefuse("a workbook must keep one sheet")
        position = action["sheet_position"]
        del self.sheets[position]
        if self.active > position or self.active >= len(self.sheets):
            self.active -= 1

    def _do_setSheetName(self, action: dict[str, Any]) -> None:
        self.sheets[action["sheet_position"]].name = action["args"][0]

    def _do_activateSheet(self, action: dict[str, Any]) -> None:
        self.active = int(action["args"][0])

    def _do_sheetClear(self, action: dict[str, Any]) -> None:
        sheet = self.sheets[action["sheet_position"]]
        sheet.cells.clear()
        sheet.formulas.clear()
        sheet.formats.clear()

    def _do_sheetClearContents(self, action: dict[str, Any]) -> None:
        sheet = self.sheets[action["sheet_position"]]
        sheet.cells.clear()
        sheet.formulas.clear()

    def _do_addTable(self, action: dict[str, Any]) -> None:
        sheet = self.sheets[action["sheet_position"]]
        address, has_headers, style, name = action["args"][:4]
        left, top, right, bottom = range_boundaries(address.replace("$", ""))
        name = name or f"Table{sum(len(s.tables) for s in self.sheets) + 1}"
        table = ModelTable(name, top, left, bottom, right, style or "")
        if not has_headers:
            raise NotImplementedError("tables without headers are not modelled")
        self._check_table(sheet, table)
        sheet.tables.append(table)

    def _check_table(self, sheet: ModelSheet, table: ModelTable) -> None:
        if not re.fullmatch(r"[A-Za-z_\\][A-Za-z0-9_.]{0,254}", table.name):
            raise ExcelWouldRefuse(f"{table.name!r} is not a valid table name")
        for s in self.sheets:
            for other in s.tables:
                if other is table:
                    continue
                if other.name.casefold() == table.name.casefold():
                    raise ExcelWouldRefuse(f"a table called {table.name!r} exists already")
                if s is sheet and other.overlaps(table):
                    raise ExcelWouldRefuse(f"{table.name} would overlap {other.name}")

    def _do_resizeTable(self, action: dict[str, Any]) -> None:
        sheet = self.sheets[action["sheet_position"]]
        index, address = action["args"][:2]
        table = sheet.tables[index]
        left, top, right, bottom = range_boundaries(address.replace("$", ""))
        if top != table.top or left != table.left:
            raise ExcelWouldRefuse("a table's header must stay where it is")
        if bottom <= top:
            raise ExcelWouldRefuse("a table needs a header and at least one row")
        table.right, table.bottom = right, bottom
        self._check_table(sheet, table)

    def _do_setTableName(self, action: dict[str, Any]) -> None:
        sheet = self.sheets[action["sheet_position"]]
        table = sheet.tables[action["args"][0]]
        table.name = action["args"][1]
        self._check_table(sheet, table)

    def _do_alert(self, action: dict[str, Any]) -> None:
        prompt, title, buttons, mode, _callback = action["args"][:5]
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})

    def _do_addChart(self, action: dict[str, Any]) -> None:
        sheet = self.sheets[action["sheet_position"]]
        name, chart_type, source_sheet, source = action["args"][:4]
        self.sheet(source_sheet)  # must exist
        sheet.charts.append(
            {"name": name, "type": chart_type, "source": f"{source_sheet}!{source}"}
        )

    def _do_deleteChart(self, action: dict[str, Any]) -> None:
        # The chart's 0-based place in the sheet's list, as xlwings' remote engine sends it.
        del self.sheets[action["sheet_position"]].charts[action["args"][0]]

    def _do_namesAdd(self, action: dict[str, Any]) -> None:
        name, refers_to = action["args"][:2]
        if action.get("sheet_position") is not None and name == "Print_Area":
            # Remote.bas: Worksheets(i).Names.Add "Print_Area" sets the sheet's print area.
            self.sheets[action["sheet_position"]].print_area = print_area(refers_to)
            return
        self.names.append({"name": name, "refers_to": refers_to})

    def _do_setPrintArea(self, action: dict[str, Any]) -> None:
        self.sheets[action["sheet_position"]].print_area = print_area(action["args"][0])


# --- helpers ---------------------------------------------------------------------------


def _defined_names(wb: openpyxl.Workbook) -> list[dict[str, Any]]:
    """Names that refer to one range, in the client's shape (book scope and sheet scope)."""
    sheet_index = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    names = []

    def add(defined: Any, scope: str | None) -> None:
        destinations = list(defined.destinations)
        if len(destinations) != 1:
            return
        target_sheet, address = destinations[0]
        if target_sheet not in sheet_index:
            return
        names.append(
            {
                "name": defined.name if scope is None else f"{_quote(scope)}!{defined.name}",
                "sheet_index": sheet_index[target_sheet],
                "address": address.replace("$", ""),
                "book_scope": scope is None,
                "scope_sheet_name": scope,
                "scope_sheet_index": None if scope is None else sheet_index[scope],
            }
        )

    for defined in wb.defined_names.values():
        if not defined.name.startswith("_xlnm."):
            add(defined, None)
    for ws in wb.worksheets:
        for defined in ws.defined_names.values():
            if not defined.name.startswith("_xlnm."):
                add(defined, ws.title)
    return names


def print_area(text: str | None) -> str | None:
    """A print area as the clients report it: its ranges without sheet, "=" or "$"."""
    if not text:
        return None
    ranges = re.findall(r"\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?(?=,|$)", text)
    return ",".join(r.replace("$", "") for r in ranges)


def _quote(sheet: str) -> str:
    return sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"


def _to_json(value: Any) -> Any:
    """A cell value as the client's JSON carries it (dates as ISO strings)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(value, time):
        return value.isoformat()
    return value


def _split_address(address: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", address.upper())
    if not m:
        raise ValueError(address)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return col, int(m.group(2))


def run_remote(
    script: Any, client_book: ClientBook, *args: Any, selection: str | None = "A1"
) -> dict[str, Any]:
    """Press a button: send the payload to `script(book, *args)` through the remote
    engine, apply the returned actions to `client_book`, return the response."""
    book = xw.Book(json=client_book.payload(selection=selection))
    try:
        script(book, *args)
        response = book.json()
    finally:
        book.close()
    client_book.apply(response)
    return response


def write_fixture_workbook(
    path: str | Path, rows: dict[str, list[list[Any]]], *, start_list: str = "A21"
) -> Path:
    """A small Planner-shaped .xlsm written with openpyxl, for adapter tests that do
    not need the builder's workbook: every contract table as a real Excel table
    (header on row 3, Overrides from column I of the Scenarios sheet, HarmCurve from
    column E of the Settings sheet), empty
    output tables, a Start sheet with a named cell for the input-problem list."""
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.table import Table, TableStyleInfo

    from planner import contract as layout

    wb = openpyxl.Workbook()
    start = wb.active
    start.title = layout.START_SHEET
    start["A1"] = "Planner"
    for spec in (*layout.INPUT_TABLES, *layout.OUTPUT_TABLES):
        ws = wb[spec.sheet] if spec.sheet in wb.sheetnames else wb.create_sheet(spec.sheet)
        left = {"Overrides": 9, "HarmCurve": 5}.get(spec.name, 1)
        body = rows.get(spec.name) or [[None] * len(spec.headers)]
        ws.cell(1, left, spec.name)
        for j, header in enumerate(spec.headers):
            ws.cell(3, left + j, header)
        for i, row in enumerate(body):
            for j, value in enumerate(row):
                ws.cell(4 + i, left + j, value)
        ref = (
            f"{get_column_letter(left)}3:"
            f"{get_column_letter(left + len(spec.headers) - 1)}{3 + len(body)}"
        )
        table = Table(displayName=spec.name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
    start["A20"] = "Input problems"
    wb.defined_names["InputProblems"] = DefinedName(
        "InputProblems", attr_text=f"Start!${start_list[0]}${start_list[1:]}"
    )
    path = Path(path)
    wb.save(path)
    return path


use_remote_engine()
