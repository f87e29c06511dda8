"""The daily-call log (issue 21): a call to a red resident is recorded as one undoable step,
shows in the week's call list, the counts per grid and the printed call sheet; a week without a
tier snapshot gets one when asked (the program asks after start-up)."""

import datetime as dt

import pytest
from pypdf import PdfReader

from gridoffice.domain import health_tiers as ht
from gridoffice.services.changes import run_undo
from gridoffice.services.grids import core as grids
from gridoffice.services.health import calls as health_calls
from gridoffice.services.health import cards as health_cards
from gridoffice.services.health import tiers as health_tiers

ON = dt.date(2023, 1, 7)  # a Saturday: the week runs 2023-01-02 … 2023-01-08


def _red(village):
    return next(t for t in health_tiers.tiers(village, None, ON) if t.tier == ht.RED)


def test_a_call_is_listed_counted_and_undone(village):
    red = _red(village)
    listed = health_calls.call_list(village, red.grid_id, ON)
    assert red.person_id in {r.tier.person_id for r in listed}
    assert all(r.tier.tier == ht.RED for r in listed)
    before = health_calls.counts_by_grid(listed, ON)[red.grid_id]
    assert before.called_week == 0 and before.red == len(listed)

    change = health_calls.record(village, red.person_id, ON, reached=False, by="李梅", note="没人接", today=ON)
    assert "health_call" in change.tables and change.undoable
    health_calls.record(village, red.person_id, ON, reached=True, by="李梅", note="血压平稳", today=ON)
    row = next(r for r in health_calls.call_list(village, red.grid_id, ON) if r.tier.person_id == red.person_id)
    assert row.reached_on(ON) is True and row.reached_on(ON - dt.timedelta(days=1)) is None
    assert [c.by_name for c in row.week] == ["李梅", "李梅"]
    after = health_calls.counts_by_grid(health_calls.call_list(village, red.grid_id, ON), ON)[red.grid_id]
    assert (after.called_week, after.called_today, after.reached_today) == (1, 1, 1)
    log = health_calls.week_log(village, None, ON)
    assert [e.name for e in log] == [red.name, red.name] and log[0].grid_id == red.grid_id
    assert health_calls.week_calls(village, None, ON + dt.timedelta(days=7)) == {}  # next week: none yet

    last = health_calls.week_log(village, None, ON)[-1].call
    removed = health_calls.remove(village, last.id)
    assert len(health_calls.week_log(village, None, ON)) == 1
    run_undo(removed)
    assert len(health_calls.week_log(village, None, ON)) == 2
    run_undo(change)  # the first call taken back: the second stays
    assert [e.call.reached for e in health_calls.week_log(village, None, ON)] == [True]


def test_refused_calls_write_nothing(village):
    red = _red(village)
    with pytest.raises(health_calls.CallError):
        health_calls.record(village, red.person_id, ON + dt.timedelta(days=1), today=ON)
    with pytest.raises(health_calls.CallError):
        health_calls.record(village, red.person_id, ON, note="长" * 201, today=ON)
    with pytest.raises(health_calls.CallError):
        health_calls.record(village, 10 ** 9, ON, today=ON)
    assert health_calls.week_log(village, None, ON) == []


def test_the_call_sheet_ticks_the_calls_made_and_names_the_clinic(village, tmp_path):
    from gridoffice.services import settings

    red = _red(village)
    settings.put(village, health_cards.CLINIC_NAME, "禹庙村卫生室")
    settings.put(village, health_cards.CLINIC_PHONE, "028-82712345")
    health_calls.record(village, red.person_id, ON - dt.timedelta(days=2), reached=True, note="血压平稳", today=ON)
    with village.reading() as s:
        code = grids.catalogue(s)[red.grid_id].code
    out = tmp_path / "calls.pdf"
    health_cards.write_call_sheet_file(village, code, out, ON)
    page = PdfReader(str(out)).pages[0].extract_text()
    assert "√" in page and "血压平稳" in page
    assert "禹庙村卫生室" in page and "028-82712345" in page
    assert health_cards.clinic(village).phone == "028-82712345"


def test_a_week_without_a_snapshot_gets_one_once(village):
    assert not health_tiers.has_snapshot(village, ON)
    change = health_tiers.weekly_snapshot(village, ON)
    assert change is not None and change.undoable
    assert health_tiers.has_snapshot(village, ON)
    assert health_tiers.weekly_snapshot(village, ON + dt.timedelta(days=1)) is None  # same week: kept
    trend = health_tiers.trend(village)
    assert list(trend) == [dt.date(2023, 1, 2)]
    assert sum(trend[dt.date(2023, 1, 2)].values()) == len(health_tiers.tiers(village, None, ON))
    run_undo(change)
    assert not health_tiers.has_snapshot(village, ON)


def test_no_snapshot_without_residents_65_plus(db):
    assert health_tiers.weekly_snapshot(db, ON) is None
    assert not health_tiers.has_snapshot(db, ON)


def test_purging_a_person_tombstones_their_calls(db):
    from sqlalchemy import select

    from gridoffice.services.roster import persons as roster_persons
    from gridoffice.store.models import HealthCall, Household, Person, Tombstone

    with db.session() as s:
        house = Household(number="H1")
        s.add(house)
        s.flush()
        person = Person(name="张三", household_id=house.id)
        s.add(person)
    health_calls.record(db, person.id, ON, today=ON)
    with db.reading() as s:
        call_uuid = s.scalars(select(HealthCall.uuid)).one()
    roster_persons.remove_person(db, person.id)
    roster_persons.purge_person(db, person.id)
    with db.reading() as s:
        assert s.scalars(select(HealthCall.id)).all() == []
        assert s.scalars(select(Tombstone.uuid).where(Tombstone.table_name == "health_call")).all() == [call_uuid]
