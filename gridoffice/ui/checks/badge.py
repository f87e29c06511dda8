"""The grid checks as a badge on the status bar ("3 项问题"): the checks dock stays out of the
way (a 1366-pixel screen has no room for a fourth column) and one click opens it."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QToolButton, QWidget

from gridoffice.ui.checks.panel import ChecksDock


class ChecksBadge(QToolButton):
    def __init__(self, dock: ChecksDock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksBadge")
        self.dock: QDockWidget = dock
        self.setAutoRaise(True)
        self.clicked.connect(self.toggle_dock)
        dock.panel.counted.connect(self.show_count)
        if dock.panel.busy():  # the checks run in the pool after start-up: no verdict yet
            self.setText(self.tr("网格检查：检查中…"))
            self.setToolTip(self.tr("单击打开或关闭“网格检查”列表"))
        else:
            self.show_count(len(dock.panel.findings))

    def show_count(self, n: int) -> None:
        if n:
            self.setText(self.tr("网格检查：{n} 项问题").format(n=n))
            self.setStyleSheet("QToolButton { color: #b00; font-weight: bold; }")
        else:
            self.setText(self.tr("网格检查：通过"))
            self.setStyleSheet("QToolButton { color: #070; }")
        self.setToolTip(self.tr("单击打开或关闭“网格检查”列表"))

    def toggle_dock(self) -> None:
        show = not self.dock.isVisible()
        self.dock.setVisible(show)
        if show:
            self.dock.raise_()
