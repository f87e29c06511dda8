"""The 健康服务 pane's figures (issue 21): per child grid by id, adding up to the scope's
residents 65+; the persons behind a count; 签约率 and expiring contracts summed by id; the trend
from the weekly snapshots."""

import datetime as dt

from gridoffice.domain import health_tiers as ht
from gridoffice.services.briefing.charts import child_grids
from gridoffice.services.health import calls as health_calls
from gridoffice.services.health import signing
from gridoffice.services.health import summary as health_summary
from gridoffice.services.health import tiers as health_tiers

ON = dt.date(2023, 1, 7)


def test_lines_add_up_to_the_scope_and_open_their_persons(village):
    whole = health_summary.summary(village, None, ON)
    everyone = health_tiers.tiers(village, None, ON)
    assert whole.total.total == len(everyone) == sum(line.total for line in whole.lines)
    for tier in ht.COUNTED:
        assert whole.total.counts[tier] == sum(t.tier == tier for t in everyone)
    first = whole.lines[0]
    behind = whole.persons_of(first.grid_id, ht.RED)
    assert len(behind) == first.counts[ht.RED] > 0 and all(p.tier == ht.RED for p in behind)
    # one level down: the micro-grids of the first general grid, by id
    part = health_summary.summary(village, first.grid_id, ON)
    assert [line.grid_id for line in part.lines] == [g.id for g in child_grids(village, first.grid_id)]
    assert part.total.counts == first.counts
    assert part.total.signed == first.signed and part.total.expiring == first.expiring
    rates = signing.rates(village, None, ON)
    assert whole.total.signed["all"][0] == sum(r["all"].persons for r in rates.values())
    assert whole.total.expiring == len(signing.expiring(village, None, ON, 30))
    assert whole.total.red == whole.total.counts[ht.RED] == len(whole.calls)


def test_the_trend_chart_follows_the_snapshots_and_the_calls_are_counted(village):
    assert health_summary.summary(village, None, ON).trend is None
    health_tiers.snapshot(village, ON - dt.timedelta(days=7))
    health_tiers.snapshot(village, ON)
    s = health_summary.summary(village, None, ON)
    assert s.trend is not None and s.trend.kind == "line"
    assert s.trend.keys == (dt.date(2022, 12, 26), dt.date(2023, 1, 2))
    red = next(series for series in s.trend.series if series.name == ht.RED)
    assert red.values[-1] == s.total.counts[ht.RED]
    person = s.calls[0].tier
    health_calls.record(village, person.person_id, ON, today=ON)
    again = health_summary.summary(village, None, ON)
    assert (again.total.called_week, again.total.reached_today) == (1, 1)
