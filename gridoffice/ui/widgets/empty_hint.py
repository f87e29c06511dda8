"""A sentence in an empty table's viewport saying why it is empty and what fills it (an empty
grid of headers tells the clerk nothing): ``hint = install(view, text)``, then
``hint.update()`` whenever the pane has reloaded the view's rows.

No model signals and no event filter: a QTableWidget clears its rows while it is being
destroyed, and a slot reached then touches a half-destroyed view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout


class EmptyHint:
    def __init__(self, view: QAbstractItemView, text: str) -> None:
        self.view = view
        self.label = QLabel(text, view.viewport())
        self.label.setObjectName("emptyHint")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.label.setStyleSheet("color: #666;")
        layout = QVBoxLayout(view.viewport())
        layout.setContentsMargins(16, 40, 16, 8)
        layout.addWidget(self.label)
        self.update()

    def update(self) -> None:
        """Shown while the view has no rows."""
        model = self.view.model()
        self.label.setVisible(model is None or model.rowCount() == 0)


def install(view: QAbstractItemView, text: str) -> EmptyHint:
    """Show ``text`` over ``view`` while its model has no rows (set the model first)."""
    return EmptyHint(view, text)
