"""What every `planner` command that works on a workbook shares: its options, progress and
problems on stderr, and one way to stop with exit 2 when the workbook or the cluster fails.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.adapters.package.lock import WAIT_SECONDS
from planner.adapters.package.refusals import WorkbookFileError
from planner.run.engine import Engine, EngineError


class Stop(Exception):
    """A command's run ended before any work: said on stderr already; exit 2."""


#: The collector's thresholds for a run: its youngest generation is looked at every 5,000
#: new objects rather than 700, and each older one after 50 of the one before rather than 10.
#: A model is tens of thousands of PuLP objects that all live until its plan is read,
#: so most collections found nothing to free: in an FTE run of the default workbook
#: the collector's time fell from about 0.19 s to 0.10 s (docs/performance.md).
RUN_THRESHOLDS = (5_000, 50, 50)


@contextmanager
def imports_done() -> Iterator[None]:
    """Entered by a command once it has imported what it runs: every object made so far
    (the modules, their tables and classes) outlives the block.

    So the garbage collector leaves them be for the block (`gc.freeze`): its full
    collections, two in an FTE run of the default workbook, otherwise walk every one of
    them again, for nothing. What the run makes is collected less often
    (RUN_THRESHOLDS), and on leaving (a test calling `main` in its own process) the
    objects are the collector's again, at its usual thresholds.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*RUN_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def say_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def written_by(args: argparse.Namespace) -> list[Path]:
    """The workbooks a run reads and writes: locked for the whole run (planner.adapters.package.lock)."""
    return [Path(args.path)] + ([Path(args.out)] if args.out else [])


@contextmanager
def stopping_in_words(path: str, doing: str) -> Iterator[None]:
    """An unreadable workbook or an unusable cluster: one line on stderr, then Stop.

    Every command that reads a workbook and spreads work (optimise, each study)
    runs inside this, so a wrong --scheduler says the same words, with exit 2,
    whichever command was given.
    """
    try:
        yield
    except WorkbookFileError as error:
        print(f"{path}: {error}", file=sys.stderr)
        raise Stop from error
    except EngineError as error:
        print(f"planner: {error}\n(Nothing was {doing} or written.)", file=sys.stderr)
        raise Stop from error


@contextmanager
def workbook_run(args: argparse.Namespace, doing: str) -> Iterator[None]:
    """What every command that reads a workbook, works and writes runs inside (optimise,
    each study): the imports done, its workbooks locked for the run, and an unreadable
    workbook or unusable cluster said in one line (`stopping_in_words`)."""
    from planner.adapters.package.lock import one_run_at_a_time

    with (
        imports_done(),
        stopping_in_words(args.path, doing),
        one_run_at_a_time(written_by(args), args.wait, say_progress),
    ):
        yield


def print_problems(path: str, problems: list, then: str) -> None:
    """Problems with the command's own options first, then those in the workbook's cells."""
    options = [p for p in problems if p.address.startswith("--")]
    cells = [p for p in problems if not p.address.startswith("--")]
    for problem in options:
        print(f"planner: {problem}", file=sys.stderr)
    if cells:
        count = len(cells)
        print(f"{path}: {count} input problem{'s' * (count != 1)}:", file=sys.stderr)
        for problem in cells:
            print(f"  {problem}", file=sys.stderr)
    print(f"({then.capitalize()}.)", file=sys.stderr)


def workbook_command(
    commands: argparse._SubParsersAction,
    name: str,
    handler: Callable[[argparse.Namespace], int],
    *,
    help: str,
    description: str,
    out_help: str,
) -> argparse.ArgumentParser:
    """A command that reads a workbook's scenarios, works on them and writes the answer
    back (optimise, each study): the workbook, --scenario, --out, where the work runs
    and --wait, declared once. The caller adds the command's own options."""
    command = commands.add_parser(name, help=help, description=description)
    command.add_argument("path", help="the workbook, e.g. workbook/Planner.xlsm")
    command.add_argument(
        "--scenario",
        action="append",
        metavar="NAME",
        help="only this scenario, whatever its Run column says (repeatable); "
        "default: those with Run = Yes",
    )
    command.add_argument("--out", help=out_help)
    engine_options(command)
    wait_option(command)
    command.set_defaults(command=handler)
    return command


def engine_options(command: argparse.ArgumentParser) -> None:
    """--scheduler and --workers: where the work runs (planner.run.engine); every command that
    spreads work takes them."""
    where = command.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (its workers must "
        "run this version of Planner); default: this computer",
    )
    where.add_argument(
        "--workers",
        type=_at_least_one,
        metavar="N",
        help="start N worker processes on this computer; 1 runs everything in this "
        "process, one at a time; default: Planner chooses (docs/sweeps.md)",
    )


def engine_of(args: argparse.Namespace) -> Engine:
    """The planner.run.engine.Engine that --scheduler and --workers ask for."""
    return Engine(scheduler=args.scheduler, workers=args.workers)


def _at_least_one(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of workers, 1 or more, not {text}")
    return number


def wait_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--wait",
        type=float,
        default=WAIT_SECONDS,
        metavar="SECONDS",
        help="how long to wait for another Planner run on the same workbook "
        f"(default {WAIT_SECONDS:g})",
    )
