"""Opening the database: a SQLite file (default) or a SQLAlchemy URL (PostgreSQL for a street
office sharing one database)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlmodel import Session

from gridoffice import paths

BUSY_TIMEOUT_MS = 8000


def resolve_url(target: str | os.PathLike[str] | None = None) -> str:
    """``--db`` / ``GRIDOFFICE_DB``: a file path or a SQLAlchemy URL; default the data folder."""
    value = str(target) if target else os.environ.get("GRIDOFFICE_DB") or ""
    if not value:
        value = str(paths.default_db_path())
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    # the path is data: URL.create escapes ``?``, ``#``, ``%`` so make_url gives it back whole
    return URL.create("sqlite", database=path.as_posix()).render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def display_name(url: str) -> str:
    """What the status bar shows: the file path, or the URL without its password."""
    path = sqlite_path(url)
    return str(path) if path else make_url(url).render_as_string(hide_password=True)


def _on_sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit the clerk saw is on disk before the call returns, so a power cut loses
    # nothing confirmed (NORMAL may drop the last commits; one fsync per short edit is cheap)
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: an error's text never carries the row's values (ID numbers, names)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True)
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def session(engine: Engine) -> Session:
    """A short session; use as ``with session(engine) as s: ...``."""
    return Session(engine, expire_on_commit=False)
