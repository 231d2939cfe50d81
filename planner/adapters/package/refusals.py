"""A workbook file Planner must not touch: unreadable, or open in Excel (its lock file says so).

Every step on a file (reading, the lock, the safe save) refuses in these words,
so the error lives below all of them.
"""

from __future__ import annotations

from pathlib import Path


class WorkbookFileError(Exception):
    """The file cannot be read as a workbook: missing, not Excel, open, damaged.

    The message is for the user as it stands: what is wrong and what to do.
    """


def lock_file(path: str | Path) -> Path:
    """The owner file Excel keeps beside a workbook while it is open: ~$Name.xlsm."""
    path = Path(path)
    return path.with_name("~$" + path.name)


def check_not_open(path: str | Path) -> None:
    """Refuse a workbook that is open in Excel.

    Reading it would miss unsaved changes, and writing it would be lost when
    Excel saves over it (or fail, on Windows). Excel's lock file beside it says
    it is open, and by whom.
    """
    lock = lock_file(path)
    if not lock.exists():
        return
    who = _lock_owner(lock)
    by = f" by {who}" if who else ""
    raise WorkbookFileError(
        f"{Path(path).name} is open in Excel{by}. Close it there (saving your changes) "
        f'and try again. If it is not open anywhere, delete the file "{lock.name}" '
        "beside it: Excel leaves it behind when it stops unexpectedly."
    )


def _lock_owner(lock: Path) -> str:
    """The user name Excel writes at the start of its lock file, if readable."""
    try:
        data = lock.read_bytes()[:128]
        name = data[1 : 1 + data[0]].decode("latin-1").strip()
    except (OSError, IndexError):
        return ""
    return name if name.isprintable() else ""
