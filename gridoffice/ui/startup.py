"""Which database the GUI opens at start: --db, GRIDOFFICE_DB, the demo village or the default."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from gridoffice import paths
from gridoffice.store import Database, StoreError
from gridoffice.ui import settings


def _t(text: str) -> str:
    return QCoreApplication.translate("startup", text)


def open_demo_village() -> Database:
    """The demo village in the data folder, generated on first use."""
    from gridoffice.services import demo

    path = paths.demo_db_path()
    db = Database.open(str(path), operator=settings.operator())
    from gridoffice.services.stats import counts

    if counts(db).communities == 0:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo.build(db, "village")
        finally:
            QApplication.restoreOverrideCursor()
    return db


def open_start_database(target: str | None, demo: bool) -> Database | None:
    try:
        if demo:
            return open_demo_village()
        return Database.open(target, operator=settings.operator())
    except StoreError as exc:
        QMessageBox.critical(None, _t("打不开数据库"), str(exc))
        return None
