"""Issue 19, the street's desk on real packages: a month approved at the street holds the rows of
that month a later package would change (row by row, with the sentence), un-approving opens it;
the consolidated figures of aggregate packages add up to the street total; the desk lists the
communities the street expects and who is late."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from gridoffice.cli import main
from gridoffice.services import settings
from gridoffice.services.exchange import aggregate, approval, consolidated, desk, importing
from gridoffice.store.models import Grid, Visit
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.sqlite


def _two_visits_in_two_months(db):  # type: ignore[no-untyped-def]
    """A visit in 2026-10 (to be locked) and one in 2026-11, recorded in the village."""
    from gridoffice.store.models import Household

    with db.session() as s:
        house = s.execute(select(Household).order_by(Household.id).limit(1)).scalar_one()
        made = [Visit(household_id=house.id, grid_id=house.grid_id, visit_date=day, needs="无")
                for day in (dt.date(2026, 10, 15), dt.date(2026, 11, 15))]
        s.add_all(made)
    return made[0], made[1], "2026-10"


def _edit_visit(db, uuid: str, text: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        s.execute(select(Visit).where(Visit.uuid == uuid)).scalar_one().needs = text


def _street_visit(offices, uuid: str) -> Visit:  # type: ignore[no-untyped-def]
    with offices.street.reading() as s:
        return s.execute(select(Visit).where(Visit.uuid == uuid)).scalar_one()


def test_an_approved_month_holds_the_rows_dated_in_it(offices):
    village, street = offices.dbs["AAA"], offices.street
    locked, open_, month = _two_visits_in_two_months(village)
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    code = settings.get(village, settings.ADMIN_CODE)
    change = approval.approve(street, code, month)
    (row,) = approval.approvals(street)
    assert (row["code"], row["period"], row["by"], row["seq"]) == (code, month, "街道员", 1)
    assert len(row["sha256"]) == 64
    with pytest.raises(approval.ExchangeError, match="已经审批"):
        approval.approve(street, code, month)
    _edit_visit(village, locked.uuid, "村里补记的需求")
    _edit_visit(village, open_.uuid, "另一个月的需求")
    delta = offices.send("AAA")
    done = importing.run(street, delta, dry_run=True)
    held = [r for r in done.totals["refused"] if r["uuid"] == locked.uuid]
    assert len(held) == 1 and "该时段已审批锁定" in held[0]["reason"] and month in held[0]["reason"]
    assert done.totals["updated"]["visit"] == 1
    offices.deliver("AAA", delta)
    assert _street_visit(offices, locked.uuid).needs == locked.needs  # held
    assert _street_visit(offices, open_.uuid).needs == "另一个月的需求"  # taken
    # a deletion in the locked month is held too
    with village.session() as s:
        s.delete(s.execute(select(Visit).where(Visit.uuid == locked.uuid)).scalar_one())
    done = offices.deliver("AAA", offices.send("AAA"))
    assert done.totals["deleted"].get("visit", 0) == 0
    assert any("该时段已审批锁定" in r["reason"] for r in done.totals["refused"])
    # the undo of the approval (GUI) and un-approving (CLI) open the month again
    change.undo()
    assert approval.approvals(street) == []
    approval.approve(street, code, month)
    approval.approve(street, code, month, undo=True)
    assert approval.approvals(street) == []
    with pytest.raises(approval.ExchangeError, match="还没有审批"):
        approval.approve(street, code, month, undo=True)


def test_approve_refuses_an_unknown_office_and_a_bad_month(offices):
    with pytest.raises(approval.ExchangeError, match="没有登记"):
        approval.approve(offices.street, "999999", "2026-11")
    with pytest.raises(approval.ExchangeError, match="不是月份"):
        approval.approve(offices.street, "999999", "2026-13")


def test_the_cli_approves_and_lists(offices, capsys):
    first = offices.send("BBB", full=True)
    offices.trust(first)
    offices.deliver("BBB", first)
    code = settings.get(offices.dbs["BBB"], settings.ADMIN_CODE)
    db = str(offices.street_path)
    offices.street.engine.dispose()
    assert main(["package", "approve", "--db", db, "--office", code, "--period", "2026-11"]) == 0
    assert main(["package", "approvals", "--db", db, "--json"]) == 0
    out = capsys.readouterr().out
    found = json.loads(out[out.index("["):])
    assert [(a["code"], a["period"]) for a in found] == [(code, "2026-11")]
    assert main(["package", "approve", "--db", db, "--office", code, "--period", "2026-11", "--undo"]) == 0
    assert main(["package", "approve", "--db", db, "--office", code, "--period", "2026-11", "--undo"]) == 2


def test_aggregate_packages_add_up_to_the_street_total(offices, capsys):
    on = dt.date.today()
    sums: dict[str, int] = {}
    for code in ("AAA", "BBB", "CCC"):
        package = offices.send(code, full=True, level="aggregate")
        offices.trust(package)
        offices.deliver(code, package)
        with offices.dbs[code].reading() as s:
            for line in aggregate.counts(s, on):
                for key, value in line["counts"].items():
                    sums[key] = sums.get(key, 0) + value
    data = consolidated.summary(offices.street)
    assert len(data["villages"]) == 3
    total = data["total"]
    for key in ("households", "persons", "aged_60_plus", "aged_80_plus", "kits_handed", "kits_listed"):
        assert total[key] == sums.get(key, 0), key
    assert total["key"] == sum(v for k, v in sums.items() if k.startswith("key."))
    assert total["persons"] > 10000
    lines = consolidated.rows(data)
    assert lines[-1]["office"] == "合计"
    communities = [r for r in lines if r["community"] not in ("小计", "")]
    assert sum(r["persons"] for r in communities) == total["persons"]
    assert all(r["community"] for r in communities)  # placed under a community by the grid's uuid
    offices.street.engine.dispose()
    assert main(["package", "summary", "--db", str(offices.street_path)]) == 0
    assert "合计" in capsys.readouterr().out


def test_the_desk_lists_expected_communities_and_who_is_late(offices):
    street = offices.street
    with street.session() as s:
        root = Grid(level="street", code="510124100", name="某街道")
        s.add(root)
        s.flush()
        s.add(Grid(level="community", code="510124100209", name="未报村", parent_id=root.id))
    package = offices.send("AAA", full=True, level="aggregate")
    offices.trust(package)
    offices.deliver("AAA", package)
    table = desk.status(street)
    by_office = {p["office"]: p for p in table["peers"]}
    assert by_office["未报村"]["registered"] is False and by_office["未报村"]["late"]
    assert not by_office["甲村"]["late"] and by_office["甲村"]["last_seq"] == 1
    later = dt.date.today() + dt.timedelta(days=10)
    assert desk.status(street, today=later)["peers"][0]["late"]
    settings.put(street, settings.options.EXCHANGE_LATE_DAYS, "30")
    assert not desk.status(street, today=later)["peers"][0]["late"]


def test_an_import_is_one_undo_step_and_the_package_can_come_again(offices):
    from gridoffice.store.models import Person, SyncLog, SyncPeer, Tombstone

    def snapshot():  # type: ignore[no-untyped-def]
        with offices.street.reading() as s:
            return (s.execute(select(Person.uuid, Person.phone).order_by(Person.uuid)).all(),
                    s.execute(select(SyncPeer.last_seq)).scalars().all(),
                    s.execute(select(SyncLog.seq).where(SyncLog.direction == "in")).scalars().all())

    first = offices.send("AAA", full=True)
    offices.trust(first)
    full = offices.deliver("AAA", first)
    assert full.change is not None and full.change.undoable
    with offices.dbs["AAA"].session() as s:
        p = s.execute(select(Person).order_by(Person.id).limit(1)).scalar_one()
        p.phone = "13900002222"
    before = snapshot()
    delta = offices.send("AAA")
    done = importing.run(offices.street, delta)
    assert snapshot() != before
    inverse = done.change.undo()
    assert snapshot() == before
    redo = inverse.undo()
    assert snapshot() != before
    redo.undo()
    again = importing.run(offices.street, delta)  # the same package, after its undo, applies again
    assert not again.already and again.totals["updated"]["person"] == 1
    again.change.undo()
    # the first (full) package undone: its rows go and leave no tombstone; it comes again whole
    full.change.undo()
    with offices.street.reading() as s:
        assert s.execute(select(Person.id)).first() is None
        assert s.execute(select(Tombstone.id)).first() is None
    back = importing.run(offices.street, first, receipt=offices.tmp / "again.gorcpt")
    assert back.totals["refused"] == [] and back.totals["added"]["person"] > 1000


def test_a_receipt_of_an_undone_import_loses_nothing(offices):
    """The street undoes an import whose receipt already went back: the village's watermark
    moved past rows the street no longer has. Its next package is then held as the one after a
    missing number, nothing written, until the undone package is imported again — after which
    the next package applies and every row is at the street."""
    import pytest

    from gridoffice.services.exchange import gates
    from gridoffice.store.models import Person

    village = offices.dbs["AAA"]
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    with village.session() as s:
        one, two = s.execute(select(Person).order_by(Person.id).limit(2)).scalars().all()
        one.phone = "13900003333"
    second = offices.send("AAA")
    done = offices.deliver("AAA", second)  # the receipt is accepted by the village at once
    done.change.undo()  # …and the street takes the import back afterwards
    with village.session() as s:
        s.get(Person, two.id).phone = "13900004444"
    third = offices.send("AAA")  # carries the second edit only: the first is behind the watermark
    from gridoffice.services.exchange import pkgfile, rows

    carried = {r["uuid"] for r in rows.loads_lines(pkgfile.read(third, pkgfile.PACKAGE_FORMAT).members["person.jsonl"])}
    assert two.uuid in carried and one.uuid not in carried
    before = offices.fingerprint_of_street()
    with pytest.raises(gates.Held) as held:
        importing.run(offices.street, third)
    assert "第 2 号" in str(held.value)
    assert offices.fingerprint_of_street() == before
    importing.run(offices.street, second)
    importing.run(offices.street, third)
    with offices.street.reading() as s:
        phones = dict(s.execute(select(Person.uuid, Person.phone).where(Person.uuid.in_([one.uuid, two.uuid]))).all())
    assert phones == {one.uuid: "13900003333", two.uuid: "13900004444"}


def test_a_month_still_running_cannot_be_approved_and_an_old_approval_can_be_taken_back(offices):
    village, street = offices.dbs["AAA"], offices.street
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    code = settings.get(village, settings.ADMIN_CODE)
    for month in ("2026-12", "2027-01"):
        with pytest.raises(approval.ExchangeError, match="还没有过完"):
            approval.approve(street, code, month, today=dt.date(2026, 12, 3))
    approval.approve(street, code, "2026-11", today=dt.date(2026, 12, 3))  # last month: yes
    approval.approve(street, code, "2026-11", undo=True, today=dt.date(2026, 11, 20))  # taken back any time
    assert approval.approvals(street) == []
