"""药品互助台账 (issue 21): xlsx and PDF, internal with the movements, public with the stock and
per-grid counts only (no recipient named, small counts hidden); the per-grid sheet reconciles."""

import datetime as dt

import openpyxl
from sqlalchemy import select

from gridoffice.services import ledgers
from gridoffice.services.medicine import core as medicine
from gridoffice.services.medicine import stock as medicine_stock
from gridoffice.services.medicine.core import Batch
from gridoffice.store.models import Household, Person
from tests.reconcile import check_ledger

ON = dt.date(2023, 1, 7)
JANUARY = {"from": "2023-01-01"}  # else, in a month's first week, the month before


def _fill(db):  # type: ignore[no-untyped-def]
    with db.reading() as s:
        rows = s.execute(select(Person.id, Person.name, Household.grid_id)
                         .join(Household, Household.id == Person.household_id)
                         .where(Person.status == "在册", Household.grid_id.is_not(None)).order_by(Person.id)).all()
    people = list({gid: (pid, name) for pid, name, gid in rows}.values())[:3]  # three micro-grids
    medicine.receive(db, Batch("阿莫西林胶囊", "0.25g×24粒", "盒", "A1", dt.date(2024, 3, 1)), 20, dt.date(2023, 1, 2),
                     giver="爱心药店", today=ON)
    item = next(r.id for r in medicine_stock.stock(db, ON) if r.name == "阿莫西林胶囊")
    for pid, _name in people:
        medicine.give_out(db, item, 2, pid, dt.date(2023, 1, 5), by="李梅", note="咳嗽三天", today=ON)
    return [name for _pid, name in people]


def test_medicine_ledger_both_formats_and_versions(village, tmp_path):
    names = _fill(village)
    internal = ledgers.export(village, "medicine", ledgers.LedgerOptions(on=ON, extra=JANUARY), tmp_path / "m.xlsx")
    assert internal.sheets == 3
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    stock, counts, moves = wb.worksheets
    values = [c for row in moves.iter_rows(values_only=True) for c in row]
    assert set(names) <= set(values) and "咳嗽三天" in values
    header = [c.value for c in counts[3]]
    total = next(r for r in counts.iter_rows(values_only=True) if r[0] == "合计")
    assert total[header.index("发放数量")] >= 6 and total[header.index("发放人次")] >= 3
    assert any(row[1] == "阿莫西林胶囊" and row[9] == 14 for row in stock.iter_rows(values_only=True))
    public = ledgers.export(village, "medicine", ledgers.LedgerOptions(on=ON, public=True, extra=JANUARY), tmp_path / "p.xlsx")
    assert public.sheets == 2
    seen = [str(c) for ws in openpyxl.load_workbook(tmp_path / "p.xlsx").worksheets
            for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert not set(names) & set(seen) and not any("咳嗽" in c for c in seen)
    assert "<3" in seen  # one resident of a grid: hidden
    for pub in (False, True):
        path = tmp_path / f"m{pub}.pdf"
        ledgers.export(village, "medicine", ledgers.LedgerOptions(on=ON, public=pub, extra=JANUARY), path)
        assert path.read_bytes().startswith(b"%PDF")


def test_medicine_ledger_reconciles(village):
    from gridoffice.services.grids.core import catalogue

    _fill(village)
    ledger = ledgers.build(village, "medicine", ledgers.LedgerOptions(on=ON, extra=JANUARY))
    with village.reading() as s:
        table = catalogue(s)
    problems, levels = check_ledger(ledger, table)
    assert problems == [] and sum(levels["medicine/发放统计"].values()) == 32
