"""Office-wide settings stored in the database (they travel with it)."""

from __future__ import annotations

from gridoffice.store import Database
from gridoffice.store.models import Setting

OFFICE_NAME = "office_name"
ADMIN_CODE = "admin_code"


def get(db: Database, key: str, default: str = "") -> str:
    with db.reading() as s:
        row = s.get(Setting, key)
        return row.value if row else default


def put(db: Database, key: str, value: str) -> None:
    with db.session() as s:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value
