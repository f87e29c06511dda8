"""What a package must pass before a single row is read: its signature and hashes
(``pkgfile.read``), a schema this program knows, a registered sender whose key it is, and its
place in the sender's sequence. Also registering an office on first contact (``trust``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gridoffice.i18n import tr
from gridoffice.services.exchange import ExchangeError, hints, keys, pkgfile, rekey
from gridoffice.store import Database, identity, migrate
from gridoffice.store.models import SyncLog, SyncPeer


class UnknownSender(ExchangeError):
    pass


class Held(ExchangeError):
    """Out of sequence: waits until the missing package arrives, or the clerk forces it."""


class RetiredKey(Held):
    """Signed with a key the street replaced (``rekey``): imported only when the clerk forces it."""


class KeyChanged(ExchangeError):
    """Signed with another key than the one registered for the office: an impostor, or an office
    whose PC died and made a new key — the street replaces it (``rekey``) after a phone call.
    ``office`` is the registered office's 行政区划代码 (or uuid) for that."""

    office = ""


@dataclass(frozen=True)
class Checked:
    signed: pkgfile.Signed
    peer_uuid: str
    seq: int
    already: bool  # this very file was imported before
    retired: bool = False  # signed with a key the street replaced, forced in: never moves the numbering


def office_text(office: dict[str, Any]) -> str:
    name, code = office.get("name") or tr("（未命名单位）"), office.get("code") or ""
    return f"{name}（{code}）" if code else str(name)


def _peer(db: Database, db_uuid: str) -> SyncPeer | None:
    with db.reading() as s:
        return s.execute(select(SyncPeer).where(SyncPeer.db_uuid == db_uuid)).scalar_one_or_none()


def check_sender(db: Database, signed: pkgfile.Signed, path: Path, *, force: bool = False) -> SyncPeer:
    """The registered office that signed ``signed``, with the key registered for it. A file
    signed with a key the street replaced (``rekey``) passes only when forced."""
    office = signed.office
    sender = str(office.get("uuid", ""))
    if sender == identity.database_uuid(db):
        raise ExchangeError(tr("{name} 是本单位自己导出的文件，不能导入本库。").format(name=path.name))
    peer = _peer(db, sender)
    public = str(office.get("public_key", ""))
    if peer is None:
        raise UnknownSender(tr("{office} 尚未登记，没有导入任何数据。请电话核对对方的密钥指纹 {fp}，核对无误后登记这个单位。")
                            .format(office=office_text(office), fp=keys.fingerprint(public)),
                            hint_cli=tr("登记：gridoffice package trust {name} --yes").format(name=path.name))
    if peer.public_key != public:
        retired = rekey.retired_on(db, peer.db_uuid, public)
        if retired is not None and not force:
            raise RetiredKey(tr("{name} 是用 {office} 于 {date} 换下的旧密钥签名的，没有导入任何数据。"
                                "只有确认它是对方换密钥之前发出的真实数据包时，才强制导入。").format(
                name=path.name, office=office_text(office), date=retired), **hints.force())
        if retired is None:
            changed = KeyChanged(tr("{name} 的签名密钥与登记的 {office} 密钥不符（指纹 {fp}），可能是冒充，没有导入任何数据。"
                                    "若对方换了电脑、生成了新密钥，请电话核对这个新指纹后为它更换密钥。").format(
                name=path.name, office=office_text(office), fp=keys.fingerprint(public)),
                **hints.rekey(peer.office_code or peer.db_uuid, path.name))
            changed.office = peer.office_code or peer.db_uuid
            raise changed
    return peer


def check_package(db: Database, path: Path, *, force: bool = False) -> Checked:
    path = Path(path)
    signed = pkgfile.read(path, pkgfile.PACKAGE_FORMAT)
    schema = str(signed.manifest.get("schema", ""))
    if schema not in migrate.known_revisions():
        raise ExchangeError(tr("{name} 由更新版本的网格办公导出（数据库结构 {rev}），本程序无法导入，没有导入任何数据。请先升级网格办公。")
                            .format(name=path.name, rev=schema))
    peer = check_sender(db, signed, path, force=force)
    seq = int(signed.manifest.get("seq") or 0)
    with db.reading() as s:
        already = s.execute(select(SyncLog.id).where(SyncLog.direction == "in", SyncLog.sha256 == signed.sha256)
                            .limit(1)).first() is not None
    retired = peer.public_key != str(signed.office.get("public_key", ""))  # passed check_sender: forced
    if signed.manifest.get("kind") == "move" or retired:  # a household's move: beside the sequence to the street
        return Checked(signed, peer.db_uuid, seq, already, retired)
    if not already and seq != peer.last_seq + 1 and not force and not rekey.starts_anew(db, peer):
        if seq <= peer.last_seq:
            raise Held(tr("{name} 是 {office} 的第 {seq} 号包，比已导入的第 {last} 号还旧，没有导入。"
                          "只有确认它没有导入过时，才强制导入。").format(
                name=path.name, office=office_text(signed.office), seq=seq, last=peer.last_seq), **hints.force())
        raise Held(tr("{name} 是 {office} 的第 {seq} 号包，第 {missing} 号还没有导入，先暂缓。请先导入第 {missing} 号包；"
                      "确认缺的包已作废时，可以强制导入这个包。").format(
            name=path.name, office=office_text(signed.office), seq=seq, missing=peer.last_seq + 1), **hints.force())
    return Checked(signed, peer.db_uuid, seq, already)


def trust(db: Database, path: Path, *, confirm: bool) -> dict[str, Any]:
    """Register the office that signed ``path`` (a package or a receipt). Without ``confirm``
    only says who it is and its key's fingerprint (to read out on the phone)."""
    path = Path(path)
    try:
        signed = pkgfile.read(path, pkgfile.PACKAGE_FORMAT)
    except ExchangeError:
        signed = pkgfile.read(path, pkgfile.RECEIPT_FORMAT)
    office = signed.office
    public = str(office.get("public_key", ""))
    info = {"office": office_text(office), "uuid": office.get("uuid", ""), "fingerprint": keys.fingerprint(public),
            "registered": False}
    if str(office.get("uuid", "")) == identity.database_uuid(db):
        raise ExchangeError(tr("{name} 是本单位自己的文件，不需要登记。").format(name=path.name))
    peer = _peer(db, str(office.get("uuid", "")))
    if peer is not None:
        if peer.public_key != public:
            changed = KeyChanged(tr("{office} 已用另一把密钥登记（指纹 {fp}），这个文件的密钥指纹是 {new}。"
                                    "若对方换了电脑、生成了新密钥，请电话核对新指纹后为它更换密钥。").format(
                office=office_text(office), fp=keys.fingerprint(peer.public_key), new=keys.fingerprint(public)),
                **hints.rekey(peer.office_code or peer.db_uuid, path.name))
            changed.office = peer.office_code or peer.db_uuid
            raise changed
        return info | {"registered": True}
    if confirm:
        with db.session() as s:
            s.add(SyncPeer(db_uuid=str(office["uuid"]), office_code=str(office.get("code") or "")[:12],
                           office_name=str(office.get("name") or "")[:100], public_key=public,
                           registered_at=dt.datetime.now().replace(microsecond=0)))
        info["registered"] = True
    return info
