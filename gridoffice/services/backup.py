"""Backups: before risky work (import, restore, upgrade), daily on the first start of a day,
by hand ("Back up now", ``gridoffice backup``), rotated; restore from a checked file.

File names say what a copy is and whose it is:
``<db stem>.<reason>-YYYYMMDD-HHMMSS-ffffff.<identity>.db`` (``.gobak`` when sealed with a
password, see store/sealed.py); the identity is the database's UUID (store/identity.py), so
rotation never touches another database's copies, even one with the same file name. Copies
made before identities existed (``<stem>.<reason>-YYYYMMDD-HHMMSS.db``) are listed but never
rotated away. A server (PostgreSQL) database is backed up by
the server's own tools (pg_dump); these functions say so instead of copying.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert

from gridoffice import paths
from gridoffice.i18n import tr
from gridoffice.services.changes import Change
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database, StoreError, identity, migrate, sealed, snapshot
from gridoffice.store.backup import aside_name, connect_readonly, copy_sqlite, unique_stamp
from gridoffice.store.engine import sqlite_path
from gridoffice.store.errors import NotADatabase
from gridoffice.store.models import AuditEvent, Setting

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(?P<stem>.+)\.(?P<reason>[a-z0-9-]+?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<us>\d{6}))?"
                   r"(?:\.(?P<ident>[0-9a-f]{12}))?(?P<suffix>\.db|\.gobak)$")


class ServerDatabase(ServiceError):
    pass


@dataclass(frozen=True)
class BackupSettings:
    """Where and how many (the GUI keeps these in the per-user settings)."""

    folder: Path | None = None  # None: the data folder's backups/
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12
    keep_latest: int = 5  # the newest copies are always kept (e.g. just before an import)

    def target(self) -> Path:
        return Path(self.folder) if self.folder else paths.backup_dir()


@dataclass(frozen=True)
class BackupFile:
    path: Path
    reason: str  # daily / manual / before-import / before-restore …
    made_at: dt.datetime
    sealed: bool
    ident: str = ""  # the database's identity (short form); "" for a copy older than identities

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _source(db: Database) -> Path:
    source = sqlite_path(db.url)
    if source is None:
        raise ServerDatabase(tr("这是服务器上的数据库（PostgreSQL），请由管理员用 pg_dump 在服务器上备份。"))
    return source


def identity_of(db: Database) -> str:
    """The short identity written into backup names ("" when it cannot be stored, e.g. a
    read-only file: such copies are kept, never rotated)."""
    try:
        return identity.short(identity.database_uuid(db))
    except StoreError as exc:
        log.warning("no database identity for backup names: %s", exc)
        return ""


def _make(db: Database, reason: str, folder: Path, password: str | None = None) -> Path:
    source = _source(db)
    stamp = unique_stamp()
    plain = aside_name(folder / source.name, reason, identity_of(db), stamp)
    now = stamp.replace(microsecond=0)
    if password:  # copied and sealed in memory: the plaintext never rests on disk
        sealed.check_password(password)
        target = snapshot.sealed_copy(source, plain.with_suffix(sealed.SUFFIX), password, now)
    else:
        target = copy_sqlite(source, plain, finish=lambda copy: snapshot.stamp_connection(copy, now))
    log.info("backup (%s): %s", reason, target)
    return target


def backup_before(db: Database, reason: str, folder: Path | None = None) -> Path | None:
    """Copy a SQLite database into the backup folder before ``reason`` (e.g. "import").
    Returns the copy's path; None for a server database (backed up by its own tools)."""
    if sqlite_path(db.url) is None:
        return None
    return _make(db, f"before-{reason}", folder or paths.backup_dir())


def backup_now(db: Database, folder: Path | None = None, password: str | None = None) -> Path:
    """"Back up now" / ``gridoffice backup [--to DIR]``: a checked copy, sealed when a password
    is given."""
    target_dir = Path(folder) if folder else paths.backup_dir()
    path = _make(db, "manual", target_dir, password)
    if not password:
        snapshot.check(path)
    return path


def list_backups(folder: Path, stem: str | None = None) -> list[BackupFile]:
    """The program's backups in ``folder`` (of the database ``stem``), newest first."""
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        m = _NAME.match(path.name)
        if not m or (stem and m["stem"] != stem):
            continue
        made = dt.datetime.strptime(m["stamp"] + (m["us"] or "000000"), "%Y%m%d-%H%M%S%f")
        found.append(BackupFile(path, m["reason"], made, m["suffix"] == sealed.SUFFIX, m["ident"] or ""))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def backups_of(db: Database, folder: Path) -> list[BackupFile]:
    """The copies of this database in ``folder`` (same file name and same identity, or made
    before identities existed), newest first."""
    source = _source(db)
    ident = identity_of(db)
    return [b for b in list_backups(folder, source.stem) if not b.ident or b.ident == ident]


