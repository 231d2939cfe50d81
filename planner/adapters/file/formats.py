"""XlsxWriter cell formats, made once per look and shared by every sheet a workbook draws."""

from __future__ import annotations

from typing import Any

import xlsxwriter
from xlsxwriter.format import Format

from planner.contract.look import GREY, NAVY, RULE, Style


class Formats:
    """The workbook's cell formats, made once and shared (XlsxWriter dedups them)."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self._cache: dict[tuple, Format] = {}

    def get(self, **props: Any) -> Format:
        props = {k: v for k, v in props.items() if v is not None}
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self.wb.add_format(props)
        return self._cache[key]

    def title(self) -> Format:
        return self.get(bold=True, font_size=18, font_color=NAVY)

    def subtitle(self) -> Format:
        return self.get(font_size=10, font_color=GREY, italic=True)

    def section(self) -> Format:
        return self.get(bold=True, font_size=13, font_color=NAVY, bottom=2, bottom_color=NAVY)

    def note(self) -> Format:
        return self.get(font_size=9, font_color=GREY)

    def header(
        self, wrap: bool = False, align: str | None = None, indent: int | None = None
    ) -> Format:
        return self.get(
            bold=True,
            font_color="#FFFFFF",
            bg_color=NAVY,
            text_wrap=wrap or None,
            valign="top",
            align=align,
            indent=indent,
        )

    def number(self, num_format: str, **extra: Any) -> Format:
        return self.get(num_format=num_format, **extra)

    def style(
        self, style: Style, num_format: str | None = None, indent: int | None = None
    ) -> Format:
        """A shared cell style (planner.contract.look) as an XlsxWriter format."""
        props: dict[str, Any] = {
            "font_size": style.size if style.size != 11 else None,
            "bold": style.bold or None,
            "italic": style.italic or None,
            "font_color": style.colour,
            "bg_color": style.fill,
            "text_wrap": style.wrap or None,
            "align": style.align,
            "valign": style.valign,
            "num_format": num_format if num_format and num_format != "General" else None,
            "indent": indent,
        }
        if style.rule:
            props |= {"bottom": 2, "bottom_color": NAVY}
        if style.box:
            props |= {"border": 1, "border_color": RULE}
            props |= {"top": {"top": 1, "middle": 0, "bottom": 0}[style.box]}
            props |= {"bottom": {"top": 0, "middle": 0, "bottom": 1}[style.box]}
        return self.get(**props)
