"""Windows and dialogs sized to the screen they open on: a wish (e.g. 900×1000 for a preview)
shrinks to the screen's available area (1366×768 less the taskbar on the commonest office PC;
1280×720 logical at 1920×1080 with 150 % scaling), leaving room for the title bar."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TITLE_BAR = 32  # the window frame Qt does not count in resize()


def available(widget: QWidget | None = None) -> QRect:
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fitted(widget: QWidget | None, width: int, height: int) -> QSize:
    area = available(widget)
    return QSize(min(width, area.width() - 8), min(height, area.height() - TITLE_BAR - 8))


def fit(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, but never larger than the screen."""
    widget.resize(fitted(widget, width, height))


def fill(widget: QWidget, share: float = 0.9) -> None:
    """A share of the screen (a document preview: as tall as the screen allows)."""
    area = available(widget)
    widget.resize(int(area.width() * share), area.height() - TITLE_BAR - 8)
