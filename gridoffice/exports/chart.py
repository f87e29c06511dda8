"""The grid structure chart (三合一网格图): a community's 总 → 一般 → 微 tree with the leader of
every grid, laid out automatically on A3 landscape (one page for 30–50 micro-grids; more
pages, each repeating the community, when the tree is wider or deeper than a sheet)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A3, landscape
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
    draw_lines,
    fit,
    width,
)
from gridoffice.i18n import N_, tr


@dataclass(frozen=True)
class ChartMicro:
    name: str
    code: str
    households: int
    contacts: tuple[PublicContact, ...]  # 微网格长 first


@dataclass(frozen=True)
class ChartGeneral:
    name: str
    code: str
    households: int
    leaders: tuple[PublicContact, ...]
    micros: tuple[ChartMicro, ...]


@dataclass(frozen=True)
class ChartCommunity:
    name: str
    code: str
    households: int
    contacts: tuple[PublicContact, ...]  # 总网格长, 网格指导员, 社区民警
    generals: tuple[ChartGeneral, ...]
    office: str = ""


PAGE = landscape(A3)
PW, PH = PAGE
M = 22.0
GAP = 6.0
INDENT = 11.0  # the micro-grid boxes start right of the general grid's spine
MIN_COL_W, MAX_COL_W = 104.0, 236.0
MIN_PITCH = 44.0
TOP_BLOCK = 64.0 + 84.0 + 26.0 + 58.0 + 12.0  # header, community box, bus, general box, gap


@dataclass
class _Column:
    general: ChartGeneral
    micros: tuple[ChartMicro, ...]
    first: bool  # the general's first column (draws the general box)
    part: int
    parts: int


def plan_pages(com: ChartCommunity) -> list[list[_Column]]:
    """Split the tree into pages of columns: a general grid with more micro-grids than a column
    holds takes several columns; generals never split across pages unless one alone is wider
    than a page."""
    avail = PH - M - TOP_BLOCK - M - 10
    rows_max = max(1, int(avail // MIN_PITCH))
    max_cols = max(1, int((PW - 2 * M + GAP) // (MIN_COL_W + GAP)))
    units: list[list[_Column]] = []
    for gen in com.generals:
        n = max(1, -(-len(gen.micros) // rows_max))
        per = -(-len(gen.micros) // n) if gen.micros else 0
        units.append([_Column(gen, gen.micros[i * per:(i + 1) * per], i == 0, i + 1, n) for i in range(n)])
    pages: list[list[_Column]] = [[]]
    for unit in units:
        if pages[-1] and len(pages[-1]) + len(unit) > max_cols:
            pages.append([])
        for col in unit:
            if len(pages[-1]) >= max_cols:
                pages.append([])
            pages[-1].append(col)
    return pages


def write_chart(communities: Iterable[ChartCommunity], target: str | Path | BinaryIO,
                on: dt.date | None = None) -> int:
    fonts.register()
    c = Canvas(str(target) if isinstance(target, Path) else target, pagesize=PAGE, pageCompression=1,
               initialFontName=fonts.REGULAR)
    c.setTitle(tr("网格架构图"))
    c.setCreator("GridOffice")
    on = on or dt.date.today()
    pages = 0
    for com in communities:
        plan = plan_pages(com)
        for i, cols in enumerate(plan):
            _page(c, com, cols, i + 1, len(plan), on)
            c.showPage()
            pages += 1
    c.save()
    return pages


def _page(c: Canvas, com: ChartCommunity, cols: list[_Column], page: int, pages: int, on: dt.date) -> None:
    B, R = fonts.BOLD, fonts.REGULAR
    # header
    c.setFillColor(RED)
    c.rect(0, PH - 58, PW, 58, stroke=0, fill=1)
    c.setFillColor(GOLD)
    c.rect(0, PH - 61, PW, 3, stroke=0, fill=1)
    title = tr("{name} 微网实格网格架构图").format(name=com.name)
    if pages > 1:
        title += tr("（{page}/{pages}）").format(page=page, pages=pages)
    size, lines = fit(title, B, 26, PW - 2 * M - 360, 1, min_size=12)
    draw_lines(c, lines, B, size, M, PH - 14, "center", PW - 2 * M, color=WHITE)
    micros = sum(len(g.micros) for g in com.generals)
    facts = tr("一般网格 {g} 个 · 微网格 {m} 个 · 住户 {h} 户").format(g=len(com.generals), m=micros,
                                                              h=com.households)
    c.setFont(R, 11)
    c.setFillColor(WHITE)
    c.drawString(M, PH - 36, facts)
    c.drawRightString(PW - M, PH - 36, tr("打印日期：{on}").format(on=on.isoformat()))
    if com.office:
        c.setFillColor(GOLD)
        c.drawString(M, PH - 20, com.office)
    # community box
    y = PH - 64 - 10
    box_w = min(PW - 2 * M, max(420.0, 150.0 * len(com.contacts) + 20))
    bx = (PW - box_w) / 2
    box_h = 74.0
    c.setFillColor(CREAM)
    c.setStrokeColor(RED)
    c.setLineWidth(1.5)
    c.roundRect(bx, y - box_h, box_w, box_h, 6, stroke=1, fill=1)
    c.setFillColor(RED)
    c.roundRect(bx, y - 24, box_w, 24, 6, stroke=0, fill=1)
    c.rect(bx, y - 24, box_w, 8, stroke=0, fill=1)
    size, lines = fit(tr("总网格 · {name}").format(name=com.name), B, 14, box_w - 16, 1)
    draw_lines(c, lines, B, size, bx + 8, y - 5, "center", box_w - 16, color=WHITE)
    n = max(1, len(com.contacts))
    cw = (box_w - 16) / n
    for k, who in enumerate(com.contacts):
        _person(c, who, bx + 8 + k * cw, y - 30, cw - 6, 40, 13, center=True)
    bus_y = y - box_h - 14
    c.setStrokeColor(RED)
    c.setLineWidth(1.4)
    c.line(PW / 2, y - box_h, PW / 2, bus_y)
    # columns
    ncol = len(cols)
    col_w = min(MAX_COL_W, (PW - 2 * M - (ncol - 1) * GAP) / max(ncol, 1))
    total_w = ncol * col_w + (ncol - 1) * GAP
    x0 = (PW - total_w) / 2
    centers = [x0 + i * (col_w + GAP) + col_w / 2 for i in range(ncol)]
    firsts = [centers[i] for i, col in enumerate(cols) if col.first] or centers[:1]
    if firsts:
        c.line(min(firsts[0], PW / 2), bus_y, max(firsts[-1], PW / 2), bus_y)
    gen_top = bus_y - 12
    gen_h = 58.0
    micro_top = gen_top - gen_h - 12
    avail = micro_top - M - 10
    rows = max((len(col.micros) for col in cols), default=1) or 1
    style = _Style.for_width(col_w - INDENT - 9)
    wanted = max((style.box_height(len(m.contacts)) for col in cols for m in col.micros), default=MIN_PITCH)
    pitch = max(MIN_PITCH - 6, min(avail / rows, wanted + 6))  # the page's height, not more than needed
    box_h = pitch - 6
    for i, col in enumerate(cols):
        x = x0 + i * (col_w + GAP)
        gen = col.general
        if col.first:
            c.setStrokeColor(RED)
            c.line(centers[i], bus_y, centers[i], gen_top)
            width_all = col_w * col.parts + GAP * (col.parts - 1)
            c.setFillColor(RED)
            c.roundRect(x, gen_top - gen_h, width_all, gen_h, 5, stroke=0, fill=1)
            name = gen.name + (tr("（{h} 户）").format(h=gen.households))
            size, lines = fit(name, B, 12.5, width_all - 10, 1, min_size=6)
            ty = draw_lines(c, lines, B, size, x + 5, gen_top - 5, "center", width_all - 10, color=WHITE)
            leader = gen.leaders[0] if gen.leaders else None
            _person(c, leader, x + 5, ty - 2, width_all - 10, gen_h - (gen_top - ty) - 6, 12,
                    center=True, on_red=True)
        elif page and not col.first:
            pass
        # spine and micro boxes
        if not col.micros:
            continue
        spine_x = x + 5
        c.setStrokeColor(LINE)
        c.setLineWidth(1.2)
        last_mid = micro_top - (len(col.micros) - 1) * pitch - box_h / 2
        c.line(spine_x, gen_top - gen_h, spine_x, last_mid)
        for r, micro in enumerate(col.micros):
            top = micro_top - r * pitch
            c.setStrokeColor(LINE)
            c.line(spine_x, top - box_h / 2, x + INDENT, top - box_h / 2)
            _micro_box(c, micro, x + INDENT, top - box_h, col_w - INDENT, box_h, style)
    if style.mode == "tag":
        seen = {who.post for col in cols for m in col.micros for who in m.contacts}
        _legend(c, [p for p in TAGS if p in seen] + sorted(seen - set(TAGS)))
    c.setFont(R, 9)
    c.setFillColor(GREY)
    c.drawRightString(PW - M, 14, tr("第 {page} 页 / 共 {pages} 页").format(page=page, pages=pages))


@dataclass(frozen=True)
class _Style:
    """How the people of a micro-grid box are written on a page: one size for every box (a
    four-character name does not shrink). ``post name  phone`` on one line when the column is
    wide enough at a readable size; else the post as a one-character tag (长 / 员 / 医…, the
    legend in the page's footer) before ``name  phone``; else name and phone on two lines."""
    size: float
    mode: str  # full / tag / two

    @classmethod
    def for_width(cls, w: float) -> _Style:
        for mode, sample, extra in (("full", LONGEST_ONE_LINE, 0.0), ("tag", LONGEST_TAGGED, TAG_GAP)):
            size = (w - extra) / width(sample, fonts.BOLD, 1.0)
            if size >= PERSON_MIN_ONE_LINE:
                return cls(min(PERSON_SIZE, size), mode)
        return cls(min(PERSON_SIZE, w / width(LONGEST_NAME_LINE, fonts.BOLD, 1.0)), "two")

    @property
    def line(self) -> float:
        return self.size * 1.18

    @property
    def person(self) -> float:
        return self.line * (2 if self.mode == "two" else 1)

    @property
    def head(self) -> float:
        return (self.size + 1) * 1.25

    def box_height(self, people: int) -> float:
        return 4 + self.head + max(people, 1) * self.person + 3


PERSON_SIZE = 10.0  # pt: the people in the micro-grid boxes, when the page allows
PERSON_MIN_ONE_LINE = 9.0  # body text as printed
LONGEST_ONE_LINE = "微网格员 欧阳秀英  13800000000"
LONGEST_TAGGED = "员欧阳秀英  13800000000"
TAG_GAP = 2.5
LONGEST_NAME_LINE = "微网格员 欧阳秀英"
TAGS = {"微网格长": N_("长"), "微网格员": N_("员"), "家庭医生": N_("医"), "网格指导员": N_("导"),
        "社区民警": N_("警"), "楼栋长": N_("楼"), "单元长": N_("单")}


def _tag(post: str) -> str:
    return tr(TAGS[post]) if post in TAGS else post[:1]


def _legend(c: Canvas, posts: list[str]) -> None:
    """The footer that says what the one-character tags stand for."""
    text = "　".join(f"{_tag(p)}＝{p}" for p in posts)
    c.setFont(fonts.REGULAR, 9)
    c.setFillColor(INK)
    c.drawString(M, 14, tr("图例：{legend}").format(legend=text))


def _micro_box(c: Canvas, m: ChartMicro, x: float, y: float, w: float, h: float, style: _Style) -> None:
    """Name and households, then every post of the micro-grid (微网格长, 微网格员, 家庭医生…);
    when the box cannot hold them all, the last line says how many more: 等 N 人."""
    B, R = fonts.BOLD, fonts.REGULAR
    c.setFillColor(WHITE)
    c.setStrokeColor(RED)
    c.setLineWidth(0.8)
    c.roundRect(x, y, w, h, 3, stroke=1, fill=1)
    c.setFillColor(DARK_RED)
    c.roundRect(x, y, 3.5, h, 1.5, stroke=0, fill=1)
    head = m.name + tr("（{h} 户）").format(h=m.households)
    size, lines = fit(head, B, style.size + 1, w - 10, 1, min_size=5.5)
    ty = draw_lines(c, lines, B, size, x + 6, y + h - 4, color=DARK_RED)
    inner_w = w - 9
    if not m.contacts:
        _person(c, None, x + 6, ty - 1, inner_w, style.line, style.size)
        return
    room = (ty - 1) - (y + 2)
    people = list(m.contacts)
    shown = people
    if len(people) * style.person > room + 0.01:
        k = max(0, int((room - style.line) // style.person))
        shown = people[:k]
    top = ty - 1
    for who in shown:
        _contact_line(c, who, x + 6, top, inner_w, style)
        top -= style.person
    rest = people[len(shown):]
    if rest:
        counts: dict[str, int] = {}
        for who in rest:
            counts[who.post] = counts.get(who.post, 0) + 1
        posts = "、".join(f"{post}{n}" for post, n in counts.items())
        more = tr("等 {n} 人（{posts}）").format(n=len(rest), posts=posts)
        if width(more, R, style.size) > inner_w:
            more = tr("等 {n} 人").format(n=len(rest))
        draw_lines(c, [more], R, style.size, x + 6, top, color=GREY)


def _contact_line(c: Canvas, who: PublicContact, x: float, top: float, w: float, style: _Style) -> None:
    """``post name`` left and the phone right (or under it), at the page's size."""
    B, R = fonts.BOLD, fonts.REGULAR
    size = style.size
    base = top - size * 0.95
    if style.mode == "tag":
        tag = _tag(who.post)
        c.setFillColor(DARK_RED if who.post == "微网格长" else GREY)
        c.roundRect(x, base - size * 0.2, size * 1.15, size * 1.15, 1.5, stroke=0, fill=1)
        c.setFillColor(WHITE)
        c.setFont(B, size * 0.95)
        c.drawCentredString(x + size * 0.575, base + size * 0.02, tag)
        label_w = size * 1.15 + TAG_GAP
    else:
        c.setFillColor(INK)
        c.setFont(R, size * 0.9)
        c.drawString(x, base, who.post)
        label_w = width(who.post + " ", R, size * 0.9)
    c.setFillColor(INK)
    c.setFont(B, size)
    c.drawString(x + label_w, base, who.name)
    if not who.phone:
        return
    c.setFont(R, size)
    if style.mode == "two":
        c.drawRightString(x + w, base - style.line, who.phone)
    else:
        c.drawRightString(x + w, base, who.phone)


def _person(c: Canvas, who: PublicContact | None, x: float, top: float, w: float, h: float,
            size: float, center: bool = False, on_red: bool = False) -> None:
    """``post name phone`` in the box: on one line when it fits, else name and phone on two."""
    B, R = fonts.BOLD, fonts.REGULAR
    align = "center" if center else "left"
    if who is None:
        text, lines = fit(tr("（未配备）"), R, size * 0.9, w, 1, min_size=5)
        draw_lines(c, lines, R, text, x, top, align, w, color=GOLD if on_red else GREY)
        return
    one = f"{who.post} {who.name}  {who.phone}".strip()
    s1, l1 = fit(one, B, size, w, 1, min_size=max(5.0, size * 0.72), max_height=h)
    if len(l1) == 1 and s1 >= (size * 0.999 if center else size * 0.72):  # boxes alike in a row
        draw_lines(c, l1, B, s1, x, top, align, w, color=WHITE if on_red else INK)
        return
    two = f"{who.post} {who.name}\n{who.phone}"
    s2, l2 = fit(two, B, size, w, 2, min_size=4.5, max_height=h)
    draw_lines(c, l2, B, s2, x, top, align, w, leading=1.12, color=WHITE if on_red else INK)
