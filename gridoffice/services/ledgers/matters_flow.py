"""民情事项流转统计表 (``matters-flow``): 上月未办结 + 本月新增 − 本月办结 − 本月转办 = 本月未办结 with
办结率 and the median times (services/matters/flow.py), per month (the twelve months up to the end
of the period when it is one month, else the months of the period), per category and per grid
(micro, general, community) for the period, and (internal version) per month × general grid.
The public version has the counts only, small counts hidden so that no printed sum gives them
back (domain.privacy.suppress_small_cells)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from gridoffice.domain import privacy
from gridoffice.domain.ages import parse_loose_date
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import ledgers
from gridoffice.services.grids.core import GridInfo, catalogue
from gridoffice.services.ledgers import kit
from gridoffice.services.matters import core as matters
from gridoffice.services.matters import flow as matter_flow
from gridoffice.services.matters.flow import FIGURES, Flow, GridFlow
from gridoffice.store import Database

TITLE = N_("民情事项流转统计表")
MONTH_HEADERS = (N_("上月未办结"), N_("本月新增"), N_("本月办结"), N_("本月转办"), N_("本月未办结"))
PERIOD_HEADERS = (N_("期初未办结"), N_("本期新增"), N_("本期办结"), N_("本期转办"), N_("期末未办结"))
TIMES = (Column(N_("办结率"), 8, "percent", sensitive=True),  # counts only in public: a rate gives a hidden count back
         Column(N_("响应用时中位数（小时）"), 12, "float", sensitive=True),
         Column(N_("办结用时中位数（天）"), 12, "float", sensitive=True))
LEVEL_SHEETS = (("micro", N_("按微网格")), ("general", N_("按一般网格")), ("community", N_("按社区")))


def period(options: ledgers.LedgerOptions) -> tuple[dt.date, dt.date]:
    """``extra['from'] / extra['to']``, else the month of the ledger date up to it."""
    start = parse_loose_date(options.extra.get("from")) or options.on.replace(day=1)
    end = parse_loose_date(options.extra.get("to")) or options.on
    return start, end


def month_span(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The months the 按月 sheet shows: the twelve up to ``end`` for a period within one month."""
    if (start.year, start.month) == (end.year, end.month):
        return matter_flow.last_months(end, 12)
    return start, end


@ledgers.register("matters-flow", TITLE)
def build(db: Database, options: ledgers.LedgerOptions) -> Ledger:
    target = kit.target(db, options)
    start, end = period(options)
    m_start, m_end = month_span(start, end)
    items = matter_flow.items(db, target.grid_id, before=end + dt.timedelta(days=1))
    total = matter_flow.flow(items, start, end)
    month_rows = matter_flow.by_month(items, m_start, m_end)
    month_total = matter_flow.flow(items, m_start, m_end)
    categories = matter_flow.by_category(items, start, end, matters.categories(db))
    levels = matter_flow.by_grid(db, items, start, end, target.grid_id)
    if not target.many_communities:
        levels.pop("community", None)
    with db.reading() as s:
        table = catalogue(s)
    shown = _suppress(total, month_rows, month_total, categories, levels, table) if options.public else {}
    when = tr("{start} 至 {end}").format(start=start.isoformat(), end=end.isoformat())

    def values(key: Hashable, f: Flow) -> list[Any]:
        return [shown.get((key, k), getattr(f, k)) for k in FIGURES] + [
            None if f.rate is None else f.rate / 100, f.median_response_hours, f.median_close_days]

    def columns(label: str, label_width: float, headers: Sequence[str]) -> list[Column]:
        return [Column(label, label_width, "name"), *(Column(tr(h), 9, "int") for h in headers), *TIMES]

    sheets = [Sheet(tr("按月"), tr("{t}（按月，{a} 至 {b}）").format(t=tr(TITLE), a=m_start.isoformat(),
                                                               b=m_end.isoformat()),
                    columns(tr("月份"), 10, MONTH_HEADERS),
                    [[label, *values(("month", label), f)] for label, f in month_rows],
                    total=[None, *values("month-total", month_total)], row_count=len(month_rows))]
    sheets.append(Sheet(tr("按类别"), tr("{t}（按类别，{when}）").format(t=tr(TITLE), when=when),
                        columns(tr("类别"), 12, PERIOD_HEADERS),
                        [[tr(c), *values(("category", c), f)] for c, f in categories],
                        total=[None, *values("total", total)], row_count=len(categories)))
    for level, name in LEVEL_SHEETS:
        rows = levels.get(level)
        if rows is None:
            continue

        def label(r: GridFlow, level: str = level) -> str:
            if r.grid_id is None:
                return tr("未落到微网格") if level == "micro" else tr("未落到网格")
            return table[r.grid_id].path

        sheets.append(Sheet(tr(name), tr("{t}（{by}，{when}）").format(t=tr(TITLE), by=tr(name), when=when),
                            columns(tr("网格"), 26, PERIOD_HEADERS),
                            [[label(r), *values((level, r.grid_id), r.flow)] for r in rows],
                            total=[None, *values("total", total)], row_count=len(rows),
                            grid_rows=[(level, r.grid_id) for r in rows]))
    if not options.public:  # a general grid's month is mostly small counts: public, it would be asterisks
        month_grids = matter_flow.by_month_and_grid(db, items, m_start, m_end, target.grid_id)
        sheets.append(_month_grid_sheet(month_grids, table, m_start, m_end, values))
    return Ledger("matters-flow", tr(TITLE), target.office, options.on, sheets, scope=target.scope_name)


