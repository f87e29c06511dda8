"""Storage: tables, engine, migrations, backups. Import ``Database`` from here.

The names are resolved on first use (PEP 562): importing a light module of this package
(``store.outputs``, ``store.errors``) must not load SQLAlchemy — the GUI shows its window before
the ORM is imported (issue 17)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gridoffice.store.database import Database
    from gridoffice.store.errors import StoreError

__all__ = ["Database", "StoreError"]


def __getattr__(name: str) -> Any:
    if name == "Database":
        from gridoffice.store.database import Database

        return Database
    if name == "StoreError":
        from gridoffice.store.errors import StoreError

        return StoreError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
