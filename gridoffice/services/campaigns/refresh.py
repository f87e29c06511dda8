"""Refreshing a campaign's list (the 补发 list) and adjusting it by hand after it is made.

A refresh judges eligibility again on today's date within the campaign window: persons who
became eligible (new residents, people who reached the age, people added by hand) join as
pending with ``reissue`` set; persons who moved out, died or were excluded by hand leave
(``withdrawn`` with the reason; the row is kept). A kit already handed stays handed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from gridoffice.domain.codes import PersonStatus
from gridoffice.i18n import tr
from gridoffice.services.campaigns.core import (
    DECLINED,
    HANDED,
    PENDING,
    TABLES,
    UNREACHABLE,
    WITHDRAWN,
    CampaignError,
    adjustments_of,
    apply_fields,
    campaign_or_error,
    criteria_of,
    eligible,
    refresh_date,
)
from gridoffice.services.changes import Change, operation
from gridoffice.store import Database, audit
from gridoffice.store.models import Campaign, CampaignAdjustment, Entitlement, Household, Person


@dataclass
class Refreshed:
    on: dt.date
    joined: list[int] = field(default_factory=list)  # entitlement ids now pending (reissue)
    left: list[int] = field(default_factory=list)  # entitlement ids now withdrawn


def refresh(db: Database, campaign_id: int, today: dt.date | None = None) -> tuple[Refreshed, Change]:
    """Persons who became eligible join as pending (reissue); persons who moved out, died or
    were excluded by hand leave (withdrawn with the reason; the row is kept). A kit already
    handed stays handed."""
    today = today or dt.date.today()
    with operation(db, "") as op:
        s = op.session
        op.touch("campaign", [campaign_id])
        for table in TABLES:
            op.touch(table)
        campaign = campaign_or_error(s, campaign_id)
        if campaign.state == "draft":
            raise CampaignError(tr("这个活动还没有生成名单。"))
        on = refresh_date(campaign, today)
        adjustments = adjustments_of(s, campaign_id)
        found = eligible(s, criteria_of(campaign), adjustments, on)
        excluded = {a.person_id: a.reason for a in adjustments if not a.include}
        current = {pid: (eid, state) for eid, pid, state in s.execute(
            select(Entitlement.id, Entitlement.person_id, Entitlement.state)
            .where(Entitlement.campaign_id == campaign_id))}
        result = Refreshed(on)
        after: dict[int, dict[str, Any]] = {}
        now = dt.datetime.now().replace(microsecond=0)
        new_rows = []
        for pid, gid in found.items():
            entry = current.get(pid)
            if entry is None:
                new_rows.append(dict(campaign_id=campaign_id, person_id=pid, grid_id=gid, state=PENDING,
                                     added_at=now, reissue=True, method="", proxy_name="",
                                     proxy_relation="", reason="", note=""))
            elif entry[1] == WITHDRAWN:
                after[entry[0]] = dict(state=PENDING, reissue=True, reason="", grid_id=gid)
                result.joined.append(entry[0])
        leaving = [(eid, pid) for pid, (eid, state) in current.items()
                   if pid not in found and state in (PENDING, DECLINED, UNREACHABLE)]
        persons = {p.id: p for p in s.scalars(select(Person).where(
            Person.id.in_([pid for _eid, pid in leaving])))} if leaving else {}
        for eid, pid in leaving:
            after[eid] = dict(state=WITHDRAWN, reason=_leave_reason(persons.get(pid), excluded.get(pid)))
            result.left.append(eid)
        apply_fields(s, after)
        if new_rows:
            s.connection().execute(insert(Entitlement.__table__), new_rows)
            joining = {r["person_id"] for r in new_rows}
            added = [eid for eid, pid in s.execute(
                select(Entitlement.id, Entitlement.person_id).where(Entitlement.campaign_id == campaign_id))
                if pid in joining]
            audit.record_rows(s, "entitlement", "insert", added, tr("刷新名单：新加入"))
            op.inserted(Entitlement, added)
            result.joined.extend(added)
        op.description = tr("刷新名单：新加入 {joined} 人，移出 {left} 人").format(
            joined=len(result.joined), left=len(result.left))
    return result, op.change


def _leave_reason(person: Person | None, excluded: str | None) -> str:
    if person is None or person.deleted_at is not None:
        return tr("人员记录已删除")
    if person.status != PersonStatus.ACTIVE:
        when = f"（{person.status_date.isoformat()}）" if person.status_date else ""
        return f"{tr(person.status)}{when}"
    if excluded is not None:
        return tr("手工排除：{reason}").format(reason=excluded)
    return tr("不再符合条件")




def adjust(db: Database, campaign_id: int, person_id: int, include: bool, reason: str) -> Change:
    """Add a person to the list by hand, or take one off, with the reason. On a made list this
    acts at once: an added person joins as pending (reissue), an excluded one is withdrawn
    (a kit already handed stays handed). Undo puts the adjustment and the row back."""
    return adjust_many(db, campaign_id, [person_id], include, reason)


def exclude(db: Database, campaign_id: int, person_ids: Sequence[int], reason: str) -> Change:
    """Take several persons off the list with one reason: one transaction, one undo step."""
    return adjust_many(db, campaign_id, person_ids, False, reason)


def adjust_many(db: Database, campaign_id: int, person_ids: Sequence[int], include: bool,
                reason: str) -> Change:
    reason = reason.strip()
    if not reason:
        raise CampaignError(tr("手工加入或排除都要写明原因。"))
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise CampaignError(tr("请先选择人员。"))
    with operation(db, "") as op:
        s = op.session
        op.touch("campaign", [campaign_id])
        for table in TABLES:
            op.touch(table)
        campaign = campaign_or_error(s, campaign_id)
        names = [_adjust(s, campaign, pid, include, reason) for pid in ids]
        if len(names) == 1:
            text = tr("手工加入 {name}") if include else tr("手工排除 {name}")
            op.description = text.format(name=names[0])
        else:
            text = tr("手工加入 {n} 人") if include else tr("移出名单 {n} 人")
            op.description = text.format(n=len(names))
    return op.change


def _adjust(s: Session, campaign: Campaign, person_id: int, include: bool, reason: str) -> str:
    """Inside an operation: one person's adjustment (and list row); the person's name."""
    campaign_id = campaign.id
    person = s.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise CampaignError(tr("找不到这个人员。"))
    if include and person.status != PersonStatus.ACTIVE:
        raise CampaignError(tr("{name}的状态是“{status}”，不能加入名单。").format(
            name=person.name, status=tr(person.status)))
    old_adj = s.scalars(select(CampaignAdjustment).where(
        CampaignAdjustment.campaign_id == campaign_id,
        CampaignAdjustment.person_id == person_id)).first()
    if old_adj is None:
        s.add(CampaignAdjustment(campaign_id=campaign_id, person_id=person_id, include=include,  # type: ignore[arg-type]
                                 reason=reason))
    else:
        old_adj.include, old_adj.reason = include, reason
    ent = s.scalars(select(Entitlement).where(Entitlement.campaign_id == campaign_id,
                                              Entitlement.person_id == person_id)).first()
    if campaign.state != "draft":
        if include:
            if ent is None:
                grid_id = s.scalar(select(Household.grid_id).where(Household.id == person.household_id))
                s.add(Entitlement(campaign_id=campaign_id, person_id=person_id, grid_id=grid_id,  # type: ignore[arg-type]
                                  state=PENDING, reissue=True, reason="", note=tr("手工加入：") + reason))
            elif ent.state == WITHDRAWN:
                ent.state, ent.reissue, ent.reason = PENDING, True, ""
        elif ent is not None and ent.state != HANDED:
            ent.state, ent.reason = WITHDRAWN, tr("手工排除：{reason}").format(reason=reason)
    s.flush()
    return person.name
