"""The budget frontier's figures for bench/run.py: the default workbook's 5 x 9 frontier.

- `frontier_row`: `planner frontier workbook/Planner.xlsm --out <temp>` end to
  end, as a user runs it (read, check, five scenarios at nine budgets each,
  write the Frontier sheet), wall time of the command;
- `frontier_ratio`: in one process, the same 45 points in FTE, warm-started from
  their neighbour (optimise.frontier, parts as `planner frontier` makes
  them) over the same points each planned from nothing. Lower is better:
  0.5 means the warm start halves the time.

    python bench/frontier.py   # both, on their own
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKBOOK = ROOT / "workbook" / "Planner.xlsm"


def frontier_row() -> dict:
    """The command on the default workbook, as the bench table shows it."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "Planner.xlsm"
        command = [
            sys.executable,
            "-m",
            "planner.cli",
            "frontier",
            str(WORKBOOK),
            "--out",
            str(out),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if done.returncode == 2:
        return {"what": "planner frontier", "size": "workbook", "note": done.stderr[-200:]}
    summary = next((line for line in done.stderr.splitlines() if line.startswith("Done:")), "")
    return {
        "what": "planner frontier",
        "size": "workbook",
        "total": seconds,
        "note": summary.removeprefix("Done: ").rstrip("."),
    }


def frontier_ratio() -> tuple[float, float]:
    """(warm seconds, from-nothing seconds) for every point of the default workbook's frontier
    (in FTE, as optimise.frontier plans every point)."""
    from optimise.frontier import frontier
    from planner.adapters.file.file_reader import FileWorkbook
    from planner.check.validate import check_workbook
    from planner.run.engine import Engine
    from planner.studies.frontier import parts

    checked = check_workbook(FileWorkbook(WORKBOOK).read_tables())
    pieces = parts(checked, checked.to_run(), Engine(workers=1))
    timed = []
    for warm in (True, False):
        started = time.perf_counter()
        for inputs, scenario, changes in pieces:
            frontier(inputs, scenario, changes, warm=warm)
        timed.append(time.perf_counter() - started)
    return timed[0], timed[1]


if __name__ == "__main__":
    row = frontier_row()
    print(f"planner frontier on the default workbook: {row.get('total', 0):.1f} s, {row['note']}")
    warm, cold = frontier_ratio()
    print(f"45 points warm {warm:.1f} s, from nothing {cold:.1f} s")
    print(f"frontier ratio: {warm / cold:.2f}")
