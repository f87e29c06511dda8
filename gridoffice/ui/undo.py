"""The thin Qt side of undo: a QUndoCommand around a service ``Change``."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from gridoffice.services.changes import Change


class ChangeCommand(QUndoCommand):
    """Pushed after the service has already made the change: the first redo() does nothing."""

    def __init__(self, change: Change, notify) -> None:  # type: ignore[no-untyped-def]
        super().__init__(change.description)
        self._change = change
        self._notify = notify
        self._first = True

    def undo(self) -> None:
        assert self._change.undo is not None
        self._change = self._change.undo()
        self._notify(set(self._change.tables))

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        assert self._change.undo is not None
        self._change = self._change.undo()
        self._notify(set(self._change.tables))
