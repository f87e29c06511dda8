"""The dashboard's SQL counts (issue 22, street ≤ 1 s) equal the Python counts they replace, on
the demo village with a year of activity: the age pyramid as range counts of the person index
against the persons read one by one, the matters chart's monthly 新增/办结 against the flow of
every matter."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from gridoffice.domain.ages import age_on
from gridoffice.services.briefing import charts as briefing_charts
from gridoffice.services.matters import flow as matter_flow
from gridoffice.services.matters import month_counts
from gridoffice.store.models import Grid, Household, Person

ON = dt.date(2023, 1, 7)


def _pyramid_by_hand(db, on):
    men, women = [0] * len(briefing_charts.AGE_BANDS), [0] * len(briefing_charts.AGE_BANDS)
    with db.reading() as s:
        rows = s.execute(select(Person.sex, Person.birth_date).where(
            Person.deleted_at.is_(None), Person.status == "在册", Person.household_id.is_not(None))).all()
    for sex, born in rows:
        if born is None or born > on or sex not in ("男", "女"):
            continue
        band = min(age_on(born, on) // 10, len(briefing_charts.AGE_BANDS) - 1)
        (men if sex == "男" else women)[band] += 1
    return men, women


def test_the_pyramid_range_counts_are_the_persons_counted_one_by_one(village_year):
    for on in (ON, dt.date(2022, 3, 1), dt.date(2024, 2, 29)):
        by_hand = _pyramid_by_hand(village_year, on)
        assert briefing_charts._pyramid_counts(village_year, None, on) == by_hand
        assert briefing_charts._pyramid_grouped(village_year, None, on) == by_hand
        assert sum(by_hand[0]) > 1000 and sum(by_hand[1]) > 1000
    spec = briefing_charts.age_pyramid(village_year, None, ON)
    assert [list(s.values) for s in spec.series] == [list(side) for side in _pyramid_by_hand(village_year, ON)]


def test_the_monthly_matter_counts_are_the_flows(village_year):
    start, end = matter_flow.last_months(ON, 12)
    with village_year.reading() as s:
        some_grid = s.scalars(select(Grid.id).where(Grid.parent_id.is_not(None))).first()
    for grid_id in (None, some_grid):
        flows = matter_flow.by_month(matter_flow.items(village_year, grid_id, before=end + dt.timedelta(days=1)),
                                     start, end)
        counts = month_counts.month_counts(village_year, grid_id, start, end)
        assert [(c.label, c.new, c.closed) for c in counts] == [(label, f.new, f.closed) for label, f in flows]
        if grid_id is None:
            assert sum(c.new for c in counts) > 100 and sum(c.closed for c in counts) > 100
    # a period not starting on the 1st is clipped as the flow clips it
    start, end = dt.date(2022, 5, 17), dt.date(2022, 9, 3)
    flows = matter_flow.by_month(matter_flow.items(village_year, None, before=end + dt.timedelta(days=1)), start, end)
    counts = month_counts.month_counts(village_year, None, start, end)
    assert [(c.label, c.new, c.closed) for c in counts] == [(label, f.new, f.closed) for label, f in flows]


def test_the_root_selected_counts_as_the_whole_database(village_year):
    with village_year.reading() as s:
        root = s.scalars(select(Grid.id).where(Grid.parent_id.is_(None))).one()
        general = s.scalars(select(Grid.id).where(Grid.parent_id == root)).first()
    assert briefing_charts.holds_every_household(village_year, root)
    assert not briefing_charts.holds_every_household(village_year, general)
    assert briefing_charts._pyramid_grouped(village_year, root, ON) == briefing_charts._pyramid_counts(
        village_year, None, ON)
    spec = briefing_charts.age_pyramid(village_year, root, ON)
    assert [list(x.values) for x in spec.series] == [list(v) for v in briefing_charts._pyramid_grouped(
        village_year, root, ON)]
    with village_year.session() as s:  # a household without a grid: the root no longer holds everyone
        s.execute(update(Household).where(Household.id == s.scalars(select(Household.id)).first())
                  .values(grid_id=None))
    assert not briefing_charts.holds_every_household(village_year, root)


def test_the_root_selected_counts_visits_as_the_whole_database(village_year):
    from gridoffice.services.visits import weeks as visit_weeks

    with village_year.reading() as s:
        root = s.scalars(select(Grid.id).where(Grid.parent_id.is_(None))).one()
    whole = visit_weeks.week_counts(village_year, None, ON)
    assert visit_weeks.week_counts(village_year, root, ON) == whole  # what the shortcut relies on
    assert sum(whole.due) > 0 and sum(whole.visited) > 0
    spec = briefing_charts.visits_by_week(village_year, root, ON)
    assert [list(x.values) for x in spec.series] == [list(map(float, whole.due)), list(map(float, whole.visited))]
