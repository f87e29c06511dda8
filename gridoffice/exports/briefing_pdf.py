"""The 工作简报 as an A4 portrait PDF: title and period, key figures against the previous period
(↑/↓ and the difference), plain sentences, the charts (exports/chart_pdf.py), the matters flow
tables and the grids that need attention. services/briefing/core.py fills a ``BriefingDoc``; tables
are sized by exports/layout.py and print at ≥ 9 pt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from gridoffice.domain.chart_spec import ChartSpec
from gridoffice.exports import chart_pdf, fonts, layout
from gridoffice.exports.ledger import Column
from gridoffice.exports.pdf_table import text_width
from gridoffice.exports.pdfkit import GREY, INK, PALE, RED, WHITE, wrap
from gridoffice.i18n import tr

PW, PH = A4
M = 42.0  # page margin
BODY = 10.0
CHART_H = {"pyramid": 210.0, "stacked": 190.0, "line": 190.0, "bar": 190.0}


@dataclass(frozen=True)
class Figure:
    label: str
    value: float | None
    previous: float | None = None  # None: no comparison
    unit: str = ""
    percent: bool = False  # a rate: its change is in 个百分点
    shown: str = ""  # public: "<3" printed instead of the value

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)


@dataclass(frozen=True)
class FlowRow:
    label: str
    counts: tuple[Any, ...]  # 期初未办结, 新增, 办结, 转办, 期末未办结 (int, or "<3" / "*" in public)
    rate: float | None
    response_hours: float | None
    close_days: float | None


@dataclass(frozen=True)
class Attention:
    grid: str
    overdue_visits: int
    coverage: float | None  # percent; None: no campaign
    old_matters: int


@dataclass
class BriefingDoc:
    title: str
    office: str
    period: str  # 2023年1月 / 2022年第4季度 / 2022-10-01 至 2022-11-15
    previous: str
    start: dt.date
    end: dt.date
    words: tuple[str, str]  # 本月 / 上月 …
    public: bool
    figures: list[Figure]
    sentences: list[str]
    charts: list[ChartSpec]
    flow_months: list[FlowRow]
    flow_grids: list[FlowRow]
    flow_total: FlowRow
    attention: list[Attention] = field(default_factory=list)


def number(value: float | None, percent: bool = False) -> str:
    """A figure as printed in the table and the sentences."""
    if value is None:
        return "—"
    if percent or abs(value - round(value)) > 1e-9:
        return f"{value:.1f}"
    return f"{round(value):,}"


def change_text(f: Figure) -> str:
    """↑ 2.1 个百分点 / ↓ 14 / 持平 / —."""
    d = f.change
    if d is None or f.shown:
        return "—"
    if d == 0:
        return tr("持平")
    arrow = "↑" if d > 0 else "↓"
    text = f"{arrow} {number(abs(d), f.percent)}"
    return text + (tr(" 个百分点") if f.percent else "")


class _Pages:
    def __init__(self, c: Canvas, doc: BriefingDoc) -> None:
        self.c, self.doc = c, doc
        self.page = 0
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        if self.page:
            self.c.showPage()
        self.page += 1
        c = self.c
        c.setFont(fonts.REGULAR, 9)
        c.setFillColor(GREY)
        c.drawCentredString(PW / 2, 22, tr("第 {n} 页").format(n=self.page))
        mark = tr("公示") if self.doc.public else tr("内部资料 注意保密")
        c.drawRightString(PW - M, PH - 26, mark)
        c.drawString(M, PH - 26, self.doc.title)
        self.y = PH - 40

    def room(self, h: float) -> None:
        if self.y - h < 36:
            self.new_page()

    def heading(self, text: str) -> None:
        self.room(60)
        c = self.c
        c.setFillColor(RED)
        c.rect(M, self.y - 16, 4, 14, stroke=0, fill=1)
        c.setFillColor(INK)
        c.setFont(fonts.BOLD, 13)
        c.drawString(M + 10, self.y - 13.5, text)
        self.y -= 24

    def paragraph(self, text: str, size: float = 11.0) -> None:
        lines = wrap(text, fonts.REGULAR, size, PW - 2 * M - 14)
        self.room(len(lines) * size * 1.5)
        self.c.setFont(fonts.REGULAR, size)
        self.c.setFillColor(INK)
        for i, line in enumerate(lines):
            self.c.drawString(M + (14 if i == 0 else 0) + 0, self.y - size, line)
            self.y -= size * 1.5
        self.y -= 3

    def chart(self, spec: ChartSpec) -> None:
        h = CHART_H.get(spec.kind, 190.0)
        if spec.horizontal:
            h = max(h, 40 + 14.0 * len(spec.categories))
        self.room(h + 10)
        chart_pdf.draw(self.c, spec, M, self.y - h, PW - 2 * M, h)
        self.y -= h + 14

    def table(self, columns: list[Column], rows: list[list[Any]], bold_last: bool = False) -> None:
        """A table sized by exports/layout.py (widths from the content, never below 9 pt)."""
        kinds = [layout.kind_of(col) for col in columns]
        texts = [[v if isinstance(v, str) else layout.text_of(k, v) for k, v in zip(kinds, row, strict=True)]
                 for row in rows]
        plan = layout.plan(columns, texts, lambda t: text_width(t, fonts.REGULAR, layout.BODY))
        avail = PW - 2 * M
        widths = plan.widths
        stretch = avail / sum(widths) if sum(widths) < avail else 1.0
        size = BODY * min(1.0, avail / sum(widths))
        size = max(size, 9.0)
        widths = [w * stretch * size / BODY for w in widths]
        row_h = size * 1.7
        # the headers as drawn (bold, with room at the sides): a long one takes two lines
        drawn = max(len(_header_text(col.header, w, size)) for col, w in zip(columns, widths, strict=True))
        header_h = row_h * max(1, plan.header_lines) if drawn <= max(1, plan.header_lines) else size * (1.2 * drawn + 1.0)
        whole = header_h + row_h * len(texts)
        self.room(whole if whole < PH / 2 else header_h + row_h * 3)  # a short table stays on one page
        self._header(columns, widths, size, header_h)
        for r, row in enumerate(texts):
            # a total never stands alone at the top of a page: the row before it goes along
            need = row_h * (2 if bold_last and r == len(texts) - 2 else 1)
            if self.y - need < 36:
                self.new_page()
                self._header(columns, widths, size, header_h)
            last = bold_last and r == len(texts) - 1
            self._row(row, kinds, widths, size, row_h, last)

    def _header(self, columns: list[Column], widths: list[float], size: float, h: float) -> None:
        c = self.c
        x = M
        c.setFillColor(PALE)
        c.rect(M, self.y - h, sum(widths), h, stroke=0, fill=1)
        for col, w in zip(columns, widths, strict=True):
            lines = _header_text(col.header, w, size)
            c.setFont(fonts.BOLD, size)
            c.setFillColor(INK)
            top = self.y - (h - len(lines) * size * 1.2) / 2
            for i, line in enumerate(lines):
                c.drawCentredString(x + w / 2, top - size * (1 + 1.2 * i) + 2, line)
            c.setStrokeColor(GREY)
            c.setLineWidth(0.5)
            c.rect(x, self.y - h, w, h, stroke=1, fill=0)
            x += w
        self.y -= h

    def _row(self, row: list[str], kinds: list[str], widths: list[float], size: float, h: float, bold: bool) -> None:
        c = self.c
        x = M
        font = fonts.BOLD if bold else fonts.REGULAR
        for text, kind, w in zip(row, kinds, widths, strict=True):
            c.setFont(font, size)
            c.setFillColor(INK)
            base = self.y - h / 2 - size * 0.35
            if kind in layout.NUMERIC_KINDS or text in ("<3", "*", "—") or text.startswith(("↑", "↓")):
                c.drawRightString(x + w - 3, base, text)
            else:
                c.drawString(x + 3, base, text)
            c.setStrokeColor(GREY)
            c.setLineWidth(0.5)
            c.rect(x, self.y - h, w, h, stroke=1, fill=0)
            x += w
        self.y -= h


def _header_text(header: str, w: float, size: float) -> list[str]:
    """A header in even lines (超30天 / 未办结（件）), clear of its cell's borders."""
    return layout.header_lines_for(header, w - HEADER_PAD, lambda t: text_width(t, fonts.BOLD, size))


