"""GUI entry point: QApplication, translations, logging, error dialog, main window."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from gridoffice import __version__, i18n
from gridoffice.logs import setup_logging

log = logging.getLogger("gridoffice")


def ui_language() -> str:
    """"en" or "zh_CN": the user's setting, else the system's language (Chinese by default)."""
    from gridoffice.ui import settings

    chosen = settings.value(settings.LANGUAGE)
    if chosen:
        return chosen
    return "en" if QLocale.system().language() == QLocale.Language.English else "zh_CN"


def install_translators(app: QApplication, language: str | None = None) -> None:
    """Chinese is the source language. English: the app's catalogue (resources/translations);
    Chinese: Qt's own dialogs translated with qtbase_zh_CN."""
    from importlib import resources

    language = language or ui_language()
    if language == "en":
        catalogue = resources.files("gridoffice.resources") / "translations" / "gridoffice_en.qm"
        translator = QTranslator(app)
        if catalogue.is_file() and translator.load(str(catalogue)):
            app.installTranslator(translator)
    else:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_translator = QTranslator(app)
        if qt_translator.load("qtbase_zh_CN", qt_dir):
            app.installTranslator(qt_translator)
    i18n.install(lambda context, text, disambiguation: QCoreApplication.translate(context, text, disambiguation))


def make_application(argv: list[str] | None = None) -> QApplication:
    from gridoffice.ui.widgets import refcount_guard

    refcount_guard.install()  # PySide6 6.12 on Python 3.11: see the module
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("GridOffice")
    app.setApplicationDisplayName(QCoreApplication.translate("app", "网格办公"))
    app.setOrganizationName("GridOffice")
    app.setApplicationVersion(__version__)
    from importlib import resources

    from PySide6.QtGui import QIcon

    icon = resources.files("gridoffice.resources") / "icons" / "gridoffice.png"
    app.setWindowIcon(QIcon(str(icon)))
    install_translators(app)
    return app


def run_gui(db_target: str | None = None, demo: bool = False) -> int:
    from gridoffice.store import outputs

    outputs.private_files()
    outputs.sweep_at_start()
    log_path = setup_logging()
    app = make_application()
    from gridoffice.ui.errors import install_excepthook
    from gridoffice.ui.main_window import MainWindow
    from gridoffice.ui.startup import deferred_target, open_after_show, open_start_database

    install_excepthook(log_path)
    deferred = deferred_target(db_target, demo)
    if deferred is not None:  # the window first, the database opened in the pool meanwhile
        window = MainWindow()
        window.show()
        open_after_show(window, *deferred, then=lambda db: _after_attach(window, ""))
    else:
        start = open_start_database(db_target, demo)
        if start is None:
            return 1
        from gridoffice.ui.safety.startup import unlock

        if not unlock(start.db):  # the program password
            start.db.close()
            return 1
        window = MainWindow(start.db)
        window.show()
        _after_attach(window, start.then)
    code = app.exec()
    if window.attached:
        window.context.close()
    return code


def _after_attach(window, then: str) -> None:  # type: ignore[no-untyped-def]
    """Once the window shows its database: the day's first backup and this week's tier counts
    in the pool, then what the first-run wizard asked for."""
    from gridoffice.ui.health.weekly import snapshot_in_background
    from gridoffice.ui.safety.startup import daily_backup_in_background

    daily_backup_in_background(window.context.db, window)
    snapshot_in_background(window.context, window)  # this week's tier counts when nobody took them yet
    window.after_start(then)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run_gui())
