"""Where a study's chart and its figures sit on the study's sheet, described once.

Both writers (the file route, planner.adapters.file.study_sheet; the buttons,
planner.adapters.live.xl_study) put them here, and the notes rule
(planner.report.kept_notes) reads them from here, so a user's notes are told
from Planner's figures and written clear of them, on either route.
"""

from __future__ import annotations

from planner.report.output_page import OUTPUT_TOP

#: Columns right of a study's table (from one column clear of it) kept for its chart
#: and the chart's figures: the file route's chart is 770 pixels wide, just over 12
#: columns of Excel's default width (64 pixels); the buttons' chart is 560.
FIGURE_COLUMNS = 13
#: The file route's tornado: rows between the top of the table and its figures (below the chart).
BLOCK_BELOW_CHART = 24
#: The file route's line above the tornado's figures.
FIGURES_CAPTION = "The chart's figures: "
#: The buttons' line above the figures where the engine cannot draw the chart.
NO_CHART_NOTE = (
    "The chart is drawn by Excel with Python on your computer, or by the `planner` command "
    "(frontier, risk, sensitivity, disruption); this block holds its figures."
)
#: The rows (0-based) where the figures' headings start: the buttons', the file tornado's.
FIGURE_HEADINGS = (OUTPUT_TOP, OUTPUT_TOP + BLOCK_BELOW_CHART)


def figures_left(columns: int) -> int:
    """The first column (0-based) of the chart and its figures: one clear of the table."""
    return columns + 1


def notes_left(columns: int, figure_columns: int) -> int:
    """The first column (0-based) of a user's notes: one clear of the chart's columns.

    `figure_columns`: how many columns the chart's figures take (a line per
    scenario may take more than FIGURE_COLUMNS).
    """
    return figures_left(columns) + max(FIGURE_COLUMNS, figure_columns) + 1
