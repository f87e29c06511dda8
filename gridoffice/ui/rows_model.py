"""A read-only table model over a list of row tuples, each row carrying an id (a staff, post,
household…). Panes fill it from a service; sorting is done by a QSortFilterProxyModel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[Any, ...]] = []
        self._ids: list[int] = []
        self.numeric_columns: set[int] = set()
        self.tooltips: list[str] = []

    def set_rows(self, rows: Sequence[Sequence[Any]], ids: Sequence[int], tooltips: Sequence[str] = ()) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._ids = list(ids)
        self.tooltips = list(tooltips)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            return value if isinstance(value, int | float) else ("" if value is None else str(value))
        if role == ROW_ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric_columns:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and self.tooltips:
            return self.tooltips[index.row()] or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return super().headerData(section, orientation, role)

    def row_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, row_id: int) -> int:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_values(self, row: int) -> tuple[Any, ...]:
        return self._rows[row]


SIZE_SAMPLE = 100  # rows measured (besides the visible ones) for a column sized to its contents


def compact(view: QTableView, sortable: bool = False) -> None:
    """Row height from the font; sorting by clicking a header, keeping the service's order at first."""
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.verticalHeader().hide()
    # columns sized to their contents measure the visible rows and a sample, not 1,000 rows
    # (the 网格员 pane's 3,125 staff froze the window 0.6–0.9 s on every reload)
    view.horizontalHeader().setResizeContentsPrecision(SIZE_SAMPLE)
    if sortable:
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
