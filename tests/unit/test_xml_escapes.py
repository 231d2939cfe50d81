"""The writer's XML escapes give the standard library's own output (xml.sax.saxutils),
without importing it (it imports urllib.request, http, ssl and email)."""

from __future__ import annotations

import subprocess
import sys
from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr as sax_quoteattr

import pytest

from planner.adapters.package.xmlspan import escape, quoteattr

AWKWARD = [
    "",
    "Plain",
    "Drugs & Firearms",
    "a < b > c",
    "&amp; already",
    'Said "yes"',
    "O'Brien's team",
    "both ' and \"",
    "line\nbreak\r\nand\ttab",
    "Scenario 'HMICS' <2027> & \"all\"\n",
    "£1m → 29 posts — ©",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_text_and_attributes_are_escaped_as_saxutils_escapes_them(text):
    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)


def test_writing_a_workbook_does_not_import_the_network_modules():
    """Writing the results must not pull in urllib.request (and with it http, ssl, email)."""
    code = (
        "import sys\n"
        "import planner.adapters.file.file_writer, planner.adapters.package.styles\n"
        "import planner.adapters.package.xml_rows\n"
        "print(sorted(m for m in ('urllib.request', 'http.client', 'ssl', 'email.parser')"
        " if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
