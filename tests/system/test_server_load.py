"""The server under load: good calls all answered, abusive ones refused with a 4xx in words.

Real uvicorn on 127.0.0.1 (tests/system/test_server.py's `serving`), a bounded number
of requests sent at once from threads; afterwards the server is still up and
still plans.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from planner.server.app import ServerConfig  # noqa: E402
from tests.conftest import VALID_ROWS  # noqa: E402
from tests.system.test_server import AUTH, TOKEN, serving  # noqa: E402
from tests.xlwings_client import ClientBook, write_fixture_workbook  # noqa: E402

LIMIT = 200_000
JSON = {"Content-Type": "application/json"}


@pytest.fixture(autouse=True)
def _licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture(scope="module")
def workbook_json(tmp_path_factory) -> dict:
    path = write_fixture_workbook(tmp_path_factory.mktemp("load") / "P.xlsm", VALID_ROWS)
    return ClientBook.from_xlsm(path).payload()


def abusive_calls(workbook: dict) -> list[tuple[str, str, dict, object]]:
    """(what, method, headers, body) for calls that must each get a 4xx in words."""
    nested = b"[" * 40_000 + b"]" * 40_000  # legal size, too deep for any parser
    return [
        ("no token", "/optimise", JSON, workbook),
        ("wrong token", "/optimise", JSON | {"Authorization": "Bearer not-the-token"}, workbook),
        ("empty token", "/validate", JSON | {"Authorization": "Bearer"}, workbook),
        ("token in the wrong case", "/validate", JSON | {"Authorization": TOKEN.upper()}, workbook),
        ("broken JSON", "/optimise", AUTH | JSON, b'{"book": '),
        ("not UTF-8", "/optimise", AUTH | JSON, b"\xff\xfe\x00garbage"),
        ("a JSON list", "/optimise", AUTH | JSON, b"[1, 2, 3]"),
        ("a JSON string", "/validate", AUTH | JSON, b'"workbook"'),
        ("nested too deep", "/optimise", AUTH | JSON, nested),
        ("args not a list", "/rerun-scenario", AUTH | JSON, {**workbook, "args": 5}),
        ("not a workbook", "/optimise", AUTH | JSON, {"hello": "world"}),
        ("sheets garbled", "/optimise", AUTH | JSON, {**workbook, "sheets": "all of them"}),
        ("book garbled", "/validate", AUTH | JSON, {**workbook, "book": [1, 2]}),
        ("oversized", "/optimise", AUTH | JSON, b'{"x": "' + b"x" * (LIMIT + 10) + b'"}'),
        ("unknown script", "/xlwings/custom-scripts-call/delete_everything", AUTH | JSON, {}),
        ("path tricks", "/xlwings/custom-scripts-call/..%2F..%2Fetc%2Fpasswd", AUTH | JSON, {}),
        ("no such page", "/admin", AUTH | JSON, {}),
    ]


def send(base: str, path: str, headers: dict, body: object) -> httpx.Response:
    content = body if isinstance(body, bytes) else None
    payload = None if isinstance(body, bytes) else body
    return httpx.post(base + path, headers=headers, content=content, json=payload, timeout=180)


@pytest.mark.slow
def test_concurrent_good_and_abusive_calls(workbook_json):
    config = ServerConfig(token=TOKEN, max_bytes=LIMIT, timeout=150, workers=2)
    good = [("optimise", "/optimise"), ("validate", "/validate")] * 2
    bad = abusive_calls(workbook_json)
    with serving(config) as base, ThreadPoolExecutor(12) as pool:
        good_futures = [pool.submit(send, base, path, AUTH, workbook_json) for _, path in good]
        bad_futures = {
            what: pool.submit(send, base, path, headers, body) for what, path, headers, body in bad
        }
        for (script, _), future in zip(good, good_futures, strict=True):
            response = future.result()
            assert response.status_code == 200, (script, response.text)
            actions = response.json()["actions"]
            assert actions and actions[-1]["func"] == "alert", script
        for what, future in bad_futures.items():
            response = future.result()
            assert 400 <= response.status_code < 500, (what, response.status_code, response.text)
            words = response.text
            assert "Traceback" not in words and len(words) > 15, (what, words)
        assert httpx.get(base + "/health", timeout=10).status_code == 200  # still up
        again = send(base, "/validate", AUTH, workbook_json)
        assert again.status_code == 200 and "No problems found" in again.text
