"""Where Planner's work runs: the one place scenarios, frontier points and samples are spread.

Every command hands its independent pieces of work (a scenario to plan, a
frontier point, a batch of demand futures) to `run_tasks`, which runs them

- here, one at a time: with `Engine(workers=1)`, or for a single piece;
- here, a thread per core: work the caller calls `small` (HiGHS lets go of
  Python while it solves, so threads overlap one solve with the next model's
  building, and nothing has to start);
- on a local Dask cluster of worker processes (`Engine(workers=N)`, or the
  automatic choice for work that is not small): each process builds and
  solves its own models, truly side by side, but the cluster costs a few
  seconds to start, so it is only worth it for work that takes longer;
- on an existing Dask cluster (`Engine(scheduler="tcp://host:8786")`), whose
  workers must run the same Planner version as this computer (checked first).

Whichever way, the results come back in the order of the items, and the
figures are the same. Progress is reported from the calling thread only (the
Excel status bar needs that). Ctrl+C stops the work under way and starts no
more; the command then writes nothing.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from optimise import stopping

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[str], None]

#: How long to wait for an existing cluster's scheduler, and for its first worker.
CONNECT_SECONDS = 10


@dataclass(frozen=True)
class Engine:
    """Where to run: this computer (the default) or an existing Dask cluster.

    `scheduler` is the address of a running Dask scheduler, e.g.
    "tcp://10.0.0.5:8786". `workers` is how many worker processes to start on
    this computer; 1 runs everything in this process, one piece at a time.
    Neither given: Planner chooses (see `run_tasks`).
    """

    scheduler: str | None = None
    workers: int | None = None

    def __post_init__(self) -> None:
        if self.scheduler and self.workers:
            raise EngineError("give either a Dask scheduler or a number of workers, not both")
        if self.workers is not None and self.workers < 1:
            raise EngineError(f"the number of workers must be 1 or more, not {self.workers}")


class EngineError(Exception):
    """The work cannot run where it was asked to: said in the user's words."""


def run_tasks(
    engine: Engine,
    task: Callable[[T], R],
    items: Sequence[T],
    *,
    noun: str = "task",
    progress: Progress | None = None,
    small: bool = False,
    describe: Callable[[R], str] | None = None,
) -> list[R]:
    """`task(item)` for every item, wherever `engine` says: the results in the order of `items`.

    `task` must be a module-level function and the items picklable, so that a
    worker process on another machine can run them. `small` says the whole of
    the work takes seconds: then Planner's own choice never starts a cluster
    (an explicit `workers` or `scheduler` is still honoured). `noun` names one
    item in progress lines ("3 of 45 frontier points done, about 12 s left");
    `describe`, when given, says what one result was, added to its line.
    """
    items = list(items)
    if not items:
        return []
    say = progress or _quiet
    with executor_for(engine, len(items), small=small, progress=say) as executor:
        return run_on(executor, task, items, noun=noun, progress=say, describe=describe)


def run_on(
    executor: Executor | None,
    task: Callable[[T], R],
    items: Sequence[T],
    *,
    noun: str = "task",
    progress: Progress | None = None,
    describe: Callable[[R], str] | None = None,
) -> list[R]:
    """`task(item)` for every item on `executor` (None: here, in turn), in the order of `items`.

    Any concurrent.futures.Executor serves: a thread pool, or dask's
    `Client.get_executor()`. On Ctrl+C the solves under way in this process
    are asked to stop, the pieces not yet started are cancelled, and the run
    ends with optimise.stopping.Stopped.
    """
    say = progress or _quiet
    clock = _Clock(len(items), noun, say, describe)
    if executor is None:
        results = []
        for item in items:
            stopping.check()
            results.append(clock.done(task(item)))
        return results
    running: dict[Future, int] = {}
    try:
        running = {executor.submit(quietly_stopped, task, item): n for n, item in enumerate(items)}
        finished: dict[int, R] = {}
        for future in as_completed(running):
            result = future.result()
            if result is STOPPED:
                raise stopping.Stopped()
            finished[running[future]] = clock.done(result)
        return [finished[n] for n in range(len(items))]
    except KeyboardInterrupt:
        stopping.request_stop()
        raise stopping.Stopped() from None
    finally:
        for future in running:
            future.cancel()


#: What a piece of work stopped by Ctrl+C returns in place of its result.
STOPPED = "Planner: stopped"


def quietly_stopped(task: Callable[[T], R], item: T) -> R | str:
    """`task(item)`, or STOPPED when Ctrl+C stopped it.

    A worker's solve stopped by Ctrl+C ends as the cluster shuts down; raised
    there, the Stopped exception reached the user's console as a worker
    process's traceback under "Stopped: nothing was written.". The run that
    asked has stopped already and says so; its workers need say nothing.
    """
    try:
        return task(item)
    except stopping.Stopped:
        return STOPPED


