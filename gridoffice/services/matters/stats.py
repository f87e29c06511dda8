"""Times of matters: response time (reported → responded) and time to close (reported →
closed), with medians per month (of the report) and per grid (the children of the grid asked
about, so a community shows its general grids and a general grid its micro-grids)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from gridoffice.i18n import tr
from gridoffice.services.grids.core import catalogue
from gridoffice.services.matters.core import CLOSED, OPEN_STATES, TRANSFERRED
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import Matter


@dataclass(frozen=True)
class MedianRow:
    key: str  # "2023-01" or a grid code
    label: str
    matters: int
    open: int
    closed: int
    transferred: int
    median_response_hours: float | None
    median_close_days: float | None
    grid_id: int | None = None  # by grid: the grid of the row (None: 未指定网格, or a month)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _hours_between(db: Database, start, end):  # type: ignore[no-untyped-def]
    """SQL for the hours from ``start`` to ``end`` (so 30,000 rows are not parsed in Python)."""
    if db.is_sqlite:
        return (func.julianday(end) - func.julianday(start)) * 24.0
    return func.extract("epoch", end - start) / 3600.0


def _month(db: Database, column):  # type: ignore[no-untyped-def]
    return func.strftime("%Y-%m", column) if db.is_sqlite else func.to_char(column, "YYYY-MM")


def _rows(db: Database, grid_id: int | None, reported_from: dt.date | None, reported_to: dt.date | None):  # type: ignore[no-untyped-def]
    """(month, grid id, state, response hours, close hours) per matter in scope."""
    with db.reading() as s:
        stmt = select(_month(db, Matter.reported_at), Matter.grid_id, Matter.state,
                      _hours_between(db, Matter.reported_at, Matter.responded_at),
                      _hours_between(db, Matter.reported_at, Matter.closed_at))
        if grid_id is not None:
            stmt = stmt.where(Matter.grid_id.in_(grid_subtree_ids(s, grid_id)))
        if reported_from:
            stmt = stmt.where(Matter.reported_at >= dt.datetime.combine(reported_from, dt.time()))
        if reported_to:
            stmt = stmt.where(Matter.reported_at < dt.datetime.combine(reported_to + dt.timedelta(days=1), dt.time()))
        return s.execute(stmt).all()


def _summary(key: str, label: str, items: list, grid_id: int | None = None) -> MedianRow:
    response = [r[3] for r in items if r[3] is not None and r[3] >= 0]
    close = [r[4] / 24 for r in items if r[2] == CLOSED and r[4] is not None and r[4] >= 0]
    return MedianRow(key, label, len(items), sum(r[2] in OPEN_STATES for r in items),
                     sum(r[2] == CLOSED for r in items), sum(r[2] == TRANSFERRED for r in items),
                     _median(response), _median(close), grid_id)


def medians(db: Database, by: str = "month", grid_id: int | None = None,
            reported_from: dt.date | None = None, reported_to: dt.date | None = None) -> list[MedianRow]:
    """``by`` is "month" or "grid". Open and transferred matters count in ``matters`` but have no
    close time; a matter without a response time is left out of the response median."""
    if by not in ("month", "grid"):
        raise ValueError(by)
    rows = _rows(db, grid_id, reported_from, reported_to)
    if by == "month":
        groups: dict[object, list] = defaultdict(list)
        for row in rows:
            groups[row[0]].append(row)
        return [_summary(str(key), str(key), items) for key, items in sorted(groups.items())]
    with db.reading() as s:
        info = {gid: g for gid, g in catalogue(s).items() if not g.deleted}
    grids = list(info.values())
    parent = {g.id: g.parent_id for g in grids}
    if grid_id is not None:
        tops = {g.id for g in grids if g.parent_id == grid_id} or {grid_id}
    else:
        roots = [g.id for g in grids if g.parent_id is None]
        kids = {g.id for g in grids if g.parent_id in roots}
        tops = kids if len(roots) == 1 and kids else set(roots)
    top_of: dict[int | None, int | None] = {}

    def key_of(gid: int | None) -> int | None:
        if gid not in top_of:
            current, seen = gid, 0
            while current is not None and current not in tops and seen < 10:
                current = parent.get(current)
                seen += 1
            top_of[gid] = current if current in tops else None
        return top_of[gid]

    by_grid: dict[int | None, list] = defaultdict(list)
    for row in rows:
        by_grid[key_of(row[1])].append(row)
    result = [_summary(info[k].code, info[k].label, items, k) if k is not None else
              _summary("", tr("未指定网格"), items) for k, items in by_grid.items()]
    return sorted(result, key=lambda r: (r.key == "", r.key))


def overall(db: Database, grid_id: int | None = None, reported_from: dt.date | None = None,
            reported_to: dt.date | None = None) -> MedianRow:
    """All matters in scope as one row (the 合计 line)."""
    return _summary("", tr("合计"), list(_rows(db, grid_id, reported_from, reported_to)))
