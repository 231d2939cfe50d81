"""A study's sheet drawn with XlsxWriter: its table (as every output sheet), chart and button.

The table is drawn by planner.adapters.file.output_sheet's `draw_output_sheet`, exactly as
the other output tables are; this module adds the study's title, its chart
(a line per scenario, beside the table) and its button.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from planner import contract as layout
from planner.adapters.file.formats import Formats
from planner.adapters.file.output_sheet import Bulk, draw_output_sheet
from planner.adapters.file.range_chart import add_range_chart
from planner.adapters.package.user_book import PLANNER_BUTTON, PLANNER_CHART
from planner.contract.look import GREY, NAVY
from planner.report.kept_notes import Kept
from planner.report.output_page import EXCEL_MAX_ROWS, OUTPUT_TOP
from planner.report.study_figures import BLOCK_BELOW_CHART, FIGURES_CAPTION, figures_left
from planner.studies.output import (
    LineChart,
    RangeChart,
    StudyOutput,
    TornadoChart,
    table_frame,
)
from planner.studies.registry import STUDIES

#: Line colours, scenario by scenario (Planner's navy first).
LINE_COLOURS = ("#1F3864", "#C55A11", "#548235", "#7030A0", "#BF9000", "#2E75B6", "#A50021")


class _Tables:
    """The few things `draw_output_sheet` asks of a report, for a study's two tables."""

    def __init__(self, output: StudyOutput) -> None:
        self.frames = {output.table.name: output.frame, layout.RUNLOG.name: output.runlog}
        self.run_at = output.run_at
        self.not_current: dict[str, str] = {}  # a study's rows are all from its own runs

    def table(self, name: str) -> pd.DataFrame:
        return self.frames[name]


def draw_study(
    wb: xlsxwriter.Workbook,
    sheets: dict[str, str],
    output: StudyOutput,
    macro: str,
    max_rows: int,
    kept: dict[str, Kept] | None = None,
) -> dict[str, Bulk]:
    """The study's sheet and the Run log, on the sheets named in `sheets` (table -> sheet),
    with the notes `kept` from their last versions (table -> notes, planner.report.kept_notes)."""
    fmts = Formats(wb)
    bulk: dict[str, Bulk] = {}
    for table in (output.table, layout.RUNLOG):
        ws = wb.add_worksheet(sheets[table.name])
        notes = (kept or {}).get(table.name)
        if table is output.table:
            drawn = draw_study_sheet(wb, ws, fmts, output, macro, max_rows, notes)
        else:
            view = _Tables(output)
            drawn = draw_output_sheet(wb, ws, fmts, table, view, max_rows, notes)  # type: ignore[arg-type]
        if drawn is not None:
            bulk[ws.get_name()] = drawn
    return bulk


def draw_study_sheet(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    fmts: Formats,
    output: StudyOutput,
    macro: str,
    max_rows: int = EXCEL_MAX_ROWS,
    kept: Kept | None = None,
) -> Bulk | None:
    """Title, what the table is, the table (as every output sheet), the chart and the button;
    a user's notes from the last version clear of the chart (planner.report.kept_notes)."""
    view = _Tables(output)
    bulk = draw_output_sheet(wb, ws, fmts, output.table, view, max_rows, kept)  # type: ignore[arg-type]
    ws.write_string(0, 0, output.title or output.table.name, fmts.title())
    if isinstance(output.chart, TornadoChart) and not output.frame.empty:
        add_tornado_chart(wb, ws, fmts, output, output.chart)
    elif isinstance(output.chart, RangeChart) and not output.frame.empty:
        add_range_chart(wb, ws, output.frame, output.table, output.chart)
    elif output.chart is not None and not output.frame.empty:
        add_line_chart(wb, ws, output.frame, output.table, output.chart)
    if output.button:
        add_button(ws, output.button, macro, len(output.table.headers) - 3)
    return bulk


def draw_empty_studies(
    wb: xlsxwriter.Workbook, sheets: dict[str, Worksheet], fmts: Formats, macro: str
) -> None:
    """The template's study sheets (planner build): headings, an empty table, the button."""
    for study in STUDIES:
        empty = table_frame(study.table, [])
        output = StudyOutput(
            study.table,
            empty,
            table_frame(layout.RUNLOG, []),
            "",
            study.title,
            study.chart,
            study.button,
        )
        ws = sheets[study.table.sheet]
        draw_study_sheet(wb, ws, fmts, output, macro)
        ws.write_string(3, 0, study.empty_note, fmts.get(bold=True, font_color=GREY))


