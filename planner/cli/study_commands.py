"""`planner frontier` and `planner risk`: the study commands, on the plumbing of planner.studies.plumbing.

Exit status as `optimise`'s: 0 when every piece was worked out (an infeasible
frontier point is an answer: no plan fits that budget), 1 when any stopped at
the time limit (for risk: any scenario had no plan to test), 2 on an input
problem or an unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from planner.studies.plumbing import Study, StudyOutcome


def add_commands(commands: argparse._SubParsersAction) -> None:
    """The study commands, beside `optimise` (planner.cli.commands calls this)."""
    from planner.cli.commands import workbook_command

    out_help = "write into a copy here, leaving PATH as it is; default: into PATH itself"
    workbook_command(
        commands,
        "frontier",
        frontier,
        help="plan each scenario at a row of budgets: the budget frontier",
        description="Plan each scenario with Run = Yes (or those named) at Settings' Frontier "
        "points budgets, from Frontier from % to Frontier to % around its own, and write the "
        "Frontier sheet (a row per budget, a chart of unmet harm against final-year budget) "
        "and the Run log. Nothing else in the workbook changes. Exit 0 when every budget was "
        "planned (or shown to have no plan), 1 when any stopped at the time limit, 2 on an "
        "input problem.",
        out_help=out_help,
    )
    workbook_command(
        commands,
        "risk",
        risk,
        help="test each scenario's plan against many futures of demand",
        description="Plan each scenario with Run = Yes (or those named), then hold its posts "
        "as planned and re-plan the hours in Settings' Samples futures of demand (each "
        "stream's growth drawn between Demand's Growth low % and Growth high %, from Random "
        "seed), and write the Risk sheet (a row per scenario: unmet harm P10, P50, P90 and "
        "mean, the chance a floor is missed, with a chart) and the Run log. Nothing else in "
        "the workbook changes. Exit 0 when every scenario had a plan to test, 1 when any had "
        "none (infeasible, or stopped at the time limit), 2 on an input problem.",
        out_help=out_help,
    )


def frontier(args: argparse.Namespace) -> int:
    from planner.studies.frontier import FRONTIER

    return _study_command(FRONTIER, args, _print_frontier)


def risk(args: argparse.Namespace) -> int:
    from planner.studies.risk import RISK

    return _study_command(RISK, args, _print_risk)


def _study_command(
    study: Study, args: argparse.Namespace, print_rows: Callable[[StudyOutcome], None]
) -> int:
    """Run the study, print its rows and say where they went; the exit status."""
    outcome, written = run_command(study, args)
    if outcome is None or outcome.rows is None:
        return 2
    print_rows(outcome)
    print(f"\n{study.table.sheet} written to {written}.")
    return outcome.exit_code


def run_command(study: Study, args: argparse.Namespace) -> tuple[StudyOutcome | None, Path | None]:
    """Lock, read, check, compute and write, as `planner optimise` does; problems to stderr."""
    from planner.adapters.file.file_reader import WorkbookFileError
    from planner.adapters.file.study_file import StudyFile
    from planner.adapters.package.lock import one_run_at_a_time
    from planner.cli import commands as cli
    from planner.studies.plumbing import run_study

    try:
        with one_run_at_a_time(cli.written_by(args), args.wait, cli.say_progress):
            workbook = StudyFile(args.path, args.out)
            outcome = run_study(
                study,
                workbook,
                workbook,
                only=args.scenario or None,
                named_in="--scenario",
                engine=cli.engine_of(args),
                progress=cli.say_progress,
            )
    except WorkbookFileError as error:
        print(f"{args.path}: {error}", file=sys.stderr)
        return None, None
    if outcome.problems:
        cli.print_problems(args.path, outcome.problems, "nothing was computed or written")
        return outcome, None
    if workbook.note:
        print(workbook.note)
    return outcome, workbook.written


def _print_frontier(outcome: StudyOutcome) -> None:
    rows = outcome.rows.rows if outcome.rows else []
    print(
        f"{'Scenario':<40} {'Budget change':>13} {'Final-year budget':>18} {'Status':<11} "
        f"{'Unmet harm':>12} {'Per £1m':>9}"
    )
    for r in rows:
        budget = r["Final-year budget"]
        harm, per = r["Unmet harm"], r["Harm reduction per £1m"]
        print(
            f"{str(r['Scenario'])[:40]:<40} {r['Budget change %']:>+13.1%} "
            f"{'' if budget is None else f'£{budget / 1e6:,.2f}m':>18} {r['Status']:<11} "
            f"{'' if harm is None else f'{harm:,.0f}':>12} {'' if per is None else f'{per:,.0f}':>9}"
        )


def _print_risk(outcome: StudyOutcome) -> None:
    rows = outcome.rows.rows if outcome.rows else []
    print(
        f"{'Scenario':<40} {'Futures':>8} {'P10':>10} {'P50':>10} {'P90':>10} "
        f"{'Floor missed':>12}  Stream most often below its floor"
    )
    for r in rows:
        if not r["Samples"]:
            print(f"{str(r['Scenario'])[:40]:<40} {'no plan to test':>8}")
            continue
        p10, p50, p90 = (f"{r[f'Unmet harm P{n}']:,.0f}" for n in (10, 50, 90))
        missed = f"{r['Chance a floor is missed %']:.1%}"
        print(
            f"{str(r['Scenario'])[:40]:<40} {r['Samples']:>8} {p10:>10} {p50:>10} {p90:>10} "
            f"{missed:>12}  {r['Stream most often below its floor'] or ''}"
        )
