"""Planner's form buttons: each runs the one macro; planner.excel.button_press tells them apart by sheet.

A button's caption and its Start-sheet line live in planner.contract.words.
"""

from __future__ import annotations

from typing import Any

from planner.adapters.file.vba import MACRO


def button(caption: str, x_offset: int, y_offset: int) -> dict[str, Any]:
    """A form button running MACRO (all of Planner's buttons run the same macro)."""
    return {
        "macro": MACRO,
        "caption": caption,
        "width": 170,
        "height": 34,
        "x_offset": x_offset,
        "y_offset": y_offset,
        "description": f"Planner: {caption}",
    }
