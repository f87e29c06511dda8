"""``package status``: the desk's table — every registered office, what it last sent (sequence,
date, row counts), who is late — and this office's own packages sent and acknowledged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from gridoffice.services.exchange import keys, rows
from gridoffice.store import Database, identity
from gridoffice.store.models import SyncConflict, SyncLog, SyncPeer

LATE_AFTER_DAYS = 7


def status(db: Database, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    with db.reading() as s:
        open_conflicts = dict(s.execute(select(SyncConflict.peer_uuid, func.count())
                                        .where(SyncConflict.resolved_at.is_(None))
                                        .group_by(SyncConflict.peer_uuid)).all())
        peers = []
        for p in s.execute(select(SyncPeer).order_by(SyncPeer.office_code, SyncPeer.office_name)).scalars():
            last = p.last_at.date() if p.last_at else None
            peers.append({
                "office": p.office_name, "code": p.office_code, "uuid": p.db_uuid,
                "fingerprint": keys.fingerprint(p.public_key), "last_seq": p.last_seq,
                "last_at": rows.plain(p.last_at), "rows": sum(int(v) for v in (p.last_counts or {}).values()),
                "late": last is None or (today - last).days > LATE_AFTER_DAYS,
                "conflicts": int(open_conflicts.get(p.db_uuid, 0)),
            })
        sent = [{"seq": log.seq, "at": rows.plain(log.at), "level": log.level, "full": log.full,
                 "rows": sum(int(v) for v in (log.counts or {}).values()), "acknowledged": log.acked_at is not None,
                 "sha256": log.sha256}
                for log in s.execute(select(SyncLog).where(SyncLog.direction == "out")
                                     .order_by(SyncLog.seq.desc()).limit(10)).scalars()]
    return {"uuid": identity.database_uuid(db), "role": rows.role(db), "peers": peers, "sent": sent}


def office_name(db: Database) -> str:
    from gridoffice.services import settings

    return settings.get(db, settings.OFFICE_NAME) or settings.get(db, settings.ADMIN_CODE)
