"""One layout for every ledger table, used by both writers (exports/xlsx.py, exports/pdf_table.py).

From the columns and a sample of the rows it decides, the same way for Excel and PDF:

- each column's kind (``kind_of``: ID numbers, phones, dates, times and codes such as 户号 or a
  disability card number never wrap; only free text wraps);
- each column's width from its content, measured with real font metrics (the writer passes a
  ``measure`` function: reportlab's stringWidth for the PDF, the double width of CJK characters of
  宋体 for Excel), free text capped;
- the paper (A4 portrait, A4 landscape, A3 landscape) and the print scale, so that the body prints
  at ≥ ``MIN_PRINTED`` pt after fit-to-width scaling; when even A3 is too narrow, the columns are
  split into bands printed on consecutive page widths with 序号 and 姓名 repeated.

Widths are in points at the nominal body size ``BODY``; the writer multiplies by ``scale`` (PDF)
or leaves Excel's fit-to-width to do it (xlsx, whose scale is the same figure).
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gridoffice.exports.ledger import Column

MM = 72 / 25.4
BODY = 10.0  # nominal body size (pt)
MIN_PRINTED = 9.0  # never smaller as printed
MARGIN = 0.4 * 72  # left / right page margin (pt), both writers
PAD = 3.0  # cell padding each side (pt)
WRAP_CAP = 18.0  # a free-text column is at most this many ems wide…
WRAP_MIN = 8.0  # …and, squeezed, at least this many (an address such as 禹庙村1组12号)…
WRAP_TIGHT = 5.0  # …or this many, rather than leave A4
WRAP_TIGHTEST = 4.0  # …and, with headers over three lines, this many (a ledger printed on A4)
LEADING = 1.3  # line height / font size in a wrapped cell
PAPERS = {"A4": (595.28, 841.89), "A3": (841.89, 1190.55)}
SAMPLE_ROWS = 1500  # rows looked at to size the columns (IDs, phones, dates are sized by kind)

NOWRAP_KINDS = {"id", "phone", "date", "datetime", "code", "name", "int", "float", "percent", "seq", "sign"}
NUMERIC_KINDS = {"int", "float", "percent", "seq"}
CODE_WORDS = ("身份证", "身份号码", "证号", "卡号", "户号", "编号", "编码", "账号", "号码")
KIND_SAMPLES = {  # the widest value a kind can hold, whatever the sample shows
    "id": "510124195302141351", "phone": "13812345678", "date": "2023-01-07",
    "datetime": "2023-01-07 20:10",
}
Measure = Callable[[str], float]  # text → width in points at BODY


def kind_of(column: Column) -> str:
    """The column's kind, inferred from its header for columns declared plain text."""
    kind = column.kind
    if kind != "text":
        return kind
    header = column.header
    if "签字" in header or "签名" in header:
        return "sign"
    if "电话" in header or "手机" in header:
        return "phone"
    if header.endswith("时间"):
        return "datetime"
    if header.endswith("日期"):
        return "date"
    if any(word in header for word in CODE_WORDS):
        return "code"
    return kind


