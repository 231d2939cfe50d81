"""Planner against the solver's floor, from the default workbook to a national plan.

    python bench/run.py [--quick] [--time-limit SECONDS]

Rows, side by side:

- workbook: `planner optimise workbook/Planner.xlsm --out <temp>` end to end
  (read, check, five scenarios, write), wall time of the command, as the
  workbook ships (whole posts, MIP gap 1%), with each scenario's status and
  its distance from the best FTE plan; the same in FTE, from a copy set to
  Whole posts = No (issue #11: printed beside the whole-post run); and the
  same in FTE from a copy set to Plan for = Uncertain demand (a robust plan
  over 20 futures of demand);
- force (150 units, 20 roles, 5 years) and national (45 forces of 60 units,
  20 roles, 5 years), posts in FTE: model build, each solve stage (the
  baseline LP, stages 1-3), extraction of the tables, and peak memory;
  then, at the ratio's size, the same two rows ("+people") on the division
  with the v3 people columns (optimise/synthetic.py, `people=True`: months to
  productive, intake, turnover, vacancy, team size and Min posts, with their
  rows and columns in the model);
- division (not with `--quick`): 30 units, 12 roles, 3 years in whole posts
  with the template's 1% MIP gap and at most 60 s a stage, each stage's
  proven gap in its status;
- floor: the same stage-1 linear program handed to HiGHS (highspy) as a
  prebuilt sparse matrix, timing only `passModel` and `run`: reading
  nothing, writing nothing, the same HiGHS options as Planner's (HiPO,
  the interior point solver, at these sizes: see optimise/highs.py);
- frontier: `planner frontier` on the default workbook (5 scenarios x 9
  budgets), end to end, and the same 45 points warm-started against each
  planned from nothing (bench/frontier.py); the line `frontier ratio: F` is
  the force-size scenario's 9-point frontier, end to end on one worker
  (bench/dask_speedup.py), over that scenario planned once from nothing
  (the planner row's prepare, baseline, build, three stages and extraction);
- sensitivity and disruption (bench/how_sure.py): `planner sensitivity` and
  `planner disruption` on the default workbook, end to end; the lines
  `sensitivity ratio: S` and `disruption ratio: D` are each over the FTE
  row's `planner optimise` of the same workbook in the same run (aims: S at
  most 30, D at most 8);
- write (not with `--quick`): 18 national-size results (each the best use
  of today's posts) written into a copy of Planner.xlsm and read back: their
  1.09 million plan rows pass Excel's row limit, and the row says how
  many were written and how many left out with a note.

Each size runs in a fresh subprocess, so peak memory is that process's own
peak resident set (`resource.getrusage(...).ru_maxrss`), Python and HiGHS
together. `dask speedup: S` (bench/dask_speedup.py) comes before the last
lines: `ratio without the people columns: R0` and last `ratio: R`, Planner's
stage-1 build plus solve over the floor's, on the division with the people
columns, at the national size (`--quick`: the force size). Figures, never
assertions.
"""

from __future__ import annotations

import argparse
import compileall
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dask_speedup import frontier_seconds, speedup_line  # noqa: E402
from bench.frontier import frontier_ratio, frontier_row  # noqa: E402 (after the path)
from bench.how_sure import ratio_lines  # noqa: E402 (after the path)

if TYPE_CHECKING:
    from optimise.solve import StageRun

