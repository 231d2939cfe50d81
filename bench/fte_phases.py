"""Where an FTE run of the default workbook goes, phase by phase (issue 22's FTE row).

    python bench/fte_phases.py                    # wall and CPU seconds of each phase
    python bench/fte_phases.py --stop-after plan  # end there (for instruction counts)

The phases are `planner optimise`'s own, in its order: starting Python and
importing what it needs, reading and checking the workbook (with its
warnings), planning the five scenarios (on two threads, as the command plans
them), building the report and writing the workbook. The copy of
workbook/Planner.xlsm set to Whole posts = No is made first, and measured in
a fresh process; "imports" runs from that process's first line (Python's own
start, about 0.03 s, comes before it).

CPU seconds are the process's, all threads together: planning's exceed its
wall time by what HiGHS solves on one thread while Python builds on the other.
On a shared machine the seconds move with other load; for figures that do not,
count instructions with valgrind, once for each `--stop-after` phase, and
subtract:

    valgrind --tool=callgrind python bench/fte_phases.py --stop-after read

Figures, never assertions.
"""

from __future__ import annotations

import time

STARTED, STARTED_CPU = time.perf_counter(), time.process_time()

import argparse  # noqa: E402  (after the clock starts: the imports are a phase)
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHASES = ("imports", "read", "plan", "report", "write")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stop-after", choices=PHASES, default="write")
    parser.add_argument("--copy", type=Path, help="an FTE copy made earlier (default: make one)")
    args = parser.parse_args()
    if args.copy is None:  # made here, then measured in a fresh process of its own
        with tempfile.TemporaryDirectory() as folder:
            copy = _fte_copy(Path(folder) / "Copy.xlsm")
            command = [sys.executable, __file__, "--copy", str(copy), "--stop-after"]
            sys.exit(subprocess.run([*command, args.stop_after]).returncode)
    with tempfile.TemporaryDirectory() as folder:
        figures = run(args.copy, Path(folder) / "Planner.xlsm", args.stop_after)
    for phase, (wall, cpu) in figures.items():
        print(f"{phase:<8} {wall:6.3f} s wall {cpu:6.3f} s CPU")
    total = (sum(w for w, _ in figures.values()), sum(c for _, c in figures.values()))
    print(f"{'total':<8} {total[0]:6.3f} s wall {total[1]:6.3f} s CPU")
    sys.stdout.flush()
    os._exit(0)  # as `planner` ends (planner.cli.entry): no teardown in the figures


def _fte_copy(copy: Path) -> Path:
    """The default workbook set to Whole posts = No (bench/run.py's FTE row)."""
    from bench.run import WORKBOOK, _with_settings

    return _with_settings(WORKBOOK, copy, {"Whole posts": "No"})


def run(source: Path, out: Path, stop_after: str) -> dict[str, tuple[float, float]]:
    """Each phase's (wall, CPU) seconds, up to `stop_after`; the imports from the process's start."""
    figures: dict[str, tuple[float, float]] = {}
    clock = [STARTED, STARTED_CPU]

    def done(phase: str) -> bool:
        now, cpu = time.perf_counter(), time.process_time()
        figures[phase] = (now - clock[0], cpu - clock[1])
        clock[:] = [now, cpu]
        return phase == stop_after

    from planner.adapters.file.adapter import WorkbookFile
    from planner.run import planning
    from planner.run.engine import Engine

    if done("imports"):
        return figures
    book = WorkbookFile(source, out)
    ready = planning.prepare(book, None, None, None, lambda _message: None)
    if done("read"):
        return figures
    inputs = ready.checked.inputs
    # The command's own engine: Planner's choice (threads for a workbook this size).
    engine = Engine()
    results = planning._plan_all(inputs, ready.scenarios, None, lambda _m: None, engine, None)
    if done("plan"):
        return figures
    report = planning.build_report(
        results,
        inputs,
        ready.checked.scenarios,
        ready.tables,
        run_at=planning.datetime.now().replace(microsecond=0),
        user="bench",
        inputs_hash=planning.inputs_hash(ready.tables),
    )
    if done("report"):
        return figures
    book.write_report(report)
    done("write")
    return figures


if __name__ == "__main__":
    main()
