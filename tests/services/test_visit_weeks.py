"""The weekly 应访/已访 counts of the dashboard (services/visits/weeks.py) against the week grid
they stand for (``visits.week_grid``): a week is 应访 when its cell is visited, due or overdue,
已访 when visited."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import insert

from gridoffice.domain.codes import GridLevel
from gridoffice.services.demo import core as demo
from gridoffice.services.grids import core as grids
from gridoffice.services.visits import core as visits
from gridoffice.services.visits import weeks as visit_weeks
from gridoffice.store import Database
from gridoffice.store.models import Visit

ON = dt.date(2023, 1, 7)


def from_grid(db: Database, grid_id: int | None, on: dt.date, weeks: int) -> tuple[list[int], list[int]]:
    grid = visits.week_grid(db, grid_id, on, weeks)
    due, done = [0] * weeks, [0] * weeks
    for row in grid.rows:
        for i, cell in enumerate(row.cells):
            due[i] += cell != visits.Status.NOT_DUE
            done[i] += cell == visits.Status.VISITED
    return due, done


def add_visits(db: Database, grid_id: int | None, on: dt.date, seed: int) -> None:
    """Random visits of persons and of whole households, before and inside the window."""
    rng = random.Random(seed)
    persons = visits.key_persons(db, grid_id, on)
    rows = []
    for p in rng.sample(persons, min(800, len(persons))):
        for _ in range(rng.choice((0, 1, 2, 4, 9))):
            rows.append(dict(person_id=None if rng.random() < 0.15 else p.person_id, household_id=p.household_id,
                             grid_id=p.grid_id, visit_date=on - dt.timedelta(days=rng.randint(-3, 150))))
    with db.session() as s:
        s.connection().execute(insert(Visit.__table__), rows)


def assert_same(db: Database, grid_id: int | None, on: dt.date, weeks: int) -> None:
    counts = visit_weeks.week_counts(db, grid_id, on, weeks)
    assert (counts.due, counts.visited) == from_grid(db, grid_id, on, weeks), (grid_id, on, weeks)
    assert counts.weeks == visits.week_grid(db, grid_id, on, weeks).weeks


def test_the_village_counts_are_the_week_grids(village_year):
    add_visits(village_year, None, ON, 5)
    tree = grids.tree(village_year)[0]
    general = tree.children[0]
    for grid_id in (None, tree.id, general.id, general.children[0].id):
        for on, weeks in ((ON, 12), (ON - dt.timedelta(days=40), 12), (ON + dt.timedelta(days=9), 8), (ON, 1)):
            assert_same(village_year, grid_id, on, weeks)
    counts = visit_weeks.week_counts(village_year, None, ON, 12)
    assert min(counts.visited) > 0 and all(d >= v for d, v in zip(counts.due, counts.visited, strict=True))


def test_no_visits_at_all(village):
    counts = visit_weeks.week_counts(village, None, ON, 4)
    assert counts.visited == [0] * 4 and counts.first_visit is None
    assert (counts.due, counts.visited) == from_grid(village, None, ON, 4)


@pytest.mark.slow
def test_a_sampled_street_community_counts_as_its_week_grid(tmp_path):
    db = Database.open(str(tmp_path / "street.db"))
    try:
        demo.build(db, "street")
        rng = random.Random(22)
        communities = [g for g in grids.tree(db)[0].children if g.level == GridLevel.COMMUNITY]
        community = rng.choice(communities)
        add_visits(db, community.id, ON, 9)
        general = rng.choice(community.children)
        for grid_id in (community.id, general.id):
            assert_same(db, grid_id, ON, 12)
    finally:
        db.close()
