"""Issue 19, done means (on real files): three demo villages send full packages to an empty
street and the street's counts are their sum; an edit travels as a delta; the same package
twice changes nothing; a field edited on both sides is one conflict, resolved both ways; a
deletion travels as a tombstone."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from gridoffice.services import stats
from gridoffice.services.exchange import desk, importing, review
from gridoffice.store.models import Matter, Person, SyncConflict
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.sqlite


def _first_person(db):  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.execute(select(Person).where(Person.id_number.is_not(None)).order_by(Person.id).limit(1)).scalar_one()


def _set(db, uuid: str, **values) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        p = s.execute(select(Person).where(Person.uuid == uuid)).scalar_one()
        for k, v in values.items():
            setattr(p, k, v)


def _get(db, uuid: str) -> Person:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.execute(select(Person).where(Person.uuid == uuid)).scalar_one()


def test_three_villages_add_up_to_the_street(offices):
    sums: dict[str, int] = {}
    for code in ("AAA", "BBB", "CCC"):
        package = offices.send(code, full=True)
        offices.trust(package)
        done = offices.deliver(code, package)
        assert done.totals["refused"] == [] and sum(done.totals["conflicts"].values()) == 0
        for key, value in stats.counts(offices.dbs[code]).as_dict().items():
            if key != "on":
                sums[key] = sums.get(key, 0) + int(value)
    street = {k: v for k, v in stats.counts(offices.street).as_dict().items() if k != "on"}
    assert street == sums and street["persons"] > 10000
    table = desk.status(offices.street)
    assert [p["last_seq"] for p in table["peers"]] == [1, 1, 1]
    assert all(not p["late"] for p in table["peers"])
    assert all(s["acknowledged"] for s in desk.status(offices.dbs["AAA"])["sent"])
    _every_ledger_reconciles(offices.street)


def _every_ledger_reconciles(db) -> None:  # type: ignore[no-untyped-def]
    """The consolidated ledgers of what arrived add up, grid by grid, to the street's counts."""
    from gridoffice.services import ledgers
    from gridoffice.services.campaigns import core as campaigns
    from gridoffice.services.grids import core as grids
    from tests.reconcile import check_ledger

    on = dt.date(2023, 1, 7)
    cid, _ = campaigns.create(db, campaigns.CampaignSpec("街道健康爱心包", campaigns.Criteria(on, 60)))
    with db.reading() as s:
        table = grids.catalogue(s)
    c, info = stats.counts(db, on), campaigns.get(db, cid)
    expected = {"户数": c.households, "人数": c.persons, "60岁以上": c.aged_60_plus, "80岁以上": c.aged_80_plus,
                "应发": info.eligible, "已发": info.handed}
    checked = {}
    for key in ledgers.available():
        ledger = ledgers.build(db, key, ledgers.LedgerOptions(
            on=on, campaign_id=cid, extra={"from": "2023-01-01", "to": "2023-01-31"}))
        problems, shape = check_ledger(ledger, table, expected)
        assert problems == [], key
        checked.update(shape)
    assert checked["summary/按社区"]["community"] == 3


def test_a_delta_travels_and_the_same_package_twice_changes_nothing(offices):
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    person = _first_person(offices.dbs["AAA"])
    _set(offices.dbs["AAA"], person.uuid, phone="13900001111", note="新电话")
    delta = offices.send("AAA")
    dry = importing.run(offices.street, delta, dry_run=True)
    assert dry.totals["updated"]["person"] == 1
    assert sum(dry.totals["added"].values()) == 0
    assert sum(n for t, n in dry.totals["unchanged"].items()) == 0  # only what changed travelled
    before = offices.fingerprint_of_street()
    assert offices.fingerprint_of_street() == before  # the dry run wrote nothing
    offices.deliver("AAA", delta)
    got = _get(offices.street, person.uuid)
    assert (got.phone, got.note) == ("13900001111", "新电话")
    settled = offices.fingerprint_of_street()
    again = importing.run(offices.street, delta)
    assert again.already and sum(again.totals["updated"].values()) == 0
    after = offices.fingerprint_of_street()
    assert after == settled


