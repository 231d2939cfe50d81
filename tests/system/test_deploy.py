"""Deploying the server from the docs alone: the commands docs/excel.md gives, run for real.

The wheel the docs install is built with the documented `pip wheel`; the
server answers a body that is not a workbook in words; `planner smoke-test`
passes against a real server and names the fix when it fails; listening
beyond this machine warns of plain HTTP.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from planner.server.app import ServerConfig  # noqa: E402
from planner.server.launch import is_local  # noqa: E402
from planner.server.smoke import smoke_test, write_sample  # noqa: E402
from tests.system.test_server import AUTH, TOKEN, free_port, serving  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture(scope="module")
def url():
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    # A whole-post run of the default workbook takes half a minute, and minutes under load.
    with serving(ServerConfig(token=TOKEN, timeout=900, workers=2)) as base:
        yield base


@pytest.mark.parametrize(
    "body", [{}, {"book": {}}, {"version": "0.37.8", "book": {}, "sheets": []}]
)
def test_a_body_that_is_not_a_workbook_is_told_in_words(url, body):
    response = httpx.post(url + "/validate", json=body, headers=AUTH, timeout=60)
    assert response.status_code == 400
    assert response.text.startswith("The request body is not a workbook sent by Excel")
    assert "planner smoke-test" in response.text
    assert "interactive mode" not in response.text


@pytest.mark.slow  # a whole-post run of the default workbook on the server
def test_the_smoke_test_passes_against_a_real_server():
    said: list[str] = []
    # The server caps each solver stage at 2 s (its PLANNER_SERVER_SOLVE_SECONDS):
    # what is tested is the round trip Excel makes, not the plans, and a whole-post
    # run of the default workbook at the server's default 60 s takes minutes here.
    with serving(ServerConfig(token=TOKEN, solve_seconds=2, timeout=900, workers=2)) as url:
        assert smoke_test(url, TOKEN, optimise=True, say=said.append) == 0
    text = "\n".join(said)
    assert "/validate: answered in" in text and "No problems found" in text
    assert "/optimise: answered in" in text and "Optimised 5 scenarios" in text
    assert said[-1] == "OK: the server answers as Excel expects."


def test_the_smoke_test_names_a_wrong_token(url):
    said: list[str] = []
    assert smoke_test(url, "not-the-token-at-all-0000", say=said.append) == 1
    assert "HTTP 401: the server refused the token" in said[-1]


def test_the_smoke_test_names_a_server_that_is_not_there():
    said: list[str] = []
    assert smoke_test(f"http://127.0.0.1:{free_port()}", TOKEN, say=said.append) == 1
    assert said[-1].startswith("FAILED: could not reach")


def test_the_written_sample_is_answered_by_the_server(url, tmp_path):
    command = write_sample(tmp_path / "sample.json")
    assert "--data @" in command and "/validate" in command
    body = json.loads((tmp_path / "sample.json").read_text())
    response = httpx.post(url + "/validate", json=body, headers=AUTH, timeout=120)
    assert response.status_code == 200
    alert = [a for a in response.json()["actions"] if a["func"] == "alert"][-1]
    assert alert["args"][0].startswith("No problems found")


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
    ],
)
def test_which_hosts_are_this_machine_only(host, local):
    assert is_local(host) is local


def test_serving_on_all_addresses_warns_of_plain_http():
    env = os.environ | {"PLANNER_SERVER_TOKEN": TOKEN, "XLWINGS_LICENSE_KEY": "noncommercial"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planner.cli",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            str(free_port()),
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        first = process.stderr.readline()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(20)
    assert first.startswith("Warning: serving plain HTTP on 0.0.0.0")
    assert "HTTPS in front" in first


@pytest.mark.slow
def test_the_documented_wheel_builds_and_installs(tmp_path):
    """docs/excel.md: `pip wheel --no-deps -w dist .`, then install the wheel it names.

    pip fetches setuptools for the build from the package index, as it would on IT's machine.
    """
    docs = (ROOT / "docs" / "excel.md").read_text()
    assert "pip wheel --no-deps -w dist ." in docs  # the command run here
    assert 'pip install "dist/planner-0.1.0-py3-none-any.whl[server]"' in docs
    source = tmp_path / "planner-source"  # a copy, so the build leaves the checkout clean
    for part in ("optimise", "planner"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path / "dist"), "."],
        cwd=source,
        check=True,
        capture_output=True,
    )  # fmt: skip
    wheel = tmp_path / "dist" / "planner-0.1.0-py3-none-any.whl"
    assert wheel.exists(), list((tmp_path / "dist").iterdir())
    names = zipfile.ZipFile(wheel).namelist()
    assert "planner/data/units.csv" in names and "planner/server/app.py" in names
    assert any(n.startswith("planner/server/officejs/") for n in names)
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    built = tmp_path / "out" / "Planner.xlsm"
    done = subprocess.run(
        [sys.executable, "-c", "import sys, planner.cli.commands; sys.exit(planner.cli.commands.main(sys.argv[1:]))",
         "build", "--out", str(built)],
        env=os.environ | {"PYTHONPATH": str(site)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert built.exists() and f"Built {built}" in done.stdout
