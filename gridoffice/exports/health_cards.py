"""Bedside contact cards (床头联系卡) and the daily-call sheet (每日电话随访表) of a micro-grid.

Cards: A6 portrait, four to an A4 sheet, with cut marks; one resident per card, nothing about
anyone else: the resident's name (≥ 16 pt), then who to call — the micro-grid team and the
family doctor (phones ≥ 18 pt), the village clinic, 120 — in large type for old eyes.

Call sheet: A4 landscape, the red-tier residents of a micro-grid down, the seven days of a week
across as tick boxes (internal: 内部资料 注意保密).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from gridoffice.exports import fonts
from gridoffice.exports.pdfkit import GREY, INK, RED, draw_lines, fit, width
from gridoffice.i18n import tr

CARD_W, CARD_H = A4[0] / 2, A4[1] / 2  # 105 × 148.5 mm: A6
MARGIN = 9 * mm
NAME_PT, PHONE_PT, LABEL_PT = 24.0, 20.0, 13.0
MIN_NAME_PT, MIN_PHONE_PT = 16.0, 18.0
CUT = 4 * mm


@dataclass(frozen=True)
class CardContact:
    label: str  # 微网格长 / 家庭医生 / 村卫生室 / 急救
    name: str
    phone: str


@dataclass(frozen=True)
class BedsideCard:
    resident: str
    grid: str  # the micro-grid's label (村 · 第3微网格)
    contacts: tuple[CardContact, ...]


def write_cards(cards: list[BedsideCard], path: Path, title: str) -> int:
    """Four cards to a page; returns the page count."""
    fonts.register()
    c = Canvas(str(path), pagesize=A4, pageCompression=1)
    c.setTitle(title)
    pages = 0
    for start in range(0, len(cards), 4):
        for k, card in enumerate(cards[start:start + 4]):
            x = (k % 2) * CARD_W
            y = A4[1] - (k // 2 + 1) * CARD_H
            _card(c, card, x, y)
        _cut_marks(c)
        c.showPage()
        pages += 1
    c.save()
    return pages


def _cut_marks(c: Canvas) -> None:
    """Short marks on the page edges and a cross in the middle where the sheet is cut in four."""
    c.setStrokeColor(GREY)
    c.setLineWidth(0.5)
    w, h = A4
    mx, my = w / 2, h / 2
    for x0, y0, x1, y1 in ((mx, 0, mx, CUT), (mx, h - CUT, mx, h), (0, my, CUT, my), (w - CUT, my, w, my),
                           (mx - CUT, my, mx + CUT, my), (mx, my - CUT, mx, my + CUT)):
        c.line(x0, y0, x1, y1)


def _card(c: Canvas, card: BedsideCard, x: float, y: float) -> None:
    inner = CARD_W - 2 * MARGIN
    top = y + CARD_H - MARGIN
    c.setStrokeColor(RED)
    c.setLineWidth(1.2)
    c.roundRect(x + MARGIN / 2, y + MARGIN / 2, CARD_W - MARGIN, CARD_H - MARGIN, 6)
    bold, regular = fonts.BOLD, fonts.REGULAR
    top = draw_lines(c, [tr("床头联系卡")], bold, 18, x + MARGIN, top, "center", inner, color=RED) - 2 * mm
    size, lines = fit(card.resident, bold, NAME_PT, inner, max_lines=2, min_size=MIN_NAME_PT)
    top = draw_lines(c, lines, bold, size, x + MARGIN, top, "center", inner, color=INK) - 1 * mm
    top = draw_lines(c, [tr("有事请拨打")], regular, LABEL_PT, x + MARGIN, top, "center", inner, color=GREY) - 2 * mm
    c.setStrokeColor(GREY)
    c.setLineWidth(0.5)
    c.line(x + MARGIN, top, x + MARGIN + inner, top)
    top -= 2.5 * mm
    for contact in card.contacts:
        label = f"{contact.label}  {contact.name}".strip()
        lsize, llines = fit(label, regular, LABEL_PT, inner, max_lines=1, min_size=10)
        top = draw_lines(c, llines, regular, lsize, x + MARGIN, top, color=INK)
        phone = contact.phone or "________________"
        psize = PHONE_PT if width(phone, bold, PHONE_PT) <= inner else MIN_PHONE_PT  # a phone never wraps
        top = draw_lines(c, [phone], bold, psize, x + MARGIN, top, color=RED if contact.phone == "120" else INK)
        top -= 1.8 * mm
    draw_lines(c, [card.grid], regular, 9.5, x + MARGIN, y + MARGIN + 5 * mm, "center", inner, color=GREY)


# ---- the daily-call sheet -------------------------------------------------------------------
@dataclass(frozen=True)
class CallRow:
    name: str
    address: str
    phone: str
    marks: tuple[str, ...] = ()  # per day Monday–Sunday: "√" reached, "×" not reached, "" not called yet
    note: str = ""  # the calls' notes so far (internal sheet)


def write_call_sheet(rows: list[CallRow], path: Path, title: str, subtitle: str, monday: dt.date,
                     footer: str = "") -> int:
    """The red-tier residents down, Monday–Sunday across as tick boxes (the calls already
    recorded ticked in); ``footer``: the clinic's and the emergency phone. Returns the page count."""
    fonts.register()
    page = landscape(A4)
    c = Canvas(str(path), pagesize=page, pageCompression=1)
    c.setTitle(title)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    cols = [(tr("序号"), 10 * mm), (tr("姓名"), 26 * mm), (tr("住址"), 50 * mm), (tr("电话"), 32 * mm)]
    cols += [(f"{tr('周' + '一二三四五六日'[i])}\n{d.month}/{d.day}", 15 * mm) for i, d in enumerate(days)]
    cols.append((tr("情况记录"), page[0] - 2 * 12 * mm - sum(w for _, w in cols)))
    row_h, head_h = 11 * mm, 13 * mm
    per_page = int((page[1] - 2 * 12 * mm - 24 * mm - head_h) // row_h)
    pages = 0
    for start in range(0, max(len(rows), 1), per_page):
        top = page[1] - 12 * mm
        draw_lines(c, [title], fonts.BOLD, 16, 12 * mm, top, "center", page[0] - 24 * mm, color=INK)
        draw_lines(c, [subtitle], fonts.REGULAR, 10, 12 * mm, top - 8 * mm, color=INK)
        draw_lines(c, [tr("内部资料 注意保密")], fonts.REGULAR, 10, 12 * mm, top - 8 * mm, "right",
                   page[0] - 24 * mm, color=RED)
        y = top - 14 * mm
        x = 12 * mm
        c.setStrokeColor(INK)
        c.setLineWidth(0.6)
        for label, w in cols:
            c.rect(x, y - head_h, w, head_h)
            draw_lines(c, label.split("\n"), fonts.BOLD, 10, x, y - 1.5 * mm, "center", w, color=INK)
            x += w
        y -= head_h
        for n, row in enumerate(rows[start:start + per_page], start=start + 1):
            x = 12 * mm
            values = [str(n), row.name, row.address, row.phone]
            for i, (_label, w) in enumerate(cols):
                c.rect(x, y - row_h, w, row_h)
                if i < len(values):
                    size, lines = fit(values[i], fonts.REGULAR, 11, w - 2 * mm, max_lines=1 if i != 2 else 2,
                                      min_size=9)
                    draw_lines(c, lines, fonts.REGULAR, size, x + 1 * mm, y - (row_h - len(lines) * size * 1.2) / 2,
                               color=INK)
                elif i < len(values) + 7:
                    c.rect(x + w / 2 - 2.5 * mm, y - row_h / 2 - 2.5 * mm, 5 * mm, 5 * mm)
                    mark = row.marks[i - len(values)] if i - len(values) < len(row.marks) else ""
                    if mark:
                        draw_lines(c, [mark], fonts.BOLD, 11, x, y - row_h / 2 + 2.6 * mm, "center", w, color=INK)
                elif row.note:
                    size, lines = fit(row.note, fonts.REGULAR, 9, w - 2 * mm, max_lines=2, min_size=9)
                    draw_lines(c, lines, fonts.REGULAR, size, x + 1 * mm, y - (row_h - len(lines) * size * 1.2) / 2,
                               color=INK)
                x += w
            y -= row_h
        draw_lines(c, [tr("随访人：__________    每日电话随访，打通打 √，未接通打 ×，情况写在最后一栏")], fonts.REGULAR, 10,
                   12 * mm, 18 * mm, color=INK)
        if footer:
            draw_lines(c, [footer], fonts.REGULAR, 10, 12 * mm, 18 * mm, "right", page[0] - 24 * mm, color=INK)
        c.showPage()
        pages += 1
    c.save()
    return pages
