"""The web app: xlwings Server's custom-script protocol, for Planner's buttons.

`POST /xlwings/custom-scripts-call/{script}` takes the workbook JSON a client
sends (xlwings Server's Office.js add-in, or VBA's `RunRemotePython`) and
returns `{"actions": [...]}` for the client to apply, exactly as xlwings-server
does. `POST /optimise`, `/rerun-scenario`, `/validate` and `/press` are the
same calls under short URLs for VBA. Every call needs the bearer token from
PLANNER_SERVER_TOKEN; bodies above PLANNER_SERVER_MAX_BYTES are refused; each
solve runs in its own process, capped per solver stage at
PLANNER_SERVER_SOLVE_SECONDS and ended after PLANNER_SERVER_TIMEOUT seconds.

Start it with `planner serve` or `serve(host, port)`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from planner.server.payload import problem as workbook_problem
from planner.server.worker import Job, ScriptError, TimedOut, run_with_limit

log = logging.getLogger(__name__)

TOKEN_ENV = "PLANNER_SERVER_TOKEN"
LICENSE_ENV = "XLWINGS_LICENSE_KEY"
SCRIPTS = ("optimise", "rerun_scenario", "validate", "press")
SHORT_URLS = {"/optimise": "optimise", "/rerun-scenario": "rerun_scenario",
              "/validate": "validate", "/press": "press"}  # fmt: skip
MIN_TOKEN_LENGTH = 16


@dataclass(frozen=True)
class ServerConfig:
    """Everything the operator decides, from the environment by default."""

    token: str
    max_bytes: int = 20 * 1024 * 1024
    solve_seconds: float = 60.0  # per solver stage (the workbook's own limit is capped)
    timeout: float = 240.0  # the whole request, then the worker is ended
    workers: int = 2  # solves at once; more requests wait their turn

    @classmethod
    def from_env(cls) -> ServerConfig:
        env = os.environ
        return cls(
            token=env.get(TOKEN_ENV, ""),
            max_bytes=int(env.get("PLANNER_SERVER_MAX_BYTES", cls.max_bytes)),
            solve_seconds=float(env.get("PLANNER_SERVER_SOLVE_SECONDS", cls.solve_seconds)),
            timeout=float(env.get("PLANNER_SERVER_TIMEOUT", cls.timeout)),
            workers=int(env.get("PLANNER_SERVER_WORKERS", cls.workers)),
        )

    def problems(self) -> list[str]:
        """Why this configuration must not serve, in words for IT."""
        found = []
        if len(self.token) < MIN_TOKEN_LENGTH:
            found.append(
                f"Set {TOKEN_ENV} to a secret of at least {MIN_TOKEN_LENGTH} characters "
                '(e.g. python -c "import secrets; print(secrets.token_urlsafe(32))"); '
                "clients send it as 'Authorization: Bearer <token>'."
            )
        if not os.environ.get(LICENSE_ENV):
            found.append(
                f"Set {LICENSE_ENV}: the remote engine is xlwings PRO code. Police and other "
                "public bodies may use 'noncommercial' (PolyForm Noncommercial licence); "
                "commercial users need a paid key. See docs/excel.md."
            )
        if self.timeout <= 0 or self.solve_seconds <= 0 or self.max_bytes <= 0:
            found.append("The limits must be positive numbers.")
        return found


class BodyLimit:
    """ASGI middleware: refuse request bodies above `max_bytes`, declared or streamed."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        # Read the whole body first (every route needs all of it anyway), so a
        # streamed body is refused before the app sees any of it.
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self._refuse(send)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Any) -> None:
        text = (
            f"The workbook sent is larger than this server accepts ({self.max_bytes:,} bytes)."
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")],
            }
        )
        await send({"type": "http.response.body", "body": text})


