"""Per-user settings (QSettings INI files in the data folder, apart from the database).

``preferences.ini`` holds what the user chose; every key in it is declared once, typed, in
``gridoffice/options.py`` (operator, language, paper size, masked display, first-run done, last
database, backup, export folders), which the CLI reads too. ``window.ini`` holds window geometry
only, so resetting the layout never loses a preference. Office details (name, 行政区划代码) belong
to the data and live in the database (services/settings.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

from gridoffice import options, paths
from gridoffice.options import (  # noqa: F401  (the names callers use)
    FIRST_RUN_DONE,
    LANGUAGE,
    LAST_DATABASE,
    MASKED_DISPLAY,
    OPERATOR,
    PAPER,
    Option,
)


def user_settings() -> QSettings:
    return QSettings(str(options.preferences_file()), QSettings.Format.IniFormat)


def window_state() -> QSettings:
    return QSettings(str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat)


def get(option: Option) -> Any:
    """A declared option, typed (its default when unset)."""
    return option.parse(user_settings().value(option.key))


def set(option: Option, new: Any) -> None:
    store = user_settings()
    store.setValue(option.key, option.text(new) if option.type is bool else new)
    store.sync()


def value(key: str | Option, default: str = "") -> str:
    raw = user_settings().value(str(key), default)
    return str(raw) if raw is not None else default


def flag(key: str | Option, default: bool = False) -> bool:
    return value(key, "true" if default else "false").lower() in ("true", "1", "yes")


def put(key: str | Option, new: str | bool) -> None:
    store = user_settings()
    store.setValue(str(key), ("true" if new else "false") if isinstance(new, bool) else new)
    store.sync()


def operator() -> str:
    """The name the clerk gave (first-run wizard, settings, or asked once at start); never the
    computer's login name, which on an office PC says nothing about who made a change."""
    return str(get(OPERATOR)).strip()
