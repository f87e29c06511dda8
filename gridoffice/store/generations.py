"""Whether tables changed since a figure was read from them (services/derived.py keeps figures
while they have not). Every writer counts, whatever path it takes — an operation, a bulk
import, an exchange package, an undo, raw SQL, another program on the same file, another clerk
on a shared PostgreSQL database:

- **PostgreSQL**: a statement trigger on each watched table counts its group up in
  ``data_generation`` (migration 0009), in the writer's own transaction — so a group's counter
  moves exactly when its tables did, and a figure of the key persons outlives new visits.
- **SQLite**: ``PRAGMA data_version`` of a connection of our own that never writes: it changes
  whenever any other connection commits. Any commit moves every group. Row triggers would tell
  the groups apart but cost 6–12 µs a row on SQLite (measured: a roster import +4 %, bulk
  visits +60–80 %: each statement then needs its own statement journal); the table exists on
  SQLite too (one schema) and stays at zero there.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import Field, Session, SQLModel

# group → its tables; migration 0009 creates PostgreSQL's triggers (a test keeps the two equal)
WATCHED: dict[str, tuple[str, ...]] = {
    "key_inputs": ("person", "household", "grid", "key_membership", "health_profile",
                   "health_tier_override", "visit_rule", "health_score_rule"),
    "visits": ("visit",),
}
KEY_INPUTS, VISITS = "key_inputs", "visits"
UNKNOWN = -1  # a stamp part that is never kept (no counter to read)


class DataGeneration(SQLModel, table=True):
    """A group's change counter (imported into store/models.py with the other tables)."""

    __tablename__ = "data_generation"

    name: str = Field(primary_key=True, max_length=40)
    n: int


class Counters:
    """The change counters of one open database."""

    def __init__(self, engine: Engine, sqlite_file: Path | None) -> None:
        self.engine = engine
        self.sqlite_file = sqlite_file
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._watcher: sqlite3.Connection | None = None
        self._opened = 0  # watchers opened: a new one counts data_version from its own start
        self._lock = threading.Lock()  # the pool's threads share the watcher

    def stamp(self, groups: tuple[str, ...]) -> tuple[int, ...]:
        """The counters of ``groups`` now (equal stamps: nothing of theirs was written between)."""
        if self.is_sqlite:
            version = self._data_version()
            return tuple(version for _ in groups)
        with Session(self.engine) as s:
            found = {name: n for name, n in s.execute(select(DataGeneration.name, DataGeneration.n))}
        return tuple(int(found.get(g, UNKNOWN)) for g in groups)

    def _data_version(self) -> int:
        if self.sqlite_file is None:  # an in-memory database: no second connection can see it
            return UNKNOWN
        with self._lock:
            try:
                if self._watcher is None:
                    uri = f"{self.sqlite_file.resolve().as_uri()}?mode=rw"  # never created here, never written
                    self._watcher = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
                    self._opened += 1
                version = int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
                # which watcher, then its count: a value of a closed watcher never equals a new one's
                return (self._opened << 40) + version
            except sqlite3.Error:
                self._close()
                return UNKNOWN

    def _close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    def close(self) -> None:
        with self._lock:
            self._close()
