"""The dashboard's own counts against the ledgers they stand for."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from gridoffice.domain.chart_spec import value_text
from gridoffice.services import derived, stats
from gridoffice.services.briefing import charts as briefing_charts
from gridoffice.services.grids import core as grids
from gridoffice.services.ledgers import summary as ledger_summary
from gridoffice.services.visits import core as visits
from gridoffice.store.models import KeyMembership

ON = dt.date(2023, 1, 7)


def test_key_population_counts_are_the_summary_ledgers(village_year):
    summary = ledger_summary.counts_by_grid(village_year, None, ON)
    ours = briefing_charts._key_counts(village_year, None, ON)
    keys = [key for key, _label in briefing_charts.KEY_FIGURES]
    for gid in set(summary) | set(ours):
        assert {k: ours.get(gid, {}).get(k, 0) for k in keys} == {
            k: summary.get(gid, {}).get(k, 0) for k in keys}, gid
    assert sum(sum(c.values()) for c in ours.values()) > 0


def test_the_pyramid_counts_every_resident_with_a_birth_date(village_year):
    spec = briefing_charts.age_pyramid(village_year, None, ON)
    total = sum(sum(s.values) for s in spec.series)
    assert 0.95 * stats.counts(village_year, ON).persons <= total <= stats.counts(village_year, ON).persons


def test_many_micro_grids_show_the_lowest_coverage_and_a_note_of_the_others(village_year):
    every = briefing_charts.kit_coverage(village_year, None, ON, limit=None)
    assert every is not None and len(every.categories) == 32 and every.note == ""
    rates = dict(zip(every.keys, every.series[0].values, strict=True))
    spec = briefing_charts.kit_coverage(village_year, None, ON)
    assert spec is not None
    n = briefing_charts.COVERAGE_BARS
    shown = list(spec.series[0].values)
    assert len(shown) == len(spec.keys) == len(spec.categories) == n
    assert shown == sorted(shown) == sorted(rates.values())[:n]  # the lowest, lowest first
    assert all(rates[k] == v for k, v in zip(spec.keys, shown, strict=True))  # each bar still its grid's
    rest = sorted(v for k, v in rates.items() if k not in spec.keys)
    assert len(rest) == 32 - n and min(rest) >= max(shown)
    assert spec.note == f"其余 {32 - n} 个微网格发放率 ≥ {value_text(min(rest), percent=True)}"


def test_coverage_bars_are_named_by_the_grid_alone_unless_names_repeat(village_year):
    from sqlalchemy import select

    from gridoffice.store.models import Grid

    spec = briefing_charts.kit_coverage(village_year, None, ON, limit=None)
    assert spec is not None
    with village_year.reading() as s:
        names = {g.id: g.name for g in s.execute(select(Grid)).scalars()}
    assert list(spec.categories) == [names[k] for k in spec.keys]  # 第3微网格, not "禹庙村 · … · 第3微网格"
    first, other = spec.keys[0], spec.keys[-1]  # in the first and the last general grid
    with village_year.session() as s:
        s.get(Grid, other).name = names[first]
    again = briefing_charts.kit_coverage(village_year, None, ON, limit=None)
    assert again is not None
    one, two = again.categories[again.keys.index(first)], again.categories[again.keys.index(other)]
    assert one != two and names[first] in one and names[first] in two  # each bar still says which grid


def test_a_name_repeated_beyond_the_lowest_bars_still_shows_whose_grid_each_is(village_year):
    """The bars are named plainly only when the names tell every grid of the scope apart, not
    just the lowest ten shown."""
    from sqlalchemy import select

    from gridoffice.store.models import Grid

    every = briefing_charts.kit_coverage(village_year, None, ON, limit=None)
    spec = briefing_charts.kit_coverage(village_year, None, ON)
    assert every is not None and spec is not None
    hidden = next(k for k in every.keys if k not in spec.keys)
    with village_year.session() as s:
        shown_name = s.get(Grid, spec.keys[0]).name
        s.get(Grid, hidden).name = shown_name
    again = briefing_charts.kit_coverage(village_year, None, ON)
    assert again is not None
    assert all(label != shown_name for label in again.categories)  # each with its general grid
    with village_year.reading() as s:
        assert s.execute(select(Grid.name).where(Grid.id == hidden)).scalar_one() == shown_name


def test_a_grids_key_counts_from_the_kept_membership_rows_are_its_own_grouped_read(village):
    """With the whole database's membership rows kept (the visits chart builds its key persons
    from them), a grid's counts are taken from them; without, from a grouped read. Both agree,
    also for a person holding the same category twice (counted once)."""
    with village.reading() as s:
        pid = s.scalar(select(KeyMembership.person_id).where(KeyMembership.category == "disabled"))
    with village.session() as s:
        s.add(KeyMembership(person_id=pid, category="disabled", risk_level=""))
    grid_ids = [g.id for g in grids.tree(village)[0].walk()]
    assert len(grid_ids) > 5
    for gid in grid_ids:
        derived.forget(village)
        grouped = briefing_charts._key_counts(village, gid, ON)
        visits.membership_rows(village, ON)
        assert briefing_charts._key_counts(village, gid, ON) == grouped, gid
    derived.forget(village)
    whole = briefing_charts._key_counts(village, None, ON)
    root = grids.tree(village)[0].id
    derived.forget(village)
    assert briefing_charts._key_counts(village, root, ON) == whole
