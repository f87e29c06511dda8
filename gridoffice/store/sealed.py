"""Password-protected backup files (for carrying on a USB stick).

Well-kept cryptography only (the ``cryptography`` package): the key comes from the password
with scrypt (n=2**15, r=8, p=1, a random 16-byte salt per file); the whole database file is
sealed with AES-256-GCM (a random 12-byte nonce; the header is authenticated too), so a wrong
password or a changed byte is detected, never silently restored.

File layout: ``MAGIC | salt (16) | nonce (12) | ciphertext+tag``.
"""

from __future__ import annotations

import os
from pathlib import Path

from gridoffice.i18n import tr
from gridoffice.store.errors import StoreError, translate

MAGIC = b"GRIDOFFICE-SEALED-1\n"
SUFFIX = ".gobak"
_SALT, _NONCE = 16, 12


class WrongPassword(StoreError):
    pass


def _key(password: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(password.encode("utf-8"))


def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def seal(plain: Path, dest: Path, password: str) -> Path:
    """Write ``plain`` (a database file) to ``dest`` sealed with ``password``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not password:
        raise StoreError(tr("备份密码不能为空。"))
    salt, nonce = os.urandom(_SALT), os.urandom(_NONCE)
    header = MAGIC + salt + nonce
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        data = plain.read_bytes()
        sealed = AESGCM(_key(password, salt)).encrypt(nonce, data, header)
        with open(tmp, "wb") as fh:
            fh.write(header + sealed)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        known = translate(exc, str(dest))
        if known is not None:
            raise known from exc
        raise
    return dest


def unseal(sealed: Path, dest: Path, password: str) -> Path:
    """Write the database inside ``sealed`` to ``dest``; WrongPassword when it does not open."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    blob = sealed.read_bytes()
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + _SALT + _NONCE + 16:
        raise WrongPassword(tr("这不是网格办公的加密备份文件：{path}").format(path=sealed))
    salt = blob[len(MAGIC):len(MAGIC) + _SALT]
    nonce = blob[len(MAGIC) + _SALT:len(MAGIC) + _SALT + _NONCE]
    header = blob[:len(MAGIC) + _SALT + _NONCE]
    try:
        plain = AESGCM(_key(password or "", salt)).decrypt(nonce, blob[len(header):], header)
    except InvalidTag:
        raise WrongPassword(tr("备份密码不对，或者备份文件已被改动、损坏。")) from None
    dest.write_bytes(plain)
    return dest