def _month_grid_sheet(month_grids: list[matter_flow.MonthGrids], table: dict[int, GridInfo], start: dt.date,
                      end: dt.date, values: Callable[[Hashable, Flow], list[Any]]) -> Sheet:
    """按月按网格 (internal only): each month's rows of the general grids of the scope (by id;
    micro-grids when it holds none), then the month's 合计 — the 按月 sheet's row, which the grid
    rows add up to."""
    level = month_grids[0].level if month_grids else "general"
    rows: list[list[Any]] = []
    for m in month_grids:
        for r in m.grids:
            name = table[r.grid_id].path if r.grid_id is not None else (
                tr("未落到微网格") if level == "micro" else tr("未落到网格"))
            rows.append([m.label, name, *values(("month-grid", m.label, r.grid_id), r.flow)])
        rows.append([m.label, tr("合计"), *values(("month", m.label), m.total)])
    by = tr("按月、按一般网格") if level == "general" else tr("按月、按微网格")
    return Sheet(tr("按月按网格"), tr("{t}（{by}，{a} 至 {b}）").format(t=tr(TITLE), by=by, a=start.isoformat(),
                                                                  b=end.isoformat()),
                 [Column(tr("月份"), 10, "name"), Column(tr("网格"), 26, "name"),
                  *(Column(tr(h), 9, "int") for h in MONTH_HEADERS), *TIMES], rows, row_count=len(rows))


def _suppress(total: Flow, month_rows: list[tuple[str, Flow]], month_total: Flow,
              categories: list[tuple[str, Flow]], levels: dict[str, list[GridFlow]],
              table: dict[int, GridInfo]) -> dict[Hashable, str]:
    """The cells of the public version to print as "<3" / "*": every line's identity, every
    level and the categories summing to the total, general = Σ micro, community = Σ general,
    the months summing to their total and each month opening with the last one's closing."""
    lines: dict[Hashable, Flow] = {"total": total, "month-total": month_total}
    lines.update({("month", label): f for label, f in month_rows})
    lines.update({("category", c): f for c, f in categories})
    for level, rows in levels.items():
        lines.update({(level, r.grid_id): r.flow for r in rows})
    eqs = matter_flow.suppression_equations(lines)
    for k in FIGURES:
        eqs.append((("total", k), [(("category", c), k) for c, _ in categories]))
        for level, rows in levels.items():
            eqs.append((("total", k), [((level, r.grid_id), k) for r in rows]))
        if k in ("new", "closed", "transferred"):
            eqs.append((("month-total", k), [(("month", label), k) for label, _ in month_rows]))
    if month_rows:
        eqs.append((("month-total", "opening"), [(("month", month_rows[0][0]), "opening")]))
        eqs.append((("month-total", "closing"), [(("month", month_rows[-1][0]), "closing")]))
        for (a, _fa), (b, _fb) in itertools.pairwise(month_rows):
            eqs.append(((("month", b), "opening"), [(("month", a), "closing")]))
        if month_rows[-1][1] == total:  # the last month is the period: the same figures twice
            eqs.extend(((("month", month_rows[-1][0]), k), [("total", k)]) for k in FIGURES)
    eqs.extend(_tree_equations(levels, table))
    hidden = privacy.suppress_small_cells(matter_flow.cell_values(lines), eqs, sensitive=lambda c: c[1] != "in")  # type: ignore[index]
    return {cell: text for cell, text in hidden.items() if cell[1] != "in"}  # type: ignore[index]


def _tree_equations(levels: dict[str, list[GridFlow]],
                    table: dict[int, GridInfo]) -> list[tuple[Hashable, list[Hashable]]]:
    """general = Σ its micro-grids, community = Σ its general grids (matched by id)."""
    eqs: list[tuple[Hashable, list[Hashable]]] = []
    for upper, lower, parent_of in (("general", "micro", lambda g: g.general_id),
                                    ("community", "general", lambda g: g.community_id)):
        if upper not in levels or lower not in levels:
            continue
        children: dict[int, list[Hashable]] = {}
        for r in levels[lower]:
            if r.grid_id is not None and (parent := parent_of(table[r.grid_id])) is not None:
                children.setdefault(parent, []).append((lower, r.grid_id))
        for r in levels[upper]:
            if r.grid_id is not None:
                parts = children.get(r.grid_id, [])
                eqs.extend((((upper, r.grid_id), k), [(p, k) for p in parts]) for k in FIGURES)
    return eqs
