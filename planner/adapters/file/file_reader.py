"""Reading a Planner workbook file: every Excel table, its place, and its values.

Values come from python-calamine (Rust), which reads a 100,000-row sheet in a
fraction of a second where openpyxl takes several; where each table sits comes
from the package's own parts (xl/tables/*.xml, found through the workbook's and
the sheets' relationships), so tables are found by name, never by address.

Calamine shows an Excel error and an uncalculated formula as an empty cell, and
an empty cell means "none" in several columns. So a sheet that holds formulas or
errors is scanned once more, and each such cell inside a table is handed on as
`Unreadable`, for the validator to report at its cell with every other problem.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

from planner.adapters.package.refusals import WorkbookFileError, check_not_open
from planner.read import margins
from planner.read.cells import cell_position, range_bounds
from planner.read.tables import RawTable, Unreadable

EXCEL_SUFFIXES = (".xlsx", ".xlsm")

NOT_CALCULATED = (
    "holds a formula whose value Excel has not calculated yet; open and save the "
    "workbook in Excel, or type the value"
)


def check_is_workbook(path: str | Path) -> None:
    """Refuse, in plain words, a path that is not an .xlsx or .xlsm workbook."""
    path = Path(path)
    if not path.exists():
        raise WorkbookFileError(f"There is no file {path}. Check the name and the folder.")
    if path.is_dir():
        raise WorkbookFileError(f"{path} is a folder, not an Excel workbook.")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise WorkbookFileError(
            f"{path.name} is in the old Excel 97-2003 format (.xls). Open it in Excel and "
            "save it as an Excel Macro-Enabled Workbook (.xlsm)."
        )
    if suffix not in EXCEL_SUFFIXES:
        raise WorkbookFileError(
            f"{path.name} is not an Excel workbook: Planner reads .xlsm and .xlsx files."
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookFileError(
            f"{path.name} cannot be read as an Excel workbook. It may be damaged, or "
            "protected with a password to open (remove the password in Excel: File > Info "
            "> Protect Workbook)."
        )


@dataclass(frozen=True)
class TablePart:
    """Where one Excel table sits, as its own XML part says."""

    name: str
    sheet: str
    ref: str  # "A3:F10": header row, body and any totals row
    header_rows: int
    totals_rows: int
    columns: tuple[str, ...]  # names as the table part records them


class FileWorkbook:
    """A workbook file, read without Excel: the file adapter's WorkbookReader."""

    def __init__(self, path: str | Path, *, allow_open: bool = False):
        self.path = Path(path)
        check_is_workbook(self.path)
        if not allow_open:
            check_not_open(self.path)
        with _open_zip(self.path) as zf, _damaged(self.path):
            self._sheets = _sheet_parts(zf)
            self._parts = _table_parts(zf, self._sheets)
            self._recalc_on_load = _asks_full_recalc(zf)

    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def table_parts(self) -> list[TablePart]:
        """Every table's name, sheet and range, without reading any cell."""
        return list(self._parts)

    def read_tables(self) -> dict[str, RawTable]:
        """Every Excel table in the workbook, by name, with its cell values."""
        by_sheet: dict[str, list[TablePart]] = {}
        for part in self._parts:
            by_sheet.setdefault(part.sheet, []).append(part)
        tables: dict[str, RawTable] = {}
        with _open_calamine(self.path) as book, _open_zip(self.path) as zf, _damaged(self.path):
            for sheet, parts in by_sheet.items():
                bad = _unusable_cells(zf.read(self._sheets[sheet]), self._recalc_on_load)
                grid = _sheet_values(book, self.path, sheet, bad)
                for part in parts:
                    tables[part.name] = _raw_table(part, grid, bad)
        return tables


#: Why a cell calamine could not convert is refused (see `_sheet_values`).
OUT_OF_DATE_RANGE = (
    "holds a number shown as a date or time that is beyond any date Excel can show; "
    "type a plain number (or a real date), or clear the cell's date format"
)


