"""Which database the GUI opens at start: --db, GRIDOFFICE_DB, the demo village, the first-run
wizard's choice, or the last database used (default: the data folder's gridoffice.db).

A named or last-used database is opened after the window shows (``open_after_show``): the pool
imports SQLAlchemy and the models, opens and checks the database and reads the grid tree, while
the window stands with "正在打开数据库…"; the GUI thread then asks for the program password and
builds the panes. A database that cannot be opened still gets its sentence, and the program ends
(exit 1) as before. The demo village and the first-run wizard open it first (``open_start_database``)."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QWidget

from gridoffice import paths
from gridoffice.store.errors import StoreError
from gridoffice.ui import settings
from gridoffice.ui.errors import sentence
from gridoffice.ui.first_run import (
    START_DEMO,
    START_EMPTY,
    WHERE_DEFAULT,
    FirstRunChoice,
    FirstRunWizard,
)

if TYPE_CHECKING:
    from gridoffice.store import Database
    from gridoffice.ui.main_window import MainWindow

log = logging.getLogger(__name__)


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
    from gridoffice.store import Database

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
    from gridoffice.services import settings as office
    from gridoffice.store import Database

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
    from gridoffice.store import Database

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
        QMessageBox.critical(None, _t("打不开数据库"), sentence(exc))
        return None


def deferred_target(target: str | None, demo: bool) -> tuple[str | None, str] | None:
    """(database, operator) when the database can be opened after the window shows: a named one
    (--db, GRIDOFFICE_DB) or the last one used. None: the demo or the first-run wizard decide
    first (``open_start_database``)."""
    if demo:
        return None
    if target or os.environ.get("GRIDOFFICE_DB"):
        return target, known_operator() or ask_operator()
    if not settings.flag(settings.FIRST_RUN_DONE):
        return None
    return settings.value(settings.LAST_DATABASE) or None, known_operator() or ask_operator()


def _open_for_window(target: str | None, operator: str) -> tuple[Database, Any]:
    """In the pool: open the database (SQLAlchemy and the models are imported here), import what
    the window's panes need, and read what the first screen shows (the grid tree, the setup state)."""
    from gridoffice.store import Database
    from gridoffice.ui.main_window import ATTACH_MODULES, FirstRead

    db = Database.open(target, operator=operator)
    try:
        for name in ATTACH_MODULES:
            importlib.import_module(name)
        from gridoffice.services import setup_state
        from gridoffice.services.grids import core as grids
        from gridoffice.ui.grids.tree import GridTreeModel

        return db, FirstRead(GridTreeModel.rows(grids.tree(db)), setup_state.state(db))
    except BaseException:
        db.close()
        raise


def open_after_show(window: MainWindow, target: str | None, operator: str,
                    then: Callable[[Database], None]) -> None:
    """Open the database in the pool; on the GUI thread, ask for its program password and attach
    the window to it, then ``then(db)``. A database that cannot be opened (locked, damaged, of a
    newer program) is told in its sentence and the program ends with exit code 1."""
    from gridoffice.ui.jobs import Job

    job = Job(lambda _progress, _cancelled: _open_for_window(target, operator))

    def ended() -> None:
        result, error = job.outcome()
        if error is not None:
            _give_up(window, error)
            return
        db, first = result
        from gridoffice.ui.safety.startup import unlock

        if not unlock(db, window):
            db.close()
            _quit(window)
            return
        window.attach(db, first)
        then(db)

    window.opening(target)
    job.signals.ended.connect(ended)
    window._opening = job  # type: ignore[attr-defined]  # kept alive with the window
    job.start()


def _give_up(window: QWidget, error: BaseException) -> None:
    from gridoffice.store.errors import translate

    known = translate(error)
    if known is not None:
        QMessageBox.critical(window, _t("打不开数据库"), str(known))
    else:
        from gridoffice.ui.errors import show_error

        show_error(window, error)
    _quit(window)


def _quit(window: QWidget) -> None:
    window.hide()
    QApplication.exit(1)
