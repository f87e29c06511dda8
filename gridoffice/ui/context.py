"""What the panes share: the open database and the signals that keep them in step.

The main window creates one ``AppContext``; panes read from services with ``context.db`` and
listen to ``data_changed`` (which tables changed) and ``grid_selected``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from gridoffice.services.changes import Change
from gridoffice.store import Database
from gridoffice.ui.undo import ChangeCommand


class AppContext(QObject):
    database_changed = Signal()
    data_changed = Signal(object)  # a set of table names, or None for "everything"
    grid_selected = Signal(object)  # grid id or None
    navigate = Signal(str, object)  # ("grid" | "staff" | "households", id or None): show it

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.current_grid: int | None = None
        self.undo_stack = QUndoStack(self)
        self.grid_selected.connect(self._remember_grid)

    @property
    def db(self) -> Database:
        return self._db

    def replace_database(self, db: Database) -> None:
        old = self._db
        self._db = db
        self.current_grid = None
        self.undo_stack.clear()
        old.close()
        self.database_changed.emit()

    def notify(self, tables: set[str] | None = None) -> None:
        self.data_changed.emit(tables)

    def apply(self, change: Change) -> Change:
        """Record a change a service has made: undo stack (when undoable) and refresh."""
        if change.undoable:
            self.undo_stack.push(ChangeCommand(change, self.notify))
        self.notify(set(change.tables))
        return change

    def _remember_grid(self, grid_id: object) -> None:
        self.current_grid = grid_id if isinstance(grid_id, int) else None

    def close(self) -> None:
        self._db.close()