def _sheet_values(
    book: calamine.CalamineWorkbook, path: Path, sheet: str, bad: dict[tuple[int, int], Unreadable]
) -> list[list[Any]]:
    """A sheet's values from A1, as calamine reads them.

    Calamine fails on a whole sheet when one cell holds a number far outside
    Excel's dates under a date or time format (an OverflowError, or a Rust
    panic, which Python sees as a BaseException). Then openpyxl reads that
    sheet: it turns such a cell into #VALUE!, which is added to `bad` so the
    validator names the cell, and every other cell reads as before.
    """
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except BaseException as error:
        if not isinstance(error, OverflowError | ValueError) and (
            type(error).__name__ != "PanicException"
        ):
            raise
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of each such cell; `bad` names them
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = [
                list(row)
                for row in workbook[sheet].iter_rows(min_row=1, min_col=1, values_only=True)
            ]
        finally:
            workbook.close()
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value == "#VALUE!" and (r, c) not in bad:
                bad[r, c] = Unreadable(OUT_OF_DATE_RANGE)
    return [["" if v is None else v for v in row] for row in rows]


@contextmanager
def _damaged(path: Path) -> Iterator[None]:
    """A part of the package that cannot be read or parsed: the file is damaged."""
    try:
        yield
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        ElementTree.ParseError,
        KeyError,
        calamine.CalamineError,
    ) as e:
        raise WorkbookFileError(
            f"{path.name} cannot be read; it is damaged ({type(e).__name__}: {e}). Open it in "
            "Excel, which offers to repair it, save it, and try again. Nothing was changed."
        ) from e


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        raise WorkbookFileError(f"{path.name} cannot be read: {e}") from e


@contextmanager
def _open_calamine(path: Path) -> Iterator[calamine.CalamineWorkbook]:
    """Calamine's workbook, its failures told in the user's words."""
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError as e:
        raise WorkbookFileError(
            f"{path.name} is protected with a password; remove it in Excel first."
        ) from e
    except (calamine.CalamineError, OSError) as e:
        raise WorkbookFileError(
            f"{path.name} cannot be read; it may be damaged. Open it in Excel, save it "
            f"again and retry. ({e})"
        ) from e
    try:
        yield book
    finally:
        book.close()


# --- The package's parts: sheets and tables ---------------------------------------

REL_OFFICE_DOCUMENT = "officeDocument"
REL_WORKSHEET = "worksheet"
REL_TABLE = "table"


def _local(tag: str) -> str:
    """An XML name without its namespace: files may be Transitional or Strict OOXML."""
    return tag.rsplit("}", 1)[-1]


