"""Per-user settings (QSettings, an INI file in the data folder, apart from the database)."""

from __future__ import annotations

import getpass

from PySide6.QtCore import QSettings

from gridoffice import paths


def user_settings() -> QSettings:
    return QSettings(str(paths.data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def operator() -> str:
    value = user_settings().value("operator", "")
    if value:
        return str(value)
    try:
        return getpass.getuser()
    except Exception:
        return ""