#: (units per force, roles, years, forces) of each synthetic size.
SIZES = {"force": (150, 20, 5, 1), "national": (60, 20, 5, 45), "division": (30, 12, 3, 1)}
#: The whole-post synthetic row: its size, MIP gap and time limit a stage.
WHOLE_SIZE, WHOLE_GAP, WHOLE_TIME_LIMIT = "division", 0.01, 60.0
WORKBOOK = ROOT / "workbook" / "Planner.xlsm"
#: The FTE row is a few seconds, so one busy moment of the machine moves it by
#: a third: it is the median of this many runs, back to back.
FTE_RUNS = 5
#: Results the write row puts in one workbook: enough, at the national size,
#: for the Plans sheet to pass Excel's row limit.
WRITTEN_SCENARIOS = 18


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="the force size only")
    parser.add_argument("--time-limit", type=float, default=1800.0, help="per solve, seconds")
    parser.add_argument(
        "--without-new-rules",
        action="store_true",
        help="synthetic sizes without floors, harm curve and spans (to measure what they cost)",
    )
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, size = args.child
        if what.startswith("dask"):  # "dask1", "dask2": the frontier on 1 or 2 workers
            workers = int(what[4:])
            figures = frontier_seconds(
                SIZES[size], workers, args.time_limit, not args.without_new_rules
            )
        else:
            child = {
                "planner": planner_figures,
                "whole": whole_figures,
                "floor": floor_figures,
                "write": write_figures,
            }[what.removesuffix(PEOPLE)]
            rules = not args.without_new_rules
            if what.endswith(PEOPLE):
                figures = child(size, args.time_limit, rules, people=True)
            else:
                figures = child(size, args.time_limit, rules)
        print(json.dumps(figures))
        return
    size = "force" if args.quick else "national"
    sizes = ["force"] if args.quick else ["force", "national"]
    print(_machine())
    rows = [
        workbook_row(),
        workbook_row(fte=True, runs=FTE_RUNS),
        workbook_row(fte=True, uncertain=True),
    ]
    for name in sizes:
        rows.append(_child("planner", name, args))
        rows.append(_child("floor", name, args))
    if not args.without_new_rules:
        rows.append(_child("planner" + PEOPLE, size, args))
        rows.append(_child("floor" + PEOPLE, size, args))
    rows.append(frontier_row())
    if not args.quick:
        rows.append(_child("whole", WHOLE_SIZE, args))
        rows.append(_child("write", size, args))
    _print_table(rows)
    ratios = {}
    print()
    for kind in ["", PEOPLE] if not args.without_new_rules else [""]:
        ratios[kind] = _stage_1_line(rows, size, kind)
    warm, cold = frontier_ratio()
    print(
        f"default workbook's frontier points (5 x 9): warm-started {warm:.1f} s, "
        f"each from nothing {cold:.1f} s"
    )
    one, two = _child("dask1", "force", args), _child("dask2", "force", args)
    force = next(r for r in rows if r["what"] == "planner" and r["size"] == "force")
    print(_frontier_ratio_line(one, force))
    print(speedup_line(one, two))
    fte = next(r for r in rows if r["what"] == "FTE")
    for line in ratio_lines(fte["total"]):
        print(line)
    if PEOPLE in ratios:
        print(f"ratio without the people columns: {ratios['']}")
    print(f"ratio: {ratios.get(PEOPLE, ratios[''])}")


def _stage_1_line(rows: list[dict], size: str, kind: str) -> str:
    """Prints Planner's stage 1 (build + solve) beside the floor's; returns their ratio.

    `kind` "" for the division as it was, PEOPLE for it with the people columns.
    """
    planner = next(r for r in rows if r["what"] == "planner" + kind and r["size"] == size)
    floor = next(r for r in rows if r["what"] == "floor" + kind and r["size"] == size)
    if "stage 1" not in planner or "stage 1" not in floor:
        print(f"stage 1 at {size} size{_WITH[kind]}: not measured")
        return "not measured"
    stage_1 = planner["build"] + planner["stage 1"]
    print(
        f"stage 1 at {size} size{_WITH[kind]}: Planner build + solve {stage_1:.2f} s, "
        f"floor {floor['stage 1']:.2f} s"
    )
    return f"{stage_1 / floor['stage 1']:.2f}"


#: The child name's ending for the division with the v3 people columns.
PEOPLE = "+people"
_WITH = {"": "", PEOPLE: " with the people columns"}


def _frontier_ratio_line(frontier: dict, force: dict) -> str:
    """`frontier ratio: F`: the force-size scenario's 9-point frontier, end to end on one
    worker, over that scenario planned once from nothing (baseline, build, three stages)."""
    parts = ("prepare", "baseline", "build", "stage 1", "stage 2", "stage 3", "extract")
    cold = sum(force.get(p, 0.0) for p in parts)
    if "seconds" not in frontier or not cold:
        return "frontier ratio: not measured"
    print(
        f"force-size scenario: planned once from nothing {cold:.1f} s, "
        f"its 9-point frontier {frontier['seconds']:.1f} s"
    )
    return f"frontier ratio: {frontier['seconds'] / cold:.2f}"


