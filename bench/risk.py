"""Demand risk on the default workbook: how fast futures are re-planned, and the command.

    python bench/risk.py [--samples N]

Rows:

- per scenario of workbook/Planner.xlsm: its plan (optimise.plan, as the
  workbook ships), then its Settings `Samples` futures (default 200) drawn
  and re-planned with the plan's posts held (optimise.risk, in this process,
  one HiGHS model per chunk of 50): seconds, and futures a second;
- `planner risk workbook/Planner.xlsm --out <temp>` end to end (read, check,
  plan, every future, write), wall time of the command, with the engine's
  own choice of where to run.

The last line is `risk: S samples a second` (the futures alone, all
scenarios). Figures, never assertions.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKBOOK = ROOT / "workbook" / "Planner.xlsm"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--samples", type=int, help="futures per scenario (default: Settings)")
    args = parser.parse_args()
    total_samples, total_seconds = futures_rows(args.samples)
    command_row()
    print(f"risk: {total_samples / total_seconds:.0f} samples a second")


def futures_rows(samples: int | None) -> tuple[int, float]:
    from optimise import plan
    from optimise.risk import figures, scenario_chunks, solve_chunk
    from planner.adapters.file.file_reader import FileWorkbook
    from planner.check.validate import check_workbook

    checked = check_workbook(FileWorkbook(WORKBOOK).read_tables())
    inputs = checked.inputs
    if samples:
        inputs = replace(inputs, settings=replace(inputs.settings, samples=samples))
    streams = list(inputs.demand["Stream"])
    count, seconds = 0, 0.0
    print(
        f"{'scenario':<32}{'plan s':>8}{'futures':>9}{'futures s':>11}{'a second':>10}  P10 / P50 / P90"
    )
    for scenario in checked.scenarios:
        started = time.perf_counter()
        result = plan(inputs, scenario)
        planned = time.perf_counter() - started
        started = time.perf_counter()
        outcomes = [solve_chunk(c) for c in scenario_chunks(inputs, scenario, result.plan)]
        spent = time.perf_counter() - started
        risk = figures(scenario.name, streams, outcomes)
        count, seconds = count + risk.samples, seconds + spent
        print(
            f"{scenario.name[:31]:<32}{planned:>8.2f}{risk.samples:>9}{spent:>11.2f}"
            f"{risk.samples / spent:>10.0f}  {risk.p10:,.0f} / {risk.p50:,.0f} / {risk.p90:,.0f}"
        )
    return count, seconds


def command_row() -> None:
    """`planner risk` as a user runs it, when the command exists on this branch."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "Planner.xlsm"
        command = [
            sys.executable,
            "-m",
            "planner.cli",
            "risk",
            str(WORKBOOK),
            "--out",
            str(out),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        print(f"planner risk: failed ({done.returncode}): {done.stderr[-300:]}")
        return
    print(f"planner risk (read, plan, every future, write): {seconds:.1f} s")


if __name__ == "__main__":
    main()
