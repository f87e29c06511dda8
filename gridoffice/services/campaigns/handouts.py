"""Recording hand-outs: one person or a ticked batch, declined / unreachable with a reason,
and taking back a mistaken record. Every call returns a ``Change`` whose undo restores the
rows exactly as they were."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from gridoffice.domain import idcard
from gridoffice.i18n import tr
from gridoffice.services.campaigns.core import (
    COLLECTED,
    DECLINED,
    DELIVERED,
    HANDED,
    PENDING,
    UNREACHABLE,
    WITHDRAWN,
    CampaignError,
    apply_fields,
    campaign_or_error,
    state_label,
)
from gridoffice.services.changes import Change, operation
from gridoffice.store import Database
from gridoffice.store.models import Entitlement, Person, Staff


class AlreadyHanded(CampaignError):
    """A kit was already handed to (some of) these persons; the sentence says when and by whom."""


class NotOnList(CampaignError):
    """The person is not on this campaign's list."""


@dataclass(frozen=True)
class Handout:
    on: dt.date
    staff_id: int
    method: str = COLLECTED  # 领取 at the office / 上门 delivered home
    proxy_name: str = ""  # empty: received by the person
    proxy_relation: str = ""
    note: str = ""


def _names(s, ids: Sequence[int]) -> dict[int, tuple[str, Entitlement]]:  # type: ignore[no-untyped-def]
    return {e.id: (name, e) for e, name in s.execute(
        select(Entitlement, Person.name).join(Person, Person.id == Entitlement.person_id)
        .where(Entitlement.id.in_(list(ids))).with_for_update(of=Entitlement))}


def _handed_sentence(s, name: str, ent: Entitlement) -> str:  # type: ignore[no-untyped-def]
    staff = s.get(Staff, ent.handed_by_id) if ent.handed_by_id else None
    text = tr("{name}已于 {date} 由{staff}发放（{method}）").format(
        name=name, date=ent.handed_on.isoformat() if ent.handed_on else "?",
        staff=staff.name if staff else tr("（未记发放人）"), method=ent.method or COLLECTED)
    if ent.proxy_name:
        text += tr("，代领人：{proxy}（{relation}）").format(proxy=ent.proxy_name,
                                                        relation=ent.proxy_relation)
    return text


def _some(sentences: list[str]) -> str:
    head = "；".join(sentences[:3])
    if len(sentences) > 3:
        head += tr(" 等 {n} 人").format(n=len(sentences))
    return head


def _checked(s, campaign_id: int, ids: Sequence[int]) -> dict[int, tuple[str, Entitlement]]:  # type: ignore[no-untyped-def]
    if not ids:
        raise CampaignError(tr("请先勾选要登记的人员。"))
    found = _names(s, ids)
    missing = [i for i in ids if i not in found or found[i][1].campaign_id != campaign_id]
    if missing:
        raise NotOnList(tr("有 {n} 人不在这个活动的名单上。").format(n=len(missing)))
    return found


def record(db: Database, campaign_id: int, entitlement_ids: Sequence[int], handout: Handout,
           today: dt.date | None = None) -> Change:
    """Record that the kit was handed to each of ``entitlement_ids``. Refuses the whole batch
    (with when and by whom) if any of them already has a kit, or was withdrawn."""
    today = today or dt.date.today()
    method = handout.method
    if method not in (COLLECTED, DELIVERED):
        raise CampaignError(tr("发放方式应为“领取”或“上门”。"))
    proxy, relation = handout.proxy_name.strip(), handout.proxy_relation.strip()
    if proxy and not relation:
        raise CampaignError(tr("请填写代领人与本人的关系。"))
    if relation and not proxy:
        raise CampaignError(tr("填写了代领关系，但没有填写代领人姓名。"))
    if handout.on > today:
        raise CampaignError(tr("发放日期 {date} 晚于今天，请检查。").format(date=handout.on.isoformat()))
    ids = list(dict.fromkeys(entitlement_ids))
    with operation(db, "") as op:
        s = op.session
        op.touch("entitlement")
        campaign = campaign_or_error(s, campaign_id)
        if campaign.state == "closed":
            raise CampaignError(tr("“{name}”已结束，不能再登记发放。").format(name=campaign.name))
        staff = s.get(Staff, handout.staff_id)
        if staff is None or not staff.active:
            raise CampaignError(tr("请选择发放人（在岗的网格员）。"))
        found = _checked(s, campaign_id, ids)
        handed = [_handed_sentence(s, name, e) for name, e in found.values() if e.state == HANDED]
        if handed:
            raise AlreadyHanded(_some(handed) + tr("。不能重复发放；如登记有误，请先撤销原记录。"))
        gone = [tr("{name}（{reason}）").format(name=name, reason=e.reason or state_label(WITHDRAWN))
                for name, e in found.values() if e.state == WITHDRAWN]
        if gone:
            raise CampaignError(tr("已移出名单，不能登记发放：") + _some(gone) + "。")
        staff_name = staff.name
        values = dict(state=HANDED, handed_on=handout.on, handed_by_id=handout.staff_id, method=method,
                      proxy_name=proxy, proxy_relation=relation, reason="", note=handout.note.strip())
        updates = {i: dict(values) for i in ids}
        apply_fields(s, updates)  # in the transaction that checked: no second hand-out slips in
        if len(ids) == 1:
            op.description = tr("登记发放：{name}（{staff}，{method}）").format(
                name=found[ids[0]][0], staff=staff_name, method=method)
        else:
            op.description = tr("登记发放 {n} 人（{staff}，{method}）").format(n=len(ids), staff=staff_name,
                                                                          method=method)
    return op.change


