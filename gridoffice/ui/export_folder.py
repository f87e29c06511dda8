"""Where exports are proposed: the folder last used for that kind of ledger, else the last
export folder, else Documents\\网格办公 (made when the first file is written there)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

from gridoffice import options
from gridoffice.ui import settings

LAST_DIR_KEY = options.EXPORT_LAST_DIR.key


def documents_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    base = Path(documents) if documents else Path.home()
    return base / QCoreApplication.translate("export", "网格办公")


def folder_for(kind: str) -> Path:
    store = settings.user_settings()
    for key in (f"{LAST_DIR_KEY}/{kind}", LAST_DIR_KEY):
        value = store.value(key)
        if value and Path(str(value)).is_dir():
            return Path(str(value))
    return documents_folder()


def remember(kind: str, folder: Path) -> None:
    store = settings.user_settings()
    store.setValue(f"{LAST_DIR_KEY}/{kind}", str(folder))
    store.setValue(LAST_DIR_KEY, str(folder))
    store.sync()
