"""The visit days as the week grid and the visits chart read them (services/visits/days.py),
packed into one string per query, against the visits themselves read row by row."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from sqlalchemy import insert, select, text

from gridoffice.services.visits import core as visits
from gridoffice.services.visits import days as visit_days
from gridoffice.services.visits import weeks as visit_weeks
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


def add_visits(db, persons, rng: random.Random) -> None:
    """Visits of persons and of whole households, before, inside and after the windows read."""
    rows = []
    for p in rng.sample(persons, 300):
        for _ in range(rng.choice((1, 2, 5))):
            rows.append(dict(person_id=None if rng.random() < 0.2 else p.person_id, household_id=p.household_id,
                             grid_id=p.grid_id, visit_date=ON - dt.timedelta(days=rng.randint(-5, 200))))
    with db.session() as s:
        s.connection().execute(insert(Visit.__table__), rows)


def test_the_packed_read_is_every_visit_of_every_key(village):
    persons = visits.key_persons(village, None, ON)
    rng = random.Random(3)
    add_visits(village, persons, rng)
    for first, on in ((dt.date(2022, 10, 17), ON), (dt.date(2022, 12, 26), ON - dt.timedelta(days=3)),
                      (ON + dt.timedelta(days=1), ON)):
        whole = read(village, first, on)
        assert whole == expected(village, first, on)
        assert any(k < 0 for k in whole) and any(b is not None for b, _d in whole.values())
        assert any(d for _b, d in whole.values()) == (first <= on)
        assert any(len(d) > 1 for _b, d in whole.values()) or first > dt.date(2022, 10, 17)
        some = rng.sample(persons, 40)
        assert read(village, first, on, some) == expected(village, first, on, some)
        with visit_days.beside(village, first, on) as reading:
            beside = reading.result()
        assert {k: (b, visit_days.sorted_days(t)) for k, (b, t) in beside.items()} == whole


def test_a_date_with_a_time_after_it_falls_on_its_own_day(village):
    """SQLite keeps dates as text; one written with a time by another program still counts on
    its day, before the window too (the difference of two days is floored, not truncated)."""
    if not village.is_sqlite:
        pytest.skip("a DATE column of PostgreSQL holds no time")
    p = visits.key_persons(village, None, ON)[0]
    with village.session() as s:
        s.execute(text("INSERT INTO visit (person_id, household_id, grid_id, visit_date, visitors, health, finances,"
                       " care, safety, needs, follow_up) VALUES (:p, :h, :g, '2022-12-20 10:30:00', '', '', '', '',"
                       " '', '', '')"), {"p": p.person_id, "h": p.household_id, "g": p.grid_id})
    first = dt.date(2022, 12, 26)
    assert visit_days.read(village, [p], first, ON)[p.person_id] == (-6, "")
    assert visit_days.read(village, [p], dt.date(2022, 12, 19), ON)[p.person_id] == (None, "1")


def test_a_failed_caller_waits_for_its_read_before_it_leaves(village, monkeypatch):
    """The whole database's read runs beside the key persons; when those fail, the read is
    waited for (left running, it could open a database its owner has just closed)."""
    ended = []
    real_read = visit_days.read

    def slow_read(*args):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        found = real_read(*args)
        ended.append(True)
        return found

    def failing(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("key persons failed")

    monkeypatch.setattr(visit_days, "read", slow_read)
    monkeypatch.setattr(visits, "shared_key_persons", failing)
    with pytest.raises(RuntimeError):
        visit_weeks.week_counts(village, None, ON, 12)
    assert ended == [True]
    monkeypatch.setattr(visits, "key_persons", failing)
    with pytest.raises(RuntimeError):
        visits.week_grid(village, None, ON, 8)
    assert ended == [True, True]


def test_no_visits_read_as_nothing(village):
    assert visit_days.read(village, None, ON, ON) == {}
    assert visit_days.first_visit(village, ON) is None
