"""Any ledger (``exports.ledger.Ledger``) as a printable PDF table: the sign-off sheet (签收表)
and every other 台账 that is printed rather than filled in on screen.

Each sheet starts on a new page; the title, office and date head every page, the column
header repeats on every page, cells wrap (never cut), and the foot of every page carries the
ledger's signature line (发放人 …) and "第 x 页 / 共 y 页" counted per sheet. The public (公示)
version masks IDs and phones and drops sensitive columns through ``exports.ledger``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from gridoffice.exports import fonts
from gridoffice.exports.ledger import Column, Ledger, Sheet, heading, public_value, visible_columns
from gridoffice.exports.pdfkit import width
from gridoffice.i18n import tr

M = 28.0
HEAD_H = 58.0
FOOT_H = 40.0
NUMBER = "序号"


def write_ledger_pdf(ledger: Ledger, target: str | Path | BinaryIO, *, landscape_pages: bool | None = None,
                     font_size: float = 8.5,
                     progress: Callable[[int, int | None], None] | None = None) -> int:
    """Write ``ledger`` to ``target``; returns the number of pages."""
    fonts.register()
    wide = landscape_pages if landscape_pages is not None else any(
        len(s.columns) > 8 or sum(c.width for c in s.columns) > 90 for s in ledger.sheets)
    pagesize = landscape(A4) if wide else A4
    pw, ph = pagesize
    doc = _Doc(str(target) if isinstance(target, Path) else target, pagesize=pagesize,
               leftMargin=M, rightMargin=M, topMargin=M + HEAD_H, bottomMargin=M + FOOT_H,
               title=ledger.title, author=ledger.office, creator="GridOffice")
    doc.ledger = ledger
    frame = Frame(M, M + FOOT_H, pw - 2 * M, ph - 2 * M - HEAD_H - FOOT_H, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("sheet", [frame], onPage=doc.decorate)])
    cell = ParagraphStyle("cell", fontName=fonts.REGULAR, bulletFontName=fonts.REGULAR, fontSize=font_size, leading=font_size * 1.25,
                          wordWrap="CJK")
    head = ParagraphStyle("head", parent=cell, fontName=fonts.BOLD, alignment=TA_CENTER)
    story: list[Flowable] = []
    rows_done = 0
    for index, sheet in enumerate(ledger.sheets):
        if index:
            story.append(_SheetBreak(index))
        table, rows = _table(ledger, sheet, pw - 2 * M, cell, head)
        story.append(table)
        rows_done += rows
        if progress is not None:
            progress(rows_done, None)
    if not ledger.sheets:
        story.append(Paragraph(escape(tr("（没有内容）")), cell))
    doc.build(story, canvasmaker=_NumberedCanvas)
    return doc.page_count


def _columns(ledger: Ledger, sheet: Sheet) -> tuple[list[Column], list[int]]:
    """The printed columns (序号 first, added when the sheet has none) and the source indexes."""
    keep = visible_columns(sheet, ledger.public)
    cols = [sheet.columns[i] for i in keep]
    if not (cols and cols[0].header == NUMBER):
        cols = [Column(NUMBER, 5, "int"), *cols]
    return cols, keep


def _text(column: Column, value: Any, public: bool) -> str:
    if public:
        value = public_value(column, value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1%}" if column.kind == "percent" else f"{value:g}"
    return str(value)


def _table(ledger: Ledger, sheet: Sheet, width: float, cell: ParagraphStyle,
           head: ParagraphStyle) -> tuple[Table, int]:
    cols, keep = _columns(ledger, sheet)
    numbered_in_sheet = bool(sheet.columns) and sheet.columns[0].header == NUMBER
    data: list[list[Any]] = [[Paragraph(escape(c.header), head) for c in cols]]
    count = 0
    for raw in sheet.rows:
        count += 1
        values = list(raw)
        if numbered_in_sheet and len(values) < len(sheet.columns):
            values = [count, *values]  # rows come without 序号: the writer numbers them
        picked = [values[i] if i < len(values) else None for i in keep]
        if not numbered_in_sheet:
            picked = [count, *picked]
        else:
            picked[0] = picked[0] if picked[0] not in (None, "") else count
        data.append([Paragraph(escape(_text(c, v, ledger.public)), cell) for c, v in zip(cols, picked, strict=True)])
    total_row = None
    if sheet.total is not None:
        total = list(sheet.total)
        if numbered_in_sheet and len(total) < len(sheet.columns):
            total = ["", *total]
        picked = [total[i] if i < len(total) else None for i in keep]
        if not numbered_in_sheet:
            picked = ["", *picked]
        picked[0] = tr("合计")
        data.append([Paragraph(escape(_text(c, v, ledger.public)), head) for c, v in zip(cols, picked, strict=True)])
        total_row = len(data) - 1
    weights = [max(c.width, 5.0 if c.header == NUMBER else 2.0) for c in cols]
    unit = width / sum(weights)
    table = Table(data, colWidths=[w * unit for w in weights], repeatRows=1, hAlign="CENTER")
    pad = 6 if any("签字" in c.header or "签名" in c.header for c in cols) else 3  # room to sign
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("GRID", (0, 0), (-1, -1), 0.5, HexColor("#555555")),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#E8E8E8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 1), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 1), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if total_row is not None:
        style.append(("BACKGROUND", (0, total_row), (-1, total_row), HexColor("#F4F4F4")))
        if len(cols) > 1 and not data[total_row][1].text:
            style.append(("SPAN", (0, total_row), (1, total_row)))
    table.setStyle(TableStyle(style))
    table.sheet_title = sheet.title or ledger.title
    return table, count


class _SheetBreak(PageBreak):
    """A page break after which the pages belong to sheet ``index``."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class _Doc(BaseDocTemplate):
    ledger: Ledger
    page_count = 0

    def decorate(self, c: Canvas, doc: BaseDocTemplate) -> None:
        """Title block and signature line; the page number is added at save (_NumberedCanvas)."""
        ledger = self.ledger
        pw, ph = self.pagesize
        sheet_no = getattr(c, "_gridoffice_pending_sheet", 0)
        sheets = ledger.sheets
        sheet = sheets[sheet_no] if sheet_no < len(sheets) else None
        title = heading(ledger, sheet)
        B, R = fonts.BOLD, fonts.REGULAR
        c.saveState()
        c.setFillColor(HexColor("#000000"))
        c.setFont(B, 15)
        c.drawCentredString(pw / 2, ph - M - 18, title)
        c.setFont(R, 9)
        left = tr("填报单位：{office}").format(office=ledger.office)
        c.drawString(M, ph - M - 44, left)
        right = tr("日期：{on}").format(on=ledger.on.isoformat())
        if ledger.internal and not ledger.public:
            right = tr("内部资料 注意保密") + "    " + right
        c.drawRightString(pw - M, ph - M - 44, right)
        # signature line
        c.setFont(R, 10)
        x = M
        for label in ledger.signatures:
            text = tr("{label}（签字）：").format(label=label) if label not in ("日期", "联系电话") \
                else f"{label}："
            c.drawString(x, M + 12, text)
            x += width(text, R, 10) + 4
            c.setLineWidth(0.6)
            c.line(x, M + 10, x + 86, M + 10)
            x += 86 + 22
        c.restoreState()
        self.page_count += 1

    next_sheet = 0

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables and isinstance(flowables[0], _SheetBreak):
            self.next_sheet = flowables[0].index
        super().handle_flowable(flowables)

    def handle_pageBegin(self) -> None:
        self.canv._gridoffice_pending_sheet = self.next_sheet  # type: ignore[attr-defined]
        super().handle_pageBegin()


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end so each can say 第 x 页 / 共 y 页 within its sheet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.REGULAR  # no Helvetica
        super().__init__(*args, **kwargs)
        self._pages: list[tuple[dict[str, Any], int]] = []
        self._gridoffice_pending_sheet = 0

    def showPage(self) -> None:
        self._pages.append((dict(self.__dict__), getattr(self, "_gridoffice_pending_sheet", 0)))
        self._startPage()

    def save(self) -> None:
        per_sheet: dict[int, int] = {}
        for _, sheet in self._pages:
            per_sheet[sheet] = per_sheet.get(sheet, 0) + 1
        seen: dict[int, int] = {}
        pw = self._pagesize[0]
        for state, sheet in self._pages:
            self.__dict__.update(state)
            seen[sheet] = seen.get(sheet, 0) + 1
            self.setFont(fonts.REGULAR, 9)
            self.drawRightString(pw - M, M - 6, tr("第 {page} 页 / 共 {pages} 页").format(
                page=seen[sheet], pages=per_sheet[sheet]))
            Canvas.showPage(self)
        Canvas.save(self)
