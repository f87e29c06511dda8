"""Health tiers on the demo village (issue 21): the counts per micro-grid add up to the
residents aged 65+, the rule is data (a change moves the counts, undo restores them), a manual
tier stands over every recompute, and weekly snapshots keep the trend."""

import datetime as dt
import sqlite3

import pytest

from gridoffice.domain import health_tiers as ht
from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.services.changes import run_undo
from gridoffice.services.health import rules as health_rules
from gridoffice.services.health import tiers as health_tiers

ON = dt.date(2023, 1, 7)


def _aged_65(path) -> dict[int, int]:
    """Independently, straight from the file: active residents 65+ per grid."""
    cut = latest_birth_for_age(65, ON).isoformat()
    with sqlite3.connect(path) as conn:
        return dict(conn.execute(
            "SELECT h.grid_id, count(*) FROM person p JOIN household h ON h.id = p.household_id"
            " WHERE p.status = '在册' AND p.deleted_at IS NULL AND h.deleted_at IS NULL"
            " AND h.grid_id IS NOT NULL AND p.birth_date <= ? GROUP BY h.grid_id", (cut,)).fetchall())


def _totals(db) -> dict[str, int]:
    return ht.counts(t.tier for t in health_tiers.tiers(db, None, ON))


def test_counts_per_micro_grid_add_up_to_the_residents_65_plus(village, village_path):
    rows = health_tiers.tiers(village, None, ON)
    per_grid = health_tiers.counts_by_grid(rows)
    expected = _aged_65(village_path)
    assert {gid: sum(c.values()) for gid, c in per_grid.items()} == expected
    assert len(per_grid) == 32  # every micro-grid of the village
    totals = _totals(village)
    assert sum(totals.values()) == sum(expected.values())
    assert all(totals[t] > 0 for t in ht.TIERS)  # the demo has every tier
    assert [t.tier for t in rows] == sorted((t.tier for t in rows), key=ht.TIERS.index)  # red first


def test_a_grid_sees_its_own_residents_only(village):
    everyone = health_tiers.tiers(village, None, ON)
    gid = everyone[0].grid_id
    mine = health_tiers.tiers(village, gid, ON)
    assert mine and {t.grid_id for t in mine} == {gid}
    assert len(mine) == sum(1 for t in everyone if t.grid_id == gid)


def test_changing_points_changes_the_counts_and_undo_restores_them(village):
    before = _totals(village)
    change = health_rules.set_points(village, ht.VACCINE, ht.VACCINE_PARTIAL, 3)
    after = _totals(village)
    assert after != before and after[ht.RED] > before[ht.RED]
    assert health_rules.load(village).value(ht.VACCINE, ht.VACCINE_PARTIAL) == 3
    redo = run_undo(change)
    assert _totals(village) == before
    assert health_rules.load(village).rows()[0].is_default
    run_undo(redo)
    assert _totals(village) == after


def test_thresholds_are_rules_too_and_cannot_cross(village):
    before = _totals(village)
    health_rules.set_points(village, ht.THRESHOLD, ht.RED, 5)
    assert _totals(village)[ht.RED] < before[ht.RED]
    with pytest.raises(health_rules.HealthRuleError):
        health_rules.set_points(village, ht.THRESHOLD, ht.YELLOW, 6)
    with pytest.raises(health_rules.HealthRuleError):
        health_rules.set_points(village, ht.AGE, ht.AGE_80, 99)
    with pytest.raises(health_rules.HealthRuleError):
        health_rules.set_points(village, "income", "高", 1)


def test_a_manual_tier_survives_a_recompute_and_is_audited(village):
    green = next(t for t in health_tiers.tiers(village, None, ON) if t.computed == ht.GREEN)
    with pytest.raises(health_tiers.TierError):
        health_tiers.set_manual(village, green.person_id, ht.RED, "  ")
    change = health_tiers.set_manual(village, green.person_id, ht.RED, "独居，近期摔倒")
    health_rules.set_points(village, ht.AGE, ht.AGE_65, 0)  # a recompute under another rule
    row = next(t for t in health_tiers.tiers(village, None, ON) if t.person_id == green.person_id)
    assert (row.tier, row.manual, row.reason) == (ht.RED, ht.RED, "独居，近期摔倒")
    with village.reading() as s:
        from sqlalchemy import select

        from gridoffice.store.models import AuditEvent
        audited = s.scalars(select(AuditEvent.table_name).where(AuditEvent.table_name == "health_tier_override")).all()
    assert audited
    run_undo(change)
    row = next(t for t in health_tiers.tiers(village, None, ON) if t.person_id == green.person_id)
    assert row.manual is None and row.tier == row.computed


def test_weekly_snapshots_keep_the_trend(village):
    health_tiers.snapshot(village, ON)
    health_tiers.snapshot(village, ON)  # the same week again replaces it
    health_rules.set_points(village, ht.CHRONIC, ht.CHRONIC_STABLE, 0)
    health_tiers.snapshot(village, ON + dt.timedelta(days=7))
    trend = health_tiers.trend(village)
    weeks = sorted(trend)
    assert weeks == [dt.date(2023, 1, 2), dt.date(2023, 1, 9)]
    assert sum(trend[weeks[0]].values()) == sum(_aged_65_total(village).values())
    assert trend[weeks[1]][ht.RED] <= trend[weeks[0]][ht.RED]  # 降红


def _aged_65_total(db) -> dict[str, int]:
    return _totals(db)


def test_the_tier_sets_the_visit_rhythm_and_red_comes_first(village):
    from gridoffice.services.visits import core as visits
    from gridoffice.services.visits import rules as visit_rules

    rows = {t.person_id: t for t in health_tiers.tiers(village, None, ON)}
    key = {p.person_id: p for p in visits.key_persons(village, None, ON)}
    assert set(rows) <= set(key)  # every resident 65+ with a tier is visited
    green = [pid for pid, t in rows.items()
             if t.tier == ht.GREEN and set(key[pid].categories) == {"elderly", "health_tier_green"}]
    red = [pid for pid, t in rows.items() if t.tier == ht.RED]
    assert green and all(key[pid].interval == 30 for pid in green)
    assert all(key[pid].interval <= 7 for pid in red)
    visit_rules.set_interval(village, visit_rules.TIER_CATEGORIES[ht.GREEN], "", 14)
    assert all(p.interval == 14 for p in visits.key_persons(village, None, ON) if p.person_id in green)
    grid = visits.week_grid(village, rows[red[0]].grid_id, ON)
    tiers = [r.person.tier for r in grid.rows]
    assert tiers[0] == ht.RED and tiers.index(ht.RED) < tiers.index(ht.GREEN)


def test_mobile_vaccination_list_and_a_dose_given_there(village):
    from gridoffice.services.health import profiles as health_profiles

    rows = health_tiers.mobile_vaccination(village, None, ON)
    assert rows and all(t.mobility_limited and t.vaccine != ht.VACCINE_FULL for t in rows)
    first = rows[0]
    before = health_profiles.get(village, first.person_id)
    change = health_profiles.record_dose(village, first.person_id, ON)
    after = health_profiles.get(village, first.person_id)
    assert after.vaccine_doses == before.vaccine_doses + 1 and after.vaccine_last == ON
    assert after.vaccine_state in (ht.VACCINE_PARTIAL, ht.VACCINE_FULL)
    run_undo(change)
    assert health_profiles.get(village, first.person_id) == before
