"""Issue 19: rows the street held because it had approved (locked) their month are not lost
behind the village's watermark — the receipt lists them as refused, ``receipts.send_again``
puts them back on the village's re-send list, every later delta carries them again (held
again while the month stays locked), and once the month is opened they are taken in: an
edit, a new row and a deletion, nothing lost."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gridoffice.services import settings
from gridoffice.services.exchange import approval
from gridoffice.store.models import Household, Visit
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.sqlite

LOCKED = "2026-10"


def _visit(house: Household, day: dt.date, needs: str) -> Visit:
    return Visit(household_id=house.id, grid_id=house.grid_id, visit_date=day, needs=needs)


def _street_visits(offices) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with offices.street.reading() as s:
        return {v.uuid: v.needs for v in s.execute(select(Visit)).scalars()}


def test_rows_held_by_a_lock_are_sent_again_and_taken_in_after_unlock(offices):
    village, street = offices.dbs["AAA"], offices.street
    with village.session() as s:
        house = s.execute(select(Household).order_by(Household.id).limit(1)).scalar_one()
        edited, removed = _visit(house, dt.date(2026, 10, 3), "原来的需求"), _visit(house, dt.date(2026, 10, 9), "要删的")
        s.add_all([edited, removed])
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    approval.approve(street, settings.get(village, settings.ADMIN_CODE), LOCKED)
    # in the village, meanwhile: an edit, a new visit and a deletion, all dated in the locked month
    with village.session() as s:
        s.execute(select(Visit).where(Visit.uuid == edited.uuid)).scalar_one().needs = "补记的需求"
        s.delete(s.execute(select(Visit).where(Visit.uuid == removed.uuid)).scalar_one())
        added = _visit(house, dt.date(2026, 10, 20), "新补的走访")
        s.add(added)
    held = {edited.uuid, removed.uuid, added.uuid}
    before = _street_visits(offices)
    for _ in range(2):  # held each time while the month is locked; each receipt puts them back on the list
        done = offices.deliver("AAA", offices.send("AAA"))
        refused = {r["uuid"] for r in done.totals["refused"] if "该时段已审批锁定" in r["reason"]}
        assert refused == held
        # each says whose visit and of which day (the clerk has no use for a uuid)
        labels = {r["uuid"]: r["record"] for r in done.totals["refused"]}
        assert labels[edited.uuid] == f"{house.number} · 2026-10-03"
        assert labels[added.uuid] == f"{house.number} · 2026-10-20"
        assert labels[removed.uuid] == f"{house.number} · 2026-10-09"
        assert _street_visits(offices) == before
    approval.approve(street, settings.get(village, settings.ADMIN_CODE), LOCKED, undo=True)
    done = offices.deliver("AAA", offices.send("AAA"))  # nothing edited since: only the re-send list
    assert done.totals["refused"] == []
    assert (done.totals["updated"]["visit"], done.totals["added"]["visit"], done.totals["deleted"]["visit"]) == (1, 1, 1)
    after = _street_visits(offices)
    assert after[edited.uuid] == "补记的需求" and after[added.uuid] == "新补的走访" and removed.uuid not in after
    # and then the list is empty: the next delta carries nothing of them
    done = offices.deliver("AAA", offices.send("AAA"))
    assert done.totals["refused"] == [] and not any(done.totals["added"].values())
    assert not any(done.totals["updated"].values()) and not any(done.totals["deleted"].values())
