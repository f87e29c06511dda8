"""The tier score itself (domain.health_tiers): the winter plans' defaults, every combination."""

import datetime as dt

import pytest

from gridoffice.domain import health_tiers as ht

ON = dt.date(2026, 12, 2)


@pytest.mark.parametrize(("age", "chronic", "vaccine", "tier"), [
    (ht.AGE_65, ht.CHRONIC_NONE, ht.VACCINE_FULL, ht.GREEN),  # 1
    (ht.AGE_65, ht.CHRONIC_STABLE, ht.VACCINE_FULL, ht.YELLOW),  # 2
    (ht.AGE_80, ht.CHRONIC_STABLE, ht.VACCINE_FULL, ht.YELLOW),  # 3
    (ht.AGE_80, ht.CHRONIC_STABLE, ht.VACCINE_PARTIAL, ht.RED),  # 4
    (ht.AGE_80, ht.CHRONIC_UNSTABLE, ht.VACCINE_NONE, ht.RED),  # 6
])
def test_default_rule(age, chronic, vaccine, tier):
    assert ht.ScoreRule().table()[(age, chronic, vaccine)] == tier


def test_classify_by_age_on_the_day_and_unknown_counts_as_none():
    rows = [(1, dt.date(1961, 12, 2), None, None),  # 65 today, nothing recorded: 1 + 0 + 2
            (2, dt.date(1961, 12, 3), None, None),  # 64: left out
            (3, dt.date(1946, 12, 2), "不稳定", "全程"),  # 80: 2 + 2 + 0
            (4, None, None, None),
            (5, dt.date(1950, 1, 1), "?", "全程")]  # unknown chronic state: none
    assert ht.classify(rows, ht.ScoreRule(), ON) == {1: ht.YELLOW, 3: ht.RED, 5: ht.GREEN}
    assert ht.age_band(dt.date(1961, 12, 3), ON) == ""
    assert ht.age_band(dt.date(1946, 12, 2), ON) == ht.AGE_80


def test_a_rule_with_crossed_thresholds_is_refused():
    with pytest.raises(ht.RuleProblem):
        ht.ScoreRule(thresholds={ht.YELLOW: 5, ht.RED: 4}).check()
    ht.ScoreRule().check()