def add_line_chart(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    frame: pd.DataFrame,
    table: layout.Table,
    chart: LineChart,
) -> None:
    """Column y against column x, a line per scenario, beside the table.

    The table keeps a scenario's rows together (planner.studies.output.merged),
    so each scenario's points are one block of rows.
    """
    drawn = wb.add_chart({"type": "scatter", "subtype": "straight_with_markers"})
    name = ws.get_name()
    x, y = table.headers.index(chart.x), table.headers.index(chart.y)
    for n, (scenario, first, last) in enumerate(_blocks(frame["Scenario"])):
        colour = LINE_COLOURS[n % len(LINE_COLOURS)]
        top, bottom = OUTPUT_TOP + 1 + first, OUTPUT_TOP + 1 + last
        drawn.add_series(
            {
                "name": scenario,
                "categories": [name, top, x, bottom, x],
                "values": [name, top, y, bottom, y],
                "line": {"color": colour, "width": 2},
                "marker": {"type": "circle", "size": 6, "fill": {"color": colour}},
            }
        )
    drawn.set_title({"name": chart.title, "name_font": {"size": 12, "bold": True, "color": NAVY}})
    drawn.set_x_axis(_axis(chart.x_title, chart.x_format))
    drawn.set_y_axis(_axis(chart.y_title, chart.y_format))
    drawn.set_legend({"position": "bottom"})
    drawn.set_chartarea({"border": {"none": True}})
    drawn.set_size({"width": 760, "height": 440})
    options = {"description": PLANNER_CHART, "object_position": 1, "x_offset": 10}
    ws.insert_chart(OUTPUT_TOP, len(table.headers) + 1, drawn, options)


def add_tornado_chart(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    fmts: Formats,
    output: StudyOutput,
    chart: TornadoChart,
) -> None:
    """The tornado beside the table: one scenario's top estimates, -p and +p side by side.

    Its figures are a block of cells below the chart (the table's rows are in
    the tornado's order within every scenario, the chart shows one scenario).
    """
    headers, rows = output.chart_block()
    if not rows:
        return
    scenario = chart.scenario(output.frame, output.focus) or ""
    left = figures_left(len(output.table.headers))
    top = OUTPUT_TOP + BLOCK_BELOW_CHART
    name = ws.get_name()
    ws.set_column(left, left, 60)
    ws.set_column(left + 1, left + len(headers) - 1, 12)
    ws.write_string(top - 1, left, f"{FIGURES_CAPTION}{scenario}", fmts.get(font_color=GREY))
    for c, header in enumerate(headers):
        ws.write_string(top, left + c, header, fmts.get(bold=True))
    for r, row in enumerate(rows, start=1):
        ws.write_string(top + r, left, str(row[0]))
        for c, value in enumerate(row[1:], start=1):
            if value is None:
                ws.write_blank(top + r, left + c, None)
            else:
                ws.write_number(top + r, left + c, float(value), fmts.get(num_format="#,##0.0"))
    drawn = wb.add_chart({"type": "bar"})
    colours = ("#9DC3E6", NAVY)
    bottom = top + len(rows)
    for n in range(1, len(headers)):
        drawn.add_series(
            {
                "name": [name, top, left + n],
                "categories": [name, top + 1, left, bottom, left],
                "values": [name, top + 1, left + n, bottom, left + n],
                "fill": {"color": colours[(n - 1) % len(colours)]},
                "border": {"none": True},
                "gap": 60,
            }
        )
    drawn.set_title(
        {
            "name": f"{chart.title}: {scenario}",
            "name_font": {"size": 12, "bold": True, "color": NAVY},
        }
    )
    # A bar chart's y axis is its categories (reversed: the largest on top), x its values.
    # The values' axis crosses at the last category, so it stays at the bottom.
    drawn.set_y_axis({"reverse": True, "num_font": {"size": 9}, "crossing": "max"})
    drawn.set_x_axis(_axis(chart.x_title, chart.y_format))
    drawn.set_legend({"position": "bottom"})
    drawn.set_chartarea({"border": {"none": True}})
    drawn.set_size({"width": 760, "height": 440})
    options = {"description": PLANNER_CHART, "object_position": 1, "x_offset": 10}
    ws.insert_chart(OUTPUT_TOP, left, drawn, options)


def add_button(ws: Worksheet, caption: str, macro: str, col: int) -> None:
    """The sheet's button: it runs the study for the scenarios with Run = Yes."""
    ws.insert_button(
        0,
        col,
        {
            "macro": macro,
            "caption": caption,
            "width": 230,
            "height": 34,
            "x_offset": 6,
            "y_offset": 4,
            "description": PLANNER_BUTTON,
        },
    )


def _blocks(scenarios: pd.Series) -> list[tuple[str, int, int]]:
    """(scenario, first row, last row) of each run of equal names, in order."""
    blocks: list[tuple[str, int, int]] = []
    for i, name in enumerate(str(s) for s in scenarios):
        if blocks and blocks[-1][0] == name:
            blocks[-1] = (name, blocks[-1][1], i)
        else:
            blocks.append((name, i, i))
    return blocks


def _axis(title: str, num_format: str) -> dict[str, Any]:
    return {
        "name": title,
        "name_font": {"size": 10, "bold": False},
        "num_format": num_format,
        "num_font": {"size": 9},
        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
    }
