"""``package receipt FILE``: the receiver's signed word that a package was imported; it moves
this office's watermark, so the next package carries only what changed after it.

Rows the receiver refused (listed in the receipt: table, uuid, reason) are not lost behind the
watermark: accepting the receipt gives each of them (and each refused deletion) a new change
number — that is the re-send list, kept on the rows themselves — so the next delta carries them
again, edited or not. A row refused again comes back in the next receipt and is re-sent again;
the receiver's import report shows it each time, so it never vanishes silently.

Service API: ``accept(db, path) -> dict`` (``seq``, ``receiver``, ``new``, ``result``,
``resend``: the number of rows put back on the list)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from gridoffice.i18n import tr
from gridoffice.services.exchange import ExchangeError, gates, pkgfile
from gridoffice.store import Database, identity, versioning
from gridoffice.store.models import SyncLog, Tombstone
from gridoffice.store.travel import BY_NAME


def accept(db: Database, path: Path, *, force: bool = False) -> dict[str, Any]:
    """Import a receipt; ``force`` takes one signed with a key the sender's office has since
    replaced (``rekey``: the dead PC's last receipt)."""
    path = Path(path)
    signed = pkgfile.read(path, pkgfile.RECEIPT_FORMAT)
    gates.check_sender(db, signed, path, force=force)
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
        resend = 0
        if first:
            sent.acked_at = dt.datetime.now().replace(microsecond=0)
            refused = (signed.manifest.get("result") or {}).get("refused") or []
            resend = send_again(s.connection(), refused)
        seq = sent.seq
    return {"seq": seq, "receiver": gates.office_text(signed.office), "new": first,
            "result": signed.manifest.get("result") or {}, "resend": resend}


def send_again(conn: Any, refused: list[dict[str, Any]]) -> int:
    """Put the refused rows (and deletions) on the re-send list: a change number above every
    watermark. Returns how many rows of this office were found."""
    wanted: dict[str, set[str]] = {}
    for r in refused:
        if isinstance(r, dict) and r.get("table") in BY_NAME and isinstance(r.get("uuid"), str):
            wanted.setdefault(r["table"], set()).add(r["uuid"])
    if not wanted:
        return 0
    seq, found = versioning.next_change(conn), 0
    stones = Tombstone.__table__
    for name, uuids in wanted.items():
        table = BY_NAME[name].model.__table__  # type: ignore[attr-defined]
        ordered = sorted(uuids)
        for i in range(0, len(ordered), 500):
            part = ordered[i:i + 500]
            found += conn.execute(update(table).where(table.c.uuid.in_(part)).values(change_seq=seq)).rowcount
            found += conn.execute(update(stones).where(stones.c.table_name == name, stones.c.uuid.in_(part))
                                  .values(change_seq=seq)).rowcount
    return int(found)
