"""The office's Ed25519 key pair: made on first need, kept in the data folder (one per database
identity, so several databases on one PC never share a key), never inside the database (a
backup handed to someone else must not let them sign as the office)."""

from __future__ import annotations

import hashlib
import hmac

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gridoffice import paths
from gridoffice.i18n import tr
from gridoffice.services.exchange import ExchangeError
from gridoffice.store import Database, identity, outputs


def _key_path(db: Database):  # type: ignore[no-untyped-def]
    folder = paths.data_dir() / "keys"
    outputs.ensure_folder(folder)
    return folder / f"office-{identity.database_uuid(db)}.pem"


def private_key(db: Database) -> Ed25519PrivateKey:
    path = _key_path(db)
    if path.is_file():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise ExchangeError(tr("本单位的签名密钥文件 {path} 已损坏，无法签名。").format(path=path)) from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise ExchangeError(tr("本单位的签名密钥文件 {path} 不是 Ed25519 密钥。").format(path=path))
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    with outputs.atomic_output(path) as tmp:
        tmp.write_bytes(pem)
    return key


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


def id_key(street_key: str, id_number: str) -> str:
    """The pseudonymous key of a person: HMAC-SHA256 of the ID number under the street's key (a
    plain hash of an 18-digit ID is brute-forced in seconds; without the key it is not)."""
    return hmac.new(bytes.fromhex(street_key), id_number.upper().encode(), hashlib.sha256).hexdigest()
