"""民情事项登记台账: the matters reported in a period (by default the month of the ledger date, up
to it), oldest first, with response and close times; a second sheet gives per-grid counts and
median times with a 合计 row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from gridoffice.domain.codes import GridLevel
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import ledgers, settings
from gridoffice.services.grids import core as grids
from gridoffice.services.matters import core as matters
from gridoffice.services.matters import stats as matter_stats
from gridoffice.services.scope import grid_id_by_code
from gridoffice.store import Database

COLUMNS = (
    Column(N_("编号"), 7, "int"),
    Column(N_("反映时间"), 16, "datetime"),
    Column(N_("反映人"), 9, "name", sensitive=True),
    Column(N_("网格"), 12),
    Column(N_("地点"), 22, sensitive=True),
    Column(N_("类别"), 10),
    Column(N_("事项内容"), 30, sensitive=True),  # free text: never in the public version
    Column(N_("紧急程度"), 8),
    Column(N_("办理人"), 9),
    Column(N_("响应时间"), 16, "datetime"),
    Column(N_("办结时间"), 16, "datetime"),
    Column(N_("状态"), 8),
    Column(N_("转办去向"), 14, sensitive=True),
    Column(N_("办理结果"), 24, sensitive=True),
    Column(N_("响应用时（小时）"), 10, "float"),
    Column(N_("办结用时（天）"), 10, "float"),
)
SUMMARY_COLUMNS = (
    Column(N_("网格"), 16),
    Column(N_("事项数"), 8, "int"),
    Column(N_("未办结"), 8, "int"),
    Column(N_("已办结"), 8, "int"),
    Column(N_("转办"), 8, "int"),
    Column(N_("响应用时中位数（小时）"), 14, "float"),
    Column(N_("办结用时中位数（天）"), 14, "float"),
)


def _level(level: str) -> str:
    return GridLevel.MICRO if level == GridLevel.DEDICATED else level


def _fmt(value: dt.datetime | None) -> dt.datetime | None:
    """A time to the minute, written as a date-time cell (yyyy-mm-dd hh:mm)."""
    return value.replace(second=0, microsecond=0) if value else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@ledgers.register("matters", N_("民情事项登记台账"))
def build(db: Database, options: ledgers.LedgerOptions) -> Ledger:
    start, end = ledgers.period(options)
    grid_id = None
    if options.grid_code:
        grid_id = grid_id_by_code(db, options.grid_code)
    flt = matters.MatterFilter(grid_id=grid_id, reported_from=start, reported_to=end)
    ids = matters.matter_ids(db, flt, descending=False)

    def generate() -> Iterator[list[Any]]:
        for chunk in range(0, len(ids), 500):
            for r in matters.matter_rows(db, ids[chunk:chunk + 500]):
                yield [r.id, _fmt(r.reported_at), r.reporter, r.grid_name, r.address, r.category,
                       r.description, r.urgency, r.handler, _fmt(r.responded_at), _fmt(r.closed_at), r.state,
                       r.transferred_to, r.outcome, _round(r.response_hours()), _round(r.close_days())]

    title = tr("民情事项登记台账（{start} 至 {end}）").format(start=start.isoformat(), end=end.isoformat())
    sheet = Sheet(name=tr("事项登记"), title=title, columns=COLUMNS, rows=generate(), row_count=len(ids))
    by_grid = matter_stats.medians(db, "grid", grid_id, start, end)
    total = matter_stats.overall(db, grid_id, start, end)

    def summary_row(r: matter_stats.MedianRow) -> list[Any]:
        return [r.label, r.matters, r.open, r.closed, r.transferred, r.median_response_hours, r.median_close_days]

    with db.reading() as s:
        table = grids.catalogue(s)
    keys = [(_level(table[r.grid_id].level) if r.grid_id in table else GridLevel.MICRO, r.grid_id) for r in by_grid]
    summary = Sheet(name=tr("用时统计"), title=tr("民情事项办理用时统计（{start} 至 {end}，有事项的网格）").format(
        start=start.isoformat(), end=end.isoformat()), columns=SUMMARY_COLUMNS,
        rows=[summary_row(r) for r in by_grid], total=summary_row(total), row_count=len(by_grid),
        grid_rows=keys, every_grid=False)
    office = settings.get(db, settings.OFFICE_NAME)
    return Ledger(key="matters", title=title, office=office, on=options.on, sheets=[sheet, summary],
                  public=options.public)