def to_keep(backups: Iterable[BackupFile], settings: BackupSettings) -> set[Path]:
    """Grandfather-father-son: the newest copy of each of the last ``keep_daily`` days that have
    copies, of the last ``keep_weekly`` ISO weeks and ``keep_monthly`` months, plus the newest
    ``keep_latest`` copies."""
    ordered = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep = {b.path for b in ordered[:settings.keep_latest]}
    for limit, bucket in ((settings.keep_daily, lambda d: d.date()),
                          (settings.keep_weekly, lambda d: d.isocalendar()[:2]),
                          (settings.keep_monthly, lambda d: (d.year, d.month))):
        seen: list[object] = []
        for b in ordered:
            key = bucket(b.made_at)
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(key)
            keep.add(b.path)
    return keep


def rotate(folder: Path, stem: str, settings: BackupSettings, ident: str = "") -> list[Path]:
    """Delete the copies of the database ``stem`` with identity ``ident`` that the policy no
    longer keeps; returns what was deleted. Copies of another database (another identity,
    even under the same file name) and copies without an identity are never touched."""
    if not ident:
        return []
    backups = [b for b in list_backups(folder, stem) if b.ident == ident]
    keep = to_keep(backups, settings)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    if removed:
        log.info("rotated away %d old backups in %s", len(removed), folder)
    return removed


def daily_backup(db: Database, settings: BackupSettings | None = None,
                 today: dt.date | None = None) -> Path | None:
    """On the first start of a day: one copy (when none of today's exists yet), then rotate.
    None when nothing was needed (already done today, or a server database)."""
    settings = settings or BackupSettings()
    source = sqlite_path(db.url)
    if source is None:
        return None
    folder = settings.target()
    today = today or dt.date.today()
    if any(b.made_at.date() == today and b.reason == "daily" for b in backups_of(db, folder)):
        return None
    path = _make(db, "daily", folder)
    rotate(folder, source.stem, settings, identity_of(db))
    return path


def _open(path: Path, password: str | None) -> sqlite3.Connection:
    """The backup ``path`` open for checking: read-only, or unsealed into memory (never onto
    disk) when it is sealed."""
    if sealed.is_sealed(path):
        return snapshot.from_image(sealed.unseal_bytes(path, password or ""), path)
    if not path.is_file():
        raise NotADatabase(tr("备份文件不存在：{path}").format(path=path))
    try:
        return connect_readonly(path)
    except sqlite3.Error as exc:
        raise NotADatabase(tr("打不开备份文件：{path}").format(path=path), str(exc)) from exc


def inspect(path: Path, password: str | None = None) -> snapshot.SnapshotInfo:
    """Check a backup file (a sealed one in memory); raises with a sentence."""
    path = Path(path)
    with closing(_open(path, password)) as conn:
        return snapshot.check_connection(conn, path)


def restore(db: Database, path: Path, password: str | None = None) -> tuple[Change, Path]:
    """Put the backup ``path`` in place of the open database: check it, back up the current
    state ("before-restore"), then write it in. Returns the change and the safety copy."""
    live = _source(db)
    path = Path(path)
    with closing(_open(path, password)) as source:
        info = snapshot.check_connection(source, path)
        safety = backup_before(db, "restore")
        assert safety is not None
        try:
            before: str | None = identity.database_uuid(db)  # made by backup_before
        except StoreError:
            before = None
        with db.alone():  # the pool and the change watcher: a page-size change needs the file alone
            snapshot.restore_into(source, live)
    db.engine.dispose()
    migrate.ensure_schema(db.engine)  # an older (known) schema is upgraded, with its own copy
    with db.session() as s:
        row = s.get(Setting, snapshot.MADE_AT_KEY)
        if row is not None:
            s.delete(row)
        if before and s.get(Setting, identity.UUID_KEY) is None:  # a copy older than identities: keep ours
            s.execute(insert(Setting).values(key=identity.UUID_KEY, value=before))
        s.add(AuditEvent(operator=db.operator, action="restore", table_name="database",
                         field="", old=str(safety), new=str(path)))
    made = info.made_at.strftime("%Y-%m-%d %H:%M") if info.made_at else "?"
    log.info("restored %s from %s (made %s); previous state kept in %s", live, path, made, safety)
    return Change.of(tr("从备份恢复（{made}）").format(made=made), tables=_ALL_TABLES), safety


_ALL_TABLES = ("grid", "staff", "post", "household", "person", "key_membership", "returnee_stay",
               "campaign", "kit_item", "campaign_adjustment", "entitlement", "visit_rule", "visit",
               "visit_visitor", "matter", "audit_event", "setting", "health_profile", "health_score_rule",
               "health_tier_override", "health_tier_snapshot", "doctor_signing", "health_service")


def rotate_backups(db: Database, settings: BackupSettings | None = None) -> list[Path]:
    """Rotate the open SQLite database's copies in the backup folder (the CLI's imports make
    a before-import copy each and never start the GUI's daily rotation)."""
    source = sqlite_path(db.url)
    if source is None:
        return []
    settings = settings or BackupSettings()
    return rotate(settings.target(), source.stem, settings)
