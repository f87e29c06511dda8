"""Password-protected backup files (for carrying on a USB stick).

Well-kept cryptography only (the ``cryptography`` package): the key comes from the password
with scrypt (a random 16-byte salt per file; its cost parameters are written in the header, so
files sealed with other parameters still open); the whole database is sealed with AES-256-GCM
(a random 12-byte nonce; the header is authenticated too), so a wrong password or a changed
byte is detected, never silently restored.

The plaintext never rests on disk: the copy is made in memory (store/backup.py) and sealed from
there; a sealed file is opened into memory. Only ciphertext is written, through the output
guard (store/outputs.py).

File layouts:
- version 2: ``MAGIC2 | log2(n) (1) | r (1) | p (1) | salt (16) | nonce (12) | ciphertext+tag``
- version 1 (read only): ``MAGIC1 | salt (16) | nonce (12) | ciphertext+tag``, scrypt n=2**15, r=8, p=1
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path

from gridoffice.i18n import tr
from gridoffice.store import outputs
from gridoffice.store.errors import StoreError, translate

MAGIC1 = b"GRIDOFFICE-SEALED-1\n"
MAGIC = b"GRIDOFFICE-SEALED-2\n"
SUFFIX = ".gobak"
MIN_PASSWORD = 8
_SALT, _NONCE, _TAG = 16, 12, 16
LOG2_N, R, P = 15, 8, 1  # scrypt cost for new files (about 0.1 s and 32 MB)
CHUNK = 4 << 20  # bytes sealed or opened per call: about 10 ms each, the window's thread gets its turn between
_LIMITS = {"log2_n": (10, 22), "r": (1, 32), "p": (1, 16)}  # what a header may ask for


class WrongPassword(StoreError):
    pass


class WeakPassword(StoreError):
    pass


def check_password(password: str | None) -> str:
    """A backup password must be at least MIN_PASSWORD characters; raises WeakPassword."""
    if not password:
        raise WeakPassword(tr("备份密码不能为空。"))
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(tr("备份密码太短：至少要 {n} 个字符。").format(n=MIN_PASSWORD))
    return password


def _key(password: str, salt: bytes, log2_n: int = LOG2_N, r: int = R, p: int = P) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(password.encode("utf-8"))


def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) in (MAGIC, MAGIC1)
    except OSError:
        return False


def _cipher(key: bytes, nonce: bytes, tag: bytes | None = None):  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    return Cipher(algorithms.AES(key), modes.GCM(nonce, tag))


def seal_bytes(plain: bytes, dest: Path, password: str) -> Path:
    """Write the database image ``plain`` to ``dest`` sealed with ``password``: AES-256-GCM in
    pieces of CHUNK bytes (the same bytes as one ``AESGCM.encrypt``; one call over a street's
    300 MB held the interpreter lock for about a second, and the window stood still)."""
    check_password(password)
    salt, nonce = os.urandom(_SALT), os.urandom(_NONCE)
    header = MAGIC + bytes((LOG2_N, R, P)) + salt + nonce
    try:
        outputs.ensure_folder(dest.parent)
        encryptor = _cipher(_key(password, salt), nonce).encryptor()
        encryptor.authenticate_additional_data(header)
        with outputs.atomic_output(dest) as tmp, open(tmp, "wb") as fh:
            fh.write(header)
            view = memoryview(plain)
            for at in range(0, len(view), CHUNK):
                fh.write(encryptor.update(view[at:at + CHUNK]))
            fh.write(encryptor.finalize())
            fh.write(encryptor.tag)
    except OSError as exc:
        known = translate(exc, str(dest))
        if known is not None:
            raise known from exc
        raise
    return dest


def _parse(blob: bytes, path: Path) -> tuple[bytes, bytes, bytes, tuple[int, int, int]]:
    """header, salt, nonce, (log2_n, r, p) of a sealed file's bytes."""
    bad = WrongPassword(tr("这不是网格办公的加密备份文件：{path}").format(path=path))
    if blob.startswith(MAGIC1):
        params, at = (15, 8, 1), len(MAGIC1)
    elif blob.startswith(MAGIC) and len(blob) > len(MAGIC) + 3:
        params, at = (blob[len(MAGIC)], blob[len(MAGIC) + 1], blob[len(MAGIC) + 2]), len(MAGIC) + 3
        if any(not lo <= v <= hi for v, (lo, hi) in zip(params, _LIMITS.values(), strict=True)):
            raise bad
    else:
        raise bad
    if len(blob) < at + _SALT + _NONCE + _TAG:
        raise bad
    salt, nonce = blob[at:at + _SALT], blob[at + _SALT:at + _SALT + _NONCE]
    return blob[:at + _SALT + _NONCE], salt, nonce, params


def unseal_bytes(sealed: Path, password: str) -> bytes | mmap.mmap:
    """The database image inside ``sealed`` (in memory only); WrongPassword when it does not
    open. Decrypted in pieces, as it is sealed."""
    from cryptography.exceptions import InvalidTag

    try:
        blob = sealed.read_bytes()
    except OSError as exc:
        raise WrongPassword(tr("打不开备份文件：{path}").format(path=sealed), str(exc)) from exc
    header, salt, nonce, params = _parse(blob, sealed)
    body = memoryview(blob)[len(header):len(blob) - _TAG]
    decryptor = _cipher(_key(password or "", salt, *params), nonce, blob[-_TAG:]).decryptor()
    decryptor.authenticate_additional_data(header)
    # anonymous memory: its pages come zeroed from the system as they are written (a bytearray of a
    # street's 300 MB was zero-filled holding the interpreter lock, 0.13–0.23 s)
    size = len(body)
    plain: bytes | mmap.mmap = mmap.mmap(-1, size) if size else b""
    out = memoryview(plain)
    try:
        at = 0
        while size - at >= CHUNK + 15:  # update_into wants a block of room beyond its input
            decryptor.update_into(body[at:at + CHUNK], out[at:])
            at += CHUNK
        rest = decryptor.update(body[at:])  # the last piece (under CHUNK + 15 bytes)
        if rest:
            out[at:] = rest
        decryptor.finalize()  # the tag: nothing of ``plain`` is used before it is checked
    except InvalidTag:
        raise WrongPassword(tr("备份密码不对，或者备份文件已被改动、损坏。")) from None
    finally:
        out.release()
    return plain
