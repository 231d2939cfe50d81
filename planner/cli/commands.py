"""The `planner` command: optimise, validate or build a workbook without Excel; serve it.

Exit status (docs/workbook.md): 0 when every scenario is Optimal, 1 when any is
not, 2 on invalid input or an unreadable file. Problems go to stderr, each
with its cell; progress goes to stderr; the summary goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from optimise.result import PlanResult
from planner.cli.options import (
    Stop,
    engine_of,
    print_problems,
    say_progress,
    wait_option,
    workbook_command,
    workbook_run,
)
from planner.cli.study_commands import add_study_commands

DEFAULT_WORKBOOK = Path("workbook/Planner.xlsm")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.command(args)
    except KeyboardInterrupt:
        print("Stopped: nothing was written.", file=sys.stderr)
        return 130


def optimise(args: argparse.Namespace) -> int:
    from planner.adapters.file.adapter import WorkbookFile
    from planner.run.planning import run_workbook

    say = say_progress
    try:
        with workbook_run(args, "optimised"):
            workbook = WorkbookFile(args.path, args.out)
            outcome = run_workbook(
                workbook,
                workbook,
                only=args.scenario or None,
                solver=args.solver,
                progress=say,
                engine=engine_of(args),
                named_in="--scenario",
            )
    except Stop:
        return 2
    if outcome.problems:
        print_problems(args.path, outcome.problems, "nothing was optimised or written")
        return 2
    _print_results(outcome.results)
    print(f"\nResults written to {workbook.written}.")
    if workbook.note:
        print(workbook.note)
    return outcome.exit_code


def validate(args: argparse.Namespace) -> int:
    from planner.adapters.file.file_reader import FileWorkbook
    from planner.adapters.package.refusals import WorkbookFileError
    from planner.run.planning import review

    try:
        outcome = review(FileWorkbook(args.path, allow_open=True))
    except WorkbookFileError as error:
        print(f"{args.path}: {error}", file=sys.stderr)
        return 2
    if outcome.problems:
        them = "them" if len(outcome.problems) != 1 else "it"
        print_problems(args.path, outcome.problems, f"fix {them}, then validate again")
        _print_warnings(args.path, outcome.warnings)
        return 2
    _print_warnings(args.path, outcome.warnings)
    print(f"{args.path}: no problems found; the inputs are ready to optimise.")
    return 0


def build(args: argparse.Namespace) -> int:
    from planner.adapters.package.lock import one_run_at_a_time
    from planner.adapters.package.refusals import WorkbookFileError, check_not_open
    from planner.adapters.package.safety import make_backup
    from planner.template.build import build_workbook

    out = Path(args.out or DEFAULT_WORKBOOK).resolve()
    try:
        with one_run_at_a_time([out], args.wait, say_progress):
            check_not_open(out)
            kept = make_backup(out)  # a rebuilt template must not cost anyone their results
            written = build_workbook(out)
    except (ValueError, WorkbookFileError) as error:
        print(f"{out}: {error}", file=sys.stderr)
        return 2
    print(f"Built {written}, with {written.with_suffix('.py').name} beside it for its buttons.")
    if args.out is None:
        print(
            f"(No --out was given, so it went to {DEFAULT_WORKBOOK} under the current folder, "
            f"{Path.cwd()}; use --out PATH to choose.)"
        )
    if kept:
        print(f"The previous file is kept as {kept}.")
    return 0


def serve(args: argparse.Namespace) -> int:
    from planner.server.launch import serve as run_server

    return run_server(host=args.host, port=args.port)


def smoke_test(args: argparse.Namespace) -> int:
    import os

    from planner.server.smoke import smoke_test as run_smoke_test
    from planner.server.smoke import write_sample

    if args.write_sample:
        command = write_sample(Path(args.write_sample))
        print(f"Wrote {Path(args.write_sample).resolve()}. Send it with:\n  {command}")
        if not args.url:
            return 0
    if not args.url:
        print("planner smoke-test: give the server's URL, or --write-sample FILE", file=sys.stderr)
        return 2
    token = args.token or os.environ.get("PLANNER_SERVER_TOKEN", "")
    if not token:
        print(
            "planner smoke-test: give the server's token with --token, or set PLANNER_SERVER_TOKEN",
            file=sys.stderr,
        )
        return 2
    return run_smoke_test(args.url, token, optimise=args.optimise)


def _print_warnings(path: str, warnings: list) -> None:
    """Legal but odd inputs: the run goes ahead, and the user is told where to look."""
    if not warnings:
        return
    count = len(warnings)
    print(f"{path}: {count} warning{'s' * (count != 1)} (the plan still runs):", file=sys.stderr)
    for warning in warnings:
        print(f"  {warning}", file=sys.stderr)


def _print_results(results: list[PlanResult]) -> None:
    moves = ("Transfers", "Recruitment", "Attrition")
    print(
        f"{'Scenario':<40} {'Status':<11} {'Unmet harm':>22} {'Harm':>12} {'Post changes':>12}"
        + "".join(f" {m:>11}" for m in moves)
    )
    for r in results:
        harm = (
            "" if r.unmet_harm is None else f"{r.baseline_unmet_harm:,.0f} -> {r.unmet_harm:,.0f}"
        )
        changes = "" if r.post_changes is None else f"{r.post_changes:,.0f}"
        moved = "".join(f" {_posts(v):>11}" for v in (r.transfers, r.recruitment, r.attrition))
        print(
            f"{r.scenario[:40]:<40} {r.status:<11} {harm:>22} "
            f"{harm_change(r.harm_reduction_pct):>12} {changes:>12}{moved}"
        )
        if r.message:
            print(f"    {r.message}")


def harm_change(reduction: float | None) -> str:
    """A harm reduction in words: "49.7% less", or "8.3% more" when harm rises."""
    if reduction is None:
        return ""
    if round(reduction, 3) == 0:
        return "no change"
    return f"{abs(reduction):.1%} {'less' if reduction > 0 else 'more'}"


def _posts(value: float | None) -> str:
    """Posts as a reader counts them: whole, or FTE to one decimal (as the messages say them)."""
    from optimise.words import number

    return "" if value is None else number(value)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Move specialist posts to where the harm is: optimise a Planner workbook.",
        epilog="Run `planner COMMAND --help` for a command's options and their defaults.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    shown = argparse.ArgumentDefaultsHelpFormatter

    run = workbook_command(
        commands,
        "optimise",
        optimise,
        help="optimise the scenarios and write the results",
        description="Check the inputs, optimise every scenario with Run = Yes (or those "
        "named) and write the results into the workbook. Exit 0 when every scenario is "
        "Optimal, 1 when any is not, 2 on an input problem.",
        out_help="write the results into a copy here, leaving PATH as it is; "
        "default: into PATH itself",
    )
    run.add_argument(
        "--solver",
        type=str.casefold,
        choices=["highs", "cbc"],
        metavar="{HiGHS,CBC}",
        help="override the Solver setting (capitals do not matter); "
        "default: the workbook's Solver setting",
    )

    check = commands.add_parser(
        "validate",
        help="check the inputs; change nothing",
        description="Check every input and list each problem at its cell, then any "
        "warnings. Nothing is written. Exit 0 when the inputs are ready, 2 otherwise.",
    )
    check.add_argument("path", help="the workbook, e.g. workbook/Planner.xlsm")
    check.set_defaults(command=validate)

    make = commands.add_parser(
        "build",
        help="write the template workbook with the default data",
        description="Write the template workbook, default data included, and the Python "
        "file its buttons import beside it. A file it replaces is kept in a backups folder.",
    )
    make.add_argument(
        "--out",
        metavar="PATH",
        help="where to write it (relative to the current folder); the name must end in .xlsm "
        f"and be one Python can import; default: {DEFAULT_WORKBOOK} under the current folder",
    )
    wait_option(make)
    make.set_defaults(command=build)

    host = commands.add_parser(
        "serve",
        help="run the xlwings Server route for Excel",
        description="Serve Planner's buttons over HTTP for xlwings Server clients (see "
        "docs/excel.md). Needs the server extra (pip install '.[server]' from the source "
        "folder), "
        "PLANNER_SERVER_TOKEN and XLWINGS_LICENSE_KEY. It speaks plain HTTP: put a reverse "
        "proxy with HTTPS in front.",
        formatter_class=shown,
    )
    host.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on; 127.0.0.1 serves this machine only (behind a proxy)",
    )
    host.add_argument("--port", type=int, default=8000, help="the port to listen on")
    host.set_defaults(command=serve)

    smoke = commands.add_parser(
        "smoke-test",
        help="send a sample request to a Planner server and check the answer",
        description="Send the default workbook to a running Planner server as Excel would, "
        "press Check inputs (and with --optimise, Optimise all scenarios), and say what came "
        "back, or which setting to change (token, size limit, proxy time-out). Exit 0 when "
        "the server answers as Excel expects.",
        formatter_class=shown,
    )
    smoke.add_argument("url", nargs="?", help="the server's address, e.g. https://planner.example")
    smoke.add_argument(
        "--token", help="the server's token; default: the PLANNER_SERVER_TOKEN environment variable"
    )
    smoke.add_argument(
        "--optimise", action="store_true", help="also optimise every scenario (a longer request)"
    )
    smoke.add_argument(
        "--write-sample",
        metavar="FILE",
        help="write the sample request (JSON) to FILE, with the curl command that sends it",
    )
    smoke.set_defaults(command=smoke_test)

    add_study_commands(commands)  # planner frontier, planner risk, ...
    return parser
