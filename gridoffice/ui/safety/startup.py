"""What happens right after the database opens: the program password (when one is set), then
the day's first backup (a failure there is told, but does not stop the work)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from gridoffice.domain.errors import Refusal
from gridoffice.services import access, backup
from gridoffice.store import Database
from gridoffice.ui.safety.password_dialog import PasswordDialog
from gridoffice.ui.safety.settings import backup_settings

log = logging.getLogger(__name__)
TRIES = 3


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


@contextmanager
def busy_cursor() -> Iterator[None]:
    """A wait cursor while a copy is made (seconds on a street-sized database)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def unlock(db: Database, parent: QWidget | None = None) -> bool:
    """Ask for the program password when the database has one; False: do not open it."""
    if not access.password_set(db):
        return True
    dialog = PasswordDialog(parent, _t("网格办公"), _t("这个数据库设了程序密码。\n{name}").format(name=db.name))
    for _ in range(TRIES):
        dialog.password.clear()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if access.check(db, dialog.password.text()):
            return True
        dialog.show_message(_t("密码不对，请再试一次。"))
    QMessageBox.warning(parent, _t("网格办公"), _t("密码连续输错 {n} 次，程序不打开这个数据库。").format(n=TRIES))
    return False


def daily_backup(db: Database, parent: QWidget | None = None) -> None:
    try:
        with busy_cursor():
            path = backup.daily_backup(db, backup_settings())
    except Refusal as exc:
        log.warning("daily backup failed: %s", exc)
        QMessageBox.warning(parent, _t("今天的自动备份没有做成"),
                            _t("自动备份失败：{error}\n数据本身没有受影响，可以在“数据安全”里换一个备份位置。").format(error=exc.for_gui()))
        return
    if path is not None:
        log.info("daily backup: %s", path)


def _backup_failed(parent: QWidget, exc: BaseException) -> None:
    if not isinstance(exc, Refusal):
        from gridoffice.ui.errors import show_error

        show_error(parent, exc)
        return
    log.warning("daily backup failed: %s", exc)
    QMessageBox.warning(parent, _t("今天的自动备份没有做成"),
                        _t("自动备份失败：{error}\n数据本身没有受影响，可以在“数据安全”里换一个备份位置。").format(error=exc.for_gui()))


def daily_backup_in_background(db: Database, parent: QWidget) -> None:
    """The day's first backup in the pool, once the window is up (0.3–0.6 s on a street: the
    clerk can start working meanwhile; closing the window waits for it)."""
    from gridoffice.ui.ops import run_in_background

    chosen = backup_settings()

    def done(path: object) -> None:
        if path is not None:
            log.info("daily backup: %s", path)

    run_in_background(parent, lambda: backup.daily_backup(db, chosen), done,
                      on_failed=lambda exc: _backup_failed(parent, exc))


def after_open(db: Database, parent: QWidget | None = None) -> bool:
    """The program password, then the day's first backup: in the pool when a window is there to
    wait for it, else now."""
    if not unlock(db, parent):
        return False
    if parent is None:
        daily_backup(db, parent)
    else:
        daily_backup_in_background(db, parent)
    return True
