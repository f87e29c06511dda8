"""Per-user settings (QSettings INI files in the data folder, apart from the database).

``preferences.ini`` holds what the user chose (operator, language, paper size, masked display,
first-run done, last database); ``window.ini`` holds window geometry only, so resetting the
layout never loses a preference. Office details (name, 行政区划代码) belong to the data and live
in the database (services/settings.py)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from gridoffice import paths

OPERATOR = "operator"
LANGUAGE = "language"  # "" = follow the system, "zh_CN", "en"
PAPER = "paper_size"  # "A4" / "A3"
MASKED_DISPLAY = "display/masked"  # the masked display switch (ui/masking.py)
FIRST_RUN_DONE = "first_run_done"
LAST_DATABASE = "last_database"


def user_settings() -> QSettings:
    return QSettings(str(paths.data_dir() / "preferences.ini"), QSettings.Format.IniFormat)


def window_state() -> QSettings:
    return QSettings(str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat)


def value(key: str, default: str = "") -> str:
    raw = user_settings().value(key, default)
    return str(raw) if raw is not None else default


def flag(key: str, default: bool = False) -> bool:
    return value(key, "true" if default else "false").lower() in ("true", "1", "yes")


def put(key: str, new: str | bool) -> None:
    store = user_settings()
    store.setValue(key, ("true" if new else "false") if isinstance(new, bool) else new)
    store.sync()


def operator() -> str:
    """The name the clerk gave (first-run wizard, settings, or asked once at start); never the
    computer's login name, which on an office PC says nothing about who made a change."""
    return value(OPERATOR).strip()
