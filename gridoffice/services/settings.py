"""Office-wide settings stored in the database (they travel with it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gridoffice.services.changes import Change, operation
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
        write(s, key, value)


def write(s: Session, key: str, value: str) -> None:
    """Inside a session or operation: store one setting."""
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=value))
    else:
        row.value = value


def change(db: Database, values: dict[str, str], description: str) -> Change:
    """Store settings as one undoable operation."""
    with operation(db, description) as op:
        for key, value in values.items():
            write(op.session, key, value)
        op.touch("setting")
    return op.change
