"""The per-user backup settings (where, how many), kept with the other QSettings."""

from __future__ import annotations

from pathlib import Path

from gridoffice.services.backup import BackupSettings
from gridoffice.ui import settings


def backup_settings() -> BackupSettings:
    store = settings.user_settings()
    folder = str(store.value("backup/folder", "") or "")
    defaults = BackupSettings()
    return BackupSettings(
        folder=Path(folder) if folder else None,
        keep_daily=int(store.value("backup/keep_daily", defaults.keep_daily)),
        keep_weekly=int(store.value("backup/keep_weekly", defaults.keep_weekly)),
        keep_monthly=int(store.value("backup/keep_monthly", defaults.keep_monthly)),
    )


def save_backup_settings(value: BackupSettings) -> None:
    store = settings.user_settings()
    store.setValue("backup/folder", str(value.folder) if value.folder else "")
    store.setValue("backup/keep_daily", value.keep_daily)
    store.setValue("backup/keep_weekly", value.keep_weekly)
    store.setValue("backup/keep_monthly", value.keep_monthly)
    store.sync()


def set_operator(name: str) -> None:
    store = settings.user_settings()
    store.setValue("operator", name)
    store.sync()