def _attr(element: ElementTree.Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (r:id)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type's last word, target part path)."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    if rels_path not in zf.namelist():
        return {}
    found = {}
    for rel in ElementTree.fromstring(zf.read(rels_path)):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = (
            rel.get("Type", "").rsplit("/", 1)[-1],
            posixpath.normpath(path),
        )
    return found


def _workbook_part(zf: zipfile.ZipFile) -> str:
    for kind, target in _rels(zf, "").values():
        if kind == REL_OFFICE_DOCUMENT and target in zf.namelist():
            return target
    raise WorkbookFileError("The file is a zip archive but not an Excel workbook.")


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its part path, in workbook order (chart sheets left out)."""
    workbook = _workbook_part(zf)
    rels = _rels(zf, workbook)
    sheets = {}
    for element in ElementTree.fromstring(zf.read(workbook)).iter():
        if _local(element.tag) != "sheet":
            continue
        kind, target = rels.get(_attr(element, "id") or "", ("", ""))
        if kind == REL_WORKSHEET:
            sheets[element.get("name", "")] = target
    return sheets


def _table_parts(zf: zipfile.ZipFile, sheets: dict[str, str]) -> list[TablePart]:
    parts = []
    names = set(zf.namelist())
    for sheet, sheet_part in sheets.items():
        for kind, target in _rels(zf, sheet_part).values():
            if kind != REL_TABLE:
                continue
            if target not in names:  # a table the sheet points at is gone: Excel repairs that
                raise KeyError(f"the sheet {sheet} refers to a table part {target} that is missing")
            parts.append(_table_part(ElementTree.fromstring(zf.read(target)), sheet))
    return parts


def _table_part(table: ElementTree.Element, sheet: str) -> TablePart:
    columns = tuple(e.get("name", "") for e in table.iter() if _local(e.tag) == "tableColumn")
    return TablePart(
        # Excel shows, and formulas use, the display name; `name` is usually the same.
        name=table.get("displayName") or table.get("name", ""),
        sheet=sheet,
        ref=table.get("ref", ""),
        header_rows=int(table.get("headerRowCount", "1")),
        totals_rows=int(table.get("totalsRowCount", "0")),
        columns=columns,
    )


def _asks_full_recalc(zf: zipfile.ZipFile) -> bool:
    """Whether the workbook asks Excel to recalculate everything when opened.

    openpyxl and XlsxWriter set this, and their formula cells hold no value or
    a placeholder 0; Excel clears it when it saves, with every value computed.
    """
    root = ElementTree.fromstring(zf.read(_workbook_part(zf)))
    for element in root.iter():
        if _local(element.tag) == "calcPr":
            return element.get("fullCalcOnLoad") in ("1", "true")
    return False


# --- Cells ------------------------------------------------------------------------

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)


def _unusable_cells(sheet_xml: bytes, recalc_on_load: bool) -> dict[tuple[int, int], Unreadable]:
    """(row, column), 1-based, of every cell whose shown value cannot be trusted.

    An error value (#N/A) and a formula without a value Excel calculated. Most
    input sheets hold neither, and a quick search skips them; only a sheet with
    formulas or errors is scanned cell by cell.
    """
    if b"f>" not in sheet_xml and b't="e"' not in sheet_xml:
        return {}  # every formula's first cell holds <f>...</f>: none here
    found = {}
    for match in _CELL.finditer(sheet_xml):
        body = match.group(2) or b""
        attrs = dict(_ATTR.findall(match.group(1)))
        if b"r" not in attrs:
            continue  # Excel always writes the address; a cell without one is never in a table
        value = _VALUE.search(body)
        if attrs.get(b"t") == b"e":
            text = value.group(1).decode() if value else "#VALUE!"
            reason = f"shows the Excel error {text}; correct the formula, or type the value"
        elif _FORMULA.search(body) and (recalc_on_load or not _has_value(attrs, value)):
            reason = NOT_CALCULATED
        else:
            continue
        found[cell_position(attrs[b"r"].decode())] = Unreadable(reason)
    return found


def _has_value(attrs: dict[bytes, bytes], value: re.Match[bytes] | None) -> bool:
    """Whether a formula cell holds a computed value (an empty text result counts)."""
    if value is None:
        return False
    return bool(value.group(1)) or attrs.get(b"t") == b"str"


def _raw_table(
    part: TablePart, grid: list[list[Any]], bad: dict[tuple[int, int], Unreadable]
) -> RawTable:
    """One table cut from its sheet's values: headers from the header row."""
    left, first, right, last = range_bounds(part.ref)
    top = first if part.header_rows else first - 1
    rows = _cut(grid, top + 1, last - part.totals_rows, left, right)
    for (row, column), value in bad.items():
        if top < row <= last - part.totals_rows and left <= column <= right:
            rows[row - top - 1][column - left] = value
    headers = list(part.columns[: right - left + 1])
    headers += [""] * (right - left + 1 - len(headers))
    if part.header_rows:
        shown = _cut(grid, top, top, left, right)[0]
        headers = [_header(v, named) for v, named in zip(shown, headers, strict=True)]
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    table = RawTable(part.name, part.sheet, top, left, headers, rows)
    table.nearby = margins.nearby(margins.margin(first, left, last, right), _value_in(grid))
    return table


def _value_in(grid: list[list[Any]]) -> Callable[[int, int], Any]:
    def value_at(row: int, column: int) -> Any:
        line = grid[row - 1] if row <= len(grid) else ()
        return line[column - 1] if column <= len(line) else None

    return value_at


def _cut(grid: list[list[Any]], first: int, last: int, left: int, right: int) -> list[list[Any]]:
    """Sheet rows first..last, columns left..right (1-based), empty cells as None.

    Calamine's grid ends at the last cell holding something, so a table may
    reach past it: those cells are empty.
    """
    width = right - left + 1
    rows = [[None if v == "" else v for v in r[left - 1 : right]] for r in grid[first - 1 : last]]
    rows += [[] for _ in range(last - first + 1 - len(rows))]
    for r in rows:
        if len(r) < width:
            r.extend([None] * (width - len(r)))
    return rows


def _header(value: Any, named: str) -> str:
    """A header as the header row shows it (Excel keeps it equal to the part's name)."""
    if value is None or isinstance(value, Unreadable):
        return named
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
