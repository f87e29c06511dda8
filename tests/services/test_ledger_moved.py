"""迁出住户登记表 (issue 19): the households sent away with a move package, where a clerk looks
for them; its numbers agree with the households that carry ``moved_on`` in the scope, grid by id."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import func, select

from gridoffice.exports.ledger import heading, public_value, visible_columns
from gridoffice.services import ledgers
from gridoffice.services.grids.core import catalogue
from gridoffice.services.roster import households as roster_households
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store.models import Grid, Household, Person
from tests.reconcile import check_ledger
from tests.services.moved_helpers import move_households

ON = dt.date(2023, 1, 7)


def _moved_count(db, grid_id: int | None = None) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        stmt = select(func.count()).select_from(Household).where(Household.moved_on.is_not(None))
        if grid_id is not None:
            stmt = stmt.where(Household.grid_id.in_(grid_subtree_ids(s, grid_id)))
        return int(s.execute(stmt).scalar_one())


def _sheets(ledger):  # type: ignore[no-untyped-def]
    return {sheet.name: (sheet, list(sheet.rows)) for sheet in ledger.sheets}


def test_the_moved_households_are_listed_and_counted_per_grid_by_id(village):
    moved = move_households(village)
    ledger = ledgers.build(village, "moved", ledgers.LedgerOptions(on=ON))
    sheets = _sheets(ledger)
    listed, rows = sheets["迁出住户"]
    assert [c.header for c in listed.columns] == ["户号", "户主", "人数", "原网格", "原住址", "迁出日期", "迁往"]
    assert len(rows) == _moved_count(village) == len(moved)
    with village.reading() as s:
        table = catalogue(s)
    by_number = {r[0]: r for r in rows}
    for m in moved:
        _number, head, persons, grid, _address, on, to = by_number[m.number]
        g = table[m.grid_id]
        assert (head, persons, on, to) == (m.head, m.persons, m.on, m.to)
        assert grid == f"{g.general} / {g.micro}"  # the grid it left, named from its id
    counts, count_rows = sheets["按网格统计"]
    assert counts.total is not None and counts.total[-2:] == [len(moved), sum(m.persons for m in moved)]
    per_grid = {gid: row[-2] for (_level, gid), row in zip(counts.grid_rows or (), count_rows, strict=True)}
    for m in moved:
        assert per_grid[m.grid_id] == sum(1 for o in moved if o.grid_id == m.grid_id)
    counts.rows = iter(count_rows)
    problems, _shape = check_ledger(ledger, table)
    assert problems == []


def test_two_grids_of_one_name_are_counted_apart(village):
    """第3微网格 in two general grids: the counts follow the grid's id, not its name."""
    moved = move_households(village)
    first, second = moved[0].grid_id, next(m.grid_id for m in moved if m.grid_id != moved[0].grid_id)
    with village.session() as s:
        s.get(Grid, second).name = s.get(Grid, first).name
    ledger = ledgers.build(village, "moved", ledgers.LedgerOptions(on=ON))
    counts, count_rows = _sheets(ledger)["按网格统计"]
    per_grid = {gid: row[-2] for (_level, gid), row in zip(counts.grid_rows or (), count_rows, strict=True)}
    assert per_grid[first] == sum(1 for m in moved if m.grid_id == first)
    assert per_grid[second] == sum(1 for m in moved if m.grid_id == second)


def test_a_scoped_ledger_counts_the_moves_of_its_grids_only(village):
    moved = move_households(village)
    with village.reading() as s:
        general_id = s.get(Grid, moved[0].grid_id).parent_id
        code = s.get(Grid, general_id).code
    ledger = ledgers.build(village, "moved", ledgers.LedgerOptions(on=ON, grid_code=code))
    _listed, rows = _sheets(ledger)["迁出住户"]
    assert 0 < len(rows) == _moved_count(village, general_id) < len(moved)
    counts, _rows = _sheets(ledger)["按网格统计"]
    assert counts.total is not None and counts.total[-2] == len(rows)


def test_a_period_keeps_the_moves_of_its_days(village):
    moved = move_households(village)
    days = sorted({m.on for m in moved})
    options = ledgers.LedgerOptions(on=ON, extra={"from": days[1].isoformat(), "to": days[1].isoformat()})
    ledger = ledgers.build(village, "moved", options)
    _listed, rows = _sheets(ledger)["迁出住户"]
    assert {r[5] for r in rows} == {days[1]} and len(rows) == sum(1 for m in moved if m.on == days[1])
    assert all(days[1].isoformat() in heading(ledger, sheet) for sheet in ledger.sheets)  # printed on each


def test_a_restored_household_leaves_the_ledger(village):
    moved = move_households(village)
    roster_households.restore_household(village, moved[0].household_id)
    _listed, rows = _sheets(ledgers.build(village, "moved", ledgers.LedgerOptions(on=ON)))["迁出住户"]
    assert moved[0].number not in {r[0] for r in rows} and len(rows) == len(moved) - 1 == _moved_count(village)


def test_the_public_version_is_counts_alone_with_small_ones_hidden(village, tmp_path):
    moved = move_households(village)
    ledger = ledgers.build(village, "moved", ledgers.LedgerOptions(on=ON, public=True))
    assert [s.name for s in ledger.sheets] == ["按网格统计"]  # no list of families
    sheet = ledger.sheets[0]
    cells = [str(public_value(sheet.columns[i], row[i])) for row in sheet.rows for i in visible_columns(sheet, True)]
    names = {m.head for m in moved} | {m.number for m in moved}
    assert not names & set(cells)
    assert "<3" in cells  # one or two families moved from a grid: not printed as such
    path = tmp_path / "public.xlsx"
    ledgers.export(village, "moved", ledgers.LedgerOptions(on=ON, public=True), path)
    book = openpyxl.load_workbook(path)
    texts = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v}
    assert not names & texts and "迁出住户" not in book.sheetnames


@pytest.mark.parametrize("suffix", ["xlsx", "pdf"])
def test_the_ledger_is_written_with_its_moves(village, tmp_path, suffix):
    moved = move_households(village)
    path = tmp_path / f"moved.{suffix}"
    result = ledgers.export(village, "moved", ledgers.LedgerOptions(on=ON), path)
    assert result.sheets == 2 and result.rows >= len(moved)
    if suffix == "xlsx":
        ws = openpyxl.load_workbook(path)["迁出住户"]
        header = [c.value for c in ws[3]]
        numbers = [row[header.index("户号")] for row in ws.iter_rows(min_row=4, values_only=True)
                   if isinstance(row[0], int)]
        assert sorted(numbers) == sorted(m.number for m in moved)


def test_members_marked_out_one_by_one_are_not_a_moved_household(village):
    """The household editor's 迁出 is a person's status (no destination, the household stays)."""
    from gridoffice.services.roster import persons as roster_persons

    with village.reading() as s:
        pid = s.execute(select(Person.id).where(Person.status == "在册").order_by(Person.id).limit(1)).scalar_one()
    roster_persons.set_status(village, pid, "迁出", ON)
    assert _moved_count(village) == 0
    _listed, rows = _sheets(ledgers.build(village, "moved", ledgers.LedgerOptions(on=ON)))["迁出住户"]
    assert rows == []
