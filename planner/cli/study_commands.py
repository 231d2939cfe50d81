"""The study commands (`planner frontier`, `planner risk`, ...): one per study in
planner.studies.registry, on the plumbing of planner.studies.plumbing.

Exit status as `optimise`'s: 0 when every piece was worked out (an infeasible
frontier point is an answer: no plan fits that budget), 1 when any stopped at
the time limit (for risk: any scenario had no plan to test), 2 on an input
problem, an unreadable file or an unusable cluster.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.options import (
    Stop,
    engine_of,
    print_problems,
    say_progress,
    workbook_command,
    workbook_run,
)
from planner.studies.commands import COMMANDS

if TYPE_CHECKING:
    from planner.studies.plumbing import Study, StudyOutcome

OUT_HELP = "write into a copy here, leaving PATH as it is; default: into PATH itself"


def add_study_commands(commands: argparse._SubParsersAction) -> None:
    """One command per study, beside `optimise` (planner.cli.commands calls this).

    From the studies' command words alone: the studies themselves load when one runs.
    """
    for command in COMMANDS:
        workbook_command(
            commands,
            command.name,
            partial(study_command, command.name),
            help=command.help,
            description=command.description,
            out_help=OUT_HELP,
        )


def study_command(name: str, args: argparse.Namespace) -> int:
    """Run the study `planner NAME` names, print its rows and say where they went; the
    exit status."""
    # Imported here, not above: the studies and the model's study code under them
    # (about 30 ms of imports) are for their own commands, not for `planner optimise`.
    from planner.studies.registry import study_of_command

    study = study_of_command(name)
    outcome, written = run_command(study, args)
    if outcome is None or outcome.rows is None:
        return 2
    PRINTERS.get(study.command, _print_summary)(outcome)
    print(f"\n{study.table.sheet} written to {written}.")
    return outcome.exit_code


def run_command(study: Study, args: argparse.Namespace) -> tuple[StudyOutcome | None, Path | None]:
    """Lock, read, check, compute and write, as `planner optimise` does; problems to stderr."""
    from planner.adapters.file.study_file import StudyFile
    from planner.studies.plumbing import run_study

    try:
        with workbook_run(args, "computed"):
            workbook = StudyFile(args.path, args.out)
            outcome = run_study(
                study,
                workbook,
                workbook,
                only=args.scenario or None,
                named_in="--scenario",
                engine=engine_of(args),
                progress=say_progress,
            )
    except Stop:
        return None, None
    if outcome.problems:
        print_problems(args.path, outcome.problems, "nothing was computed or written")
        return outcome, None
    if workbook.note:
        print(workbook.note)
    return outcome, workbook.written


def _print_summary(outcome: StudyOutcome) -> None:
    print(f"Done: {outcome.rows.summary}.")


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


def _print_sensitivity(outcome: StudyOutcome, most: int = 10) -> None:
    """Each scenario's first rows (the tornado's top); the sheet has them all."""
    rows = outcome.rows.rows if outcome.rows else []
    print(
        f"{'Scenario':<28} {'Assumption':<48} {'Change':>7} {'Unmet harm':>11} "
        f"{'Posts moved':>11} {'Saves':>9}  Unit that changes most"
    )
    shown: dict[str, int] = {}
    for r in rows:
        name = str(r["Scenario"])
        shown[name] = shown.get(name, 0) + 1
        if shown[name] > most:
            continue
        if r["Status"] != "Optimal":
            what = r["Unit that changes most"] or "no plan"
            change = r["Change %"]
            print(
                f"{name[:28]:<28} {str(r['Assumption'] or '')[:48]:<48} "
                f"{'' if change is None else f'{change:+.0%}':>7} {r['Status'] or '':>11}  {what}"
            )
            continue
        harm, moved, saves = (
            r["Unmet harm"],
            r["Posts placed differently"],
            r["Harm re-planning saves"],
        )
        unit, its = r["Unit that changes most"] or "", r["Its change"]
        print(
            f"{name[:28]:<28} {str(r['Assumption'])[:48]:<48} {r['Change %']:>+7.0%} "
            f"{harm:>11,.0f} {moved:>11,.1f} {saves:>9,.0f}  "
            f"{unit}{'' if its is None else f' ({its:+,.0f})'}"
        )
    hidden = sum(max(0, n - most) for n in shown.values())
    if hidden:
        print(f"... and {hidden} more rows on the Sensitivity sheet.")


def _print_disruption(outcome: StudyOutcome) -> None:
    rows = outcome.rows.rows if outcome.rows else []
    print(
        f"{'Scenario':<40} {'Changes a year':>14} {'Status':<11} {'Unmet harm':>12} "
        f"{'Benefit':>8} {'Post changes':>13}"
    )
    for r in rows:
        cap, harm = r["Max post changes per year"], r["Unmet harm"]
        share, moved = r["Share of the benefit %"], r["Post changes"]
        print(
            f"{str(r['Scenario'])[:40]:<40} {'' if cap is None else f'{cap:,.1f}':>14} "
            f"{r['Status'] or '':<11} {'' if harm is None else f'{harm:,.0f}':>12} "
            f"{'' if share is None else f'{share:.0%}':>8} "
            f"{'' if moved is None else f'{moved:,.1f}':>13}"
        )


#: How each study's rows are printed on the command line (others: their summary).
PRINTERS: dict[str, Callable[[StudyOutcome], None]] = {
    "frontier": _print_frontier,
    "risk": _print_risk,
    "sensitivity": _print_sensitivity,
    "disruption": _print_disruption,
}
