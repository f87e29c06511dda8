"""The per-user backup settings (where, how many), declared in gridoffice/options.py."""

from __future__ import annotations

from pathlib import Path

from gridoffice import options
from gridoffice.services.backup import BackupSettings
from gridoffice.ui import settings


def backup_settings() -> BackupSettings:
    folder = settings.get(options.BACKUP_FOLDER)
    return BackupSettings(
        folder=Path(folder) if folder else None,
        keep_daily=settings.get(options.BACKUP_KEEP_DAILY),
        keep_weekly=settings.get(options.BACKUP_KEEP_WEEKLY),
        keep_monthly=settings.get(options.BACKUP_KEEP_MONTHLY),
    )


def save_backup_settings(value: BackupSettings) -> None:
    store = settings.user_settings()
    store.setValue(options.BACKUP_FOLDER.key, str(value.folder) if value.folder else "")
    store.setValue(options.BACKUP_KEEP_DAILY.key, value.keep_daily)
    store.setValue(options.BACKUP_KEEP_WEEKLY.key, value.keep_weekly)
    store.setValue(options.BACKUP_KEEP_MONTHLY.key, value.keep_monthly)
    store.sync()


def set_operator(name: str) -> None:
    settings.set(options.OPERATOR, name)
