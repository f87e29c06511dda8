"""``package receipt FILE``: the receiver's signed word that a package was imported; it moves
this office's watermark, so the next package carries only what changed after it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gridoffice.i18n import tr
from gridoffice.services.exchange import ExchangeError, gates, pkgfile
from gridoffice.store import Database, identity
from gridoffice.store.models import SyncLog


def accept(db: Database, path: Path) -> dict[str, Any]:
    path = Path(path)
    signed = pkgfile.read(path, pkgfile.RECEIPT_FORMAT)
    gates.check_sender(db, signed, path)
    package = signed.manifest.get("package") or {}
    if package.get("sender") != identity.database_uuid(db):
        raise ExchangeError(tr("回执 {name} 不是给本单位的（它回复的是另一个单位的包）。").format(name=path.name))
    with db.session() as s:
        sent = s.execute(select(SyncLog).where(SyncLog.direction == "out",
                                               SyncLog.sha256 == package.get("sha256"))).scalar_one_or_none()
        if sent is None:
            raise ExchangeError(tr("回执 {name} 说的第 {seq} 号包不是本库导出的（校验值不符），没有改动。").format(
                name=path.name, seq=package.get("seq")))
        first = sent.acked_at is None
        if first:
            sent.acked_at = dt.datetime.now().replace(microsecond=0)
        seq = sent.seq
    return {"seq": seq, "receiver": gates.office_text(signed.office), "new": first,
            "result": signed.manifest.get("result") or {}}