def create_app(config: ServerConfig | None = None) -> Any:
    """The ASGI app: FastAPI routes inside the body-size limit."""
    config = config or ServerConfig.from_env()
    problems = config.problems()
    if problems:
        raise SystemExit("Planner server not started:\n- " + "\n- ".join(problems))
    api = FastAPI(title="Planner", docs_url=None, redoc_url=None, openapi_url=None)
    api.state.config = config
    api.state.slots = asyncio.Semaphore(config.workers)
    _routes(api)
    return BodyLimit(api, config.max_bytes)


def _routes(api: FastAPI) -> None:
    @api.get("/health")
    async def health() -> dict[str, str]:
        import xlwings

        return {"status": "ok", "xlwings": xlwings.__version__}

    @api.get("/xlwings/custom-scripts-meta", dependencies=[Depends(authenticate)])
    async def scripts_meta() -> list[dict[str, Any]]:
        from xlwings.server import custom_scripts_meta

        from planner.server import scripts

        return custom_scripts_meta(scripts)

    @api.post("/xlwings/custom-scripts-call/{script}", dependencies=[Depends(authenticate)])
    async def call(script: str, request: Request) -> Any:
        return await _call(request, script)

    for path, script in SHORT_URLS.items():
        api.post(path, dependencies=[Depends(authenticate)])(_short_url(script))


def _short_url(script: str) -> Any:
    async def call(request: Request) -> Any:
        return await _call(request, script)

    return call


async def authenticate(request: Request) -> None:
    """The bearer token, compared in constant time. VBA may send the bare token."""
    expected = request.app.state.config.token.encode()
    given = request.headers.get("authorization", "")
    token = given[7:] if given[:7].lower() == "bearer " else given
    if not hmac.compare_digest(token.strip().encode(), expected):
        raise HTTPException(
            status_code=401,
            detail="Planner server: the Authorization token is missing or wrong.",
            headers={"WWW-Authenticate": "Bearer"},
        )


async def _call(request: Request, script: str) -> Any:
    config: ServerConfig = request.app.state.config
    if script not in SCRIPTS:
        return PlainTextResponse(f"There is no Planner script called '{script}'.", 404)
    try:
        payload = json.loads(await request.body())
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return PlainTextResponse("The request body is not the workbook's JSON.", 400)
    if not isinstance(payload, dict):
        return PlainTextResponse("The request body is not the workbook's JSON.", 400)
    args = payload.pop("args", None) or []
    if not isinstance(args, list):
        return PlainTextResponse("The script's arguments (args) must be a list.", 400)
    shape = workbook_problem(payload)
    if shape is not None:
        return PlainTextResponse(shape, 400)
    user = request.headers.get("x-planner-user", "") or "xlwings Server"
    job = Job(script, payload, args, user[:100], config.solve_seconds)
    async with request.app.state.slots:
        try:
            actions = await asyncio.to_thread(run_with_limit, job, config.timeout)
        except ScriptError as error:
            return PlainTextResponse(str(error), 400)
        except TimedOut:
            return JSONResponse(_timeout_actions(payload, config))
        except RuntimeError as error:
            return PlainTextResponse(str(error), 500)
    return JSONResponse(actions)


def _timeout_actions(payload: dict[str, Any], config: ServerConfig) -> dict[str, Any]:
    """A message box for the user when the server ended a run: nothing was written."""
    import xlwings as xw

    book = xw.Book(json=payload)
    try:
        book.app.alert(
            f"The run took longer than this server allows ({config.timeout:g} seconds) and was "
            "stopped. Nothing in the workbook was changed. Lower 'Time limit (s)' on the "
            "Settings sheet, set fewer scenarios to Run = Yes, or use Excel with Python.",
            title="Planner",
            buttons="ok",
            mode="critical",
        )
        return book.json()
    finally:
        book.close()


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the server until stopped (Ctrl+C). TLS belongs to the reverse proxy in front."""
    import uvicorn

    logging.basicConfig(level=logging.INFO)
    app = create_app()
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=True)
