"""What the engine behind a live book can do: the desktop, or a remote client (VBA, Office.js).

The remote engine replays only some actions, and each client a different set:
the writer and the page painter read `Capabilities` and degrade in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import xlwings as xw

#: The remote engine's Office.js client, which takes column widths in points.
OFFICEJS_CLIENT = "Office.js"
#: Clients of the remote engine and the actions each can replay (from
#: xlwings/addin/Remote.bas for VBA, xlwings-server's JS for Office.js).
VBA_CLIENT = "VBA"


@dataclass(frozen=True)
class Capabilities:
    """What the engine behind a book can do beyond values, tables and formats."""

    engine: str  # "excel" on the desktop, "remote" for xlwings Server clients
    client: str  # the remote client ("VBA", "Office.js", ...), "" on the desktop
    status_bar: bool
    charts: bool
    fonts: bool

    @classmethod
    def of(cls, book: xw.Book) -> Capabilities:
        engine = book.app.engine.name
        if engine != "remote":
            return cls(engine, "", status_bar=True, charts=True, fonts=True)
        client = str(book.api.get("client", ""))
        officejs = client == OFFICEJS_CLIENT
        return cls(engine, client, status_bar=False, charts=officejs, fonts=officejs)
