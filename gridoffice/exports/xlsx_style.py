"""The look of a ledger sheet (domain.md §5): fonts, borders, number formats, and the cheap way to
give 150,000 rows that look in openpyxl's write-only mode.

openpyxl normally resolves a cell's style for every cell it writes (a hash lookup of the style
array, plus a fresh cell object for every styled cell). Here every (column kind, variant) style is
registered with the workbook once, and one ``StyledCell`` per column and variant is reused row
after row: the writer only changes its value and row number. A styled cell then costs about what
an unstyled one does.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

# charset 134 (GB2312) tells Excel / WPS / LibreOffice to fall back to a Chinese font when the
# named one is missing.
SONG, HEI, FANGSONG = "宋体", "黑体", "仿宋"
CHARSET_GB2312 = 134

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HOUSEHOLD_BORDER = Border(left=THIN, right=THIN, top=Side(style="medium", color="000000"), bottom=THIN)
HEADER_FILL = PatternFill(fill_type="solid", start_color="D9D9D9", end_color="D9D9D9")

TITLE_FONT = Font(name=HEI, size=16, bold=True, charset=CHARSET_GB2312)
INFO_FONT = Font(name=FANGSONG, size=11, charset=CHARSET_GB2312)
SECRET_FONT = Font(name=HEI, size=11, bold=True, color="C00000", charset=CHARSET_GB2312)
HEADER_FONT = Font(name=HEI, size=10, charset=CHARSET_GB2312)
BODY_FONT = Font(name=SONG, size=10, charset=CHARSET_GB2312)
TOTAL_FONT = Font(name=HEI, size=10, charset=CHARSET_GB2312)
SIGN_FONT = Font(name=FANGSONG, size=11, charset=CHARSET_GB2312)

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
NUMBER_FORMATS = {
    "id": "@",
    "phone": "@",
    "code": "@",
    "sign": "@",
    "text": "@",
    "name": "@",
    "date": DATE_FORMAT,
    "datetime": DATETIME_FORMAT,
    "int": "0",
    "float": "0.00",
    "percent": "0.0%",
}
CENTERED_KINDS = {"id", "phone", "code", "date", "datetime", "name", "seq"}
NUMERIC_KINDS = {"int", "float", "percent", "seq"}

# Characters that make a spreadsheet treat typed text as a formula (CSV / formula injection).
FORMULA_STARTS = ("=", "+", "-", "@")
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
MAX_TEXT = 32767


class StyledCell(Cell):
    """A cell whose style id was worked out once; the writer reuses it for every row."""

    __slots__ = ("_sid",)
    has_style = True  # the writer asks twice per cell; the answer never changes

    @property
    def style_id(self) -> int:
        return self._sid


def styled_cell(ws: Any, column: int, *, font: Font, border: Border | None = None,
                alignment: Alignment | None = None, number_format: str | None = None,
                fill: PatternFill | None = None, quote_prefix: bool = False) -> StyledCell:
    cell = StyledCell(ws, row=1, column=column)
    cell.font = font
    if border is not None:
        cell.border = border
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    if quote_prefix:
        cell.quotePrefix = True
    cell._sid = ws.parent._cell_styles.add(cell._style)
    return cell


def body_alignment(kind: str, wrap: bool = True) -> Alignment:
    """Identifiers, dates and names centred and never wrapped, numbers right, free text left
    (wrapped only where the layout gave the column ``wrap``)."""
    if kind in CENTERED_KINDS:
        return Alignment(horizontal="center", vertical="center")
    if kind in NUMERIC_KINDS:
        return Alignment(horizontal="right", vertical="center")
    return Alignment(horizontal="left", vertical="center", wrap_text=wrap or None)


class ColumnCells:
    """The reusable cells of one column: plain, first row of a household, and text that starts
    like a formula (kept text and marked with a quote prefix, so editing it in Excel keeps it
    text too)."""

    __slots__ = ("formula_safe", "household", "kind", "plain", "plain_safe")

    def __init__(self, ws: Any, column: int, kind: str, wrap: bool = True) -> None:
        self.kind = kind
        fmt = NUMBER_FORMATS.get(kind, "0" if kind == "seq" else "@")
        align = body_alignment(kind, wrap)

        def make(border: Border, quote: bool = False) -> StyledCell:
            return styled_cell(ws, column, font=BODY_FONT, border=border, alignment=align,
                               number_format=fmt, quote_prefix=quote)

        self.plain = make(BORDER)
        self.household = make(HOUSEHOLD_BORDER)
        self.plain_safe = make(BORDER, True)
        self.formula_safe = make(HOUSEHOLD_BORDER, True)

    def cell(self, value: Any, row: int, household_start: bool) -> StyledCell:
        cell = self.household if household_start else self.plain
        kind = self.kind
        if value is None or value == "":
            cell._value = None
            cell.data_type = "n"
        elif kind in NUMERIC_KINDS and isinstance(value, int | float) and not isinstance(value, bool):
            cell._value = value
            cell.data_type = "n"
        elif kind in DATE_KINDS and (when := as_date(value)) is not None:
            cell._value = when
            cell.data_type = "d"
        else:
            text = value if isinstance(value, str) else _text(value)
            if _ILLEGAL.search(text):
                text = _ILLEGAL.sub("", text)
            if len(text) > MAX_TEXT:
                text = text[:MAX_TEXT]
            if text.startswith(FORMULA_STARTS):
                cell = self.formula_safe if household_start else self.plain_safe
            cell._value = text
            cell.data_type = "s"  # never "f": a string is never a formula
        cell.row = row
        return cell


DATE_KINDS = {"date", "datetime"}


def as_date(value: Any) -> dt.date | None:
    """A date or time for a date column: a date, or ISO text (``2023-01-04``, ``2023-01-04 20:10``)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and 10 <= len(value) <= 19 and value[:4].isdigit() and value[4] == "-":
        try:
            return dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
