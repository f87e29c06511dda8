"""Any ledger (``exports.ledger.Ledger``) as a printable PDF table: the sign-off sheet (签收表)
and every other 台账 that is printed rather than filled in on screen.

Laid out by exports/layout.py exactly as the xlsx writer lays it out (column kinds and widths,
paper, scale ≥ 9 pt printed, bands of columns when even A3 is too narrow), and drawn page by page
on the canvas: a page's rows are read, drawn and let go, so a 150,000-row roster streams at a
steady memory. Every page carries the title, the header line (填报单位（盖章） / 内部资料 注意保密 /
填报日期, from exports.ledger like the xlsx), the column header, the signature line and
"第 x 页 / 共 y 页" counted per sheet (the total is a form drawn once the sheet is done).
Identifiers never wrap (a value wider than its column is set smaller on its one line); free
text wraps; numbers are right-aligned. The public (公示) version masks IDs and phones and drops
sensitive columns through ``exports.ledger``.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from gridoffice.exports import fonts, layout
from gridoffice.exports.errors import ExportCancelled
from gridoffice.exports.ledger import (
    Cancelled,
    Column,
    Ledger,
    Progress,
    Sheet,
    header_line,
    heading,
    note_of,
    public_value,
    signature_labels,
    total_values,
    visible_columns,
)
from gridoffice.exports.pdfkit import fit, width, wrap
from gridoffice.i18n import tr

M = layout.MARGIN
TOP = 50.0  # title and header line
FOOT = 34.0  # signature line and page number
NOTE = 16.0  # a note line above the signatures
NUMBER = "序号"
PROGRESS_EVERY = 500
GRID = HexColor("#555555")
HEAD_FILL = HexColor("#E8E8E8")
TOTAL_FILL = HexColor("#F4F4F4")
RED = HexColor("#C00000")
BLACK = HexColor("#000000")
CENTERED = {"id", "phone", "code", "date", "datetime", "name", "sign"}


def write_ledger_pdf(ledger: Ledger, target: str | Path | BinaryIO, progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> int:
    """Write ``ledger`` to ``target``; returns the number of pages. ``cancelled()`` is asked every
    few hundred rows (``ExportCancelled`` is raised; the caller removes the partial file)."""
    fonts.register()
    c = Canvas(str(target) if isinstance(target, Path) else target, pageCompression=1,
               initialFontName=fonts.REGULAR)
    c.setTitle(f"{ledger.office}{ledger.title}")
    c.setAuthor(ledger.office)
    c.setCreator("GridOffice")
    writer = _Writer(c, ledger, progress, cancelled)
    try:
        for index, sheet in enumerate(ledger.sheets):
            writer.sheet(index, sheet)
        if not ledger.sheets:
            writer.sheet(0, Sheet(ledger.title, ledger.title, [], iter(())))
    except BaseException:
        for sheet in ledger.sheets:
            close = getattr(sheet.rows, "close", None)
            if close is not None:
                close()
        raise
    c.save()
    return writer.pages


class _Text:
    """The text of one page as raw PDF operators (what reportlab's text object writes, without
    its per-call overhead: a 3,000-page roster draws two million cells)."""

    def __init__(self, c: Canvas) -> None:
        self.c, self.doc = c, c._doc
        self.ops: list[str] = ["BT"]
        self.current: tuple[str, int, float] | None = None
        self.name, self.size = fonts.REGULAR, layout.BODY
        self.face = pdfmetrics.getFont(self.name)

    def font(self, name: str, size: float) -> None:
        self.name, self.size = name, size
        self.face = pdfmetrics.getFont(name)

    def out(self, x: float, y: float, text: str) -> None:
        ops = self.ops
        ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        escape = self.c._escape
        for subset, part in self.face.splitString(text, self.doc):
            key = (self.name, subset, self.size)
            if key != self.current:
                ops.append(f"{self.face.getSubsetInternalName(subset, self.doc)} {self.size:.2f} Tf")
                self.current = key
            ops.append(f"({escape(part)}) Tj")

    def draw(self) -> None:
        self.ops.append("ET")
        self.c._code.append("\n".join(self.ops))


def _compress_last_page(c: Canvas) -> None:
    """Compress the page just finished now rather than when the document is saved: reportlab
    keeps every page's operators as text until then (450 MB for the street roster; 40 MB so)."""
    page = c._doc.Pages.pages[-1]
    if page.stream and not page.Contents:
        data = page.stream.encode("utf8") if isinstance(page.stream, str) else page.stream
        page.Contents = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFName("FlateDecode")}),
                                         zlib.compress(data), filters=[])
        page.stream = None


