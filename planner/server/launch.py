"""Starting the server from the command line: what is missing, and what is unsafe, in words.

An IT officer deploying Planner reads these messages, not a traceback: the
server extra not installed says what to install; listening beyond this
machine says that it is plain HTTP and how to put HTTPS in front.
"""

from __future__ import annotations

import importlib
import ipaddress
import sys

#: The packages of the `server` extra (pyproject.toml), by import name.
SERVER_PACKAGES = ("fastapi", "uvicorn")


def missing_packages() -> list[str]:
    """The server extra's packages that cannot be imported here."""
    missing = []
    for name in SERVER_PACKAGES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def install_hint(missing: list[str]) -> str:
    return (
        f"planner serve needs the server extra, and {' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} not installed in this Python "
        f"({sys.executable}). Install it into the same environment as Planner: from "
        'Planner\'s source folder, pip install ".[server]"; or from the wheel, '
        f'pip install "{wheel_name()}[server]" (docs/excel.md says how to build it).'
    )


def wheel_name() -> str:
    """The file name `pip wheel .` gives Planner's wheel, for the installed version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"planner-{version('planner')}-py3-none-any.whl"
    except PackageNotFoundError:
        return "planner-<version>-py3-none-any.whl"


def is_local(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.1, ::1, localhost)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_http_warning(host: str, port: int) -> str:
    return (
        f"Warning: serving plain HTTP on {host}:{port}, reachable from other machines. "
        "The bearer token and every workbook would cross the network unencrypted. Listen on "
        "127.0.0.1 and put a reverse proxy with HTTPS in front (nginx, IIS with ARR, Apache; "
        "see docs/excel.md), with its time-out above PLANNER_SERVER_TIMEOUT."
    )


def serve(host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run the server until stopped; 2 (with the reason) if it cannot start here."""
    missing = missing_packages()
    if missing:
        print(install_hint(missing), file=sys.stderr)
        return 2
    if not is_local(host):
        print(plain_http_warning(host, port), file=sys.stderr)
    from planner.server.app import serve as run_server

    run_server(host=host, port=port)
    return 0
