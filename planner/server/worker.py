"""Running one script in its own process, with a hard time limit.

A solve that runs away must not hold the server: each request runs in a fresh
process (spawned, so it shares no threads or locks with the web server) that
is ended when its time is up. The process also keeps one workbook's memory
away from the next request's.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)

_CONTEXT = mp.get_context("spawn")


@dataclass(frozen=True)
class Job:
    script: str
    payload: dict[str, Any]
    args: list[Any]
    user: str
    time_cap: float | None


class ScriptError(Exception):
    """The script could not run (bad payload, unknown script): say why, in words."""


class TimedOut(Exception):
    """The script did not finish within the server's time limit."""


def run_job(job: Job) -> dict[str, Any]:
    """Run one script on the remote engine, here in this process: the actions."""
    import xlwings as xw
    from xlwings.server import custom_scripts_call

    from planner.server import scripts

    if job.script not in scripts.__all__:
        raise ScriptError(f"There is no Planner script called '{job.script}'.")
    scripts.settings.user = job.user
    scripts.settings.time_cap = job.time_cap
    try:
        book = xw.Book(json=job.payload)
    except (KeyError, TypeError, ValueError, xw.XlwingsError) as error:
        raise ScriptError(f"The workbook data sent is not what Planner expects: {error}") from error
    try:
        coroutine = custom_scripts_call(
            scripts, job.script, typehint_to_value={xw.Book: book}, args=job.args
        )
        asyncio.run(coroutine)
        return book.json()
    except xw.XlwingsError as error:
        raise ScriptError(str(error)) from error
    finally:
        book.close()


def _child(conn: Connection, job: Job) -> None:
    """The worker process: run the job, send back ("ok", actions) or ("error", words)."""
    logging.basicConfig(level=logging.INFO)
    try:
        conn.send(("ok", run_job(job)))
    except ScriptError as error:
        conn.send(("error", str(error)))
    except BaseException:
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()


def run_with_limit(job: Job, seconds: float) -> dict[str, Any]:
    """Run `job` in a new process; end it and raise TimedOut after `seconds`."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(send, job), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise TimedOut(f"'{job.script}' took longer than {seconds:g} seconds")
        kind, value = receive.recv()
    except EOFError:
        kind, value = "crash", f"the worker process ended with code {process.exitcode}"
    finally:
        if process.is_alive():
            process.terminate()
        process.join(5)
        if process.is_alive():
            process.kill()
        receive.close()
    if kind == "ok":
        return value
    if kind == "error":
        raise ScriptError(value)
    log.error("Planner script %s failed:\n%s", job.script, value)
    raise RuntimeError("Planner stopped unexpectedly; the server's log has the details.")
