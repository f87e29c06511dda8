"""Office-wide settings stored in the database (they travel with it). The office options are
declared, typed, in gridoffice/options.py (scope ``OFFICE``); ``value`` reads one typed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gridoffice import options
from gridoffice.options import Option
from gridoffice.services.changes import Change, operation
from gridoffice.store import Database
from gridoffice.store.models import Setting

OFFICE_NAME = options.OFFICE_NAME
ADMIN_CODE = options.ADMIN_CODE


def get(db: Database, key: str | Option, default: str = "") -> str:
    with db.reading() as s:
        row = s.get(Setting, str(key))
        return row.value if row else default


def value(db: Database, option: Option) -> Any:
    """A declared office option, typed (its default when unset or unreadable)."""
    return option.parse(get(db, option))


def read(s: Session, option: Option) -> Any:
    """Inside a session: a declared office option, typed (its default when unset; a text
    stored empty stays empty)."""
    row = s.get(Setting, option.key)
    if row is None:
        return option.default
    return row.value if option.type is str else option.parse(row.value)


def put(db: Database, key: str | Option, value: str) -> None:
    with db.session() as s:
        write(s, key, value)


def write(s: Session, key: str | Option, value: str) -> None:
    """Inside a session or operation: store one setting."""
    key = str(key)
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=value))
    else:
        row.value = value


def change(db: Database, values: dict[str, str] | dict[Option, str], description: str) -> Change:
    """Store settings as one undoable operation."""
    with operation(db, description) as op:
        for key, value in values.items():
            write(op.session, key, value)
        op.touch("setting")
    return op.change


# ---- the clerk's own preferences (a file in the data folder, written by the GUI) ---------------
PREFERENCES = "preferences.ini"  # ui/settings.user_settings: QSettings' INI format


def saved_operator() -> str:
    """The operator name the GUI saved (first-run wizard, 设置, or asked once at start), read
    without Qt so the CLI names the same clerk; "" when none was saved or the file is unreadable."""
    from gridoffice import options

    return options.saved_operator()
