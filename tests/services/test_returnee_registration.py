"""登记日期 of a returnee stay (returnee_stay.registered_on, migration 0002): the demo fills it a
few days after the arrival, the returnee ledger shows it as a date cell, the service keeps it."""

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select

from gridoffice.services import ledgers
from gridoffice.services.roster import memberships as ms
from gridoffice.services.roster.core import ValidationFailed
from gridoffice.store.models import Person, ReturneeStay

ON = dt.date(2023, 1, 7)


def test_the_demo_registers_every_returnee_a_few_days_after_arriving(village):
    with village.reading() as s:
        stays = s.execute(select(ReturneeStay.arrived_on, ReturneeStay.registered_on)).all()
    assert stays and all(registered is not None for _, registered in stays)
    delays = {(registered - arrived).days for arrived, registered in stays}
    assert delays <= set(range(5)) and len(delays) > 1


def test_the_returnee_ledger_has_the_registration_date_as_a_date(village, tmp_path):
    path = tmp_path / "returnees.xlsx"
    result = ledgers.export(village, "returnees", ledgers.LedgerOptions(on=ON), path)
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[3]]
    assert header.index("登记日期") == header.index("返乡日期") + 1
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=4, values_only=True)
            if isinstance(r[0], int)]
    assert len(rows) == result.rows > 0
    for row in rows:
        assert isinstance(row["登记日期"], dt.datetime)
        assert 0 <= (row["登记日期"] - row["返乡日期"]).days <= 4
    cell = ws.cell(row=4, column=header.index("登记日期") + 1)
    assert cell.is_date and "yy" in cell.number_format


def test_a_stay_keeps_its_registration_date_and_refuses_a_bad_one(village):
    with village.reading() as s:
        pid = s.scalars(select(Person.id).where(Person.status == "在册")).first()
    ms.add_stay(village, pid, ms.StayInput("2030-01-20", "广东深圳", registered_on="2030-01-18"))
    ms.add_stay(village, pid, ms.StayInput("2031-01-20"))  # none recorded: none invented
    stays = ms.stays_of(village, pid)
    assert [(s.arrived_on, s.registered_on) for s in stays] == [
        (dt.date(2031, 1, 20), None), (dt.date(2030, 1, 20), dt.date(2030, 1, 18))]
    ms.edit_stay(village, stays[0].id, ms.StayInput("2031-01-20", registered_on="2031/1/22"))
    assert ms.stays_of(village, pid)[0].registered_on == dt.date(2031, 1, 22)
    with pytest.raises(ValidationFailed) as err:
        ms.add_stay(village, pid, ms.StayInput("2031-02-01", registered_on="登记过"))
    assert "registered_on" in err.value.errors
