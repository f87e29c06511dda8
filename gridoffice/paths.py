"""Where the program keeps its data: the per-user data folder.

``GRIDOFFICE_HOME`` overrides it (tests, portable installs). On Windows the folder is
``%APPDATA%\\GridOffice``; elsewhere ``$XDG_DATA_HOME/gridoffice`` (``~/.local/share``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "GridOffice"


def data_dir() -> Path:
    override = os.environ.get("GRIDOFFICE_HOME")
    if override:
        path = Path(override)
    elif sys.platform == "win32":
        path = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_NAME
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / APP_NAME.lower()
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "gridoffice.db"


def demo_db_path() -> Path:
    return data_dir() / "demo-village.db"


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
