"""The `planner` command: optimise, validate or build a workbook without Excel.

Exit status (WORKBOOK.md): 0 when every scenario is Optimal, 1 when any is
not, 2 on invalid input or an unreadable file. Problems go to stderr, each
with its cell; progress goes to stderr; the summary goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from optimise.result import PlanResult

DEFAULT_WORKBOOK = Path("workbook/Planner.xlsm")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.command(args)
    except KeyboardInterrupt:
        print("Stopped: nothing was written.", file=sys.stderr)
        return 130


def optimise(args: argparse.Namespace) -> int:
    from planner.run import run_workbook
    from planner.xlsx.adapter import WorkbookFile
    from planner.xlsx.lock import one_run_at_a_time
    from planner.xlsx.read import WorkbookFileError

    say = _progress
    try:
        with one_run_at_a_time(_written_by(args), args.wait, say):
            workbook = WorkbookFile(args.path, args.out)
            outcome = run_workbook(
                workbook,
                workbook,
                only=args.scenario or None,
                solver=args.solver,
                progress=say,
                parallel=True,
            )
    except WorkbookFileError as error:
        print(f"{args.path}: {error}", file=sys.stderr)
        return 2
    if outcome.problems:
        _print_problems(args.path, outcome.problems)
        return 2
    _print_results(outcome.results)
    print(f"\nResults written to {workbook.written}.")
    if workbook.note:
        print(workbook.note)
    return outcome.exit_code


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _written_by(args: argparse.Namespace) -> list[Path]:
    """The workbooks a run reads and writes: locked for the whole run (planner.xlsx.lock)."""
    return [Path(args.path)] + ([Path(args.out)] if args.out else [])


def validate(args: argparse.Namespace) -> int:
    from planner.run import review
    from planner.xlsx.read import FileWorkbook, WorkbookFileError

    try:
        outcome = review(FileWorkbook(args.path, allow_open=True))
    except WorkbookFileError as error:
        print(f"{args.path}: {error}", file=sys.stderr)
        return 2
    if outcome.problems:
        _print_problems(args.path, outcome.problems)
        return 2
    _print_warnings(args.path, outcome.warnings)
    print(f"{args.path}: no problems found; the inputs are ready to optimise.")
    return 0


def build(args: argparse.Namespace) -> int:
    from planner.build import build_workbook
    from planner.xlsx.lock import one_run_at_a_time
    from planner.xlsx.read import WorkbookFileError, check_not_open
    from planner.xlsx.safety import make_backup

    out = Path(args.out)
    try:
        with one_run_at_a_time([out], args.wait, _progress):
            check_not_open(out)
            kept = make_backup(out)  # a rebuilt template must not cost anyone their results
            written = build_workbook(out)
    except (ValueError, WorkbookFileError) as error:
        print(f"{out}: {error}", file=sys.stderr)
        return 2
    print(f"Built {written}." + (f" The previous file is kept as {kept}." if kept else ""))
    return 0


def serve(args: argparse.Namespace) -> int:
    from planner.server.app import serve as run_server

    run_server(host=args.host, port=args.port)
    return 0


def _print_problems(path: str, problems: list) -> None:
    count = len(problems)
    print(
        f"{path}: {count} input problem{'s' * (count != 1)}; nothing was written:", file=sys.stderr
    )
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def _print_warnings(path: str, warnings: list) -> None:
    """Legal but odd inputs: the run goes ahead, and the user is told where to look."""
    if not warnings:
        return
    count = len(warnings)
    print(f"{path}: {count} warning{'s' * (count != 1)} (the plan still runs):", file=sys.stderr)
    for warning in warnings:
        print(f"  {warning}", file=sys.stderr)


def _print_results(results: list[PlanResult]) -> None:
    print(
        f"{'Scenario':<40} {'Status':<11} {'Unmet harm':>22} {'Reduction':>9} {'Post changes':>12}"
    )
    for r in results:
        harm = (
            "" if r.unmet_harm is None else f"{r.baseline_unmet_harm:,.0f} -> {r.unmet_harm:,.0f}"
        )
        cut = "" if r.harm_reduction_pct is None else f"{r.harm_reduction_pct:.1%}"
        changes = "" if r.post_changes is None else f"{r.post_changes:,.0f}"
        print(f"{r.scenario[:40]:<40} {r.status:<11} {harm:>22} {cut:>9} {changes:>12}")
        if r.message:
            print(f"    {r.message}")


def _wait_option(command: argparse.ArgumentParser) -> None:
    from planner.xlsx.lock import WAIT_SECONDS

    command.add_argument(
        "--wait",
        type=float,
        default=WAIT_SECONDS,
        metavar="SECONDS",
        help="how long to wait for another Planner run on the same workbook "
        f"(default {WAIT_SECONDS:g})",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Move specialist posts to where the harm is: optimise a Planner workbook.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("optimise", help="optimise the scenarios and write the results")
    run.add_argument("path", help="the workbook, e.g. workbook/Planner.xlsm")
    run.add_argument(
        "--scenario", action="append", metavar="NAME", help="only this scenario (repeatable)"
    )
    run.add_argument("--out", help="write the results into a copy here, leaving PATH as it is")
    run.add_argument("--solver", choices=["highs", "cbc"], help="override the Solver setting")
    _wait_option(run)
    run.set_defaults(command=optimise)

    check = commands.add_parser("validate", help="check the inputs; change nothing")
    check.add_argument("path")
    check.set_defaults(command=validate)

    make = commands.add_parser("build", help="write the template workbook with the default data")
    make.add_argument("--out", default=str(DEFAULT_WORKBOOK))
    _wait_option(make)
    make.set_defaults(command=build)

    host = commands.add_parser("serve", help="run the xlwings Server route for Excel")
    host.add_argument("--host", default="127.0.0.1")
    host.add_argument("--port", type=int, default=8000)
    host.set_defaults(command=serve)
    return parser


if __name__ == "__main__":
    sys.exit(main())
