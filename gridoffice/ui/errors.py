"""Turning errors into sentences: known store errors as a message, bugs with the log path."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from gridoffice.domain.errors import Refusal
from gridoffice.store.errors import translate

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


def sentence(exc: BaseException) -> str:
    """What the GUI says of an error in a label: a refusal's sentence with its GUI hint."""
    return exc.for_gui() if isinstance(exc, Refusal) else str(exc)


def show_error(parent: QWidget | None, exc: BaseException, action: str = "", title: str | None = None) -> None:
    """Show a known error as its sentence (under ``title``, default 无法完成); anything else as an
    unexpected error, logged."""
    if isinstance(exc, Refusal):
        QMessageBox.warning(parent, title or _t("无法完成"), (action + "\n" if action else "") + exc.for_gui())
        return
    known = translate(exc)
    if known is not None:
        QMessageBox.warning(parent, title or _t("无法完成"), (action + "\n" if action else "") + str(known))
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.critical(parent, _t("程序出错"), _t("发生了意外错误，已记入日志。") + "\n" + str(exc))


def install_excepthook(log_path: str) -> None:
    def hook(kind, value, tb) -> None:  # type: ignore[no-untyped-def]
        if isinstance(value, Refusal):
            QMessageBox.warning(None, _t("无法完成"), value.for_gui())
            return
        log.critical("unhandled exception\n%s", "".join(traceback.format_exception(kind, value, tb)))
        QMessageBox.critical(
            None,
            _t("程序出错"),
            _t("发生了意外错误：{error}\n\n详细情况已记入日志文件：\n{path}\n请把这个文件发给技术支持。").format(
                error=value, path=log_path
            ),
        )

    sys.excepthook = hook
