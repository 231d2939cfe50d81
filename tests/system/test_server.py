"""The Planner server over real HTTP on 127.0.0.1: auth, size and time limits, scripts.

uvicorn serves the app in a thread on a free local port; httpx is the client,
sending what the VBA or Office.js client sends. Every request has a timeout.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import xlwings as xw

# The server's own dependencies (fastapi, uvicorn) and the test client (httpx).
httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from planner.server.app import ServerConfig, create_app  # noqa: E402
from tests.conftest import VALID_ROWS  # noqa: E402
from tests.xlwings_client import ClientBook, write_fixture_workbook  # noqa: E402

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(config: ServerConfig) -> Iterator[str]:
    """The app on 127.0.0.1 in a thread, for the length of the block."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serving(ServerConfig(token=TOKEN, max_bytes=200_000, timeout=120, workers=2)) as base:
        yield base


@pytest.fixture
def payload(tmp_path) -> dict:
    client_book = ClientBook.from_xlsm(write_fixture_workbook(tmp_path / "P.xlsm", VALID_ROWS))
    client_book.active = client_book.index("Units")
    return client_book.payload()


def post(url: str, path: str, body: object, headers: dict | None = None) -> httpx.Response:
    return httpx.post(url + path, json=body, headers=headers or {}, timeout=120)


def test_health_needs_no_token(url):
    response = httpx.get(url + "/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "xlwings": xw.__version__}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": ""}])
def test_a_call_without_the_token_is_refused(url, payload, headers):
    response = post(url, "/xlwings/custom-scripts-call/validate", payload, headers)
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


def test_vba_may_send_the_bare_token(url):
    response = httpx.get(
        url + "/xlwings/custom-scripts-meta", headers={"Authorization": TOKEN}, timeout=10
    )
    assert response.status_code == 200
    assert {s["function_name"] for s in response.json()} == {
        "optimise",
        "press",
        "rerun_scenario",
        "validate",
    }


def test_a_body_over_the_limit_is_refused(url):
    body = {"padding": "x" * 300_000}
    response = post(url, "/validate", body, AUTH)
    assert response.status_code == 413
    assert "larger than this server accepts" in response.text


def test_a_streamed_body_over_the_limit_is_refused(url):
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 10_000

    response = httpx.post(url + "/validate", content=chunks(), headers=AUTH, timeout=30)
    assert response.status_code == 413


def test_unknown_script_and_bad_json_are_told_in_words(url):
    assert post(url, "/xlwings/custom-scripts-call/delete_all", {}, AUTH).status_code == 404
    response = httpx.post(
        url + "/validate", content=b"not json", headers=AUTH | {"Content-Type": "text/plain"}
    )
    assert response.status_code == 400 and "JSON" in response.text


def test_a_client_of_another_xlwings_version_is_told_why(url, payload):
    payload["version"] = "0.30.0"
    response = post(url, "/validate", payload, AUTH)
    assert response.status_code == 400
    assert "0.30.0" in response.text and "Traceback" not in response.text


def test_a_run_over_the_time_limit_is_ended_and_told(payload):
    config = ServerConfig(token=TOKEN, timeout=0.01, workers=1)
    with serving(config) as base:
        response = post(base, "/optimise", payload, AUTH)
    assert response.status_code == 200
    actions = response.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    assert "longer than this server allows" in actions[0]["args"][0]


def test_config_refuses_to_serve_without_a_token():
    problems = ServerConfig(token="short").problems()
    assert any("PLANNER_SERVER_TOKEN" in p for p in problems)
    with pytest.raises(SystemExit, match="not started"):
        create_app(ServerConfig(token=""))


def test_check_inputs_over_http(url, payload):
    client_book_actions = post(url, "/xlwings/custom-scripts-call/validate", payload, AUTH)
    assert client_book_actions.status_code == 200
    actions = client_book_actions.json()["actions"]
    assert actions[-1]["func"] == "alert"
    assert "No problems found" in actions[-1]["args"][0]
    json.dumps(actions)  # plain JSON the client can take


OFFICEJS_PROJECT = Path(__file__).resolve().parents[2] / "planner" / "server" / "officejs"


@contextmanager
def xlwings_server(port: int) -> Iterator[str]:
    """xlwings-server itself, serving Planner's scripts from planner/server/officejs."""
    env = os.environ | {
        "XLWINGS_PROJECT_DIR": str(OFFICEJS_PROJECT),
        "XLWINGS_AUTH_PROVIDERS": '["custom"]',
        "XLWINGS_ENABLE_SOCKETIO": "false",
        "PLANNER_SERVER_TOKEN": TOKEN,
        "PYTHONPATH": str(OFFICEJS_PROJECT.parents[2]),
    }
    command = [sys.executable, "-m", "uvicorn", "xlwings_server.main:main_app"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=OFFICEJS_PROJECT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/taskpane.html", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("xlwings-server did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def test_xlwings_server_serves_planners_scripts_and_taskpane(payload):
    """The Office.js route: xlwings-server (if installed) with Planner's project folder."""
    pytest.importorskip("xlwings_server")
    with xlwings_server(free_port()) as base:
        meta = httpx.get(base + "/xlwings/custom-scripts-meta", timeout=30).json()
        assert {m["function_name"] for m in meta} >= {"optimise", "rerun_scenario", "validate"}
        refused = post(base, "/xlwings/custom-scripts-call/rerun_scenario", payload)
        assert refused.status_code == 401
        response = post(base, "/xlwings/custom-scripts-call/rerun_scenario", payload, AUTH)
        assert response.status_code == 200
        alert = response.json()["actions"][-1]
        assert alert["func"] == "alert" and "scenario's tab" in alert["args"][0]
        taskpane = httpx.get(base + "/taskpane.html", timeout=30).text
        assert 'xw-click="optimise"' in taskpane
        assert httpx.get(base + "/manifest.xml", timeout=30).status_code == 200
