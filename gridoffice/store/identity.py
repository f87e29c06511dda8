"""The database's identity: a UUID kept in the ``setting`` table, made on first use.

Backups carry it in their file name, so two databases that happen to share a file name (every
office's ``gridoffice.db``) and a backup folder never rotate each other's copies away. A copy
made by the program carries the same identity: it *is* the same database at another time.
"""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select

from gridoffice.i18n import tr
from gridoffice.store.database import Database
from gridoffice.store.errors import StoreError
from gridoffice.store.models import Setting

UUID_KEY = "database.uuid"


def database_uuid(db: Database) -> str:
    """This database's UUID (32 hex digits), created and stored on the first call. Two
    processes asking at once agree: the second insert loses and reads the first one's."""
    with db.reading() as s:
        found = s.execute(select(Setting.value).where(Setting.key == UUID_KEY)).scalar()
    if found:
        return str(found)
    try:
        with db.session() as s:  # Core: an internal key, not an edit for the audit trail
            s.execute(insert(Setting).values(key=UUID_KEY, value=uuid.uuid4().hex))
    except StoreError:
        pass  # another process was first (Conflict), or the file is read-only: read again
    with db.reading() as s:
        found = s.execute(select(Setting.value).where(Setting.key == UUID_KEY)).scalar()
    if not found:
        raise StoreError(tr("无法读取数据库的标识（setting 表）。"))
    return str(found)


def short(ident: str) -> str:
    """The part of the UUID written into backup file names."""
    return ident.replace("-", "")[:12].lower()
