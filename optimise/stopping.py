"""Stopping a run at once: Ctrl+C, or a caller that gives up, cancels the solves.

HiGHS lets go of Python while it solves, so a Ctrl+C reaches Python only when
the solve returns: up to the stage's time limit later. Here every solve runs
where it can be cancelled. On the main thread it runs in a helper thread
while the main thread waits, so Ctrl+C is seen at once; `request_stop` then
asks every running HiGHS solve to stop (highspy's `cancelSolve`, checked by
HiGHS's interrupt callbacks many times a second), and every later solve, in
any thread, refuses to start. The run then ends with `Stopped` and nothing is
written.
"""

from __future__ import annotations

import threading

import highspy


class Stopped(KeyboardInterrupt):
    """The run was stopped before it finished; nothing was written.

    A KeyboardInterrupt, so a Ctrl+C and a stop asked for in code end a run
    the same way, through the same handlers.
    """


_stop = threading.Event()
_lock = threading.Lock()
_running: set[highspy.Highs] = set()


def request_stop() -> None:
    """Stop every solve now running and refuse every later one, in every thread."""
    _stop.set()
    with _lock:
        for highs in _running:
            highs.cancelSolve()


def reset() -> None:
    """A new run starts: solves may run again."""
    _stop.clear()


def stop_requested() -> bool:
    return _stop.is_set()


def check() -> None:
    """Raise Stopped if a stop has been asked for: called between the steps of a run."""
    if _stop.is_set():
        raise Stopped()


#: Models with fewer columns than this are not interrupted inside a solve: their
#: linear programs solve in well under a second, and HiGHS's interrupt callback
#: (a call into Python at every iteration) would slow them by a third.
INTERRUPT_FROM_COLUMNS = 5_000


def run(highs: highspy.Highs, *, mip: bool = True) -> None:
    """`highs.run()`, cancellable: by Ctrl+C on the main thread, or by request_stop.

    A MIP, or a linear program of INTERRUPT_FROM_COLUMNS columns or more, is
    stopped inside the solve; a small linear program finishes its solve first.
    """
    check()
    big = mip or highs.getNumCol() >= INTERRUPT_FROM_COLUMNS
    if big and not highs.HandleUserInterrupt:  # the callbacks look at cancelSolve's flag
        highs.HandleUserInterrupt = True
    with _lock:
        _running.add(highs)
    try:
        if threading.current_thread() is threading.main_thread():
            _wait_for(highs)
        else:
            highs.run()
    finally:
        with _lock:
            _running.discard(highs)
    check()


def _wait_for(highs: highspy.Highs) -> None:
    """Solve in a helper thread; the main thread waits, so it still sees Ctrl+C.

    The wait is on an Event the helper sets when HiGHS has really finished:
    Thread.join interrupted by Ctrl+C can wrongly take a running thread for
    ended (CPython 3.11), and a process that exits while HiGHS still runs
    aborts ("terminate called") instead of saying it stopped.
    """
    finished = threading.Event()
    solver = threading.Thread(target=_solve, args=(highs, finished), name="HiGHS solve")
    solver.start()
    try:
        while not finished.wait(0.1):
            pass
    except KeyboardInterrupt:
        request_stop()
        finished.wait()
        raise Stopped() from None


def _solve(highs: highspy.Highs, finished: threading.Event) -> None:
    try:
        highs.run()
    finally:
        finished.set()
