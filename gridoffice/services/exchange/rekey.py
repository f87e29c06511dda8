"""Re-registering an office's new key (a village whose PC died restores its backup and makes a
new key pair: ``keys.new_key``). At the street the clerk reads the new key from the village's
new package, a receipt, or its public-key file (``keys.write_public``), confirms its fingerprint
on the phone, and replaces the registered key (``replace``: one undoable operation; the audit
log gets the old and the new fingerprint).

After the replacement the office's next package starts its numbering anew — whatever its number
(a restored backup continues from its own last number; a new install starts at 1) — and the
numbers follow on from it. A package signed with the old key arriving afterwards is refused
(``gates.RetiredKey``) unless the clerk forces it, and a forced one never moves the numbering.

What the street keeps (no schema change): in the ``setting`` row ``exchange.rekey.<office
uuid>``, a list of the keys retired (public key, fingerprint, date, who, the numbering then)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridoffice.i18n import tr
from gridoffice.services.changes import Change, operation
from gridoffice.services.exchange import ExchangeError, hints, keys, pkgfile
from gridoffice.store import Database, audit
from gridoffice.store.models import Setting, SyncPeer

PREFIX = "exchange.rekey."


def _retired(s: Session, peer_uuid: str) -> list[dict[str, Any]]:
    row = s.get(Setting, PREFIX + peer_uuid)
    return list(json.loads(row.value or "[]")) if row is not None else []


def retired_on(db: Database, peer_uuid: str, public_key: str) -> str | None:
    """The date the street retired ``public_key`` of this office, or None if it never did."""
    with db.reading() as s:
        for r in _retired(s, peer_uuid):
            if r.get("public_key") == public_key:
                return str(r.get("at", ""))[:10]
    return None


def starts_anew(db: Database, peer: SyncPeer) -> bool:
    """Whether this office's key was replaced and no package signed with the new key was
    imported since (``replace`` sets the numbering to 0; a forced old-key package leaves it):
    its next package is accepted whatever its number."""
    if peer.last_seq != 0:
        return False
    with db.reading() as s:
        return bool(_retired(s, peer.db_uuid))


@dataclass(frozen=True)
class NewKey:
    office: str  # the registered office, as shown
    code: str
    uuid: str
    old_fingerprint: str
    new_fingerprint: str
    public_key: str
    file: str

    def as_dict(self) -> dict[str, Any]:
        return {"office": self.office, "code": self.code, "uuid": self.uuid, "old_fingerprint": self.old_fingerprint,
                "new_fingerprint": self.new_fingerprint, "file": self.file}


def _peer(s: Session, office: str) -> SyncPeer:
    found = s.execute(select(SyncPeer).where((SyncPeer.office_code == office) | (SyncPeer.db_uuid == office))
                      .order_by(SyncPeer.id)).scalars().first()
    if found is None or not office:
        raise ExchangeError(tr("没有登记代码为 {code} 的单位，无法更换密钥。").format(code=office),
                            **hints.cli_only(tr("已登记的单位见 gridoffice package status。")))
    return found


def _signed(path: Path) -> pkgfile.Signed:
    for expect in (pkgfile.PACKAGE_FORMAT, keys.PUBLIC_FORMAT, pkgfile.RECEIPT_FORMAT):
        try:
            return pkgfile.read(path, expect)
        except pkgfile.Tampered:
            raise
        except ExchangeError:
            continue
    raise ExchangeError(tr("{name} 不是网格办公的数据包、回执或单位公钥文件，读不出新密钥。").format(name=path.name))


def read(db: Database, office: str, source: Path | str) -> NewKey:
    """The new key of the registered ``office`` (行政区划代码 or uuid) as ``source`` (its new
    package, a receipt or its public-key file) carries it; refused when the file is another
    office's or the key is the one registered."""
    from gridoffice.services.exchange.gates import office_text

    path = Path(source)
    signed = _signed(path)  # verified: signed by the key it names
    public = str(signed.office.get("public_key", ""))
    with db.reading() as s:
        peer = _peer(s, office)
        shown = office_text({"name": peer.office_name, "code": peer.office_code})
        if str(signed.office.get("uuid", "")) != peer.db_uuid:
            raise ExchangeError(tr("{name} 来自 {other}，不是 {office} 这个库发出的（数据库标识不同），不能用来更换它的密钥。"
                                   "更换密钥只适用于同一个库：对方重装后应先恢复最近的备份，再生成新密钥。").format(
                name=path.name, other=office_text(signed.office), office=shown))
        if peer.public_key == public:
            raise ExchangeError(tr("{name} 用的就是 {office} 已登记的密钥（指纹 {fp}），不需要更换。").format(
                name=path.name, office=shown, fp=keys.fingerprint(public)))
        return NewKey(shown, peer.office_code, peer.db_uuid, keys.fingerprint(peer.public_key),
                      keys.fingerprint(public), public, str(path))


def replace(db: Database, office: str, source: Path | str) -> Change:
    """Register the new key read from ``source`` for ``office`` (after the clerk confirmed its
    fingerprint): one operation; the old key is kept as retired, the numbering starts anew."""
    new = read(db, office, source)
    with operation(db, tr("更换密钥")) as op:
        s = op.session
        peer = _peer(s, new.uuid)
        retired = _retired(s, peer.db_uuid)
        retired.append({"public_key": peer.public_key, "fingerprint": new.old_fingerprint,
                        "at": dt.datetime.now().replace(microsecond=0).isoformat(), "by": s.info.get("operator") or "",
                        "last_seq": peer.last_seq})
        row = s.get(Setting, PREFIX + peer.db_uuid)
        value = json.dumps(retired, ensure_ascii=False)
        if row is None:
            s.add(Setting(key=PREFIX + peer.db_uuid, value=value))
        else:
            row.value = value
        peer.public_key = new.public_key
        peer.last_seq = 0  # the next package sets the numbering (gates: starts_anew)
        s.flush()
        note = tr("更换 {office} 的密钥：旧指纹 {old} → 新指纹 {new}（此前最近包序号 {seq}）").format(
            office=new.office, old=new.old_fingerprint, new=new.new_fingerprint, seq=retired[-1]["last_seq"])
        audit.record_rows(s, "sync_peer", "update", [peer.id or 0], note)
        op.description = note
        op.touch("setting")
        op.touch("sync_peer", [peer.id or 0])
    return op.change
