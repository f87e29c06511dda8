"""The monthly flow of matters (事项流转): 上月未办结 + 本月新增 − 本月办结 − 本月转办 = 本月未办结,
per month, per grid (by id) and per category, with 办结率 and the response / closing medians.

A matter leaves the open stock when it is closed (``closed_at``) or handed up (转办). The matter
keeps no time of its hand-over, so a 转办 matter counts as handed up when it was first answered
(``responded_at``, which the move to 转办 fills when empty), else when it was reported. Figures
are worked out from what the matters say now: a matter that came back from 转办 is open again
in every month since it was reported. Each period's opening is, by construction, the previous
period's closing (tests/services/test_matter_flow.py checks it over a year of the demo).

办结率 = 本月办结 ÷ (上月未办结 + 本月新增). The response median is over the matters reported in
the period (hours to the first answer), the closing median over the matters closed in it (days
from report to close).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from gridoffice.domain.codes import GridLevel
from gridoffice.services.grids.core import GridInfo, catalogue, order_key
from gridoffice.services.matters.core import CLOSED, TRANSFERRED
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import Matter

FIGURES = ("opening", "new", "closed", "transferred", "closing")  # the counts, in table order
MICRO_LEVELS = (str(GridLevel.MICRO), str(GridLevel.DEDICATED))


@dataclass(frozen=True)
class Item:
    """One matter as the flow sees it."""
    reported: dt.datetime
    done: dt.datetime | None  # when it left the open stock (None: still open)
    outcome: str  # CLOSED / TRANSFERRED / "" (open)
    grid_id: int | None
    category: str
    response_hours: float | None


@dataclass(frozen=True)
class Flow:
    opening: int  # 上月未办结: open at the start
    new: int  # 本月新增
    closed: int  # 本月办结
    transferred: int  # 本月转办
    closing: int  # 本月未办结: open at the end
    median_response_hours: float | None
    median_close_days: float | None

    @property
    def rate(self) -> float | None:
        """办结率 in percent (one decimal), None when nothing was to be done."""
        due = self.opening + self.new
        return round(100.0 * self.closed / due, 1) if due else None

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in FIGURES}


def items(db: Database, grid_id: int | None = None, before: dt.date | None = None) -> list[Item]:
    """Every matter in the scope (the grid and everything under it), reported before ``before``."""
    with db.reading() as s:
        stmt = select(Matter.reported_at, Matter.responded_at, Matter.closed_at, Matter.state, Matter.grid_id,
                      Matter.category)
        if grid_id is not None:
            stmt = stmt.where(Matter.grid_id.in_(grid_subtree_ids(s, grid_id)))
        if before is not None:
            stmt = stmt.where(Matter.reported_at < dt.datetime.combine(before, dt.time()))
        rows = s.execute(stmt).all()
    out = []
    for reported, responded, closed, state, gid, category in rows:
        done: dt.datetime | None = None
        outcome = ""
        if state == CLOSED:
            done, outcome = max(closed or reported, reported), CLOSED
        elif state == TRANSFERRED:
            done, outcome = max(responded or reported, reported), TRANSFERRED
        hours = (responded - reported).total_seconds() / 3600 if responded is not None else None
        out.append(Item(reported, done, outcome, gid, category or "", hours if hours is None or hours >= 0 else None))
    return out


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def flow(matters: Iterable[Item], start: dt.date, end: dt.date) -> Flow:
    """The flow of the days ``start`` … ``end`` (both included)."""
    a = dt.datetime.combine(start, dt.time())
    b = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    opening = new = closed = transferred = closing = 0
    response: list[float] = []
    close_days: list[float] = []
    for m in matters:
        if m.reported >= b:
            continue
        if m.reported < a:
            opening += m.done is None or m.done >= a
        else:
            new += 1
            if m.response_hours is not None:
                response.append(m.response_hours)
        if m.done is not None and a <= m.done < b:
            if m.outcome == CLOSED:
                closed += 1
                close_days.append((m.done - m.reported).total_seconds() / 86400)
            else:
                transferred += 1
        closing += m.done is None or m.done >= b
    return Flow(opening, new, closed, transferred, closing, _median(response), _median(close_days))


def months(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(label "2023-01", first day, last day) of every month touching ``start`` … ``end``, clipped."""
    out = []
    first = start.replace(day=1)
    while first <= end:
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        out.append((f"{first.year:04d}-{first.month:02d}", max(first, start), min(nxt - dt.timedelta(days=1), end)))
        first = nxt
    return out


