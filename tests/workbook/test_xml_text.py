"""planner.adapters.package.xml_text writes what xml.sax.saxutils would, byte for byte.

The workbook's parts are edited in place (planner.adapters.package.xmlspan), so an
escape that differed from the one they were written with would change bytes a
user's file did not ask to change.
"""

from __future__ import annotations

from xml.sax import saxutils

from hypothesis import given
from hypothesis import strategies as st

from planner.adapters.package.xml_text import escape, quoteattr

#: The characters either function treats specially, and a few it does not.
_TRICKY = st.text(alphabet=st.sampled_from("&<>\"'\n\r\t a_;#é\x01"), max_size=12)


@given(st.one_of(_TRICKY, st.text(max_size=30)))
def test_escape_as_saxutils(text: str) -> None:
    assert escape(text) == saxutils.escape(text)


@given(st.one_of(_TRICKY, st.text(max_size=30)))
def test_quoteattr_as_saxutils(value: str) -> None:
    assert quoteattr(value) == saxutils.quoteattr(value)


def test_quotes_chosen_as_saxutils() -> None:
    assert quoteattr('say "hi"') == "'say \"hi\"'"
    assert quoteattr('it\'s "x"') == '"it\'s &quot;x&quot;"'
    assert quoteattr("a&b\n") == '"a&amp;b&#10;"'
