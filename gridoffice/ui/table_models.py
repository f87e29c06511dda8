"""A small read-only table model over a list of rows (counts per grid, medians): the rows are
already computed by a service; ``SORT_ROLE`` gives numbers for sorting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

SORT_ROLE = Qt.ItemDataRole.UserRole + 10
Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """``rows`` are sequences of plain values; ``None`` shows as “—”. Numbers align right.
    ``highlight(row) -> column indexes`` paints those cells red (e.g. an overdue count)."""

    def __init__(self, headers: Sequence[str], parent=None,  # type: ignore[no-untyped-def]
                 highlight: Callable[[Sequence[Any]], set[int]] | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[Sequence[Any]] = []
        self._highlight = highlight

    def set_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_values(self, row: int) -> Sequence[Any]:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "—"
            return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
        if role == SORT_ROLE:
            if value is None:
                return float("inf")
            return value if isinstance(value, int | float) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._highlight is not None:
            if index.column() in self._highlight(self._rows[index.row()]):
                return QBrush(QColor("#c62828"))
        return None
