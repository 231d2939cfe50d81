"""LibreOffice in tests: an independent program opens, saves and draws Planner's workbooks.

One place for the command lines, so each test says only what it looks for.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).parent.parent
RENDER = ROOT / "scripts" / "render.py"
#: What LibreOffice calls Excel's macro-enabled format when it saves.
XLSM = "xlsm:Calc MS Excel 2007 VBA XML"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


#: For a test that needs LibreOffice: skipped where it is not installed.
needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


def convert(
    path: Path, to: str, out: Path, *, profile: Path | None = None, timeout: float = 240
) -> None:
    """LibreOffice, headless, writes `path` in the format `to` into the folder `out`.

    Its user profile goes in `profile`, or a fresh folder: two LibreOffice runs on
    one profile at once (two test runs side by side, as .ci/run's) hand their work
    to each other and return before it is done. A fresh profile costs no time.
    """
    with tempfile.TemporaryDirectory() as fresh:
        own = f"-env:UserInstallation=file://{profile or fresh}/profile"
        subprocess.run(
            [soffice(), "--headless", own, "--convert-to", to, "--outdir", str(out), str(path)],
            check=True,
            capture_output=True,
            timeout=timeout,
        )


def saved_by_libreoffice(path: Path, folder: Path) -> Path:
    """The workbook as LibreOffice saves it (its own shared strings and styles), in folder/lo."""
    out = folder / "lo"
    convert(path, XLSM, out, profile=folder)
    return out / path.name


def pdf_text(pdf: Path, *options: str) -> str:
    """The text of a PDF LibreOffice printed, as pdftotext reads it."""
    done = subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def render(path: Path, sheets: list[str], out: Path) -> None:
    """PNG pages of the chosen sheets in `out`, by scripts/render.py as a user runs it."""
    subprocess.run(
        [sys.executable, str(RENDER), str(path), "--sheets", *sheets, "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )


def undrawn(path: Path, sheet: str, colours: list[str], out: Path) -> list[str]:
    """The colours ("#RRGGBB") LibreOffice drew hardly at all (50 pixels or fewer) in the
    right half of the sheet's first page, where its chart is."""
    from PIL import Image

    render(path, [sheet], out)
    page = np.asarray(Image.open(out / f"{sheet}-1.png").convert("RGB")).astype(int)
    right = page[:, page.shape[1] // 2 :]
    missing = []
    for colour in colours:
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        if (np.abs(right - rgb).sum(axis=2) < 40).sum() <= 50:
            missing.append(colour)
    return missing