def workbook_row(*, fte: bool = False, uncertain: bool = False, runs: int = 1) -> dict:
    """`planner optimise` on the default workbook, as a user runs it.

    As it ships: whole posts, MIP gap 1%. `fte`: on a copy set to Whole posts =
    No. `uncertain`: on a copy set to Plan for = Uncertain demand, Robust samples = 20.
    `runs`: the command run that many times back to back; the row is their
    median, and the note says the fastest and slowest.
    """
    what = "FTE" if fte else "planner optimise"
    what = "uncertain demand" if uncertain else what
    if not WORKBOOK.exists():
        return {"what": what, "size": "workbook", "note": "no workbook/Planner.xlsm"}
    compiled()
    wanted: dict = {"Whole posts": "No"} if fte else {}
    if uncertain:
        wanted |= {"Plan for": "Uncertain demand", "Robust samples": 20}
    with tempfile.TemporaryDirectory() as folder:
        source = (
            _with_settings(WORKBOOK, Path(folder) / "Copy.xlsm", wanted) if wanted else WORKBOOK
        )
        out = Path(folder) / "Planner.xlsm"
        command = [
            sys.executable,
            "-m",
            "planner.cli",
            "optimise",
            str(source),
            "--out",
            str(out),
        ]
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode == 2 or not done.stdout:
        note = done.stderr[-200:]
    elif uncertain:
        note = "5 scenarios in FTE, 20 futures each, read to written"
    elif fte:
        note = "5 scenarios in FTE, read to written"
    else:
        note = _statuses(done.stdout)
    if runs > 1:
        note += f"; median of {runs} runs ({min(times):.2f} to {max(times):.2f} s)"
    total = statistics.median(times)
    return {"what": what, "size": "workbook", "total": total, "peak MB": peak, "note": note}


def compiled() -> None:
    """Planner's modules compiled to bytecode, as a user's Python has them.

    `pip install` compiles an installed package, and Python caches each
    module it compiles on first import; a run then only loads them. A machine
    with PYTHONDONTWRITEBYTECODE set (this project's is one) caches nothing,
    and every `planner` command there compiled all of Planner's modules first
    (0.2 to 0.3 s of an FTE run, docs/performance.md).
    """
    for package in ("optimise", "planner"):
        compileall.compile_dir(ROOT / package, quiet=1)


def _with_settings(workbook: Path, copy: Path, wanted: dict) -> Path:
    """A copy of the workbook with these Settings values."""
    import openpyxl

    book = openpyxl.load_workbook(workbook, keep_vba=True)
    sheet = book["Settings"]
    for row in sheet.iter_rows():
        if row[0].value in wanted:
            row[1].value = wanted[row[0].value]
    book.save(copy)
    return copy


def _statuses(printed: str) -> str:
    """Each scenario's status and FTE distance, from `planner optimise`'s own lines."""
    import re

    statuses = re.findall(r"^(.{40}) (Optimal|Time limit|Infeasible)", printed, re.MULTILINE)
    distances = re.findall(r"(\d+\.\d+)% above the best FTE plan", printed)
    counts = {status: sum(s == status for _, s in statuses) for _, status in statuses}
    said = ", ".join(f"{n} {status}" for status, n in counts.items())
    return f"{said}; above the best FTE plan by {', '.join(d + '%' for d in distances)}"


def whole_figures(size: str, time_limit: float, rules: bool = True) -> dict:
    """`planner_figures` in whole posts, with the template's gap and time limit."""
    limit = min(time_limit, WHOLE_TIME_LIMIT)
    return planner_figures(size, limit, rules, whole=True)


