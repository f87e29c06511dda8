"""The medicine box travels (issue 21): a village's batches and movements arrive at the street with
their references (the batch, the resident) mapped to the street's own rows; a movement undone
in the village leaves as a deletion."""

import datetime as dt

from sqlalchemy import select

from gridoffice.services.changes import run_undo
from gridoffice.services.medicine import core as medicine
from gridoffice.services.medicine import stock as medicine_stock
from gridoffice.store.models import MedicineItem, MedicineMove, Person
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401


def test_a_villages_medicine_box_travels_to_the_street(offices):
    village, street = offices.dbs["AAA"], offices.street
    first = offices.send("AAA", full=True)
    offices.trust(first)
    done = offices.deliver("AAA", first)
    assert done.totals["refused"] == []
    with street.reading() as s:
        assert s.execute(select(MedicineMove.id)).first() is not None  # the demo's box came with the rest
    with village.reading() as s:
        person = s.execute(select(Person).where(Person.status == "在册", Person.household_id.is_not(None))
                           .order_by(Person.id)).scalars().first()
    today = dt.date.today()
    medicine.receive(village, medicine.Batch("布洛芬混悬液", "100ml", "瓶", "X1", today + dt.timedelta(days=200)), 4,
                     today, giver="爱心药店")
    item = next(r.id for r in medicine_stock.stock(village, today) if r.name == "布洛芬混悬液")
    handed = medicine.give_out(village, item, 1, person.id, today)
    done = offices.deliver("AAA", offices.send("AAA"))
    assert done.totals["refused"] == []
    assert done.totals["added"]["medicine_item"] == 1 and done.totals["added"]["medicine_move"] == 2
    with street.reading() as s:
        here = s.execute(select(Person.id).where(Person.uuid == person.uuid)).scalar_one()
        batch = s.execute(select(MedicineItem.id).where(MedicineItem.name == "布洛芬混悬液")).scalar_one()
        out = s.execute(select(MedicineMove).where(MedicineMove.item_id == batch, MedicineMove.kind == "发放")).scalar_one()
        assert out.person_id == here and out.quantity == 1
    assert next(r for r in medicine_stock.stock(street, today) if r.id == batch).stock == 3
    run_undo(handed)
    done = offices.deliver("AAA", offices.send("AAA"))
    assert done.totals["refused"] == []
    assert next(r for r in medicine_stock.stock(street, today) if r.id == batch).stock == 4