def _title(p: _Pages, doc: BriefingDoc) -> None:
    c = p.c
    c.setFillColor(RED)
    c.rect(M, p.y - 58, PW - 2 * M, 58, stroke=0, fill=1)
    c.setFillColor(WHITE)
    c.setFont(fonts.BOLD, 22)
    c.drawCentredString(PW / 2, p.y - 30, doc.title)
    c.setFont(fonts.REGULAR, 11)
    sub = tr("{period}（{start} 至 {end}，对比{previous}）").format(
        period=doc.period, start=doc.start.isoformat(), end=doc.end.isoformat(), previous=doc.previous)
    c.drawCentredString(PW / 2, p.y - 49, sub)
    p.y -= 70
    c.setFillColor(INK)
    c.setFont(fonts.REGULAR, 10)
    c.drawString(M, p.y - 10, tr("编制单位：{office}").format(office=doc.office))
    c.drawRightString(PW - M, p.y - 10, tr("数据截至：{end}").format(end=doc.end.isoformat()))
    p.y -= 24


HEADER_PAD = 12  # points of a header cell kept clear of its borders

FLOW_COLUMNS = ("期初未办结", "新增", "办结", "转办", "期末未办结")


def _flow_table(p: _Pages, label: str, rows: list[FlowRow], public: bool) -> None:
    cols = [Column(label, 14, "name"), *(Column(tr(h), 8, "int") for h in FLOW_COLUMNS)]
    if not public:
        cols += [Column(tr("办结率"), 8, "percent"), Column(tr("响应用时中位数（小时）"), 11, "float"),
                 Column(tr("办结用时中位数（天）"), 11, "float")]
    data = []
    for r in rows:
        line: list[Any] = [r.label, *r.counts]
        if not public:
            line += [None if r.rate is None else r.rate / 100, r.response_hours, r.close_days]
        data.append(line)
    p.table(cols, data, bold_last=True)


