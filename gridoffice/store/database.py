"""The open database: engine, URL and short sessions. Every layer above takes a ``Database``."""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from gridoffice.store import (
    audit,
    generations,
    history,
    maintenance,
    migrate,
    outputs,
    text_guard,
    versioning,
)
from gridoffice.store.engine import (
    check_target,
    display_name,
    is_sqlite,
    make_engine,
    resolve_url,
    sqlite_path,
)
from gridoffice.store.errors import translate


@dataclass
class Database:
    url: str
    engine: Engine
    operator: str = ""
    upgraded_from_copy: str | None = field(default=None)
    # figures derived from many rows, kept while their tables are unchanged (services/derived.py)
    derived: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)
    counters: generations.Counters = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.counters = generations.Counters(self.engine, sqlite_path(self.url))

    @classmethod
    def open(cls, target: str | None = None, *, operator: str = "", allow_upgrade: bool = True,
             create: bool = True) -> Database:
        """Open (creating or upgrading as needed). Raises a StoreError with a sentence.

        ``create=False`` refuses a SQLite file that does not exist yet (a mistyped path)."""
        url = resolve_url(target)
        path = check_target(url, create=create)
        if path is not None and not path.exists() and path.parent.is_dir():
            with contextlib.suppress(OSError):  # a new database is its owner's only (0600)
                outputs.create_private(path)
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            copy = migrate.ensure_schema(engine, allow_upgrade=allow_upgrade)
            maintenance.ensure_stats(engine)
            generations.fold(engine)
        except Exception as exc:
            engine.dispose()
            known = translate(exc, display_name(url))
            if known is not None and known is not exc:
                raise known from exc
            raise
        return cls(url=url, engine=engine, operator=operator, upgraded_from_copy=copy)

    @classmethod
    def revision_of(cls, target: str | None) -> str | None:
        """The schema revision of an existing database (None: an empty one), without creating,
        upgrading or otherwise touching it."""
        url = resolve_url(target)
        check_target(url, create=False)
        engine = make_engine(url)
        try:
            return migrate.current(engine)
        except Exception as exc:
            known = translate(exc, display_name(url))
            if known is None:
                raise
            raise known from exc
        finally:
            engine.dispose()

    @property
    def name(self) -> str:
        return display_name(self.url)

    @property
    def file_path(self) -> Path | None:
        """The SQLite file, None for a server database."""
        return sqlite_path(self.url)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work: commits on success, rolls back on error, translates known
        environment errors (locked, disk full, read-only) into StoreError."""
        s = Session(self.engine, expire_on_commit=False, info={"operator": self.operator})
        try:
            yield s
            s.commit()
        except DBAPIError as exc:
            s.rollback()
            known = translate(exc, self.name)
            if known is not None:
                raise known from exc
            raise
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    @contextmanager
    def operation(self) -> Iterator[history.Operation]:
        """One session, one transaction, and the record of every row it wrote
        (``op.session``, ``op.history``; see store/history.py). Commits on success; on any
        error nothing is written."""
        with self.session() as s:
            yield history.begin(s)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (no commit)."""
        s = Session(self.engine, expire_on_commit=False)
        try:
            yield s
        except DBAPIError as exc:
            known = translate(exc, self.name)
            if known is not None:
                raise known from exc
            raise
        finally:
            s.close()

    @contextmanager
    def alone(self) -> Iterator[None]:
        """The pool's connections closed and the change watcher closed and kept closed while
        something needs the file alone (a restore that changes the page size leaves WAL mode);
        they open again when next needed after."""
        with self.counters.held():
            self.engine.dispose()
            yield

    def close(self) -> None:
        self.counters.close()
        self.engine.dispose()


audit.install()
history.install()
text_guard.install()
versioning.install()
