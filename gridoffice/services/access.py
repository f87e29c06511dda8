"""The optional program password (set in the Data-safety pane).

It is stored in the database's own settings table as a salted scrypt hash
(``scrypt$n$r$p$salt$hash``, hashlib.scrypt, 16-byte random salt), so it travels with the
database to any PC and holds for the GUI and the command line alike.

What it protects against, honestly: someone sitting down at the office PC and opening
GridOffice (or running ``gridoffice``) without knowing the password. It does NOT encrypt the
database: whoever copies the file can read it with any SQLite tool. For a copy that leaves the
office use a password-protected backup (services/backup.py, AES-GCM).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from gridoffice.i18n import tr
from gridoffice.services.changes import Change
from gridoffice.services.errors import ServiceError, cli_only
from gridoffice.store import Database
from gridoffice.store.models import AuditEvent, Setting

KEY = "access.password"
_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 4


class AccessDenied(ServiceError):
    pass


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_hash(stored: str, password: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(base64.b64decode(digest)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


def _stored(db: Database) -> str:
    with db.reading() as s:
        row = s.get(Setting, KEY)
        return row.value if row else ""


def password_set(db: Database) -> bool:
    return bool(_stored(db))


def check(db: Database, password: str) -> bool:
    """True when no password is set, or ``password`` is it."""
    stored = _stored(db)
    return not stored or verify_hash(stored, password or "")


def _write(db: Database, value: str, what: str) -> None:
    with db.session() as s:
        row = s.get(Setting, KEY)
        if row is None:
            s.add(Setting(key=KEY, value=value))
        else:
            row.value = value
        s.add(AuditEvent(operator=db.operator, action="password", table_name="setting", field=KEY,
                         new=what))


def set_password(db: Database, new: str, old: str = "") -> Change:
    """Set or change the program password (the old one is needed when one is set)."""
    if not check(db, old):
        raise AccessDenied(tr("原密码不对，密码没有改。"))
    if len(new) < MIN_LENGTH:
        raise AccessDenied(tr("密码至少要 {n} 个字符。").format(n=MIN_LENGTH))
    _write(db, hash_password(new), tr("已设置"))
    return Change.of(tr("设置程序密码"), tables=["setting"])


def clear_password(db: Database, old: str) -> Change:
    if not check(db, old):
        raise AccessDenied(tr("密码不对，没有取消。"))
    _write(db, "", tr("已取消"))
    return Change.of(tr("取消程序密码"), tables=["setting"])


def require(db: Database, password: str | None) -> None:
    """Raise AccessDenied unless the program may open ``db`` with ``password``."""
    if not password_set(db):
        return
    if not password:
        raise AccessDenied(tr("这个数据库设了程序密码，请输入密码。"),
                           **cli_only(tr("（命令行可用环境变量 GRIDOFFICE_PASSWORD）")))
    if not check(db, password):
        raise AccessDenied(tr("程序密码不对。"))
