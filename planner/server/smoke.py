"""`planner smoke-test`: one real request to a deployed server, and what its answer means.

An IT officer who has just put Planner's server behind a proxy needs to know
that a request gets through (token, body size, time-out, licence) without
opening Excel. This sends the default workbook as a client would, presses
Check inputs (and, with --optimise, Optimise all scenarios), and says what
came back, or which setting to change.
"""

from __future__ import annotations

import json
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from planner.server.payload import sample

#: Common reverse proxies give up after this many seconds unless told otherwise.
PROXY_DEFAULT = 60


def default_payloads(*active_sheets: str) -> list[dict[str, Any]]:
    """The default workbook (built from Planner's own data) as a client would send it,
    once for each sheet a button is pressed on."""
    from planner.template.build import build_workbook

    with tempfile.TemporaryDirectory() as folder:
        path = build_workbook(Path(folder) / "Planner.xlsm")
        return [sample(path, active_sheet=sheet) for sheet in active_sheets]


def write_sample(path: Path) -> str:
    """Write the Check inputs payload; return the curl command that sends it."""
    path.write_text(json.dumps(default_payloads("Units")[0]), encoding="utf-8")
    return (
        f'curl -sS -H "Authorization: Bearer $PLANNER_SERVER_TOKEN" -H "Content-Type: '
        f'application/json" --data @{path} https://<your server>/validate'
    )


def smoke_test(url: str, token: str, *, optimise: bool = False, say=print) -> int:
    """0 when the server answers Check inputs (and Optimise) as it should; 1 otherwise."""
    base = url.rstrip("/")
    health = _get(base + "/health")
    if isinstance(health, str):
        say(f"FAILED: {health}")
        return 1
    say(f"{base}/health: {health.get('status')} (xlwings {health.get('xlwings')})")
    presses = [("validate", "Units", "No problems found")]
    if optimise:
        presses.append(("optimise", "Start", "Optimised"))
    payloads = default_payloads(*(sheet for _script, sheet, _expected in presses))
    for (script, _sheet, expected), payload in zip(presses, payloads, strict=True):
        start = time.monotonic()
        answer = _post(f"{base}/{script}", payload, token)
        seconds = time.monotonic() - start
        if isinstance(answer, str):
            say(f"FAILED: {script} after {seconds:.1f} s: {answer}")
            return 1
        alert = _alert(answer)
        say(f"{base}/{script}: answered in {seconds:.1f} s with {len(answer['actions'])} actions")
        say("  the user would see: " + alert.replace("\n", "\n    "))
        if not alert.startswith(expected):
            say(f"FAILED: expected a message starting {expected!r}")
            return 1
        if seconds > PROXY_DEFAULT / 2:
            say(
                f"  note: {seconds:.0f} s is close to the {PROXY_DEFAULT} s many proxies wait by "
                "default; set the proxy's time-out above PLANNER_SERVER_TIMEOUT (docs/excel.md)"
            )
    say("OK: the server answers as Excel expects.")
    return 0


def _get(url: str) -> dict[str, Any] | str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return _http_error(error)
    except (urllib.error.URLError, OSError) as error:
        return f"could not reach {url}: {getattr(error, 'reason', error)}"
    except json.JSONDecodeError:
        return f"{url} did not answer with Planner's health JSON: is this Planner's server?"


def _post(url: str, payload: dict[str, Any], token: str) -> dict[str, Any] | str:
    body = json.dumps(payload).encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "X-Planner-User": "planner smoke-test",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        return _http_error(error, len(body))
    except TimeoutError:
        return "no answer within 600 s"
    except (urllib.error.URLError, OSError) as error:
        return f"could not reach {url}: {getattr(error, 'reason', error)}"
    except json.JSONDecodeError:
        return "the answer was not JSON: is a proxy answering instead of Planner?"
    if not isinstance(answer, dict) or not isinstance(answer.get("actions"), list):
        return "the answer has no actions for Excel to apply"
    return answer


def _http_error(error: urllib.error.HTTPError, size: int = 0) -> str:
    text = error.read().decode("utf-8", "replace").strip()[:500]
    why = {
        401: "the server refused the token: pass the PLANNER_SERVER_TOKEN it was started with "
        "(--token, or the PLANNER_SERVER_TOKEN environment variable)",
        413: f"the request ({size:,} bytes) is over a size limit: raise "
        "PLANNER_SERVER_MAX_BYTES, or the proxy's (nginx: client_max_body_size)",
        502: "the reverse proxy could not get an answer from Planner: is `planner serve` "
        "running where the proxy sends requests?",
        504: "the reverse proxy stopped waiting (gateway time-out): set its time-out above "
        "PLANNER_SERVER_TIMEOUT (240 s by default; nginx: proxy_read_timeout)",
    }.get(error.code, "")
    return f"HTTP {error.code}: {why or text}" + (
        f" (the server said: {text})" if why and text else ""
    )


def _alert(answer: dict[str, Any]) -> str:
    """The text of the last message box among the actions ("" if none)."""
    alerts = [a for a in answer["actions"] if a.get("func") == "alert"]
    return str(alerts[-1]["args"][0]) if alerts else ""