def last_months(on: dt.date, n: int = 12) -> tuple[dt.date, dt.date]:
    """The ``n`` months up to ``on``: (first day of the earliest, ``on``)."""
    first = on.replace(day=1)
    for _ in range(n - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first, on


def by_month(matters: Sequence[Item], start: dt.date, end: dt.date) -> list[tuple[str, Flow]]:
    return [(label, flow(matters, a, b)) for label, a, b in months(start, end)]


def by_category(matters: Sequence[Item], start: dt.date, end: dt.date,
                known: Sequence[str] = ()) -> list[tuple[str, Flow]]:
    """Every category in ``known`` (the office's list, in its order), then any other found."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for m in matters:
        groups[m.category].append(m)
    order = list(dict.fromkeys([*known, *sorted(groups)]))
    return [(c, flow(groups.get(c, []), start, end)) for c in order]


@dataclass(frozen=True)
class GridFlow:
    level: str  # community / general / micro (the reconciliation's levels)
    grid_id: int | None  # None: matters not filed on a micro-grid (未落到微网格)
    flow: Flow


def by_grid(db: Database, matters: Sequence[Item], start: dt.date, end: dt.date,
            grid_id: int | None = None) -> dict[str, list[GridFlow]]:
    """Rows per level ("micro", "general", "community"), every live grid of the level in the
    scope, in tree order. A general grid's row is its micro-grids' matters; matters filed on a
    grid above the micro level (or on none) form one row of their own at every level (grid id
    None), so each level adds up to the whole."""
    groups = grid_groups(db, matters, grid_id)
    return {level: [GridFlow(level, gid, flow(ms, start, end)) for gid, ms in rows] for level, rows in groups.items()}


@dataclass(frozen=True)
class MonthGrids:
    label: str  # "2023-01"
    level: str  # the rows' level: general (micro when the scope holds no general grid)
    grids: list[GridFlow]  # every grid of the level in the scope, tree order (+ the rest, id None)
    total: Flow  # the month's flow of the whole scope: the grid rows add up to it


def by_month_and_grid(db: Database, matters: Sequence[Item], start: dt.date, end: dt.date,
                      grid_id: int | None = None) -> list[MonthGrids]:
    """The flow of every month of ``start`` … ``end`` per general grid of the scope (grouped by
    id, as ``by_grid``): each row keeps its own identity (上月未办结 + 本月新增 − 本月办结 − 本月转办 =
    本月未办结, opening with its last month's closing) and a month's rows add up to its total."""
    groups = grid_groups(db, matters, grid_id)
    level = "general" if any(gid is not None for gid, _ms in groups["general"]) else "micro"
    rows = groups[level]
    out = []
    for label, a, b in months(start, end):
        out.append(MonthGrids(label, level, [GridFlow(level, gid, flow(ms, a, b)) for gid, ms in rows],
                              flow(matters, a, b)))
    return out


def grid_groups(db: Database, matters: Sequence[Item],
                grid_id: int | None = None) -> dict[str, list[tuple[int | None, list[Item]]]]:
    """The matters per grid of each level ("micro", "general", "community") of the scope: every
    live grid of the level in tree order with its micro-grids' matters (by id), then — when
    there are any, or no grid of the level — the rest (grid id None: filed above the micro
    level, on none, or on a grid outside the level's grids)."""
    with db.reading() as s:
        table = catalogue(s)
        scope = set(grid_subtree_ids(s, grid_id)) if grid_id is not None else {
            gid for gid, g in table.items() if not g.deleted}
    per_micro: dict[int | None, list[Item]] = defaultdict(list)
    for m in matters:
        g = table.get(m.grid_id) if m.grid_id is not None else None
        per_micro[m.grid_id if g is not None and g.level in MICRO_LEVELS else None].append(m)
    out: dict[str, list[tuple[int | None, list[Item]]]] = {}
    for level, key in (("micro", lambda g: g.id), ("general", lambda g: g.general_id),
                       ("community", lambda g: g.community_id)):
        grids = [g for gid, g in table.items() if gid in scope and _level(g) == level]
        groups = _group(per_micro, table, key)
        rows: list[tuple[int | None, list[Item]]] = [
            (g.id, groups.get(g.id, [])) for g in sorted(grids, key=lambda g: order_key(table, g.id))]
        ids = {g.id for g in grids}
        rest = [m for gid, ms in per_micro.items() for m in ms if gid is None or key(table[gid]) not in ids]
        if rest or not rows:
            rows.append((None, rest))
        out[level] = rows
    return out


def _level(g: GridInfo) -> str:
    return GridLevel.MICRO if g.level in MICRO_LEVELS else str(g.level)


def _group(per_micro: dict[int | None, list[Item]], table: dict[int, GridInfo],
           key: Callable[[GridInfo], int | None]) -> dict[int | None, list[Item]]:
    groups: dict[int | None, list[Item]] = defaultdict(list)
    for gid, ms in per_micro.items():
        if gid is not None:
            groups[key(table[gid])].extend(ms)
    return groups


def suppression_equations(lines: dict[Hashable, Flow]) -> list[tuple[Hashable, list[Hashable]]]:
    """Each line's own identity as equations over its cells ``(line, figure)``: what came in
    (上月未办结 + 本月新增, an unpublished cell counted as known, which only hides more) is what
    went out (办结 + 转办 + 未办结). Add the equations between lines (parent = sum of children)."""
    eqs: list[tuple[Hashable, list[Hashable]]] = []
    for key in lines:
        inflow = (key, "in")
        eqs.append((inflow, [(key, "opening"), (key, "new")]))
        eqs.append((inflow, [(key, "closed"), (key, "transferred"), (key, "closing")]))
    return eqs


def cell_values(lines: dict[Hashable, Flow]) -> dict[Hashable, int]:
    values: dict[Hashable, int] = {}
    for key, f in lines.items():
        values.update({(key, k): v for k, v in f.counts().items()})
        values[(key, "in")] = f.opening + f.new
    return values
