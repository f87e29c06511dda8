"""Whether tables changed since a figure was read from them (services/derived.py keeps figures
while they have not). Every writer counts, whatever path it takes — an operation, a bulk
import, an exchange package, an undo, raw SQL, another program on the same file, another clerk
on a shared PostgreSQL database:

- **PostgreSQL**: a statement trigger on each watched table adds a row to ``data_change`` for
  its group, once per writing transaction, with the transaction's id (migration 0009). A group's
  stamp is (its rows' count, the largest id): the count grows with every commit that wrote the
  group — visible exactly when the data is — and the ids never repeat, even after the database
  is restored from a dump. Only inserts: writers never wait for each other on it. New visits
  leave a figure of the key persons kept.
- **SQLite**: ``PRAGMA data_version`` of a connection of our own that never writes: it changes
  whenever any other connection commits. Any commit moves every group. Row triggers would tell
  the groups apart but cost 6–12 µs a row on SQLite (measured: bulk inserts of visits +60–80 %:
  each statement then needs its own statement journal); the table exists on SQLite too (one
  schema) and stays empty there.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import BigInteger, Column, Engine, Index, Integer, delete, func, insert, select
from sqlalchemy.exc import DBAPIError
from sqlmodel import Field, Session, SQLModel

# group → its tables; migration 0009 creates PostgreSQL's triggers (a test keeps the two equal)
WATCHED: dict[str, tuple[str, ...]] = {
    "key_inputs": ("person", "household", "grid", "key_membership", "health_profile",
                   "health_tier_override", "visit_rule", "health_score_rule"),
    "visits": ("visit",),
}
KEY_INPUTS, VISITS = "key_inputs", "visits"
UNKNOWN = -1  # a stamp part that is never kept (no counter to read)
FOLD_ABOVE = 1000  # rows of a group folded into one when the database is opened
log = logging.getLogger(__name__)


class DataChange(SQLModel, table=True):
    """One transaction's writes to a group of tables (PostgreSQL; imported into store/models.py
    with the other tables). ``n``: how many rows this one stands for (1, or the folded ones)."""

    __tablename__ = "data_change"
    __table_args__ = (Index("ix_data_change_name", "name", "xid"),)  # the trigger's test and the stamp

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"),
                                                          primary_key=True))
    name: str = Field(max_length=40)
    n: int
    xid: int = Field(sa_type=BigInteger)


class Counters:
    """The change stamps of one open database."""

    def __init__(self, engine: Engine, sqlite_file: Path | None) -> None:
        self.engine = engine
        self.sqlite_file = sqlite_file
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._watcher: sqlite3.Connection | None = None
        self._opened = 0  # watchers opened: a new one counts data_version from its own start
        self._held = 0  # while the file must be alone (a restore), no watcher is opened
        self._closed = False  # the database was closed: nothing is kept any more
        self._lock = threading.Lock()  # the pool's threads share the watcher

    def stamp(self, groups: tuple[str, ...]) -> tuple[int, ...]:
        """The stamp of ``groups`` now: equal stamps, nothing of theirs was written between."""
        if self.is_sqlite:
            version = self._data_version()
            return tuple(version for _ in groups)
        if self._closed:
            return tuple(UNKNOWN for _ in groups)
        with Session(self.engine) as s:
            found = {name: (int(n), int(xid)) for name, n, xid in s.execute(
                select(DataChange.name, func.sum(DataChange.n), func.max(DataChange.xid))
                .where(DataChange.name.in_(groups)).group_by(DataChange.name))}
        return tuple(part for g in groups for part in found.get(g, (0, 0)))

    def _data_version(self) -> int:
        with self._lock:
            if self.sqlite_file is None or self._closed or self._held:  # in memory; closed; a restore
                return UNKNOWN
            try:
                if self._watcher is None:
                    if not self.sqlite_file.is_file():  # never created here (a plain path: UNC paths work)
                        return UNKNOWN
                    self._watcher = sqlite3.connect(str(self.sqlite_file), check_same_thread=False,
                                                    isolation_level=None)
                    self._opened += 1
                version = int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
                # which watcher, then its count: a value of a closed watcher never equals a new one's
                return (self._opened << 40) + version
            except sqlite3.Error:
                self._close_watcher()
                return UNKNOWN

    def _close_watcher(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    @contextmanager
    def held(self) -> Iterator[None]:
        """The watcher closed and not opened again until the end (the file must be alone)."""
        with self._lock:
            self._held += 1
            self._close_watcher()
        try:
            yield
        finally:
            with self._lock:
                self._held -= 1

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._close_watcher()


def fold(engine: Engine) -> None:
    """PostgreSQL: a group's rows beyond ``FOLD_ABOVE`` become one row with the same count and
    the same largest transaction id (its stamp does not move). Rows of transactions not yet
    committed are not seen, so not folded: they count when they commit, as before."""
    if engine.dialect.name != "postgresql":
        return
    try:
        _fold(engine)
    except DBAPIError:  # a role that may not delete, a lock: the log only stays longer
        log.info("change log not folded for %s", engine.url, exc_info=True)


def _fold(engine: Engine) -> None:
    with Session(engine) as s:
        for name in WATCHED:
            if (s.scalar(select(func.count()).select_from(DataChange).where(DataChange.name == name)) or 0) <= FOLD_ABOVE:
                continue
            gone = s.execute(delete(DataChange).where(DataChange.name == name)
                             .returning(DataChange.n, DataChange.xid)).all()
            if gone:  # none when another office's program folded them at the same moment
                s.execute(insert(DataChange).values(name=name, n=sum(n for n, _x in gone),
                                                    xid=max(x for _n, x in gone)))
        s.commit()
