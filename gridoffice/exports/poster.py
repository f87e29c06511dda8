"""The notice board (网格信息公示牌): one sheet per micro-grid, A4 or A3 portrait.

Drawn in A4 units; A3 is the same design scaled by √2, so it is balanced on both. Everything
on it comes from a ``Poster`` whose people are ``domain.privacy.PublicContact`` values (staff
post, name, work phone, photo): a resident's data has nowhere to go. Long names and many staff
shrink or wrap; nothing is cut and the sheet stays one page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A3, A4
from reportlab.pdfgen.canvas import Canvas

from gridoffice.domain.privacy import PublicContact
from gridoffice.exports import fonts
from gridoffice.exports.pdfkit import (
    CREAM,
    DARK_RED,
    GOLD,
    GREY,
    INK,
    LINE,
    RED,
    WHITE,
    MeasuringCanvas,
    draw_lines,
    draw_qr,
    fit,
    photo,
)
from gridoffice.exports.pdfkit import width as _w
from gridoffice.exports.poster_table import MIN_CARD_SCALE, PENDING, draw_table, table_height
from gridoffice.i18n import tr

PAPERS = {"A4": A4, "A3": A3}
W, H = A4  # design units
M = 26.0  # margin


@dataclass(frozen=True)
class Tier:
    """One level of the chain on the board (总网格 / 一般网格 / 微网格) and its people."""

    level: str  # 总网格, 一般网格, 微网格
    grid: str  # the grid's name
    contacts: tuple[PublicContact, ...]


@dataclass(frozen=True)
class PosterText:
    """The office's wording (settings), with the defaults of services/posters.py."""

    title: str
    services_title: str
    services: tuple[str, ...]
    referral_title: str
    referral: tuple[str, ...]
    hotline_label: str
    hotline: str
    qr_caption: str


@dataclass(frozen=True)
class Poster:
    office: str
    community: str
    general: str
    grid: str
    code: str
    covers: str
    households: int
    tiers: tuple[Tier, ...]
    text: PosterText
    qr_target: str  # tel:… or a URL; "" draws no QR code
    printed_on: dt.date = field(default_factory=dt.date.today)


Progress = Callable[[int, int | None], None]


