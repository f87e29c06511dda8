"""``package status``: the desk's table — every office the street expects (the registered ones,
and the communities under the street's root that no registered office answers for yet), what
each last sent (sequence, date, row counts), who is late (no package in
``options.EXCHANGE_LATE_DAYS`` days), the months approved — and this office's own packages sent
and acknowledged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from gridoffice import options
from gridoffice.domain.codes import GridLevel
from gridoffice.services import settings
from gridoffice.services.exchange import approval, keys, rows
from gridoffice.store import Database, identity
from gridoffice.store.models import Grid, SyncConflict, SyncLog, SyncPeer, SyncRow


def late_after_days(db: Database) -> int:
    return int(settings.value(db, options.EXCHANGE_LATE_DAYS))


def status(db: Database, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    late_days = late_after_days(db)
    approved: dict[str, list[str]] = {}
    for a in approval.approvals(db):
        approved.setdefault(a["uuid"], []).append(a["period"])
    with db.reading() as s:
        open_conflicts = dict(s.execute(select(SyncConflict.peer_uuid, func.count())
                                        .where(SyncConflict.resolved_at.is_(None))
                                        .group_by(SyncConflict.peer_uuid)).all())
        peers = []
        for p in s.execute(select(SyncPeer).order_by(SyncPeer.office_code, SyncPeer.office_name)).scalars():
            last = p.last_at.date() if p.last_at else None
            peers.append({
                "office": p.office_name, "code": p.office_code, "uuid": p.db_uuid, "registered": True,
                "fingerprint": keys.fingerprint(p.public_key), "last_seq": p.last_seq,
                "last_at": rows.plain(p.last_at), "rows": sum(int(v) for v in (p.last_counts or {}).values()),
                "counts": dict(p.last_counts or {}),
                "late": last is None or (today - last).days > late_days,
                "conflicts": int(open_conflicts.get(p.db_uuid, 0)),
                "approved": sorted(approved.get(p.db_uuid, [])),
            })
        peers += _expected(s, peers)
        sent = [{"seq": log.seq, "at": rows.plain(log.at), "level": log.level, "full": log.full,
                 "rows": sum(int(v) for v in (log.counts or {}).values()), "acknowledged": log.acked_at is not None,
                 "sha256": log.sha256}
                for log in s.execute(select(SyncLog).where(SyncLog.direction == "out")
                                     .order_by(SyncLog.seq.desc()).limit(10)).scalars()]
    return {"uuid": identity.database_uuid(db), "role": rows.role(db), "late_after_days": late_days,
            "peers": peers, "sent": sent}


def _expected(s: Any, peers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The communities (村 / 社区) right under the street's root that no registered office
    answers for (by 行政区划代码, or because the community's row came from that office): each
    one is expected and has sent nothing yet."""
    roots = select(Grid.id).where(Grid.level == str(GridLevel.STREET), Grid.deleted_at.is_(None))
    found = s.execute(select(Grid.uuid, Grid.code, Grid.name)
                      .where(Grid.level == str(GridLevel.COMMUNITY), Grid.deleted_at.is_(None),
                             Grid.parent_id.in_(roots)).order_by(Grid.sort_order, Grid.code)).all()
    if not found:
        return []
    codes = {p["code"] for p in peers if p["code"]}
    sent_by_peer = set(s.execute(select(SyncRow.uuid).where(SyncRow.table_name == "grid",
                                                            SyncRow.uuid.in_([g.uuid for g in found]))).scalars())
    return [{"office": g.name, "code": g.code, "uuid": "", "registered": False, "fingerprint": "", "last_seq": 0,
             "last_at": None, "rows": 0, "counts": {}, "late": True, "conflicts": 0, "approved": []}
            for g in found if g.code not in codes and g.uuid not in sent_by_peer]


def office_name(db: Database) -> str:
    return settings.get(db, settings.OFFICE_NAME) or settings.get(db, settings.ADMIN_CODE)
