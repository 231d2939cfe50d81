"""Writing a user's workbook without ever leaving it half-written or lost.

- A workbook open in Excel (its ~$Name.xlsm owner file beside it) or in
  LibreOffice (.~lock.Name.xlsm#) is refused before anything is read: a
  write now would be lost when that program saves over it.
- The new file is written to a hidden temporary file in the same folder,
  checked, and only then moved over the old one with os.replace, which is
  atomic on one file system: at every moment the workbook is either the old
  file or the new one, whole.
- Before the move, the old file is copied into a folder beside it,
  "<name> backups", as "<name> YYYY-MM-DD HHMMSS.xlsm". The newest
  BACKUPS_KEPT copies are kept; older ones are deleted.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import uuid
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from planner.adapters.package.refusals import WorkbookFileError, check_not_open

BACKUPS_KEPT = 10


def check_closed(path: Path) -> None:
    """Refuse a workbook that Excel or LibreOffice has open."""
    check_not_open(path)
    lock = path.with_name(f".~lock.{path.name}#")
    if lock.exists():
        raise WorkbookFileError(
            f"{path.name} is open in LibreOffice. Close it there and try again. If it is "
            f'not open anywhere, delete the file "{lock.name}" beside it.'
        )


def _temporary_prefix(target: Path) -> str:
    return f".~planner-{target.name}-"


@contextlib.contextmanager
def temporary_beside(target: Path) -> Iterator[Path]:
    """A hidden temporary file in the target's folder, removed unless it was moved.

    Its name starts with the workbook's, so a later run that holds the
    workbook's lock knows whose half-written file it is (see remove_leftovers).
    """
    tmp = target.with_name(f"{_temporary_prefix(target)}{uuid.uuid4().hex[:12]}.tmp")
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def remove_leftovers(target: Path) -> list[Path]:
    """Delete the half-written files a killed run left beside the workbook.

    Only call it holding the workbook's lock (planner.adapters.package.lock): then no live
    run is writing them. A run killed while writing (power cut, task manager)
    cannot tidy up after itself; without this its hidden temporary files, each
    as large as the workbook, would pile up in the user's folder.
    """
    found = [*target.parent.glob(f"{glob.escape(_temporary_prefix(target))}*.tmp")]
    folder = backup_folder(target)
    if folder.is_dir():
        found += folder.glob(f".~{glob.escape(target.stem)} *{glob.escape(target.suffix)}.tmp")
    removed = []
    for path in found:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def write_in_place(target: Path, write: Callable[[Path], None]) -> None:
    """Write the new workbook beside `target`, check it, back up the old one, move it in.

    Every file route (results, studies) writes through here, so none can
    leave the workbook half-written: any failure leaves the old file as it was.
    """
    try:
        with temporary_beside(target) as tmp:
            write(tmp)
            check_zip(tmp)
            make_backup(target)
            move_into_place(tmp, target)
    except WorkbookFileError:
        raise
    except OSError as error:
        raise WorkbookFileError(
            f"{target.name} could not be written ({error}). The workbook is unchanged."
        ) from error


def check_zip(path: Path) -> None:
    """Every member of the written zip reads back (CRCs match)."""
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
    if bad is not None:
        raise OSError(f"the new file failed its check at {bad}")


def backup_folder(target: Path) -> Path:
    return target.with_name(f"{target.stem} backups")


def make_backup(target: Path, now: datetime | None = None) -> Path | None:
    """Copy the current file into its backups folder; keep the newest BACKUPS_KEPT."""
    if not target.exists():
        return None
    folder = backup_folder(target)
    folder.mkdir(exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H%M%S")
    backup = folder / f"{target.stem} {stamp}{target.suffix}"
    n = 2
    while backup.exists():
        backup = folder / f"{target.stem} {stamp} ({n}){target.suffix}"
        n += 1
    partial = folder / f".~{backup.name}.tmp"
    shutil.copy2(target, partial)
    os.replace(partial, backup)
    _prune(folder, target)
    return backup


def _prune(folder: Path, target: Path) -> None:
    copies = sorted(
        (p for p in folder.glob(f"{target.stem} *{target.suffix}") if p.is_file()),
        key=lambda p: p.stat().st_mtime_ns,
    )
    for old in copies[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()


def move_into_place(tmp: Path, target: Path) -> None:
    """os.replace, with a message a user understands if the file is held open."""
    try:
        os.replace(tmp, target)
    except PermissionError as error:
        raise WorkbookFileError(
            f"{target.name} could not be replaced: another program has it open, or the "
            "folder is read-only. Close it and try again; the workbook is unchanged."
        ) from error
