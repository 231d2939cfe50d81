"""Every text on a scenario tab prints whole: a line that does not wrap fits the columns it
has (its merged cells, or the empty cells right of it it runs into), and a wrapped one's
row is as tall as its lines. Measured with planner.report.text_fit from what the written
file declares (widths, merges, fonts, wrapping, row heights), not from the description:
the painter's work is checked too.
"""

from __future__ import annotations

from typing import Any

from planner.contract.look import Style
from planner.report import text_fit
from planner.report.scenario_tab import WIDTHS
from tests.workbook.test_scenario_tab import file_tab, page_of, starved

#: The longest branch, unit, stream and key figure of the default workbook.
BRANCH = "Organised Crime and Counter Terrorism"
UNIT = "Economic Crime and Financial Investigation"
STREAM = "Digital forensics for drugs and organised crime cases"
LABEL = "Specialist support for Public Protection (2029)"


def cut_off(ws: Any) -> list[str]:
    """Each text cell of the tab that its declared widths cut off or its row's height
    crops: "B12 'Organised Crime and ...' needs 179 pt, has 160"."""
    widths = declared_widths(ws)
    merged = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}
    found = []
    for row in ws.iter_rows(max_col=len(WIDTHS)):
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value.strip():
                continue
            style = Style(size=float(cell.font.sz or 11), bold=bool(cell.font.b))
            last = merged.get((cell.row, cell.column)) or _runs_to(ws, cell)
            span = widths[cell.column - 1 : last]
            text = cell.value
            if cell.alignment.wrap_text:
                need = text_fit.line_points(style) * text_fit.wrapped_lines(text, style, span)
                has = ws.row_dimensions[cell.row].height or text_fit.LINE_POINTS
            else:
                need, has = text_fit.text_points(text, style), text_fit.room(span)
            if need > has + 0.01:
                found.append(f"{cell.coordinate} {text[:40]!r} needs {need:.0f} pt, has {has:.0f}")
    return found


def declared_widths(ws: Any) -> list[float]:
    """The tab's column widths in characters, as the file declares them: XlsxWriter stores
    each with 5 pixels' padding, and columns of one width as one range."""
    widths = [8.43] * len(WIDTHS)
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min:
            for col in range(dim.min, min(dim.max, len(WIDTHS)) + 1):
                widths[col - 1] = dim.width - 5 / 7
    return widths


def _runs_to(ws: Any, cell: Any) -> int:
    """The last column a left-aligned line runs into: the empty cells right of it."""
    if cell.alignment.horizontal in ("right", "center"):
        return cell.column
    last = cell.column
    while last < len(WIDTHS) and ws.cell(cell.row, last + 1).value in (None, ""):
        last += 1
    return last


def test_long_names_and_lines_print_whole(tmp_path):
    rep, page = page_of(starved())
    page.by_unit.loc[2, ["Unit", "Branch"]] = [UNIT, BRANCH]
    page.coverage.loc[2, "Stream"] = STREAM
    assert LABEL in [h.label for h in page.headlines]
    assert any(len(line) > 150 for line in page.trade_offs)  # "...whole-post plan can beat."
    ws = file_tab(tmp_path, rep)
    assert cut_off(ws) == []
    texts = {c.value for row in ws.iter_rows() for c in row}
    assert {BRANCH, UNIT, STREAM, LABEL} <= texts


def test_a_word_too_long_for_its_column_is_counted_as_broken():
    narrow = (9,)
    assert text_fit.wrapped_lines("Recruitment", Style(bold=True), narrow) == 2
    assert text_fit.wrapped_lines("Recruited", Style(bold=True), narrow) == 1
    assert text_fit.wrapped_lines("Left unfilled as people leave", Style(bold=True), narrow) == 4
    assert text_fit.fits(BRANCH, Style(), (35,)) and not text_fit.fits(BRANCH, Style(), (30,))
