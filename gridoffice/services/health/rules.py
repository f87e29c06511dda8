"""The office's tier score (分级评分规则): points per factor and level, the lowest total of
黄 and 红, and the days between phone calls per tier; stored in ``health_score_rule`` over the
defaults of ``domain.health_tiers``. The visit rhythm per tier is a visit rule
(``visit_rules.TIER_CATEGORIES``), so it is edited where every other rhythm is."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from gridoffice.domain import health_tiers as ht
from gridoffice.i18n import N_, tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database
from gridoffice.store.models import HealthScoreRule

FACTOR_LABELS = {ht.AGE: N_("年龄"), ht.CHRONIC: N_("慢性病"), ht.VACCINE: N_("疫苗接种"),
                 ht.THRESHOLD: N_("分级起点（总分≥）"), ht.CALL: N_("电话随访间隔（天）")}
LEVEL_LABELS = {ht.AGE_65: N_("65–79岁"), ht.AGE_80: N_("80岁及以上"), ht.CHRONIC_NONE: N_("无"),
                ht.CHRONIC_STABLE: N_("稳定"), ht.CHRONIC_UNSTABLE: N_("不稳定"), ht.VACCINE_FULL: N_("全程接种"),
                ht.VACCINE_PARTIAL: N_("未全程"), ht.VACCINE_NONE: N_("未接种"), ht.RED: N_("红"),
                ht.YELLOW: N_("黄"), ht.GREEN: N_("绿")}
MAX_CALL_DAYS = 31


class HealthRuleError(ServiceError, ValueError):
    """A rule the office cannot keep (unknown factor, points out of range, thresholds crossed)."""


@dataclass(frozen=True)
class RuleRow:
    factor: str
    level: str
    points: int
    is_default: bool

    @property
    def label(self) -> str:
        return f"{tr(FACTOR_LABELS[self.factor])} · {tr(LEVEL_LABELS[self.level])}"


def _defaults() -> dict[tuple[str, str], int]:
    out = dict(ht.DEFAULT_POINTS)
    out.update({(ht.THRESHOLD, t): n for t, n in ht.DEFAULT_THRESHOLDS.items()})
    out.update({(ht.CALL, t): n for t, n in ht.DEFAULT_CALLS.items()})
    return out


DEFAULTS = _defaults()


@dataclass(frozen=True)
class HealthRules:
    stored: dict[tuple[str, str], int]

    def value(self, factor: str, level: str) -> int:
        return self.stored.get((factor, level), DEFAULTS[(factor, level)])

    @property
    def score(self) -> ht.ScoreRule:
        return ht.ScoreRule({k: self.value(*k) for k in ht.DEFAULT_POINTS},
                            {t: self.value(ht.THRESHOLD, t) for t in ht.DEFAULT_THRESHOLDS})

    def call_days(self, tier: str) -> int:
        return self.value(ht.CALL, tier)

    def rows(self) -> list[RuleRow]:
        return [RuleRow(f, level, self.value(f, level), (f, level) not in self.stored) for f, level in DEFAULTS]


def load(db: Database) -> HealthRules:
    with db.reading() as s:
        rows = s.execute(select(HealthScoreRule.factor, HealthScoreRule.level, HealthScoreRule.points)).all()
    return HealthRules({(f, level): int(p) for f, level, p in rows if (f, level) in DEFAULTS})


def set_points(db: Database, factor: str, level: str, points: int | None) -> Change:
    """Set one value (``points=None`` returns it to the default)."""
    shown = points if points is not None else DEFAULTS.get((factor, level), 0)
    label = RuleRow(factor, level, shown, False).label if (factor, level) in DEFAULTS else ""
    return set_many(db, {(factor, level): points}, tr("分级规则：{label} 设为 {n}").format(label=label, n=shown))


def set_many(db: Database, values: dict[tuple[str, str], int | None], description: str = "") -> Change:
    """The rules dialog's save: every value changed, one transaction and one undo step; the
    thresholds are checked on the whole new rule (moved together they need no order), and one
    refused value saves none."""
    trial = dict(load(db).stored)
    for (factor, level), points in values.items():
        if (factor, level) not in DEFAULTS:
            raise HealthRuleError(tr("评分规则里没有“{factor} {level}”这一项").format(factor=factor, level=level))
        limit = MAX_CALL_DAYS if factor == ht.CALL else ht.MAX_POINTS
        if points is not None and not 0 <= points <= limit:
            raise HealthRuleError(tr("这一项应在 0 到 {max} 之间").format(max=limit))
        if points is None:
            trial.pop((factor, level), None)
        else:
            trial[(factor, level)] = points
    try:
        HealthRules(trial).score.check()
    except ht.RuleProblem as exc:
        raise HealthRuleError(tr("黄色的起点应大于 0，且不高于红色的起点")) from exc
    with operation(db, description or tr("修改分级评分规则")) as op:
        s = op.session
        op.touch("health_score_rule")
        for (factor, level), points in values.items():
            row = s.scalars(select(HealthScoreRule).where(HealthScoreRule.factor == factor,
                                                          HealthScoreRule.level == level)).first()
            if points is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(HealthScoreRule(factor=factor, level=level, points=points))
            elif row.points != points:
                row.points = points
    return op.change
