"""Checking a backup file before it is restored, and putting it in place.

A restore never copies files over a live database: it writes the backup *into* the open
database with SQLite's backup API (one transaction, under SQLite's own locks), so a WAL file or
another reader beside it stays consistent, and a failure part-way leaves the old content.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from gridoffice.i18n import tr
from gridoffice.store import migrate
from gridoffice.store.engine import BUSY_TIMEOUT_MS
from gridoffice.store.errors import NotADatabase, SchemaTooNew, translate
from gridoffice.store.uris import readonly_uri

MADE_AT_KEY = "backup.made_at"  # written into every copy: when it was made


@dataclass(frozen=True)
class SnapshotInfo:
    path: Path
    revision: str
    made_at: dt.datetime | None
    office: str
    counts: dict[str, int] = field(default_factory=dict)  # households, persons


def check(path: Path) -> SnapshotInfo:
    """Open ``path`` read-only: it must be a sound GridOffice database of a schema this program
    knows (not newer). Raises NotADatabase / SchemaTooNew with a sentence."""
    if not path.is_file():
        raise NotADatabase(tr("备份文件不存在：{path}").format(path=path))
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise NotADatabase(tr("打不开备份文件：{path}").format(path=path), str(exc)) from exc
    try:
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.Error as exc:
            raise NotADatabase(tr("这个文件不是网格办公的数据库，或者已经损坏：{path}").format(path=path), str(exc)) from exc
        if result != ["ok"]:
            raise NotADatabase(tr("备份文件已损坏（完整性检查未通过），不能恢复：{path}").format(path=path),
                               "; ".join(result[:5]))
        if "alembic_version" not in tables or "person" not in tables:
            raise NotADatabase(tr("这个文件不是网格办公的数据库：{path}").format(path=path))
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = revision[0] if revision else ""
        if revision not in migrate.known_revisions():
            raise SchemaTooNew(tr("这个备份由更新版本的网格办公制作（结构版本 {rev}），本程序不能恢复它。").format(rev=revision))
        settings = dict(conn.execute("SELECT key, value FROM setting").fetchall())
        counts = {
            "households": conn.execute("SELECT count(*) FROM household WHERE deleted_at IS NULL").fetchone()[0],
            "persons": conn.execute("SELECT count(*) FROM person WHERE deleted_at IS NULL").fetchone()[0],
        }
    finally:
        conn.close()
    made = settings.get(MADE_AT_KEY)
    made_at = dt.datetime.fromisoformat(made) if made else None
    if made_at is None:
        made_at = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    return SnapshotInfo(path, revision, made_at, settings.get("office_name", ""), counts)


def stamp(path: Path, when: dt.datetime) -> None:
    """Record in a fresh copy when it was made (the restore dialog shows it)."""
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (MADE_AT_KEY, when.isoformat()))
    conn.close()


def restore_into(source: Path, live: Path) -> None:
    """Write the checked backup ``source`` into the live database file ``live``."""
    try:
        src = sqlite3.connect(readonly_uri(source), uri=True)
        try:
            dest = sqlite3.connect(live, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                dest.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                src.backup(dest)
                dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                dest.close()
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        known = translate(exc, str(live))
        if known is not None:
            raise known from exc
        raise
