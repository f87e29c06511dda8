"""Backups: before risky work (import, restore, upgrade), daily on the first start of a day,
by hand ("Back up now", ``gridoffice backup``), rotated; restore from a checked file.

File names say what a copy is: ``<db stem>.<reason>-YYYYMMDD-HHMMSS.db`` (``.gobak`` when
sealed with a password, see store/sealed.py). A server (PostgreSQL) database is backed up by
the server's own tools (pg_dump); these functions say so instead of copying.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gridoffice import paths
from gridoffice.i18n import tr
from gridoffice.services.changes import Change
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database, migrate, sealed, snapshot
from gridoffice.store.backup import aside_name, copy_sqlite
from gridoffice.store.engine import sqlite_path
from gridoffice.store.models import AuditEvent, Setting

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(?P<stem>.+)\.(?P<reason>[a-z0-9-]+?)-(?P<stamp>\d{8}-\d{6})(?P<suffix>\.db|\.gobak)$")


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

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _source(db: Database) -> Path:
    source = sqlite_path(db.url)
    if source is None:
        raise ServerDatabase(tr("这是服务器上的数据库（PostgreSQL），请由管理员用 pg_dump 在服务器上备份。"))
    return source


def _make(db: Database, reason: str, folder: Path, password: str | None = None) -> Path:
    source = _source(db)
    now = dt.datetime.now().replace(microsecond=0)
    plain = aside_name(folder / source.name, reason)
    if password:
        with tempfile.TemporaryDirectory(prefix="gridoffice-seal-") as tmp:
            inner = copy_sqlite(source, Path(tmp) / source.name)
            snapshot.stamp(inner, now)
            target = sealed.seal(inner, plain.with_suffix(sealed.SUFFIX), password)
    else:
        target = copy_sqlite(source, plain)
        snapshot.stamp(target, now)
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
        made = dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
        found.append(BackupFile(path, m["reason"], made, m["suffix"] == sealed.SUFFIX))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


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


def rotate(folder: Path, stem: str, settings: BackupSettings) -> list[Path]:
    """Delete the copies of ``stem`` the policy no longer keeps; returns what was deleted."""
    backups = list_backups(folder, stem)
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
    existing = list_backups(folder, source.stem)
    if any(b.made_at.date() == today and b.reason == "daily" for b in existing):
        return None
    path = _make(db, "daily", folder)
    rotate(folder, source.stem, settings)
    return path


def inspect(path: Path, password: str | None = None) -> snapshot.SnapshotInfo:
    """Check a backup file (unsealing a copy first when needed); raises with a sentence."""
    path = Path(path)
    if sealed.is_sealed(path):
        with tempfile.TemporaryDirectory(prefix="gridoffice-check-") as tmp:
            inner = sealed.unseal(path, Path(tmp) / "check.db", password or "")
            info = snapshot.check(inner)
            return snapshot.SnapshotInfo(path, info.revision, info.made_at, info.office, info.counts)
    return snapshot.check(path)


def restore(db: Database, path: Path, password: str | None = None) -> tuple[Change, Path]:
    """Put the backup ``path`` in place of the open database: check it, back up the current
    state ("before-restore"), then write it in. Returns the change and the safety copy."""
    live = _source(db)
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="gridoffice-restore-") as tmp:
        source = path
        if sealed.is_sealed(path):
            source = sealed.unseal(path, Path(tmp) / "restore.db", password or "")
        info = snapshot.check(source)
        safety = backup_before(db, "restore")
        assert safety is not None
        db.engine.dispose()
        snapshot.restore_into(source, live)
    db.engine.dispose()
    migrate.ensure_schema(db.engine)  # an older (known) schema is upgraded, with its own copy
    with db.session() as s:
        row = s.get(Setting, snapshot.MADE_AT_KEY)
        if row is not None:
            s.delete(row)
        s.add(AuditEvent(operator=db.operator, action="restore", table_name="database",
                         field="", old=str(safety), new=str(path)))
    made = info.made_at.strftime("%Y-%m-%d %H:%M") if info.made_at else "?"
    log.info("restored %s from %s (made %s); previous state kept in %s", live, path, made, safety)
    return Change.of(tr("从备份恢复（{made}）").format(made=made), tables=_ALL_TABLES), safety


_ALL_TABLES = ("grid", "staff", "post", "household", "person", "key_membership", "returnee_stay",
               "campaign", "kit_item", "campaign_adjustment", "entitlement", "visit_rule", "visit",
               "visit_visitor", "matter", "audit_event", "setting")


def rotate_backups(db: Database, settings: BackupSettings | None = None) -> list[Path]:
    """Rotate the open SQLite database's copies in the backup folder (the CLI's imports make
    a before-import copy each and never start the GUI's daily rotation)."""
    source = sqlite_path(db.url)
    if source is None:
        return []
    settings = settings or BackupSettings()
    return rotate(settings.target(), source.stem, settings)
