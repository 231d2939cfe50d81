"""The file adapter: one workbook file, read and written without Excel.

It pairs the reader (FileWorkbook) with the package writer, so the planning
path (planner.run) sees the same reader/writer pair as it does through xlwings.
"""

from __future__ import annotations

from pathlib import Path

from planner.report import Report
from planner.tables import RawTable
from planner.xlsx.read import FileWorkbook
from planner.xlsx.write import write_report_to_file


class WorkbookFile:
    """Read the workbook at `path`; write the results into it, or into a copy at `out`."""

    def __init__(self, path: str | Path, out: str | Path | None = None):
        self.path = Path(path)
        self.out = Path(out) if out is not None else None
        self._reader = FileWorkbook(self.path)
        self.written: Path | None = None

    def read_tables(self) -> dict[str, RawTable]:
        return self._reader.read_tables()

    def sheet_names(self) -> list[str]:
        return self._reader.sheet_names()

    def write_report(self, report: Report) -> None:
        if self.out is not None:
            # Asked for by name (--out out/Planner.xlsm): made only now, when
            # there is something to write, so a failed run leaves nothing behind.
            self.out.parent.mkdir(parents=True, exist_ok=True)
        self.written = write_report_to_file(self.path, report, self.out)