_WIDTHS: dict[str, tuple[dict[int, int], float]] = {}


def text_width(text: str, font: str, size: float) -> float:
    """stringWidth of the registered TrueType font, from its width table (no per-call setup)."""
    if font not in _WIDTHS:
        face = pdfmetrics.getFont(font).face
        _WIDTHS[font] = (face.charWidths, face.defaultWidth)
    table, default = _WIDTHS[font]
    get = table.get
    return sum(get(ord(ch), default) for ch in text) * size / 1000


def _measure(text: str) -> float:
    return text_width(text, fonts.REGULAR, layout.BODY)


def _columns(ledger: Ledger, sheet: Sheet) -> tuple[list[Column], list[int], bool]:
    """The printed columns (序号 first, added when the sheet has none), the source indexes and
    whether the sheet declares its own 序号 column."""
    keep = visible_columns(sheet, ledger.public)
    cols = [sheet.columns[i] for i in keep]
    own = bool(cols) and cols[0].header == NUMBER
    if not own:
        cols = [Column(NUMBER, 5, "seq"), *cols]  # type: ignore[arg-type]
    return cols, keep, own


class _Writer:
    def __init__(self, c: Canvas, ledger: Ledger, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.c, self.ledger, self.progress, self.cancelled = c, ledger, progress, cancelled
        self.pages = 0
        self.done = 0
        counts = [s.row_count for s in ledger.sheets]
        self.expected = None if any(n is None for n in counts) else sum(n or 0 for n in counts)

    # ---- rows --------------------------------------------------------------------------------
    def _texts(self, sheet: Sheet, cols: list[Column], keep: list[int], own: bool) -> Iterator[tuple[list[str], Any]]:
        """(printed texts, household key) per row, numbered, masked on the public version."""
        public = self.ledger.public
        kinds = [layout.kind_of(c) for c in cols]
        group = next((i for i, c in enumerate(sheet.columns) if c.groups), None)
        for count, raw in enumerate(sheet.rows, start=1):
            values = list(raw)
            if own and len(values) < len(sheet.columns):
                values = [count, *values]  # rows come without 序号: the writer numbers them
            picked = [values[i] if i < len(values) else None for i in keep]
            if own:
                picked[0] = picked[0] if picked[0] not in (None, "") else count
            else:
                picked = [count, *picked]
            if public:
                picked = [public_value(c, v) for c, v in zip(cols, picked, strict=True)]
            key = values[group] if group is not None and group < len(values) else None
            yield [layout.text_of(k, v) for k, v in zip(kinds, picked, strict=True)], key

    # ---- one sheet ---------------------------------------------------------------------------
    def sheet(self, index: int, sheet: Sheet) -> None:
        ledger = self.ledger
        cols, keep, own = _columns(ledger, sheet)
        rows = self._texts(sheet, cols, keep, own)
        sample = list(itertools.islice(rows, layout.SAMPLE_ROWS))
        kinds = [layout.kind_of(c) for c in cols]
        total_texts = None
        if sheet.total is not None:
            total = total_values(sheet, keep)
            if not own:
                total = [None, *total]
            total[0] = tr("合计")
            total_texts = [layout.text_of(k, v) for k, v in zip(kinds, total, strict=True)]
        measured = [t for t, _ in sample] + ([total_texts] if total_texts else [])
        plan = layout.plan(cols, measured, _measure, row_min_mm=sheet.row_mm)
        s = plan.scale
        self.size = layout.BODY * s
        self.pad = layout.PAD * s
        self.widths = [w * s for w in plan.widths]
        self.wrap, self.kinds, self.plan = plan.wrap, plan.kinds, plan
        self.head_lines = [layout.header_lines_for(c.header, w - 1.5 * self.pad,
                                                   lambda x: text_width(x, fonts.BOLD, self.size))
                           for c, w in zip(cols, self.widths, strict=True)]  # even lines, never 关/系
        self.title = heading(ledger, sheet)
        self.form = f"gridoffice_pages_{index}"
        self.sheet_pages = 0
        pw, ph = plan.page_size
        self.page_w, self.page_h = pw, ph
        self.note = note_of(ledger, sheet)  # what "<3" and "*" mean on a public sheet
        self.bottom = M + FOOT + (NOTE if self.note else 0)
        self.row_min = plan.row_min * s

        page: list[tuple[list[str], float, bool, str]] = []  # texts, height, household starts, style
        y = self._top()
        previous: Any = object()
        count = 0
        for texts, key in itertools.chain(sample, rows):
            count += 1
            starts = count > 1 and key is not None and key != previous
            previous = key
            h = self._height(texts)
            if page and y - h < self.bottom:
                self._page(page)
                page, y = [], self._top()
            page.append((texts, h, starts, "row"))
            y -= h
            if count % PROGRESS_EVERY == 0:
                self._tick(PROGRESS_EVERY)
        self._tick(count % PROGRESS_EVERY)
        extra: list[tuple[list[str], float, bool, str]] = []
        if count == 0:
            extra.append(([tr("（无符合条件的记录）")], self._height([""]), False, "empty"))
        if total_texts is not None:
            extra.append((total_texts, self._height(total_texts), False, "total"))
        for item in extra:
            if page and y - item[1] < self.bottom:
                self._page(page)
                page, y = [], self._top()
            page.append(item)
            y -= item[1]
        self._page(page)
        self._finish_sheet()

    def _tick(self, n: int) -> None:
        self.done += n
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled(tr("已取消导出，没有生成文件。"))
        if self.progress is not None and n:
            self.progress(self.done, self.expected)

    def _height(self, texts: Sequence[str]) -> float:
        lines = 1
        size, pad = self.size, self.pad
        for text, w, wraps in zip(texts, self.widths, self.wrap, strict=False):
            if wraps and text and (len(text) * size > w - 2 * pad or "\n" in text):
                lines = max(lines, len(wrap(text, fonts.REGULAR, size, w - 2 * pad)))
        return max(self.row_min, lines * size * layout.LEADING + 2 * pad)

    def _top(self) -> float:
        """The y where the first data row starts (below the title block and the column header)."""
        return self.page_h - M - TOP - self._header_height()

    def _header_height(self) -> float:
        lines = max((len(x) for x in self.head_lines), default=1)
        return lines * self.size * layout.LEADING + 2 * self.pad + 2

    # ---- one page ----------------------------------------------------------------------------
    def _page(self, rows: list[tuple[list[str], float, bool, str]]) -> None:
        """Draw ``rows`` on one page per band of columns."""
        for band in self.plan.bands:
            self._draw(rows, band)

    def _draw(self, rows: list[tuple[list[str], float, bool, str]], band: list[int]) -> None:
        c = self.c
        c.setPageSize((self.page_w, self.page_h))
        self._decorate()
        widths = [self.widths[i] for i in band]
        table_w = sum(widths)
        x0 = (self.page_w - table_w) / 2
        xs = [x0]
        for w in widths:
            xs.append(xs[-1] + w)
        top = self.page_h - M - TOP
        head_h = self._header_height()
        size = self.size
        lead = size * layout.LEADING
        # fills first, text over them
        c.setFillColor(HEAD_FILL)
        c.rect(x0, top - head_h, table_w, head_h, stroke=0, fill=1)
        y = top - head_h
        for _texts, h, _starts, style in rows:
            if style == "total":
                c.setFillColor(TOTAL_FILL)
                c.rect(x0, y - h, table_w, h, stroke=0, fill=1)
            y -= h
        bottom = y
        c.setFillColor(BLACK)
        t = _Text(c)
        heads = self.head_lines
        t.font(fonts.BOLD, size)
        for j, i in enumerate(band):
            lines = heads[i]
            first = top - (head_h - len(lines) * lead) / 2 - lead / 2 - size * 0.36
            for n, line in enumerate(lines):
                t.out(xs[j] + (widths[j] - text_width(line, fonts.BOLD, size)) / 2, first - n * lead, line)
        y = top - head_h
        rules: list[tuple[float, bool]] = []
        for texts, h, starts, style in rows:
            rules.append((y, starts))
            font = fonts.BOLD if style == "total" else fonts.REGULAR
            t.font(font, size)
            if style == "empty":
                text = texts[0]
                t.out(x0 + (table_w - text_width(text, font, size)) / 2, y - h / 2 - size * 0.36, text)
                y -= h
                continue
            for j, i in enumerate(band):
                text = texts[i] if i < len(texts) else ""
                if text:
                    self._cell(t, text, font, xs[j], y, widths[j], h, i)
            y -= h
        t.draw()
        # the grid: one path for the page, the household lines heavier
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        path = c.beginPath()
        for x in xs:
            path.moveTo(x, top)
            path.lineTo(x, bottom)
        for yy in (top, top - head_h, bottom):
            path.moveTo(x0, yy)
            path.lineTo(xs[-1], yy)
        for yy, starts in rules:
            if not starts:
                path.moveTo(x0, yy)
                path.lineTo(xs[-1], yy)
        c.drawPath(path, stroke=1, fill=0)
        heavy = [yy for yy, starts in rules if starts]
        if heavy:
            c.setLineWidth(1.2)
            path = c.beginPath()
            for yy in heavy:
                path.moveTo(x0, yy)
                path.lineTo(xs[-1], yy)
            c.drawPath(path, stroke=1, fill=0)
        c.showPage()
        _compress_last_page(c)

    def _cell(self, t: _Text, text: str, font: str, x: float, top: float, w: float, h: float, i: int) -> None:
        size, pad = self.size, self.pad
        inner = w - 2 * pad
        kind = self.kinds[i]
        lines = [text]
        cell_size = size
        if self.wrap[i] and (len(text) * size > inner or "\n" in text):
            lines = wrap(text, font, size, inner)
        elif len(text) * size > inner * 0.5 and text_width(text, font, size) > inner + pad:
            # one line, never wrapped: into the padding first, then smaller
            cell_size = max((inner + pad) / text_width(text, font, 1.0) * 0.999, 1.0)
            t.font(font, cell_size)
        lead = size * layout.LEADING
        y = top - (h - len(lines) * lead) / 2 - lead / 2 - cell_size * 0.36
        for line in lines:
            if kind in layout.NUMERIC_KINDS:
                lx = x + w - pad - text_width(line, font, cell_size)
            elif kind in CENTERED and not self.wrap[i]:
                lx = x + (w - text_width(line, font, cell_size)) / 2
            else:
                lx = x + pad
            t.out(lx, y, line)
            y -= lead
        if cell_size != size:
            t.font(font, size)

    def _decorate(self) -> None:
        """Title, header line, signature line and page number of one page."""
        c, ledger = self.c, self.ledger
        pw, ph = self.page_w, self.page_h
        self.pages += 1
        self.sheet_pages += 1
        size, lines = fit(self.title, fonts.BOLD, 15, pw - 2 * M, max_lines=1, min_size=11)
        c.setFillColor(BLACK)
        c.setFont(fonts.BOLD, size)
        c.drawCentredString(pw / 2, ph - M - 18, lines[0] if len(lines) == 1 else self.title)
        line = header_line(ledger)
        c.setFont(fonts.REGULAR, 10)
        c.drawString(M, ph - M - 40, line.office)
        c.drawRightString(pw - M, ph - M - 40, line.date)
        if line.secret:
            c.setFont(fonts.BOLD, 10)
            c.setFillColor(RED)
            c.drawCentredString(pw / 2, ph - M - 40, line.secret)
            c.setFillColor(BLACK)
        if self.note:
            size, lines = fit(self.note, fonts.REGULAR, 9.5, pw - 2 * M, max_lines=1, min_size=9)
            c.setFont(fonts.REGULAR, size)
            c.drawString(M, M + FOOT - 2, lines[0] if lines else self.note)
        c.setFont(fonts.REGULAR, 10)
        labels = signature_labels(ledger)
        gap = (pw - 2 * M - sum(width(s, fonts.REGULAR, 10) for s in labels)) / max(len(labels), 1)
        x = M
        c.setLineWidth(0.6)
        for label in labels:
            c.drawString(x, M + 10, label)
            x += width(label, fonts.REGULAR, 10)
            c.line(x + 2, M + 8, x + gap - 14, M + 8)
            x += gap
        c.setFont(fonts.REGULAR, 9)
        number = tr("第 {page} 页 / ").format(page=self.sheet_pages)
        c.drawRightString(pw / 2, M - 12, number)
        c.saveState()
        c.translate(pw / 2, M - 12)
        c.doForm(self.form)
        c.restoreState()

    def _finish_sheet(self) -> None:
        c = self.c
        c.beginForm(self.form)
        c.setFont(fonts.REGULAR, 9)
        c.setFillColor(BLACK)
        c.drawString(0, 0, tr("共 {pages} 页").format(pages=self.sheet_pages))
        c.endForm()