def write_posters(posters: Iterable[Poster], target: str | Path | BinaryIO, paper: str = "A4",
                  total: int | None = None, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> int:
    """Draw one page per poster into ``target``; returns the page count."""
    if paper not in PAPERS:
        raise ValueError(tr("纸张只能是 A4 或 A3：{paper}").format(paper=paper))
    fonts.register()
    size = PAPERS[paper]
    c = Canvas(str(target) if isinstance(target, Path) else target, pagesize=size,
               pageCompression=1,
               initialFontName=fonts.REGULAR)
    c.setTitle(tr("网格信息公示牌"))
    c.setCreator("GridOffice")
    pages = 0
    for poster in posters:
        if cancelled is not None and cancelled():
            break
        page = size
        if paper == "A4" and not _readable_on(poster, A4):
            page = A3  # too crowded to be read at 1 m on A4 even with a staff table: this board goes A3
        c.setPageSize(page)
        scale = page[0] / W
        c.saveState()
        c.scale(scale, scale)
        draw_poster(c, poster, scale)
        c.restoreState()
        c.showPage()
        pages += 1
        if progress is not None:
            progress(pages, total)
    c.save()
    return pages


def _readable_on(poster: Poster, page: tuple[float, float]) -> bool:
    """Whether the board's people are readable on ``page`` (drawn once on a scratch canvas,
    without photos and without the QR code: neither moves the chain, and encoding the QR code
    was half of this pass — the code is encoded once, for the page itself)."""
    scratch = MeasuringCanvas(io.BytesIO(), pagesize=page, initialFontName=fonts.REGULAR)
    scale = page[0] / W
    scratch.scale(scale, scale)
    return draw_poster(scratch, dataclasses.replace(poster, qr_target="", tiers=tuple(
        Tier(t.level, t.grid, tuple(dataclasses.replace(c, photo=None) for c in t.contacts)) for t in poster.tiers)),
        scale)


def draw_poster(c: Canvas, p: Poster, printed_scale: float = 1.0) -> bool:
    """``printed_scale``: how much the design (A4 units) is enlarged on paper (√2 on A3); the
    chain keeps names ≥ 14 pt and phones ≥ 12 pt as printed. Returns False when it could not
    (the people were shrunk to fit the page)."""
    B, R = fonts.BOLD, fonts.REGULAR
    # ---- header band ---------------------------------------------------------------------
    top_h = 112.0
    c.setFillColor(RED)
    c.rect(0, H - top_h, W, top_h, stroke=0, fill=1)
    c.setFillColor(GOLD)
    c.rect(0, H - top_h - 4, W, 4, stroke=0, fill=1)
    inner = W - 2 * M
    if p.office and p.office != p.community:
        size, lines = fit(p.office, R, 11, inner, 1)
        draw_lines(c, lines, R, size, M, H - 12, "center", inner, color=GOLD)
    size, lines = fit(p.text.title, B, 38, inner, 1, min_size=16)
    draw_lines(c, lines, B, size, M, H - 30, "center", inner, color=WHITE)
    subtitle = "  ·  ".join(x for x in (p.community, p.general, p.grid) if x)
    size, lines = fit(subtitle, B, 17, inner, 1, min_size=9)
    draw_lines(c, lines, B, size, M, H - 80, "center", inner, color=WHITE)

    # ---- what it covers ------------------------------------------------------------------
    y = H - top_h - 14
    count = tr("住户 {n} 户").format(n=p.households)
    count_w = 118.0
    label = tr("服务范围：")
    cover_w = inner - count_w - 24 - _w(label, B, 12)
    csize, clines = fit(p.covers or "—", R, 12, cover_w, 2, min_size=7.5)
    box_h = max(30.0, len(clines) * csize * 1.25 + 14)
    c.setFillColor(CREAM)
    c.setStrokeColor(LINE)
    c.roundRect(M, y - box_h, inner, box_h, 6, stroke=1, fill=1)
    c.setFillColor(DARK_RED)
    c.setFont(B, 12)
    mid = y - box_h / 2
    c.drawString(M + 10, mid - 4.3, label)
    text_top = mid + len(clines) * csize * 1.25 / 2 - 0.1 * csize
    draw_lines(c, clines, R, csize, M + 10 + _w(label, B, 12), text_top, leading=1.25, color=INK)
    c.setFillColor(RED)
    c.roundRect(M + inner - count_w - 4, y - box_h + 4, count_w, box_h - 8, 5, stroke=0, fill=1)
    size, lines = fit(count, B, 14, count_w - 8, 1)
    draw_lines(c, lines, B, size, M + inner - count_w - 4, mid + size * 0.5, "center", count_w,
               color=WHITE)
    chart_top = y - box_h - 10

    # ---- bottom: services, referral, hotline, QR -------------------------------------------
    footer_h = 86.0
    bottom_top = _draw_info(c, p, M + footer_h + 10)
    _draw_footer(c, p, footer_h)

    # ---- the chain -----------------------------------------------------------------------
    return _draw_chain(c, p.tiers, chart_top, bottom_top + 12, printed_scale)


# ---- the org chart ------------------------------------------------------------------------
LABEL_W = 64.0
CARD_W, CARD_H, GAP, TIER_GAP = 168.0, 84.0, 10.0, 18.0


MAX_SCALE = 1.2


def _layout(tiers: tuple[Tier, ...], avail_w: float, avail_h: float) -> tuple[int, float, float]:
    """Cards per row, card scale and the height the chain needs: the largest cards for which
    every tier's rows fit both the width and the height (card size is linear in the scale, so
    for each count per row the fitting scale is a closed formula)."""
    n_tiers = len(tiers)
    fixed = TIER_GAP * max(0, n_tiers - 1)
    most = max((len(t.contacts) for t in tiers), default=1) or 1
    best = (1, 0.0, 0.0)
    for per_row in range(1, most + 1):
        s_w = (avail_w - (per_row - 1) * GAP) / (per_row * CARD_W)
        unit = 0.0  # height per unit of scale
        for tier in tiers:
            rows = max(1, -(-len(tier.contacts) // per_row))
            unit += rows * CARD_H + (rows - 1) * GAP
        s_h = (avail_h - fixed) / unit if unit else MAX_SCALE
        s = min(MAX_SCALE, s_w, s_h)
        if s > best[1] + 1e-6:
            best = (per_row, s, s * unit + fixed)
    return best


TABLE_FROM = 4  # a tier of this many people or more may become a staff table


def _plan(tiers: tuple[Tier, ...], avail_w: float, avail_h: float,
          printed_scale: float) -> tuple[set[int], tuple[int, float, float], bool]:
    """Which tiers are drawn as a compact staff table (the most crowded first, until the cards
    of the others are readable), the card layout of the rest, and whether every name and phone
    is readable. When no such plan exists: all cards, shrunk to fit, and False."""
    min_scale = MIN_CARD_SCALE / printed_scale
    tables: set[int] = set()
    while True:
        table_h = sum(table_height(t.contacts, avail_w, printed_scale) + TIER_GAP
                      for i, t in enumerate(tiers) if i in tables)
        cards = tuple(t for i, t in enumerate(tiers) if i not in tables)
        layout = _layout(cards, avail_w, avail_h - table_h) if cards else (1, MAX_SCALE, 0.0)
        if table_h <= avail_h + TIER_GAP and (layout[1] >= min_scale or not cards):
            return tables, layout, True
        crowded = [i for i in range(len(tiers)) if i not in tables and len(tiers[i].contacts) >= TABLE_FROM]
        if not crowded or table_h > avail_h:
            break
        tables.add(max(crowded, key=lambda i: len(tiers[i].contacts)))
    layout = _layout(tiers, avail_w, avail_h)
    return set(), layout, layout[1] >= min_scale


def _draw_chain(c: Canvas, tiers: tuple[Tier, ...], top: float, bottom: float, printed_scale: float = 1.0) -> bool:
    """Returns whether every name and phone is readable at 1 m (False: shrunk to fit the page)."""
    B = fonts.BOLD
    c.setFillColor(DARK_RED)
    c.setFont(B, 13)
    c.drawString(M, top - 13, tr("微网实格 · 联系我们"))
    c.setStrokeColor(GOLD)
    c.setLineWidth(2)
    c.line(M, top - 19, W - M, top - 19)
    top -= 30
    avail_h = top - bottom
    avail_w = W - 2 * M - LABEL_W - 8
    if not tiers:
        c.setFillColor(GREY)
        c.setFont(fonts.REGULAR, 14)
        c.drawCentredString(W / 2, top - avail_h / 2, tr("（本网格尚未登记网格员）"))
        return True
    tables, (per_row, s, need), readable = _plan(tiers, avail_w, avail_h, printed_scale)
    s = max(s, 0.05)
    heights = {i: table_height(t.contacts, avail_w, printed_scale) for i, t in enumerate(tiers) if i in tables}
    need += sum(heights.values()) + TIER_GAP * len(tables) * (1 if len(tables) < len(tiers) else 0)
    # spread what is left over between the tiers (bigger arrows), then centre the chain
    spare = max(0.0, avail_h - need)
    extra = min(spare / max(1, len(tiers) - 1), 36.0) if len(tiers) > 1 else 0.0
    tier_gap = TIER_GAP + extra
    used = need + extra * max(0, len(tiers) - 1)
    y = top - max(0.0, (avail_h - used) / 2)
    x0 = M + LABEL_W + 8
    prev_center: float | None = None
    cw, ch, gap = CARD_W * s, CARD_H * s, GAP * s
    for i, tier in enumerate(tiers):
        rows = max(1, -(-len(tier.contacts) // per_row))
        tier_h = heights[i] if i in tables else rows * ch + (rows - 1) * gap
        # level label
        c.setFillColor(RED if i == 0 else DARK_RED)
        c.roundRect(M, y - tier_h, LABEL_W, tier_h, 6, stroke=0, fill=1)
        lsize, llines = fit(tier.level, B, 13, LABEL_W - 8, 1, min_size=5, max_height=tier_h - 4)
        gsize, glines = fit(tier.grid, fonts.REGULAR, 10, LABEL_W - 8, 3, min_size=4.5,
                            max_height=max(tier_h - lsize * 1.4 - 6, 5))
        block = lsize * 1.25 + len(glines) * gsize * 1.2
        ty = y - tier_h / 2 + block / 2
        ty = draw_lines(c, llines, B, lsize, M + 4, ty, "center", LABEL_W - 8, color=GOLD)
        draw_lines(c, glines, fonts.REGULAR, gsize, M + 4, ty - 2, "center", LABEL_W - 8,
                   leading=1.2, color=WHITE)
        # connector from the tier above
        if prev_center is not None:
            c.setStrokeColor(RED)
            c.setFillColor(RED)
            c.setLineWidth(1.6)
            c.line(prev_center, y + tier_gap - 2, prev_center, y + 5)
            p = c.beginPath()
            p.moveTo(prev_center - 4, y + 7)
            p.lineTo(prev_center + 4, y + 7)
            p.lineTo(prev_center, y + 1)
            p.close()
            c.drawPath(p, stroke=0, fill=1)
        if i in tables:
            draw_table(c, tier.contacts, x0, y, avail_w, printed_scale)
            prev_center = x0 + avail_w / 2
            y -= tier_h + tier_gap
            continue
        # cards, centred per row
        for r in range(rows):
            row = tier.contacts[r * per_row:(r + 1) * per_row]
            row_w = len(row) * cw + (len(row) - 1) * gap
            x = x0 + (avail_w - row_w) / 2
            cy = y - r * (ch + gap) - ch
            for k, contact in enumerate(row):
                _card(c, contact, x + k * (cw + gap), cy, cw, ch, s, lead=(k == 0 and r == 0))
        prev_center = x0 + avail_w / 2
        y -= tier_h + tier_gap
    return readable


def _card(c: Canvas, who: PublicContact, x: float, y: float, w: float, h: float, s: float,
          lead: bool) -> None:
    B = fonts.BOLD
    c.setFillColor(CREAM if lead else WHITE)
    c.setStrokeColor(RED if lead else LINE)
    c.setLineWidth(1.4 if lead else 0.8)
    c.roundRect(x, y, w, h, 5 * s, stroke=1, fill=1)
    pad = 6 * s
    ph_h = h - 2 * pad
    ph_w = ph_h * 0.75
    photo(c, who.photo, x + pad, y + pad, ph_w, ph_h)
    tx = x + pad * 2 + ph_w
    tw = w - (tx - x) - pad
    # post (small, red), name (large), phone (bold); the name gives way first
    psize, plines = fit(who.post, B, 11 * s, tw, 1, min_size=4)
    phone = who.phone or ("" if who.name == tr(PENDING) else tr("（未登记）"))
    fsize, flines = fit(phone, B, 15 * s, tw, 2, min_size=4)
    room = h - 2 * pad - psize * 1.3 - len(flines) * fsize * 1.25 - 2 * s
    nsize, nlines = fit(who.name, B, 21 * s, tw, 3, min_size=4, max_height=max(room, 4), leading=1.15)
    block = psize * 1.3 + len(nlines) * nsize * 1.15 + len(flines) * fsize * 1.25
    ty = y + h / 2 + block / 2
    c.setFillColor(RED)
    c.rect(tx - 1, ty - psize * 1.15, _w(plines[0], B, psize) + 2 * s + 2, psize * 1.2, stroke=0, fill=1)
    ty = draw_lines(c, plines, B, psize, tx + s, ty - 0.05 * psize, color=WHITE) - psize * 0.3
    ty = draw_lines(c, nlines, B, nsize, tx, ty - 1.5 * s, leading=1.15, color=INK)
    draw_lines(c, flines, B, fsize, tx, ty - 2 * s, color=DARK_RED if who.phone else GREY)


# ---- services, referral, footer -----------------------------------------------------------
def _draw_info(c: Canvas, p: Poster, bottom: float) -> float:
    """The service list (left) and the referral path (right), from ``bottom`` up; returns
    their top."""
    B, R = fonts.BOLD, fonts.REGULAR
    inner = W - 2 * M
    left_w = inner * 0.56
    right_w = inner - left_w - 12
    items = [x for x in p.text.services if x.strip()]
    steps = [x for x in p.text.referral if x.strip()]
    # service list: two columns of short items, one column when they are long
    size = 12.5
    two_cols = all(_w(x, R, size) + 22 <= left_w / 2 - 8 for x in items) and len(items) > 3
    col_w = left_w / 2 - 8 if two_cols else left_w - 16
    item_lines = [fit(x, R, size, col_w - 18, 2, min_size=8) for x in items]
    rows_h = [sum(len(lines) * sz * 1.2 for sz, lines in item_lines[i::2]) for i in range(2)] \
        if two_cols else [sum(len(lines) * sz * 1.2 + 4 for sz, lines in item_lines)]
    list_h = max(rows_h) + (4 * (len(items) // 2 + 1) if two_cols else 0)
    step_h = 22.0
    ref_h = len(steps) * step_h + max(0, len(steps) - 1) * 12
    body_h = max(list_h, ref_h, 40) + 34
    top = bottom + body_h
    for x, w, title in ((M, left_w, p.text.services_title), (M + left_w + 12, right_w, p.text.referral_title)):
        c.setFillColor(WHITE)
        c.setStrokeColor(LINE)
        c.setLineWidth(0.8)
        c.roundRect(x, bottom, w, body_h, 6, stroke=1, fill=1)
        c.setFillColor(RED)
        c.roundRect(x, top - 24, w, 24, 6, stroke=0, fill=1)
        c.rect(x, top - 24, w, 10, stroke=0, fill=1)
        tsize, tlines = fit(title, B, 13, w - 16, 1)
        draw_lines(c, tlines, B, tsize, x + 8, top - 5, "center", w - 16, color=WHITE)
    # services
    ys = [top - 32, top - 32]
    for i, (sz, lines) in enumerate(item_lines):
        col = i % 2 if two_cols else 0
        x = M + 10 + col * (left_w / 2)
        c.setFillColor(GOLD)
        c.circle(x + 6, ys[col] - sz * 0.55, 5.5, stroke=0, fill=1)
        c.setFillColor(DARK_RED)
        c.setFont(B, 7.5)
        c.drawCentredString(x + 6, ys[col] - sz * 0.55 - 2.6, str(i + 1))
        ys[col] = draw_lines(c, lines, R, sz, x + 16, ys[col], color=INK) - 6
    # referral path: boxes joined by arrows
    x = M + left_w + 12 + 12
    bw = right_w - 24
    y = top - 32 - max(0.0, (body_h - 34 - ref_h) / 2)
    for k, step in enumerate(steps):
        c.setFillColor(CREAM)
        c.setStrokeColor(RED)
        c.setLineWidth(0.9)
        c.roundRect(x, y - step_h, bw, step_h, 4, stroke=1, fill=1)
        ssize, slines = fit(step, B, 11.5, bw - 10, 1, min_size=6)
        draw_lines(c, slines, B, ssize, x + 5, y - (step_h - ssize) / 2 + 0.4, "center", bw - 10,
                   color=INK)
        y -= step_h
        if k < len(steps) - 1:
            c.setFillColor(RED)
            path = c.beginPath()
            cx = x + bw / 2
            path.moveTo(cx - 6, y - 2)
            path.lineTo(cx + 6, y - 2)
            path.lineTo(cx, y - 10)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
            y -= 12
    return top


def _draw_footer(c: Canvas, p: Poster, footer_h: float) -> None:
    B, R = fonts.BOLD, fonts.REGULAR
    c.setFillColor(RED)
    c.rect(0, 0, W, footer_h + 10, stroke=0, fill=1)
    c.setFillColor(GOLD)
    c.rect(0, footer_h + 10, W, 3, stroke=0, fill=1)
    qr = 70.0
    text_w = W - 2 * M - (qr + 80 if p.qr_target else 0)
    size, lines = fit(p.text.hotline_label, B, 14, text_w, 1)
    draw_lines(c, lines, B, size, M, footer_h - 2, color=GOLD)
    size, lines = fit(p.text.hotline, B, 30, text_w, 2, min_size=10, max_height=44)
    draw_lines(c, lines, B, size, M, footer_h - 22, color=WHITE)
    stamp = tr("打印日期：{on}    网格编码：{code}").format(on=p.printed_on.isoformat(), code=p.code)
    size, lines = fit(stamp, R, 9.5, text_w, 1, min_size=9)
    draw_lines(c, lines, R, size, M, 18, color=WHITE)
    if p.qr_target:
        qx = W - M - qr
        c.setFillColor(WHITE)
        c.roundRect(qx - 4, (footer_h + 10 - qr) / 2 - 4, qr + 8, qr + 8, 4, stroke=0, fill=1)
        draw_qr(c, p.qr_target, qx, (footer_h + 10 - qr) / 2, qr)
        cap_w = 96.0
        size, lines = fit(p.text.qr_caption, R, 9.5, cap_w, 3, min_size=6)
        block = len(lines) * size * 1.2
        draw_lines(c, lines, R, size, qx - cap_w - 8, (footer_h + 10) / 2 + block / 2, "right",
                   cap_w, color=WHITE)


__all__ = ["PAPERS", "PENDING", "Poster", "PosterText", "Tier", "draw_poster", "write_posters"]
