"""Planner.xlsm's buttons run this file: xlwings' RunPython "import Planner; Planner.main()".

Keep it in the same folder as Planner.xlsm (made by `planner build`; do not edit).
It hands over to the planner package, installed with the Python that the
xlwings.conf sheet names, or else the source folder this workbook sits in.
"""

import sys
from pathlib import Path


def main() -> None:
    try:
        from planner.excel import main as planner_main
    except ImportError:
        # Not installed: use the source checkout around this workbook (workbook/..).
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from planner.excel import main as planner_main
    planner_main()
