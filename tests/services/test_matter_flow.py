"""The monthly flow of matters (services/matters/flow.py, ledger ``matters-flow``) over the demo
village's year of matters up to 2023-01-07."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import func, select

from gridoffice.domain import privacy
from gridoffice.exports.ledger import visible_columns
from gridoffice.services import ledgers
from gridoffice.services.grids import core as grids
from gridoffice.services.matters import core as matters
from gridoffice.services.matters import flow as matter_flow
from gridoffice.store.models import Matter
from tests.reconcile import check_ledger

ON = dt.date(2023, 1, 7)


def _open_now(db) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Matter).where(Matter.state.in_(matters.OPEN_STATES))) or 0


def test_each_month_opens_with_the_last_ones_closing(village_year):  # type: ignore[no-untyped-def]
    items = matter_flow.items(village_year)
    assert len(items) > 600  # a year of the demo's matters
    rows = matter_flow.by_month(items, dt.date(2022, 1, 1), ON)
    assert next(label for label, _f in rows) == "2022-01" and len(rows) == 13
    assert rows[0][1].opening == 0  # the demo's year starts in January 2022
    for (_a, before), (_b, after) in itertools.pairwise(rows):
        assert after.opening == before.closing
    for _label, f in rows:
        assert f.closing == f.opening + f.new - f.closed - f.transferred
        assert f.closed + f.transferred > 0
    assert rows[-1][1].closing == _open_now(village_year)  # nothing has moved since 2023-01-07
    assert sum(f.new for _l, f in rows) == len(items)
    year = matter_flow.flow(items, dt.date(2022, 1, 1), ON)
    assert year.closed == sum(f.closed for _l, f in rows) and year.closing == rows[-1][1].closing


def test_rate_and_medians(village_year):  # type: ignore[no-untyped-def]
    items = matter_flow.items(village_year)
    f = matter_flow.flow(items, dt.date(2022, 6, 1), dt.date(2022, 6, 30))
    assert f.rate == round(100 * f.closed / (f.opening + f.new), 1)
    assert f.median_response_hours is not None and 0 < f.median_response_hours < 24
    assert f.median_close_days is not None and 0 < f.median_close_days < 10
    empty = matter_flow.flow([], ON, ON)
    assert empty.rate is None and empty.median_close_days is None


def test_grids_and_categories_add_up_to_the_whole(village_year):  # type: ignore[no-untyped-def]
    items = matter_flow.items(village_year)
    start, end = dt.date(2022, 12, 1), dt.date(2022, 12, 31)
    whole = matter_flow.flow(items, start, end).counts()
    for rows in matter_flow.by_grid(village_year, items, start, end).values():
        for key in matter_flow.FIGURES:
            assert sum(r.flow.counts()[key] for r in rows) == whole[key]
    cats = matter_flow.by_category(items, start, end, matters.categories(village_year))
    assert [c for c, _f in cats][:len(matters.DEFAULT_CATEGORIES)] == list(matters.DEFAULT_CATEGORIES)
    for key in matter_flow.FIGURES:
        assert sum(f.counts()[key] for _c, f in cats) == whole[key]


def test_ledger_reconciles_and_hides_small_public_counts(village_year):  # type: ignore[no-untyped-def]
    with village_year.reading() as s:
        table = grids.catalogue(s)
    options = ledgers.LedgerOptions(on=ON)
    ledger = ledgers.build(village_year, "matters-flow", options)
    assert [s.name for s in ledger.sheets] == ["按月", "按类别", "按微网格", "按一般网格", "按月按网格"]
    problems, shape = check_ledger(ledger, table)
    assert problems == []
    assert shape["matters-flow/按微网格"]["micro"] == sum(1 for g in table.values() if g.level == "micro")
    public = ledgers.build(village_year, "matters-flow", ledgers.LedgerOptions(on=ON, public=True))
    for sheet in public.sheets:
        keep = visible_columns(sheet, True)
        assert [sheet.columns[i].kind for i in keep][1:] == ["int"] * 5  # counts only
        for row in [*sheet.rows, sheet.total]:
            shown = [row[i] for i in keep][1:]
            assert not any(isinstance(v, int) and 0 < v < privacy.SMALL_LIMIT for v in shown), sheet.name
    hidden = sum(v in (privacy.SMALL_CELL, privacy.HIDDEN_CELL) for s in ledgers.build(
        village_year, "matters-flow", ledgers.LedgerOptions(on=ON, public=True)).sheets for r in s.rows for v in r)
    assert hidden > 0


def test_ledger_for_one_grid_and_a_quarter(village_year):  # type: ignore[no-untyped-def]
    with village_year.reading() as s:
        general = next(g for g in grids.catalogue(s).values() if g.level == "general")
    ledger = ledgers.build(village_year, "matters-flow", ledgers.LedgerOptions(
        on=ON, grid_code=general.code, extra={"from": "2022-10-01", "to": "2022-12-31"}))
    months = [r[0] for r in ledger.sheets[0].rows]
    assert months == ["2022-10", "2022-11", "2022-12"]
    micro = list(ledger.sheets[2].rows)
    items = matter_flow.items(village_year, general.id)
    assert sum(r[2] for r in micro) == matter_flow.flow(items, dt.date(2022, 10, 1), dt.date(2022, 12, 31)).new


def test_month_by_grid_rows_keep_the_identity_and_add_up_to_each_month(village_year):  # type: ignore[no-untyped-def]
    """A year of demo matters per month × general grid (by id): every grid row keeps 上月未办结 +
    本月新增 − 本月办结 − 本月转办 = 本月未办结 and opens with its last month's closing, and each
    month's grid rows add up to the month's 合计, which is the 按月 sheet's row."""
    with village_year.reading() as s:
        table = grids.catalogue(s)
    general_ids = [g.id for g in sorted(table.values(), key=lambda g: grids.order_key(table, g.id))
                   if g.level == "general" and not g.deleted]
    items = matter_flow.items(village_year)
    months = matter_flow.by_month_and_grid(village_year, items, dt.date(2022, 1, 1), ON)
    assert months[0].label == "2022-01" and len(months) == 13
    assert all(m.level == "general" and [r.grid_id for r in m.grids][:4] == general_ids for m in months)
    by_month = dict(matter_flow.by_month(items, dt.date(2022, 1, 1), ON))
    for m in months:
        assert m.total == by_month[m.label]
        for r in m.grids:
            f = r.flow
            assert f.closing == f.opening + f.new - f.closed - f.transferred, (m.label, r.grid_id)
        for key in matter_flow.FIGURES:
            assert sum(r.flow.counts()[key] for r in m.grids) == m.total.counts()[key], (m.label, key)
    for before, after in itertools.pairwise(months):
        assert [r.flow.opening for r in after.grids] == [r.flow.closing for r in before.grids]
    assert all(sum(r.flow.new for r in m.grids if r.grid_id is not None) > 0 for m in months[:-1])

    ledger = ledgers.build(village_year, "matters-flow", ledgers.LedgerOptions(on=ON))
    sheet = ledger.sheets[-1]
    assert sheet.name == "按月按网格" and "按一般网格" in sheet.title
    month_sheet = {r[0]: r[1:6] for r in ledger.sheets[0].rows}
    rows = list(sheet.rows)
    assert len(rows) == 12 * (len(months[0].grids) + 1)
    for label in month_sheet:
        own = [r for r in rows if r[0] == label]
        *grid_rows, total = own
        assert total[1] == "合计" and total[2:7] == month_sheet[label]
        assert [r[1] for r in grid_rows][:4] == [table[g].path for g in general_ids]
        for r in grid_rows:
            opening, new, closed, transferred, closing = r[2:7]
            assert opening + new - closed - transferred == closing
        for i in range(2, 7):
            assert sum(r[i] for r in grid_rows) == total[i]
    public = ledgers.build(village_year, "matters-flow", ledgers.LedgerOptions(on=ON, public=True))
    assert "按月按网格" not in [s.name for s in public.sheets]  # a grid's month: small counts, internal only