@contextmanager
def executor_for(
    engine: Engine, count: int, *, small: bool = False, progress: Progress | None = None
) -> Iterator[Executor | None]:
    """The executor for `count` pieces of work on `engine`; None means here, in turn.

    A cluster started here is shut down on leaving, whatever happened.
    """
    say = progress or _quiet
    where = choose(engine, count, small=small)
    if where == "here":
        yield None
    elif where == "threads":
        with _threads(min(count, _cores())) as pool:
            yield pool
    elif where == "local":
        workers = min(engine.workers or _cores(), count)
        say(f"Starting {workers} worker processes on this computer (a few seconds)...")
        with _local_cluster(workers) as executor:
            yield executor
    else:
        with _existing_cluster(engine.scheduler or "", say) as executor:
            yield executor


def choose(engine: Engine, count: int, *, small: bool = False) -> str:
    """Where `count` pieces of work run: "here", "threads", "local" or "cluster".

    The rule (docs/sweeps.md): an existing cluster when one is named; here,
    one at a time, for one piece or `workers=1`; a local cluster when asked
    for; otherwise threads for small work and a local cluster of one process
    per core for the rest, on a computer with more than one core.
    """
    if engine.scheduler:
        return "cluster"
    if count == 1 or engine.workers == 1:
        return "here"
    if engine.workers:
        return "local"
    if _cores() == 1:
        return "here"
    return "threads" if small else "local"


def describe_engine(engine: Engine) -> str:
    """Where the work runs, for the Run log and messages."""
    if engine.scheduler:
        return f"the Dask cluster at {engine.scheduler}"
    if engine.workers == 1:
        return "this computer, one at a time"
    if engine.workers:
        return f"{engine.workers} worker processes on this computer"
    return "this computer"


# --- the places work runs -------------------------------------------------------------


@contextmanager
def _threads(count: int) -> Iterator[Executor]:
    pool = ThreadPoolExecutor(count, thread_name_prefix="Planner")
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _local_cluster(workers: int) -> Iterator[Executor]:
    """Worker processes on this computer, one thread each (HiGHS gets the core to itself)."""
    from distributed import Client

    cluster = _start_local_cluster(workers)
    try:
        client = Client(cluster)
        try:
            client.run(one_solver_thread)
            yield client.get_executor()
        except KeyboardInterrupt:  # Ctrl+C: the workers' solves stop now, not at their end
            client.run(stopping.request_stop, on_error="ignore")
            raise
        finally:
            client.close()
    finally:
        cluster.close()


def one_solver_thread() -> None:
    """Each worker's HiGHS solves on one thread: the workers share the cores.

    HiGHS's interior point solver otherwise starts a thread per core in every
    worker process, and the workers' threads then fight over the same cores.
    """
    from optimise import highs

    highs.OPTIONS["threads"] = 1


def _start_local_cluster(workers: int):
    """A LocalCluster, started in a helper thread so that Ctrl+C meanwhile is seen at once.

    A cluster interrupted half-started cannot be shut down (Dask then fails
    at exit); so on Ctrl+C the start is let finish, the cluster is shut down,
    and the run ends with Stopped.
    """
    from distributed import LocalCluster

    made: dict = {}
    ready = threading.Event()

    def start() -> None:
        try:
            with _forked_from_a_server():
                made["cluster"] = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: no clash with another cluster
                    # A piece's failure comes back to this process and is said there; the
                    # workers' own log lines (a solve stopped by Ctrl+C is an "error" to
                    # Dask) would only put tracebacks in front of the user.
                    silence_logs=logging.CRITICAL,
                )
        except BaseException as error:  # handed to the waiting thread
            made["error"] = error
        finally:
            ready.set()

    threading.Thread(target=start, name="Dask local cluster start", daemon=True).start()
    try:
        while not ready.wait(0.1):
            pass
    except KeyboardInterrupt:
        ready.wait()
        if "cluster" in made:
            made["cluster"].close()
        raise stopping.Stopped() from None
    if "error" in made:
        raise made["error"]
    return made["cluster"]


#: What a local worker process has imported before it starts: Dask and Planner's tasks.
PRELOADED = ("distributed", "planner.run.tasks", "planner.studies.frontier", "planner.studies.risk")


