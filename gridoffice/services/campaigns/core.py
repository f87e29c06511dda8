"""Distribution campaigns (健康爱心包…): who is eligible, the list per micro-grid, the packing
list and the refresh (补发 list).

Eligibility is one rule: active residents (在册, not deleted) whose age on the reference date is
at least ``min_age``, who belong to any of ``categories`` (a key-population code or an age group
of ``services.scope``) and live in one of ``grid_ids`` (each with everything under it); then
persons added or excluded by hand (``CampaignAdjustment``, with a reason). The list holds one
``Entitlement`` per person, filed under the micro-grid of their household at listing time.

Hand-outs, lookup and coverage live in ``campaign_handouts`` and ``campaign_lists``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy import delete as sa_delete
from sqlmodel import Session

from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.domain.codes import PersonStatus
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, Operation, operation
from gridoffice.services.errors import ServiceError
from gridoffice.services.grids import core as grids
from gridoffice.services.scope import AGE_GROUPS, CHILDREN, Scope, grid_subtree_ids, person_filter
from gridoffice.store import Database, audit, versioning
from gridoffice.store.models import (
    Campaign,
    CampaignAdjustment,
    Entitlement,
    Household,
    KitItem,
    Person,
)

WINDOW_DAYS = 30  # default 补发 window after the reference date (GUI and CLI alike)

PENDING, HANDED, DECLINED, UNREACHABLE, WITHDRAWN = (
    "pending", "handed", "declined", "unreachable", "withdrawn")
STATES = (PENDING, HANDED, DECLINED, UNREACHABLE, WITHDRAWN)
COLLECTED, DELIVERED = "领取", "上门"

TABLES = ("campaign", "kit_item", "campaign_adjustment", "entitlement")


def state_label(state: str) -> str:
    return {
        PENDING: tr("待发"), HANDED: tr("已发"), DECLINED: tr("拒领"),
        UNREACHABLE: tr("联系不上"), WITHDRAWN: tr("已移出"),
    }.get(state, state)


class CampaignError(ServiceError):
    """A request the clerk can correct; ``str(err)`` is the Chinese sentence to show."""


@dataclass(frozen=True)
class KitLine:
    """One item of a kit: how many of what a packer counts (``1 盒``, ``10 只``) go in each kit;
    a dose or size belongs in the name (``退烧药（3天用量）``)."""
    name: str
    quantity: int
    unit: str = ""

    def packed(self) -> KitLine:
        """The line in a packer's units. A line kept from before the units were checked
        (``退烧药 3 天用量``) is one 份 of ``退烧药（3天用量）``."""
        if countable(self.unit):
            return self
        return KitLine(f"{self.name}（{self.quantity}{self.unit}）", 1, tr("份"))


# Units a packer counts; any other single character counts as well (袋, 支…), except time words.
PACK_UNITS = ("份", "盒", "只", "瓶", "袋", "包", "支", "个", "片", "本", "张", "件", "套", "箱", "双", "条",
              "罐", "贴", "卷", "副", "台")
NOT_COUNTED = set("天日次周月年克升")


def countable(unit: str) -> bool:
    unit = unit.strip()
    return unit in PACK_UNITS or (len(unit) == 1 and unit not in NOT_COUNTED)


DEFAULT_KIT: tuple[KitLine, ...] = (
    KitLine("退烧药（3天用量）", 1, "盒"),
    KitLine("中成药", 1, "盒"),
    KitLine("口罩", 10, "只"),
    KitLine("洗手消毒液", 1, "瓶"),
    KitLine("抗原检测试剂", 2, "份"),
    KitLine("防疫健康提示及家庭医生电话", 1, "份"),
)


@dataclass(frozen=True)
class Criteria:
    reference_date: dt.date
    min_age: int | None = None
    categories: tuple[str, ...] = ()  # any of them (population.CATEGORIES codes or age groups)
    grid_ids: tuple[int, ...] = ()  # each grid with everything under it; empty = all
    window_end: dt.date | None = None  # people reaching min_age by then join on refresh


@dataclass(frozen=True)
class Adjustment:
    person_id: int
    include: bool
    reason: str


@dataclass(frozen=True)
class CampaignSpec:
    name: str
    criteria: Criteria
    kit: tuple[KitLine, ...] = DEFAULT_KIT
    adjustments: tuple[Adjustment, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class GridCount:
    grid_id: int | None
    name: str  # the micro-grid (or 未划分网格)
    parent_name: str  # its general grid
    count: int
    label: str = ""  # the name, or the path where the name repeats (services.grids.core.catalogue)
    community: str = ""
    parent_id: int | None = None

    @property
    def parent_label(self) -> str:
        """The general grid as the preview shows it: with its community where names repeat."""
        parts = self.label.split(grids.SEP)
        return grids.SEP.join(parts[:-1]) if len(parts) > 1 else self.parent_name


@dataclass(frozen=True)
class Preview:
    total: int
    grids: list[GridCount]  # per micro-grid, in tree order


@dataclass(frozen=True)
class CampaignInfo:
    id: int
    name: str
    reference_date: dt.date
    window_end: dt.date | None
    min_age: int | None
    categories: list[str]
    grid_ids: list[int]
    state: str
    kit: list[KitLine]
    adjustments: list[Adjustment]
    eligible: int
    handed: int


# ---- checks and eligibility ------------------------------------------------------------------
def check_spec(spec: CampaignSpec) -> None:
    from gridoffice.domain.population import CATEGORIES

    if not spec.name.strip():
        raise CampaignError(tr("请填写活动名称。"))
    c = spec.criteria
    if c.min_age is not None and not 0 <= c.min_age <= 150:
        raise CampaignError(tr("最低年龄应在 0 到 150 岁之间。"))
    if c.window_end is not None and c.window_end < c.reference_date:
        raise CampaignError(tr("发放截止日期不能早于基准日期。"))
    for code in c.categories:
        if code not in CATEGORIES and code not in AGE_GROUPS and code != CHILDREN:
            raise CampaignError(tr("未知的人群类别：{code}").format(code=code))
    if not spec.kit:
        raise CampaignError(tr("物资清单是空的，请至少填写一种物资。"))
    for line in spec.kit:
        if not line.name.strip():
            raise CampaignError(tr("物资名称不能为空。"))
        if line.quantity <= 0:
            raise CampaignError(tr("“{name}”的数量应大于 0。").format(name=line.name))
        if not countable(line.unit):
            raise CampaignError(tr("“{name}”的单位“{unit}”不是装包时能数的单位。请写每份装几盒、几只、几瓶（份、盒、只、瓶…），"
                                   "用量写进名称，如“退烧药（3天用量）”1 盒。").format(name=line.name, unit=line.unit))
    for adj in spec.adjustments:
        if not adj.reason.strip():
            raise CampaignError(tr("手工加入或排除的人员都要写明原因。"))


def _criteria_clause(s: Session, c: Criteria, on: dt.date) -> Any:
    clauses = [person_filter(s, Scope(), on),
               or_(Person.household_id.is_(None), Household.deleted_at.is_(None))]
    if c.min_age is not None:
        clauses.append(Person.birth_date <= latest_birth_for_age(c.min_age, on))
    if c.categories:
        clauses.append(or_(*[person_filter(s, Scope(category=code), on) for code in c.categories]))
    if c.grid_ids:
        ids: set[int] = set()
        for gid in c.grid_ids:
            ids.update(grid_subtree_ids(s, gid))
        clauses.append(Household.grid_id.in_(sorted(ids)))
    return and_(*clauses)


def eligible(s: Session, c: Criteria, adjustments: Iterable[Adjustment], on: dt.date) -> dict[int, int | None]:
    """person id → micro-grid id (None when the household has no grid)."""
    rows = s.execute(
        select(Person.id, Household.grid_id)
        .outerjoin(Household, Person.household_id == Household.id)
        .where(_criteria_clause(s, c, on))
    ).all()
    found: dict[int, int | None] = {pid: gid for pid, gid in rows}
    adjustments = list(adjustments)
    added = [a.person_id for a in adjustments if a.include and a.person_id not in found]
    if added:
        for pid, gid in s.execute(
            select(Person.id, Household.grid_id)
            .outerjoin(Household, Person.household_id == Household.id)
            .where(Person.id.in_(added), Person.status == PersonStatus.ACTIVE,
                   Person.deleted_at.is_(None))
        ).all():
            found[pid] = gid
    for a in adjustments:
        if not a.include:
            found.pop(a.person_id, None)
    return found


def grid_table(s: Session) -> dict[int, grids.GridInfo]:
    """Every grid by id (``services.grids.core.catalogue``)."""
    return grids.catalogue(s)


def grid_order_key(table: dict[int, grids.GridInfo], gid: int | None) -> tuple:
    """Tree order; the unassigned bucket last."""
    return grids.order_key(table, gid)


def grid_counts(s: Session, counts: Counter) -> list[GridCount]:
    """Counts per micro-grid id, in tree order, each with its general grid and label."""
    table = grid_table(s)
    out = []
    for gid in sorted(counts, key=lambda g: grid_order_key(table, g)):
        g = table.get(gid) if gid is not None else None
        if g is None:
            out.append(GridCount(None, tr("未划分网格"), "", counts[gid], tr("未划分网格")))
        else:
            parent = table.get(g.parent_id) if g.parent_id is not None else None
            out.append(GridCount(gid, g.name, parent.name if parent else "", counts[gid], g.label,
                                 g.community, g.parent_id))
    return out


def preview(db: Database, criteria: Criteria, adjustments: Iterable[Adjustment] = ()) -> Preview:
    """The eligible count per micro-grid before a list is made."""
    with db.reading() as s:
        found = eligible(s, criteria, adjustments, criteria.reference_date)
        counts = Counter(found.values())
        return Preview(len(found), grid_counts(s, counts))


def refresh_date(campaign: Campaign, today: dt.date) -> dt.date:
    """The day ages and memberships are judged on at a refresh: today, within the window."""
    end = campaign.window_end or campaign.reference_date
    return max(campaign.reference_date, min(today, end))


def criteria_of(c: Campaign) -> Criteria:
    return Criteria(c.reference_date, c.min_age, tuple(c.categories), tuple(c.grid_ids), c.window_end)


def adjustments_of(s: Session, cid: int) -> list[Adjustment]:
    return [Adjustment(a.person_id, a.include, a.reason) for a in s.scalars(
        select(CampaignAdjustment).where(CampaignAdjustment.campaign_id == cid)
        .order_by(CampaignAdjustment.id))]


# ---- create, list, delete ----------------------------------------------------------------------
def create(db: Database, spec: CampaignSpec, make_list: bool = True) -> tuple[int, Change]:
    """A new campaign (with its list unless ``make_list`` is False). Undo deletes it."""
    check_spec(spec)
    c = spec.criteria
    with operation(db, tr("新建发放活动“{name}”").format(name=spec.name.strip())) as op:
        s = op.session
        campaign = Campaign(name=spec.name.strip(), reference_date=c.reference_date,
                            window_end=c.window_end, min_age=c.min_age,
                            categories=list(c.categories), grid_ids=list(c.grid_ids),
                            state="draft", note=spec.note)
        s.add(campaign)
        s.flush()
        cid = campaign.id
        assert cid is not None
        for i, line in enumerate(spec.kit):
            s.add(KitItem(campaign_id=cid, name=line.name.strip(), quantity=line.quantity,
                          unit=line.unit.strip(), sort_order=i))
        seen: set[int] = set()
        for adj in spec.adjustments:
            if adj.person_id in seen:
                raise CampaignError(tr("同一个人只能手工加入或排除一次。"))
            seen.add(adj.person_id)
            if s.get(Person, adj.person_id) is None:
                raise CampaignError(tr("手工调整的人员不存在（编号 {id}）。").format(id=adj.person_id))
            s.add(CampaignAdjustment(campaign_id=cid, person_id=adj.person_id, include=adj.include,
                                     reason=adj.reason.strip()))
        if make_list:
            _make_list(op, campaign)
        op.touch("campaign", [cid])
        for table in TABLES:
            op.touch(table)
    return cid, op.change


def _make_list(op: Operation, campaign: Campaign) -> int:
    s = op.session
    assert campaign.id is not None
    found = eligible(s, criteria_of(campaign), adjustments_of(s, campaign.id), campaign.reference_date)
    now = dt.datetime.now().replace(microsecond=0)
    rows = [dict(campaign_id=campaign.id, person_id=pid, grid_id=gid, state=PENDING, added_at=now,
                 reissue=False, method="", proxy_name="", proxy_relation="", reason="", note="")
            for pid, gid in found.items()]
    if rows:
        s.connection().execute(insert(Entitlement.__table__), rows)
        ids = s.scalars(select(Entitlement.id).where(Entitlement.campaign_id == campaign.id)).all()
        audit.record_rows(s, "entitlement", "insert", list(ids), tr("生成发放名单"))
        op.inserted(Entitlement, ids)
    campaign.state = "open"
    return len(rows)


def make_list(db: Database, campaign_id: int) -> Change:
    """Make the list of a draft campaign."""
    with _campaign_op(db, campaign_id) as op:
        campaign = campaign_or_error(op.session, campaign_id)
        if campaign.state != "draft":
            raise CampaignError(tr("这个活动的名单已经生成过了；要加入新符合条件的人，请用“刷新名单”。"))
        op.description = tr("生成发放名单（{n} 人）").format(n=_make_list(op, campaign))
        op.undo_description = tr("撤销生成名单")
    return op.change


@contextmanager
def _campaign_op(db: Database, campaign_id: int, description: str = "") -> Iterator[Operation]:
    """An operation on one campaign (its list and hand-outs refresh with it)."""
    with operation(db, description) as op:
        op.touch("campaign", [campaign_id])
        for table in TABLES:
            op.touch(table)
        yield op


def campaign_or_error(s: Session, campaign_id: int) -> Campaign:
    campaign = s.get(Campaign, campaign_id)
    if campaign is None:
        raise CampaignError(tr("没有编号为 {id} 的发放活动。").format(id=campaign_id))
    return campaign


def rows_of(s: Session, model: Any, where: Any) -> list[dict[str, Any]]:
    table = model.__table__
    return [dict(r._mapping) for r in s.execute(select(table).where(where))]


def delete(db: Database, campaign_id: int) -> Change:
    """Remove a campaign with its list; refused once hand-outs are recorded (undo restores it)."""
    with _campaign_op(db, campaign_id) as op:
        s = op.session
        campaign = campaign_or_error(s, campaign_id)
        handed = s.scalar(select(Entitlement.id).where(Entitlement.campaign_id == campaign_id,
                                                       Entitlement.state == HANDED).limit(1))
        if handed is not None:
            raise CampaignError(tr("“{name}”已有发放记录，不能删除。").format(name=campaign.name))
        for model in (Entitlement, CampaignAdjustment, KitItem):
            op.deleting(model, model.campaign_id == campaign_id)
            versioning.tomb_where(s.connection(), model, model.campaign_id == campaign_id, db.operator)
            s.execute(sa_delete(model).where(model.campaign_id == campaign_id))
        s.delete(campaign)
        op.description = tr("删除发放活动“{name}”").format(name=campaign.name)
        op.undo_description = tr("恢复发放活动“{name}”").format(name=campaign.name)
    return op.change


# ---- reading ---------------------------------------------------------------------------------
def campaigns(db: Database) -> list[CampaignInfo]:
    with db.reading() as s:
        return [_info(s, c) for c in s.scalars(select(Campaign).order_by(Campaign.id.desc()))]


def choices(db: Database) -> list[tuple[int, str, dt.date]]:
    """(id, name, reference date) of every campaign, newest first: what a campaign chooser shows,
    without ``campaigns``' counts (each campaign's entitlements grouped: a street's 28,000 rows
    each, read on the GUI thread when the 物资发放 pane opened)."""
    with db.reading() as s:
        return [(cid, name, ref) for cid, name, ref in s.execute(
            select(Campaign.id, Campaign.name, Campaign.reference_date).order_by(Campaign.id.desc())).all()]


def get(db: Database, campaign_id: int) -> CampaignInfo:
    with db.reading() as s:
        return _info(s, campaign_or_error(s, campaign_id))


def _info(s: Session, c: Campaign) -> CampaignInfo:
    assert c.id is not None
    counts = dict(s.execute(select(Entitlement.state, func.count()).where(Entitlement.campaign_id == c.id)
                            .group_by(Entitlement.state)).all())
    kit = [KitLine(k.name, k.quantity, k.unit) for k in s.scalars(
        select(KitItem).where(KitItem.campaign_id == c.id).order_by(KitItem.sort_order, KitItem.id))]
    eligible = sum(n for st, n in counts.items() if st != WITHDRAWN)
    return CampaignInfo(c.id, c.name, c.reference_date, c.window_end, c.min_age, list(c.categories),
                        list(c.grid_ids), c.state, kit, adjustments_of(s, c.id), eligible,
                        counts.get(HANDED, 0))


# ---- entitlement fields (hand-outs, refresh) ------------------------------------------------
FIELDS = ("state", "handed_on", "handed_by_id", "method", "proxy_name", "proxy_relation",
          "reason", "note", "reissue", "grid_id")


def entitlement_fields(ent: Entitlement) -> dict[str, Any]:
    return {f: getattr(ent, f) for f in FIELDS}


def apply_fields(s: Session, updates: dict[int, dict[str, Any]]) -> None:
    """Write field values to entitlements through the ORM (so the audit trail and the
    operation's history see them)."""
    if not updates:
        return
    for ent in s.scalars(select(Entitlement).where(Entitlement.id.in_(list(updates)))):
        assert ent.id is not None
        for key, value in updates[ent.id].items():
            setattr(ent, key, value)


def set_state(db: Database, campaign_id: int, state: str) -> Change:
    """open ↔ closed (a closed campaign takes no more hand-outs)."""
    if state not in ("open", "closed"):
        raise ValueError(state)
    text = tr("结束发放活动") if state == "closed" else tr("重新开放发放活动")
    with operation(db, text) as op:
        campaign = campaign_or_error(op.session, campaign_id)
        if campaign.state == "draft":
            raise CampaignError(tr("这个活动还没有生成名单。"))
        campaign.state = state
        op.touch("campaign", [campaign_id])
    return op.change
