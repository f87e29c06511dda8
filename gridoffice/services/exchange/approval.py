"""Period approval at the street (after DHIS2's data approval): a month of one village is
approved — who, when, and the package (its SHA-256) the approved figures rest on — and from then
on a package that would change that village's rows dated in the month (visits, matters, hand-outs,
五到家 services, by their date field) has those rows held back, one by one, with the sentence
"该时段已审批锁定"; the rest of the package is imported. Un-approving opens the month again.

An approval is a street's own act and does not travel: it is kept in the ``setting`` table under
``exchange.approved.<office uuid>.<YYYY-MM>`` (as the office's role and street key are), so no
schema change is needed, and approving or un-approving is one undoable operation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.exchange import ExchangeError, hints
from gridoffice.store import Database
from gridoffice.store.models import Setting, SyncLog, SyncPeer

PREFIX = "exchange.approved."
# the date each dated table is filed under (a row counts in the month of this date)
DATED = {"visit": "visit_date", "matter": "reported_at", "entitlement": "handed_on", "health_service": "service_date"}
_PERIOD = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")


def locked_sentence() -> str:
    return tr("该时段已审批锁定")


def _key(peer_uuid: str, period: str) -> str:
    return f"{PREFIX}{peer_uuid}.{period}"


def check_period(period: str) -> str:
    period = (period or "").strip()
    if not _PERIOD.fullmatch(period):
        raise ExchangeError(tr("“{p}”不是月份：应写成 2026-11 这样的年-月。").format(p=period))
    return period


def _peer(s: Session, office: str) -> SyncPeer:
    """A registered office by its 行政区划代码 (or its database uuid)."""
    found = s.execute(select(SyncPeer).where((SyncPeer.office_code == office) | (SyncPeer.db_uuid == office))
                      .order_by(SyncPeer.id)).scalars().first()
    if found is None or not office:
        raise ExchangeError(tr("没有登记代码为 {code} 的单位。").format(code=office),
                            **hints.cli_only(tr("已登记的单位见 gridoffice package status。")))
    return found


def approve(db: Database, office: str, period: str, *, undo: bool = False, today: dt.date | None = None) -> Change:
    """Approve (or, with ``undo``, un-approve) ``period`` of the registered ``office``. A month
    still running (or to come) cannot be approved: its visits and matters are still being
    written; an approval made anyway (an older version) can be taken back."""
    period = check_period(period)
    this_month = (today or dt.date.today()).strftime("%Y-%m")
    if not undo and period >= this_month:
        raise ExchangeError(tr("{period} 还没有过完，不能审批：只能审批已经结束的月份（最近的是上个月）。").format(period=period))
    with operation(db, tr("审批")) as op:
        s = op.session
        peer = _peer(s, office)
        name = peer.office_name or peer.office_code
        row = s.get(Setting, _key(peer.db_uuid, period))
        if undo:
            if row is None:
                raise ExchangeError(tr("{office} 的 {period} 还没有审批，无需取消。").format(office=name, period=period))
            s.delete(row)
            op.description = tr("取消审批 {office} {period}").format(office=name, period=period)
        else:
            if row is not None:
                raise ExchangeError(tr("{office} 的 {period} 已经审批过了。").format(office=name, period=period))
            last = s.execute(select(SyncLog).where(SyncLog.direction == "in", SyncLog.peer_uuid == peer.db_uuid)
                             .order_by(SyncLog.id.desc()).limit(1)).scalar_one_or_none()
            if last is None:
                raise ExchangeError(tr("还没有收到 {office} 的数据包，不能审批。").format(office=name))
            value = {"by": s.info.get("operator") or "", "at": dt.datetime.now().replace(microsecond=0).isoformat(),
                     "sha256": last.sha256, "seq": last.seq}
            s.add(Setting(key=_key(peer.db_uuid, period), value=json.dumps(value, ensure_ascii=False)))
            op.description = tr("审批 {office} {period}").format(office=name, period=period)
        op.touch("setting")
        op.touch("sync_peer", [peer.id or 0])
    return op.change


def approvals(db: Database) -> list[dict[str, Any]]:
    """Every approved month: office, code, period, who, when, the package it rests on."""
    with db.reading() as s:
        peers = {p.db_uuid: p for p in s.execute(select(SyncPeer)).scalars()}
        out = []
        for row in s.execute(select(Setting).where(Setting.key.startswith(PREFIX)).order_by(Setting.key)).scalars():
            peer_uuid, _, period = row.key[len(PREFIX):].rpartition(".")
            p = peers.get(peer_uuid)
            value = json.loads(row.value or "{}")
            out.append({"office": p.office_name if p else "", "code": p.office_code if p else "", "uuid": peer_uuid,
                        "period": period, "by": value.get("by", ""), "at": value.get("at", ""),
                        "seq": value.get("seq"), "sha256": value.get("sha256", "")})
    return sorted(out, key=lambda a: (a["code"], a["office"], a["period"]))


def locked_periods(s: Session, peer_uuid: str) -> frozenset[str]:
    keys = s.execute(select(Setting.key).where(Setting.key.startswith(f"{PREFIX}{peer_uuid}."))).scalars()
    return frozenset(k.rpartition(".")[2] for k in keys)


def period_of(value: Any) -> str:
    """The month of a date as received (text) or as stored (a date)."""
    return str(value)[:7] if value else ""


def held(table: str, locked: frozenset[str], *rows: Any) -> str | None:
    """The sentence when any of ``rows`` (the row arriving, the row here) of a dated ``table``
    falls in a locked month; None otherwise."""
    column = DATED.get(table)
    if not locked or column is None:
        return None
    for row in rows:
        period = period_of(row.get(column)) if row is not None else ""
        if period in locked:
            return tr("{period}：{sentence}").format(period=period, sentence=locked_sentence())
    return None