def test_a_field_changed_on_both_sides_is_one_conflict_resolved_both_ways(offices):
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    a, b = (_first_person(offices.dbs["AAA"]), None)
    with offices.dbs["AAA"].reading() as s:
        b = s.execute(select(Person).where(Person.id != a.id).order_by(Person.id).limit(1)).scalar_one()
    _set(offices.street, a.uuid, phone="13711112222")
    _set(offices.street, b.uuid, current_address="街道核实的现住地")
    _set(offices.dbs["AAA"], a.uuid, phone="13833334444", note="村里改了备注")
    _set(offices.dbs["AAA"], b.uuid, current_address="村里登记的现住地")
    done = offices.deliver("AAA", offices.send("AAA"))
    assert done.totals["conflicts"]["person"] == 2
    assert _get(offices.street, a.uuid).note == "村里改了备注"  # changed only in the village: taken
    assert _get(offices.street, a.uuid).phone == "13711112222"  # both sides: kept until reviewed
    found = {c["uuid"]: c for c in review.open_conflicts(offices.street)}
    assert (found[a.uuid]["field"], found[a.uuid]["ours"], found[a.uuid]["theirs"]) == (
        "phone", "13711112222", "13833334444")
    assert (found[a.uuid]["record"], found[b.uuid]["record"]) == (a.name, b.name)  # whose, as the clerk says it
    review.resolve(offices.street, found[a.uuid]["id"], "theirs")
    review.resolve(offices.street, found[b.uuid]["id"], "ours")
    assert _get(offices.street, a.uuid).phone == "13833334444"
    assert _get(offices.street, b.uuid).current_address == "街道核实的现住地"
    assert review.open_conflicts(offices.street) == []
    with offices.street.reading() as s:
        assert {c.resolution for c in s.execute(select(SyncConflict)).scalars()} == {"ours", "theirs"}
    # the next delta without a new edit raises no conflict again
    _set(offices.dbs["AAA"], a.uuid, status_date=None, hukou_address="甲村1组")
    done = offices.deliver("AAA", offices.send("AAA"))
    assert sum(done.totals["conflicts"].values()) == 0


def test_a_deletion_travels_as_a_tombstone(offices):
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    with offices.dbs["AAA"].session() as s:
        matter = s.execute(select(Matter).order_by(Matter.id).limit(1)).scalar_one_or_none()
        if matter is None:
            matter = Matter(reported_at=dt.datetime(2026, 1, 1), category="求助")
            s.add(matter)
    if not _street_has(offices, matter.uuid):
        offices.deliver("AAA", offices.send("AAA"))
    assert _street_has(offices, matter.uuid)
    with offices.dbs["AAA"].session() as s:
        s.delete(s.get(Matter, matter.id))
    done = offices.deliver("AAA", offices.send("AAA"))
    assert done.totals["deleted"]["matter"] == 1
    assert not _street_has(offices, matter.uuid)


def _street_has(offices, uuid: str) -> bool:  # type: ignore[no-untyped-def]
    with offices.street.reading() as s:
        return s.execute(select(Matter.id).where(Matter.uuid == uuid)).first() is not None


def test_a_campaign_deleted_in_bulk_travels_and_its_undo_too(offices):
    from gridoffice.services.campaigns import core as campaigns

    village = offices.dbs["AAA"]
    on = dt.date(2023, 1, 7)
    cid, _ = campaigns.create(village, campaigns.CampaignSpec("村健康爱心包", campaigns.Criteria(on, 80)))
    first = offices.send("AAA", full=True)
    offices.trust(first)
    done = offices.deliver("AAA", first)
    listed = done.totals["added"]["entitlement"]
    assert listed > 100
    change = campaigns.delete(village, cid)  # entitlements go with a bulk (Core) delete
    done = offices.deliver("AAA", offices.send("AAA"))
    assert (done.totals["deleted"]["campaign"], done.totals["deleted"]["entitlement"]) == (1, listed)
    assert done.totals["refused"] == []
    change.undo()  # put back: sent again
    done = offices.deliver("AAA", offices.send("AAA"))
    assert (done.totals["added"]["campaign"], done.totals["added"]["entitlement"]) == (1, listed)


