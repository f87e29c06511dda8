import logging
import logging.handlers
import sys

from PySide6.QtWidgets import QMessageBox

from gridoffice.app import setup_logging
from gridoffice.store.errors import DiskFull
from gridoffice.ui.errors import install_excepthook


def test_unexpected_error_shows_the_log_path_and_logs_the_traceback(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args))
    log_path = setup_logging()
    original = sys.excepthook
    install_excepthook(log_path)
    try:
        try:
            raise ZeroDivisionError("division by zero in a pane")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = original
        root = logging.getLogger()
        for handler in list(root.handlers):
            if isinstance(handler, logging.handlers.RotatingFileHandler):
                handler.close()
                root.removeHandler(handler)
    (_, title, text) = shown[0]
    assert title == "程序出错" and log_path in text and "division by zero" in text
    with open(log_path, encoding="utf-8") as log:
        assert "ZeroDivisionError" in log.read()


def test_known_store_error_is_a_plain_warning(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(("critical",)))
    original = sys.excepthook
    install_excepthook("/tmp/x.log")
    try:
        sys.excepthook(DiskFull, DiskFull("磁盘已满，数据没有写入。"), None)
    finally:
        sys.excepthook = original
    assert shown[0][2] == "磁盘已满，数据没有写入。"
