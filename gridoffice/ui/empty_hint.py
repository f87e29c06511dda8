"""A sentence in an empty table's viewport saying why it is empty and what fills it (an empty
grid of headers tells the clerk nothing): ``install(view, text)``."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyHint(QObject):
    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self.view = view
        self.label = QLabel(text, view.viewport())
        self.label.setObjectName("emptyHint")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: #666;")
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update)
        self.update()

    def update(self, *_args: object) -> None:
        try:
            empty = self.view.model().rowCount() == 0
            self.label.setVisible(empty)
            if empty:
                self._place()
        except RuntimeError:  # the view is being destroyed (a QTableWidget clears its rows then)
            return

    def _place(self) -> None:
        area = self.view.viewport().rect().adjusted(16, 8, -16, -8)
        self.label.setGeometry(area.x(), area.y(), max(area.width(), 1), min(max(area.height(), 1), 80))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.label.isVisible():
            self._place()
        return False


def install(view: QAbstractItemView, text: str) -> EmptyHint:
    """Show ``text`` over ``view`` while its model has no rows (set the model first)."""
    return EmptyHint(view, text)