@contextmanager
def _forked_from_a_server() -> Iterator[None]:
    """Local workers forked from a server process that has Planner imported, where possible.

    Dask's default starts each worker as a new Python that imports Dask and
    Planner itself: two workers took 5.3 to 5.7 s to start, import and stop
    on the 2-core test machine. Forked from multiprocessing's "forkserver" (a
    clean process that imports these modules once, in about 2 s, and never
    solves anything, so no solver threads or locks are copied), they took
    2.5 to 3.0 s, and 0.3 s for a later cluster of the same process.
    Windows cannot fork: there the workers start as before.
    """
    import multiprocessing

    import dask
    from distributed.utils import get_mp_context

    if "forkserver" not in multiprocessing.get_all_start_methods():
        yield
        return
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        # Dask sets its own preload list on its first call; ours replaces it.
        get_mp_context().set_forkserver_preload(list(PRELOADED))
        yield


def _refuse_if_nothing_listens(address: str) -> None:
    """Say at once when nothing listens at a tcp:// address (a wrong port, no scheduler).

    Dask's client retries a refused connection until its time-out; a planner
    who typed the wrong port should not wait those seconds to be told.
    """
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location)
    except ValueError:
        return  # Dask's own connect says what is wrong with the address
    if scheme != "tcp":
        return
    try:
        socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
    except ConnectionRefusedError as error:
        raise EngineError(
            f"could not reach the Dask scheduler at {address} (nothing is listening there): "
            "check the address and that `dask scheduler` is running there"
        ) from error
    except OSError:
        return  # unreachable or slow: Dask's connect waits and says so


@contextmanager
def _existing_cluster(address: str, say: Progress) -> Iterator[Executor]:
    """A running Dask cluster: reachable, with workers, all running this Planner."""
    from distributed import Client

    say(f"Connecting to the Dask scheduler at {address}...")
    _refuse_if_nothing_listens(address)
    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        raise EngineError(
            f"could not reach the Dask scheduler at {address} ({error}): check the address "
            "and that `dask scheduler` is running there"
        ) from None
    try:
        workers = check_workers(client, address)
        client.run(one_solver_thread)  # the workers are one process per core (README)
        say(f"The Dask cluster at {address} has {workers} workers running Planner {version()}.")
        yield client.get_executor()
    finally:
        client.close()


def check_workers(client, address: str) -> int:
    """How many workers the cluster has; EngineError unless each runs this Planner version."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except TimeoutError:
        raise EngineError(
            f"the Dask cluster at {address} has no workers: start some with "
            f"`dask worker {address}` on computers with Planner {version()} installed"
        ) from None
    found = client.run(eval, _VERSION_PROBE, on_error="return")
    wrong = [_wrong_version(worker, said) for worker, said in sorted(found.items())]
    wrong = [w for w in wrong if w]
    if wrong:
        raise EngineError("; ".join(wrong) + f": install Planner {version()} on every worker")
    return len(found)


#: Evaluated on each worker (eval is everywhere, so nothing of Planner's has to
#: unpickle there first): the version of the Planner the worker would import.
_VERSION_PROBE = "__import__('importlib.metadata').metadata.version('planner')"


def _wrong_version(worker: str, said: object) -> str:
    if isinstance(said, BaseException):
        return f"the worker at {worker} cannot run Planner ({said})"
    if said != version():
        return f"the worker at {worker} runs Planner {said}, this computer {version()}"
    return ""


def version() -> str:
    """This computer's Planner version, as installed."""
    from importlib.metadata import version as installed

    return installed("planner")


def _cores() -> int:
    return os.cpu_count() or 1


# --- progress -------------------------------------------------------------------------


class _Clock:
    """Counts finished pieces and says how many are left, and about how long."""

    def __init__(
        self, count: int, noun: str, say: Progress, describe: Callable[[R], str] | None
    ) -> None:
        self.count, self.noun, self.say, self.describe = count, noun, say, describe
        self.started = time.monotonic()
        self.finished = 0

    def done(self, result: R) -> R:
        self.finished += 1
        what = f" ({self.describe(result)})" if self.describe else ""
        self.say(f"{progress_line(self.finished, self.count, self.noun, self._elapsed())}{what}")
        return result

    def _elapsed(self) -> float:
        return time.monotonic() - self.started


def progress_line(done: int, count: int, noun: str, elapsed: float) -> str:
    """ "3 of 45 frontier points done, about 12 s left", or "... done in 40 s" at the end."""
    things = noun if count == 1 else _plural(noun)
    head = f"{done} of {count} {things} done"
    if done >= count:
        return f"{head} in {_duration(elapsed)}"
    left = elapsed / done * (count - done)
    return f"{head}, about {_duration(left)} left"


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + "s"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _quiet(_message: str) -> None:
    pass
