"""Excel cell references, 1-based like the sheet: A1 is row 1, column 1.

Through XlsxWriter's utilities, which the writer loads anyway: openpyxl's
equivalents import all of openpyxl (a third of a second on every run).
"""

from __future__ import annotations

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name


def column_letter(column: int) -> str:
    """3 -> "C"."""
    return xl_col_to_name(column - 1)


def column_number(letters: str) -> int:
    """ "C" -> 3."""
    return xl_cell_to_rowcol(f"{letters}1")[1] + 1


def cell_position(reference: str) -> tuple[int, int]:
    """ "C7" (or "$C$7") -> (row 7, column 3)."""
    row, column = xl_cell_to_rowcol(reference)
    return row + 1, column + 1


def range_bounds(reference: str) -> tuple[int, int, int, int]:
    """ "B2:D9" -> (left 2, top 2, right 4, bottom 9); a single cell is a range of one."""
    first, _, last = reference.partition(":")
    top, left = cell_position(first)
    bottom, right = cell_position(last or first)
    return left, top, right, bottom
