"""Family-doctor signing and the 五到家 service log (issue 21): a contract needs a doctor with the
家庭医生 post, counts on the days it runs, renews and undoes; 签约率 per micro-grid add up;
services count per grid and type per month; both ledgers export in both formats, public as
counts only."""

import datetime as dt

import pytest
from sqlalchemy import select

from gridoffice.services import ledgers
from gridoffice.services.changes import run_undo
from gridoffice.services.health import services as health_services
from gridoffice.services.health import signing
from gridoffice.services.roster import households as roster_households
from gridoffice.store.models import Household, Person, Staff
from tests.reconcile import check_ledger

ON = dt.date(2023, 1, 7)


def _person_and_household(db):
    with db.reading() as s:
        return s.execute(select(Person.id, Person.household_id).join(Household, Household.id == Person.household_id)
                         .where(Household.number == "YMC01012").order_by(Person.id)).first()


def test_signing_rules_rates_and_undo(village):
    pid, _hid = _person_and_household(village)
    doctors = signing.doctors(village)
    assert doctors
    with village.reading() as s:
        not_a_doctor = s.scalars(select(Staff.id).where(Staff.id.not_in([d for d, _ in doctors]))).first()
    with pytest.raises(signing.SigningError):
        signing.sign(village, pid, not_a_doctor, ON)
    with pytest.raises(signing.SigningError):
        signing.sign(village, pid, doctors[0][0], ON, ON - dt.timedelta(days=1))
    before = signing.rates(village, None, ON)
    signing.sign(village, pid, None)  # start from no contract
    without = signing.rates(village, None, ON)
    change = signing.sign(village, pid, doctors[0][0], ON)
    after = signing.rates(village, None, ON)
    total = lambda r, g: sum(per[g].signed for per in r.values())  # noqa: E731
    assert total(after, "all") == total(without, "all") + 1
    assert sum(per["all"].persons for per in after.values()) == sum(per["all"].persons for per in before.values())
    assert signing.expiring(village, None, signing.default_expiry(ON) - dt.timedelta(days=3), 30)
    run_undo(change)
    assert total(signing.rates(village, None, ON), "all") == total(without, "all")


def test_service_log_counts_and_undo(village):
    _pid, hid = _person_and_household(village)
    start, end = health_services.month_bounds(ON)
    before = health_services.counts(village, None, start, end)
    with pytest.raises(health_services.ServiceLogError):
        health_services.record(village, hid, "送饭到家", ON)
    change = health_services.record(village, hid, "送医到家", ON, by="李梅", note="量血压")
    with village.reading() as s:
        gid = s.get(Household, hid).grid_id
    counts = health_services.counts(village, None, start, end)
    assert counts[gid]["送医到家"] == before.get(gid, {}).get("送医到家", 0) + 1
    assert health_services.of_household(village, hid)[0][2] == "送医到家"
    run_undo(change)
    assert health_services.counts(village, None, start, end).get(gid, {}).get("送医到家", 0) == \
        before.get(gid, {}).get("送医到家", 0)
    assert roster_households.household_id_by_number(village, "YMC01012") == hid


@pytest.mark.parametrize("key", ["signing", "services"])
def test_ledgers_both_formats_and_reconcile(village, tmp_path, key):
    from gridoffice.services.grids.core import catalogue

    _pid, hid = _person_and_household(village)
    health_services.record(village, hid, "温暖到家", ON)
    for pub in (False, True):
        for ext in ("xlsx", "pdf"):
            result = ledgers.export(village, key, ledgers.LedgerOptions(on=ON, public=pub), tmp_path / f"{key}{pub}.{ext}")
            assert result.sheets == (1 if pub else 2)
    ledger = ledgers.build(village, key, ledgers.LedgerOptions(on=ON))
    with village.reading() as s:
        table = catalogue(s)
    problems, _levels = check_ledger(ledger, table)
    assert problems == []


def test_services_to_a_household_without_a_grid_are_said_under_the_ledger(village):
    _pid, hid = _person_and_household(village)
    with village.session() as s:
        s.get(Household, hid).grid_id = None
    health_services.record(village, hid, "送医到家", ON)
    health_services.record(village, hid, "宣传到家", ON)
    start, end = health_services.month_bounds(ON)
    assert sum(health_services.counts(village, None, start, end)[None].values()) == 2
    ledger = ledgers.build(village, "services", ledgers.LedgerOptions(on=ON))
    assert "另有 2 次服务的住户尚未划分网格" in ledger.sheets[0].note
    assert ledger.sheets[1].row_count >= 2  # and they are in the records
    assert ledgers.build(village, "services", ledgers.LedgerOptions(on=ON, public=True)).sheets[0].note == ""
