"""The compact staff table of a notice board: a tier too crowded for cards readable at 1 m
(11 people on A4) is printed as rows of ``post  name  phone`` at names ≥ 14 pt and phones
≥ 12 pt as printed, in as many columns as fit; a very long name wraps, it does not shrink."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from gridoffice.domain.privacy import PublicContact
from gridoffice.exports import fonts
from gridoffice.exports.pdfkit import CREAM, DARK_RED, GREY, INK, LINE, RED, WHITE, draw_lines, fit
from gridoffice.exports.pdfkit import width as _w
from gridoffice.i18n import N_, tr

# Readable at 1 m (as printed): names 14 pt, phones 12 pt, posts 9 pt. Card text is 21 / 15 / 11
# units at scale 1, so a card below MIN_CARD_SCALE (on A4) would print them smaller.
NAME_PT, PHONE_PT, POST_PT = 14.0, 12.0, 9.0
MIN_CARD_SCALE = max(NAME_PT / 21, PHONE_PT / 15, POST_PT / 11)
TABLE_ROW = 1.6  # row height of the compact staff table, in name sizes


PENDING = N_("待安排")  # the name on a post nobody holds yet (家庭医生：待安排)


def _table_sizes(printed_scale: float) -> tuple[float, float, float]:
    """(post, name, phone) sizes of the staff table in design units."""
    return POST_PT / printed_scale + 1, NAME_PT / printed_scale + 1, PHONE_PT / printed_scale + 1


@dataclass(frozen=True)
class _Table:
    cols: int
    col_w: float
    rows: int
    row_h: float
    names: tuple[list[str], ...]  # each name's lines (a very long name wraps, it does not shrink)
    sizes: tuple[float, float, float]


NAME_ROOM = 5  # characters a name column is laid out for; longer names wrap


def _table(contacts: tuple[PublicContact, ...], avail_w: float, printed_scale: float) -> _Table:
    post, name, phone = _table_sizes(printed_scale)
    B = fonts.BOLD
    posts = max((_w(c.post, B, post) for c in contacts), default=0.0) + 8
    phones = max((_w(c.phone or tr("（未登记）"), B, phone) for c in contacts), default=0.0) + 12
    names = min(max((_w(c.name, B, name) for c in contacts), default=0.0), name * NAME_ROOM) + 10
    cols = max(1, min(len(contacts), int(avail_w // (posts + names + phones + 8))))
    col_w = avail_w / cols
    space = col_w - posts - phones - 8
    wrapped = tuple(fit(c.name, B, name, space, 3, min_size=name)[1] for c in contacts)
    lines = max((len(x) for x in wrapped), default=1)
    rows = -(-len(contacts) // cols)
    return _Table(cols, col_w, rows, name * (TABLE_ROW + 1.2 * (lines - 1)), wrapped, (post, name, phone))


def table_height(contacts: tuple[PublicContact, ...], avail_w: float, printed_scale: float) -> float:
    t = _table(contacts, avail_w, printed_scale)
    return t.rows * t.row_h + 6


def draw_table(c: Canvas, contacts: tuple[PublicContact, ...], x0: float, top: float, avail_w: float, printed_scale: float) -> None:
    """The people as rows of ``post  name  phone`` in as many columns as fit."""
    B = fonts.BOLD
    t = _table(contacts, avail_w, printed_scale)
    post, name, phone = t.sizes
    c.setFillColor(WHITE)
    c.setStrokeColor(LINE)
    c.setLineWidth(0.8)
    c.roundRect(x0, top - t.rows * t.row_h - 6, avail_w, t.rows * t.row_h + 6, 5, stroke=1, fill=1)
    posts = max(_w(who.post, B, post) for who in contacts) + 4
    for k, who in enumerate(contacts):
        col, r = k // t.rows, k % t.rows
        x = x0 + col * t.col_w + 6
        row_top = top - 3 - r * t.row_h
        lines = t.names[k]
        block = len(lines) * name * 1.2
        base = row_top - (t.row_h - block) / 2 - name * 0.95
        if k == 0:
            c.setFillColor(CREAM)
            c.rect(x - 4, row_top - t.row_h + 1, t.col_w - 4, t.row_h - 2, stroke=0, fill=1)
        c.setFillColor(RED)
        c.rect(x, base - post * 0.2, _w(who.post, B, post) + 4, post * 1.2, stroke=0, fill=1)
        c.setFillColor(WHITE)
        c.setFont(B, post)
        c.drawString(x + 2, base + post * 0.05, who.post)
        draw_lines(c, lines, B, name, x + posts + 4, base + name * 0.95, leading=1.2, color=INK)
        pending = not who.phone and who.name == tr(PENDING)
        c.setFillColor(DARK_RED if who.phone else GREY)
        c.setFont(B, phone)
        if not pending:
            c.drawRightString(x + t.col_w - 12, base, who.phone or tr("（未登记）"))
    if t.cols > 1:
        c.setStrokeColor(LINE)
        for col in range(1, t.cols):
            c.line(x0 + col * t.col_w, top - 4, x0 + col * t.col_w, top - t.rows * t.row_h - 2)
