"""Issue 19: "already handed a kit in another village" — the street sees, from pseudonymous
packages, that one person (the same ID number living in two villages) was handed a kit of the
same street campaign twice, without any ID number travelling; a village with the street key
finds its own person from the street's list."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from gridoffice.services import settings
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import handouts as campaign_handouts
from gridoffice.services.campaigns import refresh as campaign_refresh
from gridoffice.services.exchange import doubles, importing, keys, streetkey
from gridoffice.services.exchange import export as exporting
from gridoffice.services.exchange.rows import ROLE_KEY, STREET_KEY
from gridoffice.store.models import Campaign, Person, Staff
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.sqlite
ON = dt.date(2023, 1, 7)


def _elder(db, skip: int = 0) -> Person:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.execute(select(Person).where(Person.birth_date < dt.date(1950, 1, 1), Person.status == "在册",
                                              Person.household_id.is_not(None), Person.id_number.is_not(None))
                         .order_by(Person.id).offset(skip).limit(1)).scalar_one()


def _hand_out(db, id_number: str) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        cid = s.execute(select(Campaign.id).where(Campaign.name == "街道健康爱心包")).scalar_one()
        staff = s.execute(select(Staff.id).order_by(Staff.id).limit(1)).scalar_one()
    campaign_refresh.refresh(db, cid, today=ON)
    eid = campaign_handouts.entitlement_of(db, cid, id_number)
    campaign_handouts.record(db, cid, [eid], campaign_handouts.Handout(ON, staff), today=ON)


def test_a_kit_handed_in_two_villages_is_seen_at_the_street_without_ids(offices, capsys):
    street, a, b = offices.street, offices.dbs["AAA"], offices.dbs["BBB"]
    settings.put(street, ROLE_KEY, "street")
    key = streetkey.street_key(street, new=True)
    campaigns.create(street, campaigns.CampaignSpec("街道健康爱心包", campaigns.Criteria(ON, 60)))
    down = offices.tmp / "street-down.gopkg"
    exporting.export(street, down, full=True, level="full")
    person = _elder(a)
    with b.session() as s:  # the same person is registered in both villages
        twin = s.get(Person, _elder(b, skip=3).id)
        twin.id_number = person.id_number
    for code, village in (("AAA", a), ("BBB", b)):
        streetkey.street_key(village, value=key)
        offices.trust(down, at=code)
        importing.run(village, down)
        _hand_out(village, person.id_number)
        _hand_out(village, _elder(village, skip=7).id_number)  # someone else, handed once
        up = offices.send(code, full=True, level="pseudonymous")
        offices.trust(up)
        assert offices.deliver(code, up).totals["refused"] == []
    found = doubles.find(street)
    assert len(found) == 1
    d = found[0].as_dict()
    assert d["offices"] == 2 and d["campaign"] == "街道健康爱心包" and len(d["handed"]) == 2
    text = json.dumps([x.as_dict() for x in found], ensure_ascii=False)
    assert person.id_number not in text and person.name not in text
    with street.reading() as s:  # nothing at the street holds the ID number
        assert s.execute(select(Person.id).where(Person.id_number == person.id_number)).first() is None
    # the village, holding the street key, finds its own person from the street's list
    hits = doubles.mine(a, [x.as_dict() for x in found])
    held = settings.get(a, STREET_KEY)  # a failure says which half went wrong (it failed once in CI, not since)
    assert [h["person_id"] for h in hits] == [person.id], (
        bool(held), held == key, found[0].ref, keys.id_key(held or key, person.id_number)[:12])
    cid = found[0].campaign_id
    assert len(doubles.find(street, cid)) == 1
    from gridoffice.cli import main

    capsys.readouterr()
    assert main(["package", "doubles", "--db", str(offices.street_path), "--json"]) == 0
    assert [x["ref"] for x in json.loads(capsys.readouterr().out)] == [found[0].ref]
    assert main(["package", "doubles", "--db", str(offices.street_path), "--campaign", "999"]) == 2
    # the street sends its list of hand-outs down; the village's hand-out desk warns
    listed = offices.tmp / "handed.json"
    assert doubles.write_handed(street, listed) >= 4
    assert person.id_number not in listed.read_text(encoding="utf-8")
    doubles.load_handed(a, listed)
    with a.reading() as s:
        local = s.execute(select(Campaign.id).where(Campaign.name == "街道健康爱心包")).scalar_one()
        other = _elder(a, skip=20)
    warning = doubles.elsewhere(a, local, person.id)
    assert warning is not None and "乙村" in warning
    assert doubles.elsewhere(a, local, other.id) is None
    assert doubles.elsewhere(a, local, _elder(a, skip=7).id) is None  # handed here only: no warning
