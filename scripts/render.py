"""Pictures of chosen sheets of a workbook, as LibreOffice prints them.

    python scripts/render.py workbook/Planner.xlsm --sheets Start Units --out /tmp/png

LibreOffice prints every visible sheet to one PDF, so each chosen sheet is
printed from its own copy of the workbook in which every other sheet is hidden
(one attribute in xl/workbook.xml; nothing else in the file changes). pdftoppm
then turns each page into `<sheet>-<page>.png`. It is for looking at what a
reader sees: an independent program draws it, not the code that wrote it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SHEET = re.compile(rb"<sheet\b[^>]*?/>")
NAME = re.compile(rb'name="([^"]*)"')
PRINT_AREA = re.compile(
    rb'<definedName name="_xlnm\.Print_(?:Area|Titles)" localSheetId="(\d+)"[^>]*>[^<]*</definedName>'
)


def sheet_names(workbook: Path) -> list[str]:
    with zipfile.ZipFile(workbook) as z:
        xml = z.read("xl/workbook.xml")
    return [_unescape(NAME.search(m.group(0)).group(1).decode()) for m in SHEET.finditer(xml)]


def _unescape(text: str) -> str:
    return (
        text.replace("&apos;", "'")
        .replace("&quot;", '"')
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


def only_sheet(workbook: Path, keep: str, out: Path) -> Path:
    """A copy of the workbook in which every sheet but `keep` is hidden."""
    names = sheet_names(workbook)
    index = names.index(keep)

    def hide(match: re.Match[bytes], counter: list[int] = [0]) -> bytes:  # noqa: B006
        tag = re.sub(rb'\sstate="[^"]*"', b"", match.group(0))
        i = counter[0]
        counter[0] += 1
        return tag if i == index else tag.replace(b"<sheet ", b'<sheet state="hidden" ', 1)

    with zipfile.ZipFile(workbook) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = SHEET.sub(hide, data)
                data = _print_areas_of(data, index)
                data = re.sub(rb'\s(activeTab|firstSheet)="\d+"', b"", data)
                active = f'<workbookView activeTab="{index}" firstSheet="{index}" '.encode()
                data = data.replace(b"<workbookView ", active, 1)
            elif item.filename.startswith("xl/worksheets/sheet"):
                # The selected tab is printed even when hidden: select none but `keep`.
                data = data.replace(b' tabSelected="1"', b"")
            dst.writestr(item, data)
    return out


def _print_areas_of(xml: bytes, index: int) -> bytes:
    """Only the kept sheet's print area: LibreOffice prints a hidden sheet that has one."""

    def drop(match: re.Match[bytes]) -> bytes:
        return match.group(0) if match.group(1) == str(index).encode() else b""

    return PRINT_AREA.sub(drop, xml)


def render(workbook: Path, sheets: list[str], out: Path, dpi: int = 80) -> list[Path]:
    """PNG pages of each chosen sheet, in `out`."""
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        for sheet in sheets:
            stem = re.sub(r"[^0-9A-Za-z]+", "_", sheet).strip("_") or "sheet"
            copy = only_sheet(workbook, sheet, Path(tmp) / f"{stem}{workbook.suffix}")
            profile = f"-env:UserInstallation=file://{tmp}/profile"  # runs side by side
            subprocess.run(
                [
                    "soffice",
                    "--headless",
                    profile,
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(copy),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            pdf = Path(tmp) / f"{stem}.pdf"
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / stem)], check=True
            )
            made += sorted(out.glob(f"{stem}-*.png"))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--sheets", nargs="+", help="sheet names (default: all)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)
    sheets = args.sheets or sheet_names(args.workbook)
    missing = [s for s in sheets if s not in sheet_names(args.workbook)]
    if missing:
        print(f"no such sheet: {', '.join(missing)}", file=sys.stderr)
        return 2
    for path in render(args.workbook, sheets, args.out, args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
