"""How often key persons are visited (巡访规则): one interval per key-population category and
risk level, editable by the office and stored in ``visit_rule``.

Defaults (used for every pair the office has not set): high risk (高) every 7 days, medium (中)
every 14 days, low or unrated every 30 days ("high-risk weekly, others monthly"); and two groups
that are key persons without a membership row: everyone aged 80+ (高龄) and elderly people living
alone (独居老人), both weekly. An interval of 0 means "no scheduled visits" for that pair.
The health tiers of residents 65+ (services/health/tiers.py) are three more pseudo-categories:
红 and 黄 weekly, 绿 monthly.

A person's rhythm is the shortest interval of all rules that apply to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from gridoffice.domain.population import CATEGORIES, category_label
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database
from gridoffice.store.models import VisitRule

AGED_80 = "aged_80_plus"  # pseudo-category: age 80+ on the day (no membership row needed)
LIVING_ALONE = "elderly_alone"  # pseudo-category: elderly membership with living == 独居
TIER_CATEGORIES = {"红": "health_tier_red", "黄": "health_tier_yellow", "绿": "health_tier_green"}
PSEUDO = (AGED_80, LIVING_ALONE, *TIER_CATEGORIES.values())
RISK_LEVELS = ("高", "中", "低", "")
WEEKLY, FORTNIGHTLY, MONTHLY = 7, 14, 30
MAX_INTERVAL = 366


def rule_categories() -> list[str]:
    """Every category a rule can be set for: the registry plus the two pseudo-categories."""
    return [*CATEGORIES, *PSEUDO]


def rule_category_label(code: str) -> str:
    if code == AGED_80:
        return tr("80岁以上高龄老人")
    if code == LIVING_ALONE:
        return tr("独居老人")
    for tier, category in TIER_CATEGORIES.items():
        if code == category:
            return tr("健康分级·{tier}").format(tier=tr(tier))
    return category_label(code)


def risk_label(risk: str) -> str:
    return risk or tr("未评定")


def default_interval(category: str, risk: str) -> int:
    if category == TIER_CATEGORIES["绿"]:
        return MONTHLY
    if category in PSEUDO:
        return WEEKLY
    return {"高": WEEKLY, "中": FORTNIGHTLY}.get(risk, MONTHLY)


@dataclass(frozen=True)
class Rule:
    category: str
    risk_level: str
    interval_days: int
    is_default: bool

    @property
    def label(self) -> str:
        return rule_category_label(self.category)


class Rules:
    """The effective rules: the office's rows over the defaults."""

    def __init__(self, stored: dict[tuple[str, str], int]) -> None:
        self.stored = stored
        self._cache: dict[tuple[str, str], int] = {}  # asked 50,000 times for a street

    def interval(self, category: str, risk: str) -> int:
        found = self._cache.get((category, risk))
        if found is None:
            level = risk if risk in RISK_LEVELS else ""
            found = self.stored.get((category, level), default_interval(category, level))
            self._cache[(category, risk)] = found
        return found

    def all(self) -> list[Rule]:
        rows = []
        for category in rule_categories():
            risks = ("",) if category in PSEUDO else RISK_LEVELS
            for risk in risks:
                key = (category, risk)
                rows.append(Rule(category, risk, self.interval(category, risk), key not in self.stored))
        return rows


def load(db: Database) -> Rules:
    with db.reading() as s:
        rows = s.execute(select(VisitRule.category, VisitRule.risk_level, VisitRule.interval_days)).all()
    return Rules({(c, r or ""): int(d) for c, r, d in rows})


class RuleError(ServiceError, ValueError):
    """A rule the office cannot keep (unknown category, interval out of range)."""


def set_interval(db: Database, category: str, risk: str, days: int | None) -> Change:
    """Set one rule (``days=None`` returns it to the default). Undo restores the old setting."""
    shown = days if days is not None else default_interval(category, risk) if category in rule_categories() else 0
    return set_intervals(db, {(category, risk): days}, tr("走访规则：{label}{risk} 每 {days} 天").format(
        label=rule_category_label(category), risk=f"（{risk_label(risk)}）", days=shown))


def set_intervals(db: Database, rules: dict[tuple[str, str], int | None], description: str = "") -> Change:
    """The rules dialog's save: every rule changed, one transaction and one undo step; one
    refused rule saves none."""
    for (category, risk), days in rules.items():
        if category not in rule_categories():
            raise RuleError(tr("没有这个重点人群类别：{code}").format(code=category))
        if risk not in RISK_LEVELS:
            raise RuleError(tr("风险等级只能是 高、中、低 或留空"))
        if days is not None and not 0 <= days <= MAX_INTERVAL:
            raise RuleError(tr("走访间隔应在 0 到 {max} 天之间（0 表示不定期走访）").format(max=MAX_INTERVAL))
    with operation(db, description or tr("修改走访规则")) as op:
        s = op.session
        op.touch("visit_rule")
        for (category, risk), days in rules.items():
            row = s.scalars(select(VisitRule).where(VisitRule.category == category,
                                                    VisitRule.risk_level == risk)).first()
            if days is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(VisitRule(category=category, risk_level=risk, interval_days=days))
            else:
                row.interval_days = days
            s.flush()
    return op.change
