"""Health tiers of residents aged 65+ (绿 / 黄 / 红): points for age, chronic disease and its
stability, and vaccination; thresholds on the total. The rule is data (``ScoreRule``) the office
can edit; the defaults are the winter plans' (domain.md §5):

    age 65–79: 1, 80+: 2; chronic disease none 0, stable 1, unstable 2;
    vaccination complete 0, incomplete 1, none 2; total 0–1 绿, 2–3 黄, 4+ 红.

Scoring a whole street is one pass: ``ScoreRule.table()`` precomputes the tier of each of the
27 combinations, and ``classify`` only compares birth dates with two cut-off dates and looks the
combination up. A state not recorded counts as no chronic disease and no vaccination (a dose
that is not on record is not known to be given); a resident with no health record at all is
未评估 (the service leaves them out of the tiers rather than guess).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import product

from gridoffice.domain.ages import latest_birth_for_age

MIN_AGE, OLDEST_AGE = 65, 80
RED, YELLOW, GREEN = "红", "黄", "绿"
TIERS = (RED, YELLOW, GREEN)  # most urgent first
UNASSESSED = "未评估"  # aged 65+ with no health record and no manual tier
COUNTED = (*TIERS, UNASSESSED)

AGE, CHRONIC, VACCINE = "age", "chronic", "vaccine"
THRESHOLD, CALL = "threshold", "call"
AGE_65, AGE_80 = "65-79", "80+"
CHRONIC_NONE, CHRONIC_STABLE, CHRONIC_UNSTABLE = "无", "稳定", "不稳定"
VACCINE_FULL, VACCINE_PARTIAL, VACCINE_NONE = "全程", "未全程", "未接种"
LEVELS: dict[str, tuple[str, ...]] = {
    AGE: (AGE_65, AGE_80),
    CHRONIC: (CHRONIC_NONE, CHRONIC_STABLE, CHRONIC_UNSTABLE),
    VACCINE: (VACCINE_FULL, VACCINE_PARTIAL, VACCINE_NONE),
}
DEFAULT_POINTS: dict[tuple[str, str], int] = {
    (AGE, AGE_65): 1, (AGE, AGE_80): 2,
    (CHRONIC, CHRONIC_NONE): 0, (CHRONIC, CHRONIC_STABLE): 1, (CHRONIC, CHRONIC_UNSTABLE): 2,
    (VACCINE, VACCINE_FULL): 0, (VACCINE, VACCINE_PARTIAL): 1, (VACCINE, VACCINE_NONE): 2,
}
# the lowest total of a tier (绿 starts at 0)
DEFAULT_THRESHOLDS: dict[str, int] = {YELLOW: 2, RED: 4}
# days between phone calls per tier (0: none); the visit rhythm lives in the visit rules
DEFAULT_CALLS: dict[str, int] = {RED: 1, YELLOW: 0, GREEN: 0}
MAX_POINTS = 10
FULL_COURSE_DOSES = 3  # a count of 3 doses or more reads as 全程 (two doses and the booster)
Combination = tuple[str, str, str]  # age band, chronic state, vaccine state


class RuleProblem(ValueError):
    """A rule that cannot stand (thresholds out of order, points out of range)."""


@dataclass(frozen=True)
class ScoreRule:
    points: Mapping[tuple[str, str], int] = field(default_factory=lambda: dict(DEFAULT_POINTS))
    thresholds: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))

    def score(self, age_band: str, chronic: str, vaccine: str) -> int:
        return (self.points[(AGE, age_band)] + self.points[(CHRONIC, chronic or CHRONIC_NONE)]
                + self.points[(VACCINE, vaccine or VACCINE_NONE)])

    def tier_of(self, total: int) -> str:
        if total >= self.thresholds[RED]:
            return RED
        return YELLOW if total >= self.thresholds[YELLOW] else GREEN

    def table(self) -> dict[Combination, str]:
        return {combo: self.tier_of(self.score(*combo)) for combo in product(*LEVELS.values())}  # type: ignore[misc]

    def check(self) -> None:
        if any(not 0 <= p <= MAX_POINTS for p in self.points.values()):
            raise RuleProblem(f"points must be 0..{MAX_POINTS}")
        if not 0 < self.thresholds[YELLOW] <= self.thresholds[RED]:
            raise RuleProblem("thresholds: 0 < yellow <= red")


def age_band(birth: dt.date | None, on: dt.date) -> str:
    """``65-79``, ``80+`` or "" (under 65 or no birth date)."""
    if birth is None:
        return ""
    if birth <= latest_birth_for_age(OLDEST_AGE, on):
        return AGE_80
    return AGE_65 if birth <= latest_birth_for_age(MIN_AGE, on) else ""


def classify(rows: Iterable[tuple[int, dt.date | None, str | None, str | None]], rule: ScoreRule,
             on: dt.date) -> dict[int, str]:
    """``{person_id: tier}`` for the rows (id, birth date, chronic state, vaccine state) aged 65+
    on ``on``; younger rows and rows without a birth date are left out."""
    table = rule.table()
    cut65, cut80 = latest_birth_for_age(MIN_AGE, on), latest_birth_for_age(OLDEST_AGE, on)
    chronic_ok, vaccine_ok = set(LEVELS[CHRONIC]), set(LEVELS[VACCINE])
    out: dict[int, str] = {}
    for pid, born, chronic, vaccine in rows:
        if born is None or born > cut65:
            continue
        band = AGE_80 if born <= cut80 else AGE_65
        out[pid] = table[(band, chronic if chronic in chronic_ok else CHRONIC_NONE,
                          vaccine if vaccine in vaccine_ok else VACCINE_NONE)]
    return out


def counts(tiers: Iterable[str]) -> dict[str, int]:
    result = dict.fromkeys(COUNTED, 0)
    for tier in tiers:
        result[tier] += 1
    return result


def after_dose(doses: int, state: str) -> tuple[int, str]:
    """Doses and state after one more dose (a mobile vaccination day records one)."""
    doses += 1
    if state == VACCINE_FULL or doses >= FULL_COURSE_DOSES:
        return doses, VACCINE_FULL
    return doses, VACCINE_PARTIAL
