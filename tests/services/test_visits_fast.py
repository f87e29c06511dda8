"""The week grid's fast path (day numbers, statuses sliced between visited weeks, visits read
grouped per person) against the plain rule of ``domain.visit_schedule`` applied week by week."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select

from gridoffice.domain import visit_schedule as vs
from gridoffice.services.grids import core as grids
from gridoffice.services.visits import core as visits
from gridoffice.services.visits.core import Status
from gridoffice.store.models import Visit


def plain_week(visit_days: list[dt.date], before: dt.date | None, interval: int, key_since: dt.date | None,
               mondays: list[dt.date]) -> tuple[list[Status], list[int], dt.date | None]:
    """The rule as written: each week on its own, from the last visit before its Monday."""
    cells, counts = [], []
    for monday in mondays:
        sunday = monday + dt.timedelta(days=6)
        earlier = [d for d in visit_days if d < monday] + ([before] if before else [])
        in_week = [d for d in visit_days if monday <= d <= sunday]
        due = vs.due_date(max(earlier) if earlier else None, interval, key_since)
        cells.append(vs.week_status(bool(in_week), due, monday))
        counts.append(len(in_week))
    seen = visit_days + ([before] if before else [])
    return cells, counts, max(seen) if seen else None


def test_week_rows_follow_the_plain_rule_on_random_people():
    rng = random.Random(17)
    for weeks in (1, 2, 8, 26):
        mondays = vs.weeks_up_to(dt.date(2024, 3, 6), weeks)
        first, last_day = mondays[0], mondays[-1] + dt.timedelta(days=6)
        table = visits._WeekTable(first.toordinal(), weeks)
        for _ in range(400):
            span = (last_day - first).days
            days = sorted(first + dt.timedelta(days=rng.randint(0, span)) for _ in range(rng.choice((0, 0, 1, 2, 5, 12))))
            before = rng.choice((None, first - dt.timedelta(days=rng.randint(1, 90))))
            key_since = rng.choice((None, first + dt.timedelta(days=rng.randint(-60, span + 30))))
            interval = rng.choice((1, 6, 7, 8, 13, 14, 30, 31, 366))
            got = table.row([d.toordinal() for d in days], before.toordinal() if before else None, interval,
                            key_since.toordinal() if key_since else None)
            cells, counts, last = plain_week(days, before, interval, key_since, mondays)
            assert (got[0], got[1], dt.date.fromordinal(got[2]) if got[2] else None) == (cells, counts, last), (
                days, before, interval, key_since, weeks)


def test_week_grid_of_the_village_is_the_plain_rule_on_a_sample(village):
    on = dt.date(2023, 1, 7)
    rng = random.Random(3)
    persons = visits.key_persons(village, None, on)
    rows = []
    for p in rng.sample(persons, min(600, len(persons))):  # person visits, and whole households
        for _ in range(rng.choice((0, 1, 2, 4, 9))):
            day = on - dt.timedelta(days=rng.randint(0, 100))
            rows.append(dict(person_id=None if rng.random() < 0.1 else p.person_id,
                             household_id=p.household_id, grid_id=p.grid_id, visit_date=day))
    with village.session() as s:
        s.connection().execute(insert(Visit.__table__), rows)
        all_visits = s.execute(select(Visit.person_id, Visit.household_id, Visit.visit_date)
                               .where(Visit.visit_date <= on)).all()
    community = next(g for g in grids.tree(village)[0].children)
    for grid_id in (None, community.id):
        grid = visits.week_grid(village, grid_id, on, 8)
        assert grid.rows
        for row in rng.sample(grid.rows, min(400, len(grid.rows))):
            p = row.person
            days = sorted(d for pid, hid, d in all_visits
                          if pid == p.person_id or (pid is None and hid == p.household_id))
            inside = [d for d in days if d >= grid.weeks[0]]
            before = max((d for d in days if d < grid.weeks[0]), default=None)
            assert (row.cells, row.visit_counts, p.last_visit) == plain_week(
                inside, before, p.interval, p.key_since, grid.weeks), p.person_id
        statuses = {s for row in grid.rows for s in row.cells}
        assert statuses == set(Status)  # the sample saw every status
