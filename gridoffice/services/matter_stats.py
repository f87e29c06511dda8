"""Times of matters: response time (reported → responded) and time to close (reported →
closed), with medians per month (of the report) and per grid (the children of the grid asked
about, so a community shows its general grids and a general grid its micro-grids)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from gridoffice.i18n import tr
from gridoffice.services.matters import CLOSED, OPEN_STATES, TRANSFERRED
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database
from gridoffice.store.models import Grid, Matter


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


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def medians(db: Database, by: str = "month", grid_id: int | None = None,
            reported_from: dt.date | None = None, reported_to: dt.date | None = None) -> list[MedianRow]:
    """``by`` is "month" or "grid". Open and transferred matters count in ``matters`` but have no
    close time; a matter without a response time is left out of the response median."""
    if by not in ("month", "grid"):
        raise ValueError(by)
    with db.reading() as s:
        stmt = select(Matter.reported_at, Matter.responded_at, Matter.closed_at, Matter.state, Matter.grid_id)
        if grid_id is not None:
            stmt = stmt.where(Matter.grid_id.in_(grid_subtree_ids(s, grid_id)))
        if reported_from:
            stmt = stmt.where(Matter.reported_at >= dt.datetime.combine(reported_from, dt.time()))
        if reported_to:
            stmt = stmt.where(Matter.reported_at < dt.datetime.combine(reported_to + dt.timedelta(days=1), dt.time()))
        rows = s.execute(stmt).all()
        grids = s.execute(select(Grid.id, Grid.parent_id, Grid.code, Grid.name, Grid.sort_order)
                          .where(Grid.deleted_at.is_(None))).all()
    parent = {g.id: g.parent_id for g in grids}
    info = {g.id: g for g in grids}
    if by == "grid":
        if grid_id is not None:
            tops = {g.id for g in grids if g.parent_id == grid_id} or {grid_id}
        else:
            roots = [g.id for g in grids if g.parent_id is None]
            kids = {g.id for g in grids if g.parent_id in roots}
            tops = kids if len(roots) == 1 and kids else set(roots)

        def key_of(gid: int | None) -> int | None:
            seen = 0
            while gid is not None and gid not in tops and seen < 10:
                gid = parent.get(gid)
                seen += 1
            return gid if gid in tops else None
    groups: dict[object, list] = defaultdict(list)  # type: ignore[type-arg]
    for row in rows:
        key = row.reported_at.strftime("%Y-%m") if by == "month" else key_of(row.grid_id)
        groups[key].append(row)
    result = []
    for key, items in groups.items():
        response = [(r.responded_at - r.reported_at).total_seconds() / 3600 for r in items
                    if r.responded_at is not None and r.responded_at >= r.reported_at]
        close = [(r.closed_at - r.reported_at).total_seconds() / 86400 for r in items
                 if r.state == CLOSED and r.closed_at is not None and r.closed_at >= r.reported_at]
        if by == "month":
            label, code = str(key), str(key)
        elif key is None:
            label, code = tr("未指定网格"), ""
        else:
            label, code = info[key].name, info[key].code
        result.append(MedianRow(
            code, label, len(items), sum(r.state in OPEN_STATES for r in items),
            sum(r.state == CLOSED for r in items), sum(r.state == TRANSFERRED for r in items),
            _median(response), _median(close)))
    if by == "month":
        result.sort(key=lambda r: r.key)
    else:
        result.sort(key=lambda r: (r.key == "", r.key))
    return result


def overall(db: Database, grid_id: int | None = None, reported_from: dt.date | None = None,
            reported_to: dt.date | None = None) -> MedianRow:
    """All matters in scope as one row (the 合计 line)."""
    rows = medians(db, "month", grid_id, reported_from, reported_to)
    if not rows:
        return MedianRow("", tr("合计"), 0, 0, 0, 0, None, None)
    with db.reading() as s:
        stmt = select(Matter.reported_at, Matter.responded_at, Matter.closed_at, Matter.state)
        if grid_id is not None:
            stmt = stmt.where(Matter.grid_id.in_(grid_subtree_ids(s, grid_id)))
        if reported_from:
            stmt = stmt.where(Matter.reported_at >= dt.datetime.combine(reported_from, dt.time()))
        if reported_to:
            stmt = stmt.where(Matter.reported_at < dt.datetime.combine(reported_to + dt.timedelta(days=1), dt.time()))
        items = s.execute(stmt).all()
    response = [(r.responded_at - r.reported_at).total_seconds() / 3600 for r in items
                if r.responded_at is not None and r.responded_at >= r.reported_at]
    close = [(r.closed_at - r.reported_at).total_seconds() / 86400 for r in items
             if r.state == CLOSED and r.closed_at is not None and r.closed_at >= r.reported_at]
    return MedianRow("", tr("合计"), sum(r.matters for r in rows), sum(r.open for r in rows),
                     sum(r.closed for r in rows), sum(r.transferred for r in rows),
                     _median(response), _median(close))