def test_the_street_cannot_add_residents_to_a_village_but_its_campaigns_go_down(offices):
    from gridoffice.services import settings
    from gridoffice.services.campaigns import core as campaigns
    from gridoffice.services.exchange.rows import ROLE_KEY
    from gridoffice.store.models import Campaign, Household

    street, village = offices.street, offices.dbs["AAA"]
    settings.put(street, ROLE_KEY, "street")
    with street.session() as s:
        house = Household(number="JD-1")
        s.add(house)
        s.flush()
        s.add(Person(name="街道录入", household_id=house.id))
    campaigns.create(street, campaigns.CampaignSpec("街道统一发放", campaigns.Criteria(dt.date(2023, 1, 7), 90)))
    down = offices.tmp / "street.gopkg"
    from gridoffice.services.exchange import export as exporting

    exporting.export(street, down, full=True, level="full")
    offices.trust(down, at="AAA")
    done = importing.run(village, down)
    reasons = {r["table"]: r["reason"] for r in done.totals["refused"]}
    assert "household" in reasons and "村（社区）维护" in reasons["household"]
    # the clerk reads which record it is; the receipt going back carries no such label
    assert {(r["table"], r["record"]) for r in done.totals["refused"]} >= {("household", "JD-1"), ("person", "街道录入")}
    from gridoffice.services.exchange import pkgfile

    sent_back = pkgfile.read(done.receipt, pkgfile.RECEIPT_FORMAT).manifest["result"]["refused"]
    assert sent_back and all(set(r) == {"table", "uuid", "reason"} for r in sent_back)
    assert "街道录入" not in json.dumps(sent_back, ensure_ascii=False)
    assert done.totals["added"]["campaign"] == 1
    with village.reading() as s:
        assert s.execute(select(Campaign).where(Campaign.name == "街道统一发放")).scalar_one()
        assert s.execute(select(Person).where(Person.name == "街道录入")).first() is None


def test_a_villages_health_record_and_signing_travel_and_count_at_the_street(offices):
    """Issue 21's records travel too: the street's tier counts and 签约率 are the village's."""
    from gridoffice.services.health import profiles as health_profiles
    from gridoffice.services.health import signing
    from gridoffice.services.health import tiers as health_tiers
    from gridoffice.store.models import DoctorSigning, HealthProfile

    village, street, on = offices.dbs["AAA"], offices.street, dt.date(2026, 3, 1)
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    with village.reading() as s:
        elder = s.execute(select(Person).where(Person.birth_date < dt.date(1950, 1, 1), Person.deleted_at.is_(None),
                                               Person.household_id.is_not(None), Person.status == "在册")
                          .order_by(Person.id).limit(1)).scalar_one()
    health_profiles.save(village, elder.id, health_profiles.ProfileInput("高血压", "不稳定", 0, None, "未接种", True))
    signing.sign(village, elder.id, signing.doctors(village)[0][0], on)
    done = offices.deliver("AAA", offices.send("AAA"))
    assert done.totals["refused"] == []
    assert done.totals["added"]["health_profile"] + done.totals["updated"]["health_profile"] == 1
    assert done.totals["added"]["doctor_signing"] + done.totals["updated"]["doctor_signing"] == 1
    with street.reading() as s:
        here = s.execute(select(Person.id).where(Person.uuid == elder.uuid)).scalar_one()
        assert s.execute(select(HealthProfile.chronic_state).where(HealthProfile.person_id == here)).scalar_one() == "不稳定"
        assert s.execute(select(DoctorSigning.expires_on).where(DoctorSigning.person_id == here)).scalar_one() > on

    def totals(db):  # type: ignore[no-untyped-def]
        tiers: dict[str, int] = {}
        for per in health_tiers.counts_by_grid(health_tiers.tiers(db, None, on)).values():
            for tier, n in per.items():
                tiers[tier] = tiers.get(tier, 0) + n
        signed = {g: sum(per[g].signed for per in signing.rates(db, None, on).values()) for g in signing.GROUPS}
        return tiers, signed

    assert totals(street) == totals(village)
    assert totals(street)[1]["all"] >= 1


def test_rows_the_street_refused_are_sent_again_after_the_receipt(offices):
    """A receipt moves the watermark over refused rows too; they go on the re-send list and the
    next delta carries them although nobody edited them."""
    village, street = offices.dbs["AAA"], offices.street
    person = _first_person(village)
    with street.session() as s:  # the street typed the same ID number in by hand before
        s.add(Person(name="街道手录", id_number=person.id_number))
    first = offices.send("AAA", full=True)
    offices.trust(first)
    done = offices.deliver("AAA", first)
    refused = {r["uuid"] for r in done.totals["refused"]}
    assert person.uuid in refused
    with street.session() as s:
        s.delete(s.execute(select(Person).where(Person.name == "街道手录")).scalar_one())
    again = offices.deliver("AAA", offices.send("AAA"))
    assert again.totals["refused"] == [] and again.totals["added"]["person"] == 1
    assert sum(again.totals["added"].values()) == len(refused)
    assert _get(street, person.uuid).id_number == person.id_number
    quiet = offices.deliver("AAA", offices.send("AAA"))
    assert sum(quiet.totals["added"].values()) == 0