def planner_figures(
    size: str, time_limit: float, rules: bool = True, whole: bool = False, people: bool = False
) -> dict:
    """Planner's own path for one scenario, stage by stage (runs in the child).

    `people`: the division with the v3 people columns (optimise/synthetic.py).
    """
    from optimise import compat, extract
    from optimise.data import prepare
    from optimise.inputs import Scenario
    from optimise.model import build_model
    from optimise.solve import solve_objective, solve_stages
    from optimise.synthetic import division

    units, roles, years, forces = SIZES[size]
    inputs = division(
        units, roles, years, forces, whole_posts=whole, seed=1, rules=rules, people=people
    )
    what = "whole posts 1%" if whole else "planner"
    times: dict = {"what": what + (PEOPLE if people else ""), "size": size}
    started = time.perf_counter()
    data = prepare(inputs, Scenario())
    times["prepare"] = time.perf_counter() - started

    started = time.perf_counter()
    today = build_model(data, integer=False, today=True)
    baseline = solve_objective(today, today.harm(), "HiGHS", time_limit, 0.0)
    times["baseline"] = time.perf_counter() - started

    started = time.perf_counter()
    model = build_model(data, integer=whole)
    times["build"] = time.perf_counter() - started
    times["columns"], times["rows"] = model.prob.numVariables(), model.prob.numConstraints()
    run = solve_stages(model, "HiGHS", time_limit, WHOLE_GAP if whole else 0.0)
    for n, seconds in enumerate(run.stage_seconds, 1):
        times[f"stage {n}"] = seconds
    statuses = [baseline.status, run.outcome.status]
    started = time.perf_counter()
    x = extract.posts(model)
    extract.plan_table(data, x)
    extract.coverage_table(data, extract.unmet(model))
    times["extract"] = time.perf_counter() - started
    times["status"] = "/".join(statuses) if len(set(statuses)) > 1 else statuses[0]
    if whole:
        times["status"] = _proven(run)
    times["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times["compat"] = "PuLP 4" if compat.PULP_4 else "PuLP 3"
    return times


def _proven(run: StageRun) -> str:
    """A whole-post run's status as the result says it, and each stage's proven gap."""
    status = "time limit" if run.hit_time_limit or len(run.values) < 3 else "optimal"
    return f"{status}, proven gaps " + " / ".join(f"{g:.1%}" for g in run.gaps)


def write_figures(size: str, time_limit: float, rules: bool = True) -> dict:
    """`WRITTEN_SCENARIOS` results of this size written into a copy of Planner.xlsm (runs in the child).

    Each result is the best use of today's posts (the baseline LP, solved
    here), so the tables have the size's real shape: at the national size
    their Plans rows pass Excel's 1,048,576-row limit, which is the point.
    Timed: building the report and writing the file. Then the copy is read
    back as a user's next run would read it.
    """
    from optimise import PlanResult, Scenario, extract
    from optimise.data import prepare
    from optimise.model import build_model
    from optimise.result import OPTIMAL
    from optimise.solve import solve_objective
    from optimise.synthetic import division
    from planner.adapters.file.file_reader import FileWorkbook
    from planner.adapters.file.file_writer import write_report_to_file
    from planner.report.output_page import EXCEL_MAX_ROWS
    from planner.report.workbook_report import build_report

    units, roles, years, forces = SIZES[size]
    inputs = division(units, roles, years, forces, whole_posts=False, seed=1, rules=rules)
    data = prepare(inputs, Scenario())
    today = build_model(data, integer=False, today=True)
    solve_objective(today, today.harm(), "HiGHS", time_limit, 0.0)
    plan = extract.plan_table(data, today.x)
    coverage = extract.coverage_table(data, extract.unmet(today))
    scenarios = [Scenario(f"Today's posts {n + 1}") for n in range(WRITTEN_SCENARIOS)]
    results = [
        PlanResult(s.name, OPTIMAL, plan=plan, coverage=coverage, years=data.years)
        for s in scenarios
    ]
    previous = FileWorkbook(WORKBOOK).read_tables()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "Planner.xlsm"
        started = time.perf_counter()
        report = build_report(
            results, inputs, scenarios, previous, run_at=_now(), user="bench", inputs_hash="-"
        )
        write_report_to_file(WORKBOOK, report, out=out)
        seconds = time.perf_counter() - started
        size_mb = out.stat().st_size / 1e6
        read_back = len(FileWorkbook(out).read_tables()["Plans"].rows)
        note = _plans_note(out)
    rows = len(report.plans)
    return {
        "what": "write",
        "size": size,
        "total": seconds,
        "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "status": (
            f"{WRITTEN_SCENARIOS} results, {rows:,} plan rows: {read_back:,} written and read back, "
            f"{rows - read_back:,} left out (Excel's limit {EXCEL_MAX_ROWS:,}); "
            f"{size_mb:.0f} MB file; the sheet says: {note or 'nothing left out'}"
        ),
    }


