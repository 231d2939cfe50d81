"""The workbook's VBA, taken from the installed xlwings and checked; and Planner.py beside it.

Why the VBA is taken, never written: a VBA project cannot be written reliably
from source here (docs/tools.md), but xlwings ships quickstart_standalone.xlsm,
whose vbaProject.bin Excel itself wrote. It holds xlwings' whole VBA module and
Module1.SampleCall, which runs `import <WorkbookName>; <WorkbookName>.main()`.
Every button runs SampleCall; Planner.py beside the workbook hands over to
planner.excel.button_press, which tells the buttons apart by the sheet they are on. Reading
the binary from the installed package at build time keeps its VBA version equal
to the pinned xlwings, and oletools checks that before anything is written.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

#: The macro every button runs: xlwings' quickstart Module1.SampleCall.
MACRO = "SampleCall"


def quickstart_path() -> Path:
    """xlwings' quickstart_standalone.xlsm, from the installed (pinned) package."""
    import xlwings

    return Path(xlwings.__file__).with_name("quickstart_standalone.xlsm")


def vba_project() -> bytes:
    """xl/vbaProject.bin of the installed xlwings' quickstart, checked with oletools."""
    with zipfile.ZipFile(quickstart_path()) as package:
        data = package.read("xl/vbaProject.bin")
    problems = vba_problems(vba_modules(data))
    if problems:
        raise RuntimeError(
            "xlwings' quickstart VBA is not what Planner needs: " + "; ".join(problems)
        )
    return data


def vba_modules(data: bytes) -> dict[str, str]:
    """Module name -> VBA source, as oletools decodes it (independently of Excel)."""
    try:
        from oletools.olevba import VBA_Parser
    except ImportError as error:  # pragma: no cover - oletools is a test dependency
        raise RuntimeError(
            "planner build checks the VBA with oletools: pip install oletools"
        ) from error
    parser = VBA_Parser("vbaProject.bin", data=data)
    try:
        return {
            Path(vba_filename).stem: code.decode("latin-1") if isinstance(code, bytes) else code
            for _, _, vba_filename, code in parser.extract_macros()
        }
    finally:
        parser.close()


def vba_problems(modules: dict[str, str]) -> list[str]:
    """What is missing from the VBA for Planner's buttons (empty when all is well)."""
    import xlwings

    problems = []
    version = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', modules.get("xlwings", ""))
    if version is None or version.group(1) != xlwings.__version__:
        found = version.group(1) if version else "none"
        problems.append(f"its xlwings module is version {found}, not {xlwings.__version__}")
    if not re.search(rf"Sub {MACRO}\(\)", modules.get("Module1", "")):
        problems.append(f"Module1 has no Sub {MACRO}()")
    call = 'RunPython "import " & mymodule & ";" & mymodule & ".main()"'
    if call not in modules.get("Module1", ""):
        problems.append(f"{MACRO} does not run `import <WorkbookName>; <WorkbookName>.main()`")
    return problems


def planner_py(module: str) -> str:
    """The Python file the buttons import: `<module>.main()` hands over to planner.excel.button_press."""
    return f'''"""{module}.xlsm's buttons run this file: xlwings' RunPython "import {module}; {module}.main()".

Keep it in the same folder as {module}.xlsm (made by `planner build`; do not edit).
It hands over to the planner package, installed with the Python that the
xlwings.conf sheet names, or else the source folder this workbook sits in.
"""

import sys
from pathlib import Path


def main() -> None:
    try:
        from planner.excel import main as planner_main
    except ImportError:
        # Not installed: use the source checkout around this workbook (workbook/..).
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from planner.excel import main as planner_main
    planner_main()
'''
