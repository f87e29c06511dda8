"""The visit days as the week grid and the visits chart read them (services/visits/days.py),
packed into one string per query, against the visits themselves read row by row."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select

from gridoffice.services.visits import core as visits
from gridoffice.services.visits import days as visit_days
from gridoffice.store.models import Visit

ON = dt.date(2023, 1, 7)


def expected(db, first: dt.date, on: dt.date, persons=None) -> dict[int, tuple[int | None, list[int]]]:
    wanted = None if persons is None else ({p.person_id for p in persons}, {p.household_id for p in persons})
    found: dict[int, tuple[int | None, list[int]]] = {}
    with db.reading() as s:
        for person_id, household_id, day in s.execute(select(Visit.person_id, Visit.household_id, Visit.visit_date)):
            if day > on or (person_id is None and household_id is None):
                continue
            key = person_id if person_id is not None else -household_id
            if wanted is not None and (person_id not in wanted[0] if person_id is not None
                                       else household_id not in wanted[1]):
                continue
            before, days = found.get(key, (None, []))
            offset = (day - first).days
            if offset < 0:
                before = offset if before is None else max(before, offset)
            else:
                days = [*days, offset]
            found[key] = (before, days)
    return {k: (b, sorted(d)) for k, (b, d) in found.items()}


def read(db, first: dt.date, on: dt.date, persons=None) -> dict[int, tuple[int | None, list[int]]]:
    return {k: (b, visit_days.sorted_days(text)) for k, (b, text) in visit_days.read(db, persons, first, on).items()}


def test_the_packed_read_is_every_visit_of_every_key(village_year):
    persons = visits.key_persons(village_year, None, ON)
    rng = random.Random(3)
    rows = [dict(person_id=None, household_id=p.household_id, grid_id=p.grid_id,
                 visit_date=ON - dt.timedelta(days=rng.randint(-5, 200))) for p in rng.sample(persons, 60)]
    with village_year.session() as s:
        s.connection().execute(insert(Visit.__table__), rows)
    for first, on in ((dt.date(2022, 10, 17), ON), (dt.date(2022, 12, 26), ON - dt.timedelta(days=3)),
                      (ON + dt.timedelta(days=1), ON)):
        whole = read(village_year, first, on)
        assert whole == expected(village_year, first, on)
        assert any(k < 0 for k in whole) and any(b is not None for b, _d in whole.values())
        assert any(len(d) > 1 for _b, d in whole.values()) == (first <= on)
        some = rng.sample(persons, 40)
        assert read(village_year, first, on, some) == expected(village_year, first, on, some)
        beside = visit_days.beside(village_year, first, on).result()
        assert {k: (b, visit_days.sorted_days(t)) for k, (b, t) in beside.items()} == whole


def test_no_visits_read_as_nothing(village):
    assert visit_days.read(village, None, ON, ON) == {}
    assert visit_days.first_visit(village, ON) is None
