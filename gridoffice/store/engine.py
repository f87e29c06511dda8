"""Opening the database: a SQLite file (default) or a SQLAlchemy URL (PostgreSQL for a street
office sharing one database)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlmodel import Session

from gridoffice import paths
from gridoffice.i18n import tr
from gridoffice.store.errors import CannotOpen, NotADatabase

BUSY_TIMEOUT_MS = 8000


def resolve_url(target: str | os.PathLike[str] | None = None) -> str:
    """``--db`` / ``GRIDOFFICE_DB``: a file path or a SQLAlchemy URL; default the data folder."""
    value = str(target) if target else os.environ.get("GRIDOFFICE_DB") or ""
    if not value:
        value = str(paths.default_db_path())
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    try:
        path.as_posix().encode("utf-8")
    except UnicodeEncodeError as exc:  # bytes of another encoding in a file name: SQLite cannot open it
        shown = os.fsencode(path).decode("utf-8", "replace")
        raise CannotOpen(tr("数据库文件的路径里有无法识别的字符（可能是另一种编码的文件名）：{path}").format(path=shown),
                         str(exc)) from exc
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


SQLITE_HEADER = b"SQLite format 3\x00"


def check_target(url: str, *, create: bool) -> Path | None:
    """Refuse, with a sentence and before anything touches it, what cannot be a GridOffice
    database: an unknown URL scheme, a folder, a missing file (unless ``create``), an empty
    file (unless ``create``: it would silently become a database), a file that is not SQLite,
    or a SQLite file with tables of another program (opening it would switch it to WAL).
    Returns the SQLite file's path (None for a server database)."""
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
    except ArgumentError as exc:
        raise CannotOpen(tr("不是有效的数据库地址：{url}").format(url=url), str(exc)) from exc
    if backend not in ("sqlite", "postgresql"):
        raise CannotOpen(tr("不支持这种数据库：{scheme}。请用数据库文件的路径，或 postgresql+psycopg://… 地址。").format(
            scheme=parsed.drivername))
    try:
        parsed.get_dialect()
    except (NoSuchModuleError, ImportError) as exc:
        raise CannotOpen(tr("缺少连接这种数据库的驱动：{scheme}。PostgreSQL 请写 postgresql+psycopg://…").format(
            scheme=parsed.drivername), str(exc)) from exc
    path = sqlite_path(url)
    if path is None:
        return None
    if path.is_dir():
        raise CannotOpen(tr("这是一个文件夹，不是数据库文件：{path}").format(path=path))
    if not path.exists():
        if not create:
            raise CannotOpen(tr("数据库文件不存在：{path}").format(path=path))
        return path
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise CannotOpen(tr("无法读取数据库文件：{path}（{error}）").format(path=path, error=exc.strerror or exc),
                         str(exc)) from exc
    if not header:
        if not create:
            raise NotADatabase(tr("这个文件是空的（0 字节），不是网格办公的数据库，程序没有改动它：{path}").format(path=path))
        return path
    if header != SQLITE_HEADER:
        raise NotADatabase(tr("这个文件不是网格办公的数据库，程序没有改动它：{path}").format(path=path))
    tables = _sqlite_tables(path)
    if tables and "alembic_version" not in tables:
        raise NotADatabase(tr("这个数据库里已有别的表，不是网格办公的数据库，程序没有改动它。"))
    return path


def _sqlite_tables(path: Path) -> set[str]:
    """Table names, read without writing (an empty set when it cannot be read that way)."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return set()
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return set()
    finally:
        conn.close()


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
