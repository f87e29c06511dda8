"""Which database the GUI opens at start: --db, GRIDOFFICE_DB, the demo village, the first-run
wizard's choice, or the last database used (default: the data folder's gridoffice.db)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QWidget

from gridoffice import paths
from gridoffice.services import settings as office
from gridoffice.store import Database, StoreError
from gridoffice.ui import settings
from gridoffice.ui.first_run import (
    START_DEMO,
    START_EMPTY,
    WHERE_DEFAULT,
    FirstRunChoice,
    FirstRunWizard,
)


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


@dataclass
class Start:
    db: Database
    then: str = START_EMPTY  # what to do once the window shows (e.g. open the import wizard)


def open_demo_village() -> Database:
    """The demo village in the data folder, generated on first use."""
    from gridoffice.services.demo import core as demo
    from gridoffice.services.stats import counts

    db = Database.open(str(paths.demo_db_path()), operator=settings.operator() or _t("演示员"))
    if counts(db).communities == 0:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo.build(db, "village", on=dt.date.today())  # a living office: activity up to today
        finally:
            QApplication.restoreOverrideCursor()
    return db


def apply_first_run(choice: FirstRunChoice) -> Start:
    """Save the wizard's answers and open the database it chose."""
    settings.put(settings.OPERATOR, choice.operator)
    if choice.start == START_DEMO:
        db = open_demo_village()
    else:
        db = Database.open(choice.db_target, operator=choice.operator)
        if choice.office:
            office.put(db, office.OFFICE_NAME, choice.office)
        if choice.admin_code:
            office.put(db, office.ADMIN_CODE, choice.admin_code)
        if choice.where != WHERE_DEFAULT and choice.db_target:
            settings.put(settings.LAST_DATABASE, choice.db_target)
    settings.put(settings.FIRST_RUN_DONE, True)
    return Start(db, choice.start)


def ask_operator(parent: QWidget | None = None) -> str:
    """Asked once, when no name was ever given: who is working (the audit trail names them)."""
    name, ok = QInputDialog.getText(parent, _t("操作员"), _t("请输入您的姓名（记入操作日志，以后不再询问）："))
    name = name.strip() if ok else ""
    if name:
        settings.put(settings.OPERATOR, name)
    return name


def known_operator() -> str:
    """The clerk's saved name, else GRIDOFFICE_OPERATOR (as the CLI reads it: a scripted or
    measured start), else "" (then the clerk is asked once)."""
    return settings.operator() or os.environ.get("GRIDOFFICE_OPERATOR", "").strip()


def open_start_database(target: str | None, demo: bool) -> Start | None:
    try:
        if demo:
            return Start(open_demo_village())
        if target or os.environ.get("GRIDOFFICE_DB"):
            return Start(Database.open(target, operator=known_operator() or ask_operator()))
        if not settings.flag(settings.FIRST_RUN_DONE):
            wizard = FirstRunWizard()
            if wizard.exec() != QDialog.DialogCode.Accepted:
                return None
            return apply_first_run(wizard.choice())
        last = settings.value(settings.LAST_DATABASE) or None
        return Start(Database.open(last, operator=known_operator() or ask_operator()))
    except StoreError as exc:
        QMessageBox.critical(None, _t("打不开数据库"), str(exc))
        return None