def write(doc: BriefingDoc, target: str | Path) -> int:
    fonts.register()
    c = Canvas(str(target), pagesize=A4, pageCompression=1, initialFontName=fonts.REGULAR)
    c.setTitle(doc.title)
    c.setCreator("GridOffice")
    p = _Pages(c, doc)
    _title(p, doc)
    this, last = doc.words
    p.heading(tr("一、主要数据"))
    cols = [Column(tr("指标"), 20, "name"), Column(this, 10, "float"), Column(last, 10, "float"),
            Column(tr("变化"), 12, "float")]
    p.table(cols, [[f.label + (f"（{f.unit}）" if f.unit else ""), f.shown or number(f.value, f.percent),
                    number(f.previous, f.percent) if f.previous is not None and not f.shown else "—",
                    change_text(f)] for f in doc.figures])
    p.y -= 8
    p.heading(tr("二、情况摘要"))
    for text in doc.sentences:
        p.paragraph(text)
    p.heading(tr("三、图表"))
    for spec in doc.charts:
        p.chart(spec)
    p.heading(tr("四、民情事项流转"))
    _flow_table(p, tr("月份"), [*doc.flow_months], doc.public)
    p.y -= 10
    if doc.flow_grids:
        _flow_table(p, tr("网格"), [*doc.flow_grids, doc.flow_total], doc.public)
    p.y -= 10
    if not doc.public:
        p.heading(tr("五、需要关注的网格"))
        if doc.attention:
            cols = [Column(tr("网格"), 26, "name"), Column(tr("走访逾期（人）"), 9, "int"),
                    Column(tr("发放率"), 8, "percent"), Column(tr("超30天未办结（件）"), 10, "int")]
            p.table(cols, [[a.grid, a.overdue_visits, None if a.coverage is None else a.coverage / 100, a.old_matters]
                           for a in doc.attention])
        else:
            p.paragraph(tr("没有走访逾期、发放进度偏低或长期未办结事项的网格。"))
    c.showPage()
    c.save()
    return p.page