def mark(db: Database, campaign_id: int, entitlement_ids: Sequence[int], state: str, reason: str) -> Change:
    """Declined (拒领) or unreachable (联系不上), with the reason; a handed kit must be
    taken back first."""
    if state not in (DECLINED, UNREACHABLE):
        raise ValueError(state)
    reason = reason.strip()
    if not reason:
        raise CampaignError(tr("请写明原因。"))
    ids = list(dict.fromkeys(entitlement_ids))
    with operation(db, "") as op:
        s = op.session
        op.touch("entitlement")
        campaign_or_error(s, campaign_id)
        found = _checked(s, campaign_id, ids)
        handed = [_handed_sentence(s, name, e) for name, e in found.values() if e.state == HANDED]
        if handed:
            raise AlreadyHanded(_some(handed) + tr("。如登记有误，请先撤销发放记录。"))
        if any(e.state == WITHDRAWN for _n, e in found.values()):
            raise CampaignError(tr("所选人员中有人已移出名单。"))
        updates = {i: dict(state=state, reason=reason, handed_on=None, handed_by_id=None, method="",
                           proxy_name="", proxy_relation="") for i in ids}
        apply_fields(s, updates)
        label = state_label(state)
        op.description = (tr("标记{state}：{name}").format(state=label, name=found[ids[0]][0]) if len(ids) == 1
                          else tr("标记{state} {n} 人").format(state=label, n=len(ids)))
    return op.change


def clear(db: Database, campaign_id: int, entitlement_ids: Sequence[int]) -> Change:
    """Take back mistaken records: handed / declined / unreachable become pending again
    (for a mistake found after the program was closed; undo puts the record back)."""
    ids = list(dict.fromkeys(entitlement_ids))
    with operation(db, "") as op:
        s = op.session
        op.touch("entitlement")
        campaign_or_error(s, campaign_id)
        found = _checked(s, campaign_id, ids)
        ids = [i for i in ids if found[i][1].state in (HANDED, DECLINED, UNREACHABLE)]
        if not ids:
            raise CampaignError(tr("所选人员没有可撤销的记录。"))
        updates = {i: dict(state=PENDING, reason="", handed_on=None, handed_by_id=None, method="",
                           proxy_name="", proxy_relation="", note="") for i in ids}
        apply_fields(s, updates)
        op.description = (tr("撤销记录：{name}").format(name=found[ids[0]][0]) if len(ids) == 1
                          else tr("撤销记录 {n} 人").format(n=len(ids)))
    return op.change


def entitlement_of(db: Database, campaign_id: int, id_number: str) -> int:
    """The entitlement of the person with this ID number (for the CLI and scanners)."""
    number = idcard.normalize(id_number)
    with db.reading() as s:
        campaign_or_error(s, campaign_id)
        person = s.scalars(select(Person).where(Person.id_number == number)).first()
        if person is None:
            raise NotOnList(tr("没有身份证号为 {number} 的人员。").format(number=number))
        eid = s.scalar(select(Entitlement.id).where(Entitlement.campaign_id == campaign_id,
                                                    Entitlement.person_id == person.id))
        if eid is None:
            raise NotOnList(tr("{name}不在这个活动的名单上（不符合条件，或还没有刷新名单）。").format(
                name=person.name))
        return eid
