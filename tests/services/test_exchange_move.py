"""Issue 19, done means: a household moves between two villages and is counted once in the
street — the old village marks it 迁出 (undoable), the new one takes it in (a person already
there by ID number is updated, not duplicated), and the street hands the rows over."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gridoffice.services import settings, stats
from gridoffice.services.exchange import ExchangeError, importing, moving
from gridoffice.services.roster import lists as roster_lists
from gridoffice.store.models import Household, KeyMembership, Person, SyncRow
from tests.services.exchange_offices import VILLAGES, offices_fixture, village_files_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.sqlite


def _counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {k: int(v) for k, v in stats.counts(db).as_dict().items() if k != "on"}  # type: ignore[call-overload]


def _a_household_with_members(db) -> tuple[str, str, list[str]]:  # type: ignore[no-untyped-def]
    """A household of several members, one of them in a key population."""
    with db.reading() as s:
        hid = s.execute(select(Person.household_id).join(KeyMembership, KeyMembership.person_id == Person.id)
                        .where(Person.status == "在册", Person.household_id.is_not(None))
                        .group_by(Person.household_id).order_by(Person.household_id).limit(1)).scalar_one()
        house = s.get(Household, hid)
        ids = s.execute(select(Person.id_number).where(Person.household_id == hid, Person.status == "在册")).scalars()
        return house.number, house.uuid, [i for i in ids if i]


def _start(offices) -> None:  # type: ignore[no-untyped-def]
    for code in ("AAA", "BBB"):
        package = offices.send(code, full=True)
        offices.trust(package)
        offices.deliver(code, package)


def _move(offices, number: str):  # type: ignore[no-untyped-def]
    to = VILLAGES[1][2]  # 乙村's 行政区划代码
    moved = moving.send(offices.dbs["AAA"], number, to, offices.tmp / "move.gopkg")
    offices.trust(moved.path, at="BBB")
    done = importing.run(offices.dbs["BBB"], moved.path, grid_code=_a_micro_grid(offices.dbs["BBB"]))
    assert done.kind == "move" and done.receipt is not None
    return moved, done


def _a_micro_grid(db) -> str:  # type: ignore[no-untyped-def]
    from gridoffice.store.models import Grid

    with db.reading() as s:
        return s.execute(select(Grid.code).where(Grid.level == "micro").order_by(Grid.id).limit(1)).scalar_one()


def test_a_household_moves_and_is_counted_once_at_the_street(offices):
    _start(offices)
    a, b, street = offices.dbs["AAA"], offices.dbs["BBB"], offices.street
    number, house_uuid, ids = _a_household_with_members(a)
    before_a, before_b = _counts(a), _counts(b)
    _moved, done = _move(offices, number)
    assert done.totals["added"]["person"] == len(ids) >= 1 and done.totals["added"]["key_membership"] >= 1
    after_a, after_b = _counts(a), _counts(b)
    assert after_a["households"] == before_a["households"] - 1 and after_b["households"] == before_b["households"] + 1
    assert after_a["persons"] + after_b["persons"] == before_a["persons"] + before_b["persons"]
    with a.reading() as s:
        statuses = set(s.execute(select(Person.status).where(Person.id_number.in_(ids))).scalars())
        note, moved_on, moved_to = s.execute(select(Household.note, Household.moved_on, Household.moved_to)
                                             .where(Household.uuid == house_uuid)).one()
    assert statuses == {"迁出"} and note.startswith("迁出：") and VILLAGES[1][2] in note
    assert moved_on == dt.date.today() and VILLAGES[1][2] in moved_to  # the columns (0008) say it too
    [binned] = [i for i in roster_lists.recycle_bin(a) if i.kind == "household" and i.title.endswith(number)]
    assert (binned.moved_on, binned.moved_to) == (moved_on, moved_to)
    with b.reading() as s:  # at the new village it is simply here
        assert s.execute(select(Household.moved_on, Household.moved_to).where(Household.uuid == house_uuid)).one() \
            == (None, None)
    # the street hears of it from both sides, in either order of arrival: here the old village first
    offices.deliver("AAA", offices.send("AAA"))
    got = offices.deliver("BBB", offices.send("BBB"))
    assert got.totals["refused"] == []
    assert got.totals["taken_over"]["household"] == 1 and got.totals["taken_over"]["person"] == len(ids)
    assert _counts(street) == {k: after_a[k] + after_b[k] for k in after_a}
    with street.reading() as s:
        assert s.execute(select(func.count()).select_from(Person).where(Person.id_number.in_(ids))).scalar() == len(ids)
        owner = s.execute(select(SyncRow.peer_uuid).where(SyncRow.table_name == "household",
                                                           SyncRow.uuid == house_uuid)).scalar_one()
    from gridoffice.store import identity

    assert owner == identity.database_uuid(b)
    # the old village can no longer change the rows at the street
    with a.session() as s:
        p = s.execute(select(Person).where(Person.id_number == ids[0])).scalar_one()
        p.note = "旧村迁出后又改"
    late = offices.deliver("AAA", offices.send("AAA"))
    assert [r["table"] for r in late.totals["refused"]] == ["person"]
    assert _counts(street) == {k: after_a[k] + after_b[k] for k in after_a}


def test_the_new_village_first_waits_for_the_old_one_and_is_sent_again(offices):
    """The new village's package arrives first: its rows are refused (still the old village's),
    the receipt puts them on the re-send list, and the next package hands them over."""
    _start(offices)
    a, b, street = offices.dbs["AAA"], offices.dbs["BBB"], offices.street
    number, _house_uuid, ids = _a_household_with_members(a)
    _move(offices, number)
    early = offices.deliver("BBB", offices.send("BBB"))
    assert {r["table"] for r in early.totals["refused"]} >= {"household", "person"}
    offices.deliver("AAA", offices.send("AAA"))
    again = offices.deliver("BBB", offices.send("BBB"))  # nothing edited since: the re-send list alone
    assert again.totals["refused"] == [] and again.totals["taken_over"]["person"] == len(ids)
    assert _counts(street) == {k: _counts(a)[k] + _counts(b)[k] for k in _counts(a)}


def test_a_person_already_in_the_new_village_is_updated_not_duplicated(offices):
    a, b = offices.dbs["AAA"], offices.dbs["BBB"]
    number, _uuid, ids = _a_household_with_members(a)
    with a.reading() as s:
        mover = s.execute(select(Person).where(Person.id_number == ids[0])).scalar_one()
    with b.session() as s:
        s.add(Person(name=mover.name, id_number=mover.id_number, sex=mover.sex, birth_date=mover.birth_date,
                     phone="13000000000", note="早先在乙村登记"))
    before = _count_persons(b)
    moved = moving.send(a, number, VILLAGES[1][2], offices.tmp / "move.gopkg")
    offices.trust(moved.path, at="BBB")
    dry = importing.run(b, moved.path, dry_run=True)
    assert dry.totals["updated"]["person"] == 1 and dry.totals["added"]["person"] == len(ids) - 1
    importing.run(b, moved.path)
    assert _count_persons(b) == before + len(ids) - 1
    with b.reading() as s:
        here = s.execute(select(Person).where(Person.id_number == ids[0])).scalar_one()
        assert here.household_id is not None and here.phone == mover.phone and here.status == "在册"
    again = importing.run(b, moved.path)
    assert again.already and _count_persons(b) == before + len(ids) - 1


def _count_persons(db) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return int(s.execute(select(func.count()).select_from(Person)).scalar_one())


def test_the_move_out_is_undone_in_one_step_and_refused_elsewhere(offices):
    a, c = offices.dbs["AAA"], offices.dbs["CCC"]
    number, _house_uuid, _ids = _a_household_with_members(a)
    before = _counts(a)
    moved = moving.send(a, number, VILLAGES[1][2], offices.tmp / "move.gopkg")
    assert _counts(a) != before
    assert moved.change is not None
    moved.change.undo()
    assert _counts(a) == before
    with pytest.raises(ExchangeError, match="没有户号"):
        moving.send(a, "不存在的户号", VILLAGES[1][2], offices.tmp / "x.gopkg")
    settings.put(c, settings.ADMIN_CODE, VILLAGES[2][2])
    offices.trust(moved.path, at="CCC")
    with pytest.raises(ExchangeError, match="不是给本单位的"):
        importing.run(c, moved.path)


def test_a_moved_household_restored_from_the_bin_travels_as_an_edit(offices):
    """The move never reached the new village and the old one takes the household back out of
    the recycle bin: the street hears the cleared moved_on / moved_to in the next delta."""
    from gridoffice.services.roster import households as roster_households

    a, street = offices.dbs["AAA"], offices.street
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    number, house_uuid, _ids = _a_household_with_members(a)
    moving.send(a, number, VILLAGES[1][2], offices.tmp / "move.gopkg")
    offices.deliver("AAA", offices.send("AAA"))
    with street.reading() as s:
        gone = s.execute(select(Household.deleted_at, Household.moved_on).where(Household.uuid == house_uuid)).one()
    assert gone.deleted_at is not None and gone.moved_on == dt.date.today()
    with a.reading() as s:
        hid = s.execute(select(Household.id).where(Household.uuid == house_uuid)).scalar_one()
    roster_households.restore_household(a, hid)
    got = offices.deliver("AAA", offices.send("AAA"))
    assert got.totals["updated"]["household"] == 1 and got.totals["refused"] == []
    with street.reading() as s:
        back = s.execute(select(Household.deleted_at, Household.moved_on, Household.moved_to, Household.note)
                         .where(Household.uuid == house_uuid)).one()
    assert (back.deleted_at, back.moved_on, back.moved_to) == (None, None, None)
    assert not (back.note or "").startswith("迁出：")
