"""Panes that reload only when seen: a change while a pane is hidden marks it stale, and it
reloads when shown (at street scale a list reload reads 150,000 ids)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget


class ReloadWhenShown(QWidget):
    _stale = True

    def reload(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def request_reload(self) -> None:
        if self.isVisible():
            self._stale = False
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)
