"""How much room a cell's text takes when printed: the one measure a scenario tab's widths
and row heights are settled by (planner.report.scenario_tab).

Excel neither widens a column nor grows a row to fit a wrapped cell that Planner
writes (a merged cell never grows), and LibreOffice prints what the file says: a
line too long for its column is cut off, and a wrapped line in a row too short
overlaps the next. So the layout measures every text cell itself: its width in
Calibri's metrics (Carlito, LibreOffice's stand-in, has the same), word by word as
a wrapped cell breaks, against its columns' width as Excel draws them. Counting
characters is not enough: "Organised Crime and Counter Terrorism" and a line of
capitals and figures print far wider than their length says.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from planner.contract.look import Style

#: Calibri's advance widths in thousandths of an em, rounded up (Carlito's, which match);
#: any other character counts as `_OTHER`, as wide as most capitals.
_GROUPS = {
    221: "'",
    227: " ",
    230: "il",
    240: "j",
    250: ",’",
    252: "I",
    253: ".·",
    268: ":;",
    292: "`",
    304: "()",
    306: "f",
    307: "-[]",
    315: "{}",
    319: "J",
    326: "!",
    335: "t",
    349: "r",
    387: "/\\",
    392: "s",
    396: "z",
    401: '"',
    419: "“”",
    421: "L",
    423: "c",
    434: "x",
    452: "v",
    453: "y",
    455: "k",
    460: "FS",
    461: "|",
    464: "?",
    469: "Z",
    471: "g",
    480: "a",
    488: "TY",
    489: "E",
    498: "e",
    499: "#*+<=>^_~•–×",
    507: "0123456789$£€",
    517: "P",
    520: "KX",
    526: "bdhnpqu",
    528: "o",
    534: "C",
    543: "R",
    544: "B",
    568: "V",
    579: "A",
    616: "D",
    624: "H",
    631: "G",
    642: "U",
    646: "N",
    663: "O",
    673: "Q",
    683: "&",
    691: "…",
    715: "w%",
    799: "m",
    855: "M",
    890: "W",
    895: "@",
    906: "→—",
}
_EM = {char: width for width, chars in _GROUPS.items() for char in chars}
_OTHER = 600
#: Bold letters are wider: 2% in a line of words, 5% at most.
BOLD = 1.04
#: Points between the column's edge and its text, both sides together.
PADDING = 3.0
#: Points a line of 11-point Calibri takes in a row (Excel's default row height).
LINE_POINTS = 15.0
#: Points a row with wrapped text has besides its lines.
ROW_PADDING = 3.0


def text_points(text: str, style: Style) -> float:
    """The printed width of `text` in `style`, in points."""
    em = sum(_EM.get(char, _OTHER) for char in text) / 1000
    return em * style.size * (BOLD if style.bold else 1.0)


def room(widths: Sequence[float]) -> float:
    """Points a cell spanning columns of these widths (in characters) has for its text:
    Excel draws a column of width w as 7w + 5 pixels, three quarters of a point each."""
    return sum((w * 7 + 5) * 0.75 for w in widths) - PADDING


def fits(text: str, style: Style, widths: Sequence[float]) -> bool:
    """Whether `text` prints on one line in a cell spanning these columns."""
    return text_points(text, style) <= room(widths)


def wrapped_lines(text: str, style: Style, widths: Sequence[float]) -> int:
    """How many lines `text` takes wrapped in a cell spanning these columns: words go on
    a line while they fit; a word wider than the cell is broken over as many as it needs."""
    space, width = text_points(" ", style), room(widths)
    lines = 0
    for paragraph in str(text).split("\n"):
        count, used = 1, 0.0
        for word in paragraph.split():
            size = text_points(word, style)
            if used and used + space + size <= width:
                used += space + size
                continue
            broken = max(math.ceil(size / width), 1)  # the lines the word itself takes
            count += broken if used else broken - 1  # after a word, on a new line
            used = size - width * (broken - 1)
        lines += count
    return max(lines, 1)


def line_points(style: Style) -> float:
    """Points one line of text in `style` takes in a row."""
    return LINE_POINTS * style.size / 11


def row_points(text: str, style: Style, widths: Sequence[float]) -> float:
    """The height a row needs for `text` wrapped in a cell spanning these columns."""
    return line_points(style) * wrapped_lines(text, style, widths) + ROW_PADDING
