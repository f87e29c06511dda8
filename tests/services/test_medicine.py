"""The medicine box (issue 21): batches in, out to residents, 报废; the stock never goes below
nothing (refused with a sentence, nothing written); expiring and expired batches flagged by the
office's setting; every write undoes; hand-outs counted per micro-grid and month."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from gridoffice import options
from gridoffice.services import settings
from gridoffice.services.changes import run_undo
from gridoffice.services.medicine import core as medicine
from gridoffice.services.medicine import stock as medicine_stock
from gridoffice.services.medicine.core import Batch, MedicineError
from gridoffice.store.models import Household, MedicineMove, Person

TODAY = dt.date(2023, 1, 7)


def _residents(db, n=2):  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.execute(select(Person.id, Household.grid_id).join(Household, Household.id == Person.household_id)
                         .where(Person.status == "在册", Person.deleted_at.is_(None), Household.grid_id.is_not(None))
                         .order_by(Person.id).limit(n)).all()


def _stock(db, item_id, on=TODAY):  # type: ignore[no-untyped-def]
    return next(r for r in medicine_stock.stock(db, on, with_empty=True) if r.id == item_id)


def _moves(db) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(MedicineMove))


def _receive(db, qty=10, expiry=dt.date(2024, 6, 30), on=dt.date(2023, 1, 2)):  # type: ignore[no-untyped-def]
    medicine.receive(db, Batch("布洛芬缓释胶囊", "0.3g×20粒", "盒", "B2201", expiry), qty, on,
                     giver="爱心药店", by="李梅", today=TODAY)
    return next(r.id for r in medicine_stock.stock(db, TODAY, with_empty=True) if r.batch == "B2201")


def test_the_stock_never_goes_below_nothing(village):
    (pid, _gid), = _residents(village, 1)
    item = _receive(village, 5)
    medicine.receive(village, Batch("布洛芬缓释胶囊", "0.3g×20粒", "盒", "B2201", dt.date(2024, 6, 30)), 3,
                     dt.date(2023, 1, 3), giver="王大爷", today=TODAY)  # the same batch again: added to it
    assert sum(r.batch == "B2201" for r in medicine_stock.stock(village, TODAY)) == 1
    assert _stock(village, item).stock == 8
    medicine.give_out(village, item, 6, pid, dt.date(2023, 1, 4), by="李梅", today=TODAY)
    written = _moves(village)
    with pytest.raises(MedicineError, match="库存不能为负"):
        medicine.give_out(village, item, 3, pid, dt.date(2023, 1, 5), today=TODAY)
    with pytest.raises(MedicineError, match="库存不能为负"):  # before anything came in
        medicine.give_out(village, item, 1, pid, dt.date(2023, 1, 1), today=TODAY)
    with pytest.raises(MedicineError, match="库存不能为负"):
        medicine.discard(village, item, 3, dt.date(2023, 1, 6), today=TODAY)
    first_in = min(m.id for m in medicine_stock.moves(village, item_id=item) if m.kind == medicine.IN)
    with pytest.raises(MedicineError, match="库存不能为负"):  # removing the 5 leaves 3 for the 6 handed
        medicine.remove_move(village, first_in)
    out = next(m.id for m in medicine_stock.moves(village, item_id=item) if m.kind == medicine.OUT)
    with pytest.raises(MedicineError, match="库存不能为负"):
        medicine.correct_move(village, out, quantity=9)
    with pytest.raises(MedicineError):
        medicine.give_out(village, item, 0, pid, today=TODAY)
    with pytest.raises(MedicineError, match="晚于今天"):
        medicine.give_out(village, item, 1, pid, TODAY + dt.timedelta(days=1), today=TODAY)
    assert _moves(village) == written and _stock(village, item).stock == 2  # nothing written
    medicine.correct_move(village, out, quantity=8)
    assert _stock(village, item).stock == 0
    assert item not in {r.id for r in medicine_stock.stock(village, TODAY)}  # an empty batch is not listed


def test_expiring_and_expired_batches_are_flagged_and_expired_ones_not_handed_out(village):
    (pid, _gid), = _residents(village, 1)
    soon = _receive(village, 4, expiry=TODAY + dt.timedelta(days=20))
    medicine.receive(village, Batch("感冒灵颗粒", "10g×9袋", "盒", "", TODAY + dt.timedelta(days=200)), 2,
                     dt.date(2023, 1, 2), giver="村委会", today=TODAY)
    rows = {r.name: r for r in medicine_stock.stock(village, TODAY) if r.id == soon or r.name == "感冒灵颗粒"}
    assert rows["布洛芬缓释胶囊"].state == medicine_stock.EXPIRING and rows["布洛芬缓释胶囊"].days_left == 20
    assert rows["感冒灵颗粒"].state == medicine_stock.FINE
    mine = {soon, rows["感冒灵颗粒"].id}
    assert [r.id for r in medicine_stock.stock(village, TODAY, expiring=True) if r.id in mine] == [soon]
    settings.change(village, {options.MEDICINE_EXPIRING_DAYS: "10"}, "临期提醒 10 天")
    assert [r.id for r in medicine_stock.stock(village, TODAY, expiring=True) if r.id in mine] == []
    later = TODAY + dt.timedelta(days=21)
    assert _stock(village, soon, later).state == medicine_stock.EXPIRED
    with pytest.raises(MedicineError, match="过期"):
        medicine.give_out(village, soon, 1, pid, later, today=later)
    with pytest.raises(MedicineError, match="过期"):
        medicine.receive(village, Batch("过期药", expires_on=TODAY - dt.timedelta(days=1)), 1, TODAY, giver="某人",
                         today=TODAY)
    medicine.discard(village, soon, 4, later, by="李梅", note="过期销毁", today=later)  # 报废 takes it out
    assert [r.id for r in medicine_stock.stock(village, later) if r.id in mine] == [rows["感冒灵颗粒"].id]
    assert medicine.pick_batch(village, "感冒灵颗粒", 2, later) == rows["感冒灵颗粒"].id
    with pytest.raises(MedicineError, match="不够"):
        medicine.pick_batch(village, "感冒灵颗粒", 3, later)


def test_every_write_undoes_and_redoes(village):
    (pid, _gid), (other, _g2) = _residents(village, 2)
    item = _receive(village, 10)
    handed = medicine.give_out(village, item, 4, pid, dt.date(2023, 1, 4), today=TODAY)
    assert handed.undoable and "medicine_move" in handed.tables
    undone = run_undo(handed)
    assert _stock(village, item).stock == 10
    run_undo(undone)  # redo
    assert _stock(village, item).stock == 6
    fixed = medicine.correct_item(village, item, Batch("布洛芬缓释胶囊", "0.2g×24粒", "盒", "B2201", dt.date(2024, 5, 1)))
    assert _stock(village, item).spec == "0.2g×24粒"
    run_undo(fixed)
    assert _stock(village, item).spec == "0.3g×20粒"
    with pytest.raises(MedicineError, match="发放记录"):
        medicine.remove_item(village, item)
    spare = medicine.receive(village, Batch("口罩", "", "包"), 5, TODAY, giver="", giver_person_id=other, today=TODAY)
    mask = next(r.id for r in medicine_stock.stock(village, TODAY) if r.name == "口罩")  # not the demo's 医用外科口罩
    assert next(m for m in medicine_stock.moves(village) if m.item_id == mask).person_id == other
    gone = medicine.remove_item(village, mask)
    assert all(r.name != "口罩" for r in medicine_stock.stock(village, TODAY, with_empty=True))
    run_undo(gone)
    assert _stock(village, mask).stock == 5
    run_undo(spare)
    assert all(r.name != "口罩" for r in medicine_stock.stock(village, TODAY, with_empty=True))


def test_hand_outs_count_per_grid_and_month(village):
    (pid, _gid), (other, _gid2) = _residents(village, 2)
    january = medicine_stock.monthly(village, None, dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    before = {k: sum(m[k] for m in january) for k in ("times", "out", "in")}  # the demo's
    item = _receive(village, 10)
    medicine.give_out(village, item, 2, pid, dt.date(2023, 1, 3), today=TODAY)
    medicine.give_out(village, item, 1, pid, dt.date(2023, 1, 4), today=TODAY)
    medicine.give_out(village, item, 3, other, dt.date(2023, 1, 5), today=TODAY)
    counts = medicine_stock.handed_by_grid(village, None, dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    assert sum(c["times"] for c in counts.values()) == 3 + before["times"]
    assert sum(c["quantity"] for c in counts.values()) == 6 + before["out"]
    months = medicine_stock.monthly(village, None, dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    assert sum(m["out"] for m in months) == 6 + before["out"] and sum(m["in"] for m in months) == 10 + before["in"]
    assert {m["month"] for m in months} == {"2023-01"}
    with pytest.raises(MedicineError, match="领取人"):
        with village.session() as s:
            s.get(Person, other).status = "死亡"
        medicine.give_out(village, item, 1, other, TODAY, today=TODAY)


def test_the_demo_village_has_a_small_box_with_an_expired_and_an_expiring_batch(village):
    rows = medicine_stock.stock(village, TODAY, with_empty=True)
    assert 5 <= len(rows) <= 12 and all(r.stock >= 0 for r in rows)
    states = {r.state for r in rows}
    assert {medicine_stock.EXPIRED, medicine_stock.EXPIRING, medicine_stock.FINE} <= states
    handed = [m for m in medicine_stock.moves(village) if m.kind == medicine.OUT]
    assert handed and all(m.person_id and m.grid_id for m in handed)


def test_a_resident_with_medicine_records_is_not_purged(village):
    from gridoffice.services.roster import persons as roster_persons
    from gridoffice.services.roster.core import RosterError

    (pid, _gid), = _residents(village, 1)
    item = _receive(village, 3)
    medicine.give_out(village, item, 1, pid, TODAY, today=TODAY)
    roster_persons.remove_person(village, pid)
    with pytest.raises(RosterError, match="药品互助"):
        roster_persons.purge_person(village, pid)
