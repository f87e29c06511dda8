"""Health tiers of the residents aged 65+ (重点人群分级): computed from the health profile and
the office's score rule in one pass (``domain.health_tiers``), with manual tiers (人工分级, a
reason required, audited) standing over the computed one; counts per micro-grid; weekly
snapshots of the counts (the 降红降黄 trend).

Who is counted: an active resident (在册) of a household with a grid, aged 65+ on the day. One
with no health record (and no manual tier) is 未评估: counted, but given no tier and no rhythm.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, null, select

from gridoffice.domain import health_tiers as ht
from gridoffice.domain import text
from gridoffice.domain import visit_schedule as vs
from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.codes import PersonStatus
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, Operation, operation
from gridoffice.services.errors import ServiceError
from gridoffice.services.health import rules as health_rules
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store import Database, plain
from gridoffice.store.models import (
    HealthProfile,
    HealthTierOverride,
    HealthTierSnapshot,
    Household,
    Person,
)

REASON_LIMIT = 200


class TierError(ServiceError, ValueError):
    """A manual tier the office cannot set (unknown tier, no reason, not a resident)."""


@dataclass(slots=True)
class TierRow:
    person_id: int
    name: str
    relation: str
    sex: str | None
    birth_date: dt.date
    phone: str | None
    household_id: int
    household_number: str
    address: str
    grid_id: int
    chronic: str
    vaccine: str
    mobility_limited: bool
    computed: str
    manual: str | None = None
    reason: str = ""
    tier: str = ""  # the manual tier, else the computed one

    def __post_init__(self) -> None:
        self.tier = self.manual or self.computed


def tiers(db: Database, grid_id: int | None, on: dt.date, *, detail: bool = True) -> list[TierRow]:
    """Every resident 65+ in the grid (and under it; None = the whole database) on ``on`` with
    their tier, ordered red first, then by grid and household number.

    ``detail=False`` is for counting (the visits chart, the weekly snapshot): the same persons
    and tiers, without the columns only a list shows (name, relation, phone, household number,
    address and the manual tier's reason are empty) and in no particular order. For a street's
    27,000 residents 65+ the text columns and the sort were about half of the read."""
    rule = health_rules.load(db).score
    cut65 = latest_birth_for_age(ht.MIN_AGE, on)
    shown = ((Person.name, Person.relation, Person.phone, Household.number, Household.address,
              HealthTierOverride.reason) if detail else (null(),) * 6)
    name, relation, phone, number, address, reason = shown
    stmt = (select(Person.id, name, relation, Person.sex, Person.birth_date, phone, Household.id,
                   number, address, Household.grid_id, HealthProfile.chronic_state,
                   HealthProfile.vaccine_state, HealthProfile.mobility_limited, HealthTierOverride.tier,
                   reason, HealthProfile.id)
            .join(Household, Person.household_id == Household.id)
            .outerjoin(HealthProfile, HealthProfile.person_id == Person.id)
            .outerjoin(HealthTierOverride, HealthTierOverride.person_id == Person.id)
            .where(Person.deleted_at.is_(None), Household.deleted_at.is_(None), Household.grid_id.is_not(None),
                   Person.birth_date <= cut65))
    with db.reading() as s:
        if grid_id is not None:  # driven by the grid's households (``|| ''`` keeps the status index out)
            stmt = stmt.where(Household.grid_id.in_(grid_subtree_ids(s, grid_id)),
                              Person.status.concat("") == PersonStatus.ACTIVE)
        else:  # the whole database: the (status, birth date) index gives the 65+ directly
            stmt = stmt.where(Person.status == PersonStatus.ACTIVE)
        rows = plain.rows(s.connection(), stmt)  # 27,000 rows for a street: see store/plain.py
    day = plain.dates(rows, 4)
    computed = ht.classify(((r[0], day[r[4]], r[10], r[11]) for r in rows), rule, on)
    out = [TierRow(r[0], r[1], r[2] or "", r[3], day[r[4]], r[5], r[6], r[7], r[8], r[9],  # type: ignore[arg-type]
                   r[10] or ht.CHRONIC_NONE, r[11] or ht.VACCINE_NONE, bool(r[12]),
                   computed[r[0]] if r[15] is not None else ht.UNASSESSED, r[13], r[14] or "")
           for r in rows if r[0] in computed]
    if detail:
        rank = {t: i for i, t in enumerate(ht.COUNTED)}
        out.sort(key=lambda t: (rank[t.tier], t.grid_id, t.household_number, t.person_id))
    return out


def tier_map(db: Database, grid_id: int | None, on: dt.date) -> dict[int, str]:
    return {t.person_id: t.tier for t in tiers(db, grid_id, on)}


def counts_by_grid(rows: list[TierRow]) -> dict[int, dict[str, int]]:
    """grid id → {tier: count} (every tier present, zeros included)."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ht.COUNTED, 0))
    for t in rows:
        out[t.grid_id][t.tier] += 1
    return dict(out)


def set_manual(db: Database, person_id: int, tier: str | None, reason: str = "", on: dt.date | None = None) -> Change:
    """Set (or with ``tier=None`` remove) a person's manual tier."""
    reason = checked_reason(tier, reason)
    with operation(db, tr("人工分级")) as op:
        name = write_manual(op, person_id, tier, reason, on)
        op.description = (tr("取消{name}的人工分级").format(name=name) if tier is None
                          else tr("{name}人工分级为{tier}").format(name=name, tier=tier))
    return op.change


def checked_reason(tier: str | None, reason: str) -> str:
    """The reason as kept; a refusal when the tier or its reason cannot be kept."""
    reason = text.clean(reason or "").strip()
    if tier is not None:
        if tier not in ht.TIERS:
            raise TierError(tr("分级只能是 红、黄 或 绿"))
        if not reason:
            raise TierError(tr("人工调整分级须写明原因"))
        if len(reason) > REASON_LIMIT:
            raise TierError(tr("原因不能超过 {n} 个字").format(n=REASON_LIMIT))
    return reason


def write_manual(op: Operation, person_id: int, tier: str | None, reason: str, on: dt.date | None = None) -> str:
    """The manual tier written inside an operation (reason checked); the person's name."""
    s = op.session
    person = s.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise TierError(tr("没有这位居民"))
    row = s.scalars(select(HealthTierOverride).where(HealthTierOverride.person_id == person_id)).first()
    if tier is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(HealthTierOverride(person_id=person_id, tier=tier, reason=reason, set_on=on or dt.date.today()))
    else:
        row.tier, row.reason, row.set_on = tier, reason, on or dt.date.today()
    op.touch("health_tier_override")
    return person.name


def snapshot(db: Database, on: dt.date, rows: list[TierRow] | None = None) -> Change:
    """Keep the tier counts per micro-grid of the week of ``on`` (a week taken again is replaced);
    one operation, undone as one step. ``rows``: the whole database's tiers on ``on`` when read."""
    monday = vs.week_start(on)
    counts = counts_by_grid(tiers(db, None, on, detail=False) if rows is None else rows)
    with operation(db, tr("记录 {monday} 这一周的分级人数").format(monday=monday.isoformat())) as op:
        s = op.session
        op.deleting(HealthTierSnapshot, HealthTierSnapshot.week == monday)
        s.execute(delete(HealthTierSnapshot).where(HealthTierSnapshot.week == monday))
        s.add_all(HealthTierSnapshot(week=monday, grid_id=gid, tier=tier, count=n)
                  for gid, per in sorted(counts.items()) for tier, n in per.items())
        op.touch("health_tier_snapshot")
    return op.change


def has_snapshot(db: Database, on: dt.date) -> bool:
    """Whether the week of ``on`` has its tier counts kept."""
    with db.reading() as s:
        return s.execute(select(HealthTierSnapshot.id).where(HealthTierSnapshot.week == vs.week_start(on))
                         .limit(1)).first() is not None


def weekly_snapshot(db: Database, on: dt.date | None = None) -> Change | None:
    """This week's snapshot when it has none yet (run after start-up, so the trend is kept
    without anyone remembering); None when the week has one, or there is nobody 65+ to count."""
    on = on or dt.date.today()
    if has_snapshot(db, on):
        return None
    rows = tiers(db, None, on, detail=False)
    return snapshot(db, on, rows) if rows else None


def trend(db: Database, grid_ids: list[int] | None = None) -> dict[dt.date, dict[str, int]]:
    """Week (Monday) → {tier: count} over the grids (None: all), oldest week first."""
    stmt = select(HealthTierSnapshot.week, HealthTierSnapshot.tier, HealthTierSnapshot.count)
    if grid_ids is not None:
        stmt = stmt.where(HealthTierSnapshot.grid_id.in_(grid_ids))
    out: dict[dt.date, dict[str, int]] = {}
    with db.reading() as s:
        for week, tier, n in s.execute(stmt.order_by(HealthTierSnapshot.week)):
            out.setdefault(week, dict.fromkeys(ht.COUNTED, 0))[tier] += n
    return out


def manual_of(db: Database, person_id: int) -> tuple[str, str] | None:
    """The person's manual tier and its reason, or None."""
    with db.reading() as s:
        row = s.execute(select(HealthTierOverride.tier, HealthTierOverride.reason)
                        .where(HealthTierOverride.person_id == person_id)).first()
    return None if row is None else (row[0], row[1])


def preview(db: Database, born: dt.date | None, chronic: str, vaccine: str, on: dt.date) -> tuple[str, int] | None:
    """The computed tier and total of one person as the form shows it (None: under 65)."""
    band = ht.age_band(born, on)
    if not band:
        return None
    rule = health_rules.load(db).score
    total = rule.score(band, chronic, vaccine)
    return rule.tier_of(total), total


def mobile_vaccination(db: Database, grid_id: int | None, on: dt.date) -> list[TierRow]:
    """For a 流动接种点 day: residents 65+ with limited mobility (行动不便) not fully vaccinated,
    by micro-grid and household."""
    rows = [t for t in tiers(db, grid_id, on) if t.mobility_limited and t.vaccine != ht.VACCINE_FULL]
    return sorted(rows, key=lambda t: (t.grid_id, t.household_number, t.person_id))