def text_of(kind: str, value: Any) -> str:
    """How a value reads in a cell (the PDF prints this; Excel shows the same via its format)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if kind == "percent":
            return f"{value:.1%}"
        return f"{value:.2f}" if kind == "float" else f"{value:g}"
    return str(value)


def cjk_measure(size: float = BODY, latin: float = 0.56) -> Measure:
    """Width of text in 宋体 (Excel / WPS): CJK and full-width characters one em, others
    ``latin`` em (宋体's digits are 0.5 em; 0.56 leaves room for the fonts a machine without 宋体
    substitutes: Noto Sans CJK 0.55, Arial 0.556)."""
    narrow = size * latin

    def measure(text: str) -> float:
        if text.isascii():
            return len(text) * narrow
        wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
        return wide * size + (len(text) - wide) * narrow

    return measure


@dataclass
class Plan:
    kinds: list[str]
    widths: list[float]  # points at BODY, per printed column (序号 first)
    wrap: list[bool]
    paper: str = "A4"
    landscape: bool = True
    scale: float = 1.0  # printed size / nominal size
    bands: list[list[int]] = field(default_factory=list)  # column indexes per page width
    row_min: float = 0.0  # minimum row height (pt at BODY), e.g. a sign-off row
    header_lines: int = 1

    @property
    def printed_size(self) -> float:
        return BODY * self.scale

    @property
    def page_size(self) -> tuple[float, float]:
        w, h = PAPERS[self.paper]
        return (h, w) if self.landscape else (w, h)

    @property
    def split(self) -> bool:
        return len(self.bands) > 1


def header_need(header: str, measure: Measure) -> float:
    """A header of up to five characters stays on one line (序号, 性别, 与户主关系); a longer one
    takes two lines of even length, or three when it is long."""
    n = len(header)
    if n <= 5:
        return measure(header)
    if n <= 10:
        return measure(header[: math.ceil(n / 2)])
    return max(measure(header[: math.ceil(n / 3)]), measure(header) / 3)


def header_breaks(header: str, lines: int) -> list[str]:
    """``header`` in ``lines`` lines of even length, broken only at sensible points: before a
    bracket (响应用时 / （小时）) when there is one, else between characters of even halves
    (代领人 / 及关系), never leaving one character alone on a line."""
    n = len(header)
    if lines <= 1 or n < 4:
        return [header]
    bracket = header.find("（")
    if bracket >= 2 and lines >= 2:  # 响应用时 / （小时）, or 响应 / 用时 / （小时）
        return [*header_breaks(header[:bracket], lines - 1), header[bracket:]]
    lines = min(lines, n // 2)
    size = math.ceil(n / lines)
    parts = [header[i:i + size] for i in range(0, n, size)]
    if len(parts) > 1 and len(parts[-1]) == 1:
        parts[-2] += parts.pop()
    return parts


def header_lines_for(header: str, width: float, measure: Measure, most: int = 3) -> list[str]:
    """The fewest even lines (at most ``most``) in which ``header`` fits ``width`` points (inside
    the padding); the last try when none fits."""
    tried = [header]
    for lines in range(1, most + 1):
        tried = header_breaks(header, lines)
        if max(measure(x) for x in tried) <= width + 0.01:
            return tried
    return tried


def _header_least(header: str, measure: Measure) -> float:
    """The narrowest a header can be: up to three even lines of at least two characters."""
    return min(max(measure(x) for x in header_breaks(header, k)) for k in (1, 2, 3))


def needs(columns: Sequence[Column], kinds: Sequence[str], samples: Sequence[Sequence[Any]],
          measure: Measure, squeeze_headers: bool = False,
          tight_ems: float = WRAP_TIGHT) -> tuple[list[float], list[float], list[float], list[bool]]:
    """Per column: natural width, least (free text squeezed to WRAP_MIN), tight (to ``tight_ems``)
    and whether it wraps. ``squeeze_headers``: a header wider than its column's values may take
    up to three lines (风险等级 over 高 / 低)."""
    natural: list[float] = []
    least: list[float] = []
    tight: list[float] = []
    wraps: list[bool] = []
    pad = 2 * PAD
    for i, (column, kind) in enumerate(zip(columns, kinds, strict=True)):
        head = header_need(column.header, measure) * 1.06  # headers are set in bold
        if squeeze_headers:
            head = _header_least(column.header, measure) * 1.06
        widest = max((measure(text_of(kind, row[i])) for row in samples if i < len(row)), default=0.0)
        if kind in KIND_SAMPLES:
            widest = max(widest, measure(KIND_SAMPLES[kind]))
        if kind == "sign":  # 30 mm as printed at any scale the layout may choose
            widest = max(widest, 30 * MM * BODY / MIN_PRINTED - pad)
        if kind in NOWRAP_KINDS:
            w = max(head, widest) + pad
            natural.append(w)
            least.append(w)
            tight.append(w)
            wraps.append(False)
        else:
            natural.append(max(head, min(widest, WRAP_CAP * BODY)) + pad)
            least.append(max(head, min(widest, WRAP_MIN * BODY)) + pad)
            tight.append(max(head, min(widest, tight_ems * BODY)) + pad)
            wraps.append(widest > tight_ems * BODY)
    return natural, least, tight, wraps


def plan(columns: Sequence[Column], samples: Sequence[Sequence[Any]], measure: Measure, *,
         row_min_mm: float = 0.0, keep: Sequence[str] = ("序号", "姓名")) -> Plan:
    """Lay out ``columns`` (序号 first, a ``Column`` like the others) for ``samples`` (rows of
    values in the same order)."""
    kinds = [kind_of(c) for c in columns]
    natural, least, tight, wraps = needs(columns, kinds, samples, measure)
    result = Plan(kinds, natural, wraps, row_min=row_min_mm * MM)
    sign_columns = [i for i, k in enumerate(kinds) if k == "sign"]
    # last on A4: headers over up to three lines, free text down to WRAP_TIGHTEST ems — an A3
    # ledger prints at ~7 pt on the office's A4 printer
    _n, _l, tightest, tightest_wraps = needs(columns, kinds, samples, measure, True, WRAP_TIGHTEST)
    tries = (("A4", False, least, wraps), ("A4", True, least, wraps), ("A4", True, tight, wraps),
             ("A4", True, tightest, tightest_wraps), ("A3", True, least, wraps))
    for paper, landscape, floor, wrapping in tries:
        w, h = PAPERS[paper]
        avail = (h if landscape else w) - 2 * MARGIN
        portrait = paper == "A4" and not landscape
        if portrait and sum(natural) > avail:
            continue  # portrait only for a table that fits as it is
        fitted = _fit(natural, floor, wraps, avail, allow_scale=not portrait)
        if fitted is None:
            continue
        widths, scale = fitted
        # a signature box is ≥ 30 mm as printed; a sign-off row ≥ row_min as printed
        if sign_columns and any(widths[i] * scale < 30 * MM - 0.01 for i in sign_columns):
            continue
        result.widths, result.scale, result.paper, result.landscape = widths, scale, paper, landscape
        result.wrap = [a or b for a, b in zip(wraps, wrapping, strict=True)] if floor is tightest else wraps
        result.bands = [list(range(len(columns)))]
        result.row_min = row_min_mm * MM / scale
        result.header_lines = _header_lines(columns, widths, measure)
        return result
    # not even A3 at the smallest readable size: bands of A4 landscape at full size
    result.paper, result.landscape, result.scale = "A4", True, 1.0
    result.widths = list(least)
    result.bands = _bands(columns, least, PAPERS["A4"][1] - 2 * MARGIN, keep)
    result.header_lines = _header_lines(columns, least, measure)
    return result


def _header_lines(columns: Sequence[Column], widths: Sequence[float], measure: Measure) -> int:
    lines = [len(header_lines_for(c.header, (w - 2 * PAD) / 1.06, measure)) for c, w in zip(columns, widths, strict=True)]
    return min(max(lines, default=1), 3)


def _fit(natural: list[float], least: list[float], wraps: list[bool], avail: float,
         allow_scale: bool) -> tuple[list[float], float] | None:
    """Widths and scale for one page width: free text on one line at a slightly smaller size
    (down to MIN_PRINTED) beats wrapping it; only then is free text squeezed toward ``least``."""
    total = sum(natural)
    if total <= avail:  # room to spare: shared out in proportion, so nothing looks odd
        grow = avail / total if total else 1.0
        return [w * grow for w in natural], 1.0
    smallest = MIN_PRINTED / BODY if allow_scale else 1.0
    if avail / total >= smallest:
        return list(natural), avail / total
    room = avail / smallest
    squeeze = sum(n - m for n, m in zip(natural, least, strict=True))
    need = total - room
    if squeeze < need - 1e-6:
        return None
    ratio = need / squeeze if squeeze else 0.0
    return [n - (n - m) * ratio for n, m in zip(natural, least, strict=True)], smallest


def _bands(columns: Sequence[Column], widths: list[float], avail: float, keep: Sequence[str]) -> list[list[int]]:
    """Split the columns into page widths; the ``keep`` columns (序号, 姓名) open every band."""
    repeated = [i for i, c in enumerate(columns) if c.header in keep]
    fixed = sum(widths[i] for i in repeated)
    bands: list[list[int]] = []
    current: list[int] = []
    used = fixed
    for i in range(len(columns)):
        if i in repeated:
            continue
        if current and used + widths[i] > avail:
            bands.append(current)
            current, used = [], fixed
        current.append(i)
        used += widths[i]
    if current or not bands:
        bands.append(current)
    return [sorted(repeated + band) for band in bands]


def lines_needed(text: str, width: float, measure: Measure) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` points wide (inside padding)."""
    inner = max(width - 2 * PAD, 1.0)
    total = 0
    for part in text.split("\n"):
        w = measure(part)
        total += max(1, math.ceil(w / inner - 1e-9)) if w > inner else 1
    return total


def row_height(values: Sequence[str], widths: Sequence[float], wrap: Sequence[bool], measure: Measure,
               minimum: float = 0.0) -> float:
    """Height (pt at BODY) of a row of texts."""
    lines = 1
    for text, w, wraps in zip(values, widths, wrap, strict=True):
        if wraps and text and (len(text) * BODY > w - 2 * PAD or "\n" in text):
            lines = max(lines, lines_needed(text, w, measure))
    return max(minimum, lines * BODY * LEADING + 2 * PAD)
