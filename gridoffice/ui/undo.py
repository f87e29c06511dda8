"""The thin Qt side of undo: a QUndoCommand around a service ``Change``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox

from gridoffice.services.changes import Change, run_undo
from gridoffice.services.errors import ServiceError
from gridoffice.store.errors import StoreError
from gridoffice.ui.errors import sentence


class ChangeCommand(QUndoCommand):
    """Pushed after the service has already made the change: the first redo() does nothing."""

    def __init__(self, change: Change, notify) -> None:  # type: ignore[no-untyped-def]
        super().__init__(change.description)
        self._change = change
        self._notify = notify
        self._first = True

    def undo(self) -> None:
        self._step(self.tr("无法撤销"))

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._step(self.tr("无法重做"))

    def _step(self, title: str) -> None:
        """Apply the inverse. If the data moved on meanwhile (the value was reused, the row is
        gone), say why and drop this step: the stack must not pretend it was undone."""
        try:
            self._change = run_undo(self._change)
        except (ServiceError, StoreError) as exc:
            QMessageBox.warning(None, title, sentence(exc))
            self.setObsolete(True)
            self._notify(None)
            return
        self._notify(set(self._change.tables))

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("ChangeCommand", text)