def _plans_note(path: Path) -> str:
    """The note above the Plans table, where the writer says what it left out."""
    import python_calamine

    from planner.report.output_page import OUTPUT_TOP

    grid = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Plans")
    text = str(grid.to_python(nrows=OUTPUT_TOP)[OUTPUT_TOP - 1][0] or "")
    return text if "not shown" in text else ""


def _now():
    from datetime import datetime

    return datetime.now().replace(microsecond=0)


def floor_figures(size: str, time_limit: float, rules: bool = True, people: bool = False) -> dict:
    """The stage-1 LP solved by highspy from a prebuilt sparse matrix (runs in the child).

    The matrix is made untimed, from Planner's own model (so it is the same
    LP); only handing it to HiGHS and solving it is timed.
    """
    import highspy
    import numpy as np

    from optimise.data import prepare
    from optimise.highs import OPTIONS, HighsModel, algorithm
    from optimise.inputs import Scenario
    from optimise.model import build_model
    from optimise.synthetic import division

    units, roles, years, forces = SIZES[size]
    data = prepare(
        division(
            units, roles, years, forces, whole_posts=False, seed=1, rules=rules, people=people
        ),
        Scenario(),
    )
    model = build_model(data, integer=False)
    # Planner's own hand-off builds the matrix; the floor takes it from HiGHS
    # as a plain HighsLp (column-wise arrays) and starts a new HiGHS with it.
    held = HighsModel(model.prob, mip=False)
    held.highs.changeColsCost(
        len(held.columns), np.arange(len(held.columns)), held.vector(model.harm())
    )
    lp = held.highs.getLp()
    del model, held
    solver = highspy.Highs()
    choice = algorithm(lp.num_col_, mip=False)
    for key, value in {**OPTIONS, "time_limit": time_limit, "solver": choice}.items():
        solver.setOptionValue(key, value)
    started = time.perf_counter()
    solver.passModel(lp)
    solver.run()
    seconds = time.perf_counter() - started
    status = solver.getModelStatus()
    return {
        "what": "floor" + (PEOPLE if people else ""),
        "size": size,
        "stage 1": seconds,
        "status": "optimal" if status == highspy.HighsModelStatus.kOptimal else str(status),
        "objective": solver.getInfo().objective_function_value,
        "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(what: str, size: str, args: argparse.Namespace) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        what,
        size,
        "--time-limit",
        str(args.time_limit),
    ]
    if args.without_new_rules:
        command.append("--without-new-rules")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return {"what": what, "size": size, "note": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_table(rows: list[dict]) -> None:
    stages = ["prepare", "baseline", "build", "stage 1", "stage 2", "stage 3", "extract", "total"]
    print(
        f"\n{'size':<9}{'what':<17}"
        + "".join(f"{s:>9}" for s in stages)
        + f"{'peak MB':>9}  status"
    )
    for row in rows:
        if "total" not in row:
            row["total"] = sum(row.get(s, 0.0) for s in stages[:-1])
        cells = "".join(f"{row[s]:>9.2f}" if s in row else f"{'':>9}" for s in stages)
        peak = f"{row['peak MB']:>9.0f}" if "peak MB" in row else f"{'':>9}"
        shape = f" ({row['columns']:,} columns, {row['rows']:,} rows)" if "columns" in row else ""
        status = row.get("status", "") + shape + (f" {row['note']}" if row.get("note") else "")
        print(f"{row['size']:<9}{row['what']:<17}{cells}{peak}  {status}")


def _machine() -> str:
    import os
    from importlib import metadata

    import pulp

    version = metadata.version("highspy")
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, PuLP {pulp.__version__}, "
        f"highspy {version}"
    )


if __name__ == "__main__":
    main()
