"""The office's Ed25519 key pair: made on first need, kept in the data folder (one per database
identity, so several databases on one PC never share a key), never inside the database (a
backup handed to someone else must not let them sign as the office).

Backups and moving to another PC: backups hold the database only, never the key. The key
travels on its own, sealed with a password: ``export_key(db, target, password)`` writes a
``.gokey`` file (the database's UUID and the key as password-encrypted PKCS#8 PEM),
``import_key(db, source, password)`` puts it in this PC's data folder for the same database
(CLI ``package key --export/--import FILE``). A PC that lost the key for good makes a new
one on purpose (``new_key``) and the street re-registers it (``rekey``). A database that has already exchanged packages
never makes a new key silently when its key file is missing (that would make every other office
refuse its packages as an impostor's): ``private_key`` refuses with ``KeyMissing``, a sentence
saying to import the key."""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gridoffice import paths
from gridoffice.i18n import tr
from gridoffice.services.exchange import ExchangeError, hints
from gridoffice.services.exchange.pseudonym import (
    id_key as id_key,  # re-exported: keys.id_key reads as before
)
from gridoffice.store import Database, identity, outputs


def _key_path(db: Database):  # type: ignore[no-untyped-def]
    folder = paths.data_dir() / "keys"
    outputs.ensure_folder(folder)
    return folder / f"office-{identity.database_uuid(db)}.pem"


class KeyMissing(ExchangeError):
    """This database has exchanged packages but its key file is not on this PC."""


KEY_FORMAT = "GRIDOFFICE-OFFICE-KEY/1"
PUBLIC_FORMAT = "gridoffice-office-key/1"  # the public half only, signed: for the street to re-register


def _load(path, data: bytes, password: bytes | None = None) -> Ed25519PrivateKey:  # type: ignore[no-untyped-def]
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError) as exc:
        if password is not None:
            raise ExchangeError(tr("密钥文件 {path} 的密码不对，或文件已损坏。").format(path=path)) from exc
        raise ExchangeError(tr("本单位的签名密钥文件 {path} 已损坏，无法签名。").format(path=path)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ExchangeError(tr("本单位的签名密钥文件 {path} 不是 Ed25519 密钥。").format(path=path))
    return key


def _has_exchanged(db: Database) -> bool:
    from sqlalchemy import select

    from gridoffice.store.models import SyncLog

    with db.reading() as s:
        return s.execute(select(SyncLog.id).limit(1)).first() is not None


def export_key(db: Database, target, password: str):  # type: ignore[no-untyped-def]
    """The key sealed with ``password`` (at least 8 characters), to carry to another PC."""
    from pathlib import Path

    from gridoffice.store import sealed

    sealed.check_password(password)
    key = private_key(db)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.BestAvailableEncryption(password.encode("utf-8")))
    target = Path(target)
    with outputs.atomic_output(target, db=db) as tmp:
        tmp.write_bytes(f"{KEY_FORMAT} {identity.database_uuid(db)}\n".encode("ascii") + pem)
    return target


def import_key(db: Database, source, password: str) -> str:  # type: ignore[no-untyped-def]
    """Install a key exported by ``export_key`` for this same database; its fingerprint."""
    from pathlib import Path

    source = Path(source)
    try:
        head, _, pem = source.read_bytes().partition(b"\n")
    except OSError as exc:
        raise ExchangeError(tr("打不开密钥文件 {path}。").format(path=source)) from exc
    parts = head.decode("ascii", "replace").split()
    if len(parts) != 2 or parts[0] != KEY_FORMAT:
        raise ExchangeError(tr("{path} 不是网格办公导出的单位密钥文件。").format(path=source))
    if parts[1] != identity.database_uuid(db):
        raise ExchangeError(tr("{path} 是另一个数据库的密钥，不能用于本库。").format(path=source))
    key = _load(source, pem, password.encode("utf-8"))
    path = _key_path(db)
    if path.is_file():
        here = _load(path, path.read_bytes())
        if public_hex(here) == public_hex(key):
            return fingerprint(public_hex(key))
        raise ExchangeError(tr("本机已有本库的另一把密钥 {path}；若要换回原来的密钥，请先把这个文件移走。").format(path=path))
    _write(path, key)
    return fingerprint(public_hex(key))


def _write(path, key: Ed25519PrivateKey) -> None:  # type: ignore[no-untyped-def]
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    with outputs.atomic_output(path) as tmp:
        tmp.write_bytes(pem)


def private_key(db: Database) -> Ed25519PrivateKey:
    path = _key_path(db)
    if path.is_file():
        return _load(path, path.read_bytes())
    if _has_exchanged(db):
        raise KeyMissing(tr("本库已经和别的单位交换过数据包，但本机没有它的签名密钥（{name}）。换了电脑或恢复了备份时，"
                            "请把原电脑上导出的本单位密钥导入本机；原电脑已坏时，生成新密钥，并请街道电话核对新指纹后为本单位更换密钥。")
                         .format(name=path.name), **hints.office_key())
    key = Ed25519PrivateKey.generate()
    _write(path, key)
    return key


def fingerprint_here(db: Database) -> str | None:
    """This PC's key for the database, as its fingerprint; None when it has none (yet)."""
    path = _key_path(db)
    return fingerprint(public_hex(_load(path, path.read_bytes()))) if path.is_file() else None


def new_key(db: Database) -> str:
    """Make a new key pair on purpose (the old PC died with the key; the backup never holds it);
    its fingerprint. Refused while this PC has a key: that one is still good."""
    path = _key_path(db)
    if path.is_file():
        raise ExchangeError(tr("本机已有本单位的签名密钥（指纹 {fp}），不需要生成新密钥。").format(
            fp=fingerprint(public_hex(_load(path, path.read_bytes())))))
    key = Ed25519PrivateKey.generate()
    _write(path, key)
    return fingerprint(public_hex(key))


def write_public(db: Database, target):  # type: ignore[no-untyped-def]
    """The office (uuid, code, name) and its public key in a small signed file: what the street
    reads to register or re-register this office's key (``rekey``)."""
    from pathlib import Path

    from gridoffice.services.exchange import pkgfile, rows

    key = private_key(db)
    manifest = {"format": PUBLIC_FORMAT, "office": rows.office(db, public_hex(key))}
    pkgfile.write(Path(target), manifest, {}, key, db=db)
    return Path(target)


def public_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def fingerprint(public: str) -> str:
    """What a clerk reads aloud on the phone to confirm a key: 8 groups of 4 hex digits."""
    digest = hashlib.sha256(bytes.fromhex(public)).hexdigest()[:32].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 32, 4))


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    return key.sign(data).hex()


def verify(public: str, data: bytes, signature: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)).verify(bytes.fromhex(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True
