"""工作简报: what the leadership reads for a month, a quarter or a chosen period and a grid — key
figures against the previous period, the charts (services/briefing/charts.py), the matters flow
(services/matters/flow.py), the grids that need attention and plain sentences made from the same
figures (so a sentence never says what the table beside it does not). The PDF is written by
exports/briefing_pdf.py; ``write_file`` is the one path of the CLI and the GUI.

The public version (公示) has counts only: no rates or times, no chart of key populations, no
grids named for attention, and small counts hidden (domain.privacy.SMALL_LIMIT)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select

from gridoffice.domain import privacy
from gridoffice.exports import briefing_pdf
from gridoffice.exports.briefing_pdf import Attention, BriefingDoc, Figure, FlowRow
from gridoffice.i18n import source_language, tr
from gridoffice.services import ledgers
from gridoffice.services.briefing import charts as briefing_charts
from gridoffice.services.campaigns import lists as campaign_lists
from gridoffice.services.errors import ServiceError
from gridoffice.services.grids import core as grids
from gridoffice.services.ledgers import kit
from gridoffice.services.matters import flow as matter_flow
from gridoffice.services.scope import grid_subtree_ids, subtree_owners
from gridoffice.services.visits import core as visits
from gridoffice.store import Database, outputs
from gridoffice.store.errors import translate
from gridoffice.store.models import Visit

OLD_DAYS = 30  # an open matter older than this needs attention
LOW_COVERAGE = 50.0  # a micro-grid below this hand-out rate (percent) needs attention


class BriefingError(ServiceError):
    """A briefing that cannot be made (a period that ends before it starts); one sentence."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def months(self) -> int:
        """Whole calendar months the period is (0: not whole months)."""
        nxt = self.end + dt.timedelta(days=1)
        if self.start.day != 1 or nxt.day != 1:
            return 0
        return (nxt.year - self.start.year) * 12 + nxt.month - self.start.month

    def previous(self) -> Period:
        """The period as long just before: the month, quarter or months before, else as many days."""
        if self.months:
            start = self.start
            for _ in range(self.months):
                start = (start - dt.timedelta(days=1)).replace(day=1)
            return Period(start, self.start - dt.timedelta(days=1))
        days = (self.end - self.start).days + 1
        return Period(self.start - dt.timedelta(days=days), self.start - dt.timedelta(days=1))

    def words(self) -> tuple[str, str]:
        """(this, last): 本月 / 上月, 本季度 / 上季度, 本期 / 上期."""
        if self.months == 1:
            return tr("本月"), tr("上月")
        if self.months == 3 and self.start.month in (1, 4, 7, 10):
            return tr("本季度"), tr("上季度")
        return tr("本期"), tr("上期")

    def label(self) -> str:
        if self.months == 1:
            return tr("{y}年{m}月").format(y=self.start.year, m=self.start.month)
        if self.months == 3 and self.start.month in (1, 4, 7, 10):
            return tr("{y}年第{q}季度").format(y=self.start.year, q=(self.start.month - 1) // 3 + 1)
        return tr("{a} 至 {b}").format(a=self.start.isoformat(), b=self.end.isoformat())


def _one(value: float) -> str:
    return f"{value:.1f}"


def _count(value: float) -> str:
    return f"{int(value):,}"


def build(db: Database, start: dt.date, end: dt.date, grid_code: str | None = None,
          public: bool = False) -> BriefingDoc:
    if start > end:
        raise BriefingError(tr("起始日期 {start} 晚于截止日期 {end}，请把两个日期对调。").format(
            start=start.isoformat(), end=end.isoformat()))
    target = kit.target(db, ledgers.LedgerOptions(on=end, grid_code=grid_code))
    gid = target.grid_id
    period = Period(start, end)
    prev = period.previous()
    items = matter_flow.items(db, gid, before=end + dt.timedelta(days=1))
    now, before = matter_flow.flow(items, start, end), matter_flow.flow(items, prev.start, prev.end)
    old = _old_open(items, end)
    done_now, done_before = _visits(db, gid, start, end), _visits(db, gid, prev.start, prev.end)
    this, last = period.words()
    figures = [
        Figure(tr("{this}新增事项").format(this=this), now.new, before.new, tr("件")),
        Figure(tr("{this}办结事项").format(this=this), now.closed, before.closed, tr("件")),
        Figure(tr("{this}转办事项").format(this=this), now.transferred, before.transferred, tr("件")),
        Figure(tr("期末未办结事项"), now.closing, before.closing, tr("件")),
        Figure(tr("超过{n}天未办结").format(n=OLD_DAYS), old, _old_open(items, prev.end), tr("件")),
        Figure(tr("{this}入户走访").format(this=this), done_now, done_before, tr("人次")),
    ]
    if not public:
        figures[2:2] = [Figure(tr("办结率"), now.rate, before.rate, "%", percent=True)]
        figures += [Figure(tr("响应用时中位数"), now.median_response_hours, before.median_response_hours, tr("小时")),
                    Figure(tr("办结用时中位数"), now.median_close_days, before.median_close_days, tr("天"))]
    campaign = briefing_charts.current_campaign(db)
    coverage: dict[int, float] = {}
    if campaign is not None:
        cov = campaign_lists.coverage(db, campaign.id)
        with db.reading() as s:
            inside = set(grid_subtree_ids(s, gid)) if gid is not None else None
        rows = [r for r in cov.micro if r.grid_id is not None and r.eligible and (inside is None or r.grid_id in inside)]
        coverage = {r.grid_id: 100.0 * r.handed / r.eligible for r in rows if r.grid_id is not None}
        eligible, handed = sum(r.eligible for r in rows), sum(r.handed for r in rows)
        figures.append(Figure(tr("{name}已发放").format(name=campaign.name), handed, None, tr("份")))
        if not public and eligible:
            figures.append(Figure(tr("{name}发放率").format(name=campaign.name), round(100.0 * handed / eligible, 1),
                                  None, "%", percent=True))
    if public:
        figures = [replace(f, shown=privacy.SMALL_CELL) if f.value and 0 < f.value < privacy.SMALL_LIMIT else f
                   for f in figures]
    charts = briefing_charts.dashboard(db, gid, end)
    if public:  # counts of everyone only: no key persons (populations, visits), no small counts
        charts = [c for c in charts if c.kind in ("pyramid", "bar") and not c.percent
                  and not any(0 < v < privacy.SMALL_LIMIT for ser in c.series for v in ser.values)]
    flow_months = matter_flow.by_month(items, start, end) if period.months != 1 else matter_flow.by_month(
        items, *matter_flow.last_months(end, 12))
    flow_grids = _flow_by_child(db, items, gid, start, end)
    attention = [] if public else _attention(db, gid, end, items, coverage)
    hidden = _hidden(flow_months, flow_grids, now) if public else {}
    doc = BriefingDoc(
        title=tr("{scope}工作简报").format(scope=target.scope_name or target.office), office=target.office,
        period=period.label(), previous=prev.label(), start=start, end=end, words=(this, last), public=public,
        figures=figures, sentences=[], charts=charts,
        flow_months=[_flow_row(("m", k), k, f, hidden) for k, f in flow_months],
        flow_grids=[_flow_row(("g", k), k, f, hidden) for k, f in flow_grids],
        flow_total=_flow_row("total", tr("合计"), now, hidden), attention=attention)
    doc.sentences = sentences(doc)
    return doc


def _flow_row(key: object, label: str, f: matter_flow.Flow, hidden: dict[object, str]) -> FlowRow:
    counts = tuple(hidden.get((key, k), v) for k, v in f.counts().items())
    return FlowRow(label, counts, f.rate, f.median_response_hours, f.median_close_days)


def _old_open(items: list[matter_flow.Item], day: dt.date) -> int:
    """Matters open at the end of ``day`` that were reported more than OLD_DAYS days before it."""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    limit = end - dt.timedelta(days=OLD_DAYS)
    return sum(1 for m in items if m.reported < limit and (m.done is None or m.done >= end))


def _visits(db: Database, grid_id: int | None, start: dt.date, end: dt.date) -> int:
    with db.reading() as s:
        stmt = select(func.count()).select_from(Visit).where(Visit.visit_date >= start, Visit.visit_date <= end)
        if grid_id is not None:
            stmt = stmt.where(Visit.grid_id.in_(grid_subtree_ids(s, grid_id)))
        return s.scalar(stmt) or 0


def _flow_by_child(db: Database, items: list[matter_flow.Item], grid_id: int | None, start: dt.date,
                   end: dt.date) -> list[tuple[str, matter_flow.Flow]]:
    """The period's flow per grid one level down (by id), and the matters of no such grid."""
    kids = briefing_charts.child_grids(db, grid_id)
    with db.reading() as s:
        under = subtree_owners(s, [k.id for k in kids])
    groups: dict[int | None, list[matter_flow.Item]] = {k.id: [] for k in kids}
    for m in items:
        groups.setdefault(under.get(m.grid_id) if m.grid_id is not None else None, []).append(m)
    rows = [(k.name, matter_flow.flow(groups[k.id], start, end)) for k in kids]
    rest = groups.get(None, [])
    if rest:
        rows.append((tr("未落到网格"), matter_flow.flow(rest, start, end)))
    return rows


def _attention(db: Database, grid_id: int | None, on: dt.date, items: list[matter_flow.Item],
               coverage: dict[int, float]) -> list[Attention]:
    """Micro-grids with overdue visits, a hand-out rate below LOW_COVERAGE or open matters older
    than OLD_DAYS days; the worst first, at most fifteen."""
    overdue = {c.grid_id: c.overdue for c in visits.week_counts(db, grid_id, on)}
    end = dt.datetime.combine(on + dt.timedelta(days=1), dt.time())
    limit = end - dt.timedelta(days=OLD_DAYS)
    old = Counter(m.grid_id for m in items if m.reported < limit and (m.done is None or m.done >= end))
    with db.reading() as s:
        table = grids.catalogue(s)
    found = []
    for gid in set(overdue) | set(coverage) | {g for g in old if g is not None}:
        low = coverage.get(gid)
        if overdue.get(gid, 0) or old.get(gid, 0) or (low is not None and low < LOW_COVERAGE):
            g = table.get(gid)
            if g is not None:
                found.append(Attention(g.path, overdue.get(gid, 0), None if low is None else round(low, 1),
                                       old.get(gid, 0)))
    found.sort(key=lambda a: (-(a.old_matters * 3 + a.overdue_visits), a.coverage or 100.0, a.grid))
    return found[:15]


def _hidden(months: list[tuple[str, matter_flow.Flow]], by_grid: list[tuple[str, matter_flow.Flow]],
            total: matter_flow.Flow) -> dict[object, str]:
    """Small counts of the public flow tables, hidden so that no printed sum gives them back
    (the grid rows add up to the total; each row's own identity; months chain)."""
    lines: dict[object, matter_flow.Flow] = {("m", k): f for k, f in months}
    lines.update({("g", k): f for k, f in by_grid})
    lines["total"] = total
    eqs = matter_flow.suppression_equations(lines)
    for k in matter_flow.FIGURES:
        eqs.append((("total", k), [(("g", name), k) for name, _f in by_grid]))
    for (a, _fa), (b, _fb) in itertools.pairwise(months):
        eqs.append(((("m", b), "opening"), [(("m", a), "closing")]))
    hidden = privacy.suppress_small_cells(matter_flow.cell_values(lines), eqs, sensitive=lambda c: c[1] != "in")  # type: ignore[index]
    return {cell: text for cell, text in hidden.items() if cell[1] != "in"}  # type: ignore[index]


def sentences(b: BriefingDoc) -> list[str]:
    """Plain sentences from the briefing's own figures (the figures table prints the same)."""
    this, last = b.words
    fig = {f.label: f for f in b.figures}
    out = []
    new, closed = fig[tr("{this}新增事项").format(this=this)], fig[tr("{this}办结事项").format(this=this)]
    if b.public:
        if not new.shown and not closed.shown:
            out.append(tr("{this}新增事项 {new} 件，办结 {closed} 件。").format(
                this=this, new=_count(new.value or 0), closed=_count(closed.value or 0)))
    else:
        rate = fig[tr("办结率")]
        text = tr("{this}新增事项 {new} 件，办结 {closed} 件").format(
            this=this, new=_count(new.value or 0), closed=_count(closed.value or 0))
        if rate.value is not None:
            text += tr("，办结率 {rate}%").format(rate=_one(rate.value))
            if rate.change:
                text += tr("，比{last}{dir} {d} 个百分点").format(
                    last=last, dir=tr("提高") if rate.change > 0 else tr("降低"), d=_one(abs(rate.change)))
            elif rate.change == 0:
                text += tr("，与{last}持平").format(last=last)
        out.append(text + tr("。"))
    closing, old = fig[tr("期末未办结事项")], fig[tr("超过{n}天未办结").format(n=OLD_DAYS)]
    if not closing.shown and not old.shown:
        out.append(tr("期末未办结 {n} 件，其中超过 {days} 天的 {old} 件。").format(
            n=_count(closing.value or 0), days=OLD_DAYS, old=_count(old.value or 0)))
    visit = fig[tr("{this}入户走访").format(this=this)]
    if not visit.shown and visit.change is not None:
        more = visit.change
        out.append(tr("{this}入户走访 {n} 人次，比{last}{dir} {d} 人次。").format(
            this=this, n=_count(visit.value or 0), last=last, dir=tr("增加") if more >= 0 else tr("减少"),
            d=_count(abs(more))))
    if b.attention:
        out.append(tr("需要关注的微网格 {n} 个（走访逾期、发放进度低于 {low}% 或有超过 {days} 天未办结的事项），见文末。").format(
            n=len(b.attention), low=int(LOW_COVERAGE), days=OLD_DAYS))
    return out


def write_file(db: Database, start: dt.date, end: dt.date, out: Path, grid_code: str | None = None,
               public: bool = False) -> int:
    """Build and write the briefing PDF (through the output guard: never onto the database or a
    backup, a temporary file renamed into place); the number of pages. A missing folder is
    refused, not created."""
    if not out.parent.is_dir():
        raise BriefingError(tr("文件夹不存在：{path}").format(path=out.parent))
    try:
        # for upper levels: Chinese whatever the screen shows
        with outputs.atomic_output(out, db=db) as tmp, source_language():
            return briefing_pdf.write(build(db, start, end, grid_code, public), tmp)
    except OSError as exc:
        known = translate(exc, str(out))
        if known is not None:
            raise known from exc
        raise BriefingError(tr("无法写入 {path}：{reason}").format(path=out, reason=exc.strerror or exc)) from exc


grid_choice = kit.grid_choice  # (code, name) of the grid selected in the tree, for the dialog
