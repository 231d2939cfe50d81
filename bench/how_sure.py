"""The v3 studies' speed for bench/run.py: the sensitivity study and the change frontier.

Each is its command on the default workbook, end to end, as a user runs it
(read, check, plan every scenario with Run = Yes, write its sheet), wall time;
bench/run.py divides it by `planner optimise` in FTE on the same workbook, in
the same run: `sensitivity ratio: S` (aim 30 or less) and `disruption ratio: D`
(aim 8 or less).

    python bench/how_sure.py   # both, with one FTE optimise, on their own
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


def study_seconds(command: str, workbook: Path = WORKBOOK) -> tuple[float, str]:
    """`planner COMMAND workbook --out <temp>`: wall seconds and its "Done:" line."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "Planner.xlsm"
        args = [sys.executable, "-m", "planner.cli", command, str(workbook)]
        started = time.perf_counter()
        done = subprocess.run([*args, "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if done.returncode == 2:
        return float("nan"), done.stderr[-200:]
    summary = next((line for line in done.stderr.splitlines() if line.startswith("Done:")), "")
    return seconds, summary.removeprefix("Done: ").rstrip(".")


def ratio_lines(fte_seconds: float) -> list[str]:
    """The two lines bench/run.py prints before its last `ratio:` line, with their timings."""
    lines = []
    for command, name in (("sensitivity", "sensitivity"), ("disruption", "disruption")):
        seconds, summary = study_seconds(command)
        print(
            f"default workbook's {name} study: {seconds:.1f} s ({summary}); "
            f"one FTE optimise {fte_seconds:.1f} s"
        )
        lines.append(f"{name} ratio: {seconds / fte_seconds:.2f}")
    return lines


if __name__ == "__main__":
    from bench.run import workbook_row

    fte = workbook_row(fte=True)["total"]
    for line in ratio_lines(fte):
        print(line)
