"""Storage: tables, engine, migrations, backups. Import ``Database`` from here."""

from gridoffice.store.database import Database
from gridoffice.store.errors import StoreError

__all__ = ["Database", "StoreError"]
