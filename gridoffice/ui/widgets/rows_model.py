"""The one read-only table model over a list of row tuples that a service computed: lists whose
rows carry an id (a staff, post, household…; ``ROW_ID_ROLE``) and tables of counts (per grid,
medians). Sorting is a QSortFilterProxyModel over ``SORT_ROLE``.

``counts=True`` is the look of a table of figures: ``None`` as “—” (sorted last), integers with
thousands separators, every number right-aligned; ``highlight(row) -> column indexes`` paints
those cells red (an overdue count)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableView

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
_RED = "#c62828"


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], parent=None, *,  # type: ignore[no-untyped-def]
                 counts: bool = False, highlight: Callable[[Sequence[Any]], set[int]] | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[Any, ...]] = []
        self._ids: list[int] = []
        self._counts = counts
        self._highlight = highlight
        self.numeric_columns: set[int] = set()
        self.tooltips: list[str] = []

    def set_rows(self, rows: Sequence[Sequence[Any]], ids: Sequence[int] = (), tooltips: Sequence[str] = ()) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._ids = list(ids)
        self.tooltips = list(tooltips)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def _display(self, value: Any) -> str:
        if value is None:
            return "—" if self._counts else ""
        if self._counts and isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = index.row()
        value = self._rows[row][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(value)
        if role == SORT_ROLE:
            if value is None:
                return float("inf") if self._counts else ""
            return value if isinstance(value, int | float) else str(value)
        if role == ROW_ID_ROLE:
            return self._ids[row] if row < len(self._ids) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and (
                index.column() in self.numeric_columns or (self._counts and isinstance(value, int | float))):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and self.tooltips:
            return self.tooltips[row] or None
        if role == Qt.ItemDataRole.ForegroundRole and self._highlight is not None:
            if index.column() in self._highlight(self._rows[row]):
                return QBrush(QColor(_RED))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, in Python, by the same keys as ``SORT_ROLE`` (None last, numbers as
        numbers), ids and tooltips along: a view on the model itself sorts without a proxy (a
        QSortFilterProxyModel asked data() ~16,000 times to sort a street's 836 micro-grids again
        after every reload, on the GUI thread)."""
        if not 0 <= column < len(self._headers):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        rows = self._rows
        blank = [r for r in range(len(rows)) if rows[r][column] is None]  # "—" last either way
        order_of = sorted((r for r in range(len(rows)) if rows[r][column] is not None),
                          key=lambda r: self._sort_key(rows[r][column]),
                          reverse=order == Qt.SortOrder.DescendingOrder) + blank
        self._rows = [self._rows[r] for r in order_of]
        if self._ids:
            self._ids = [self._ids[r] for r in order_of if r < len(self._ids)]
        if self.tooltips:
            self.tooltips = [self.tooltips[r] if r < len(self.tooltips) else "" for r in order_of]
        moved = {was: now for now, was in enumerate(order_of)}
        self.changePersistentIndexList(old, [self.index(moved[i.row()], i.column()) for i in old])
        self.layoutChanged.emit()

    @staticmethod
    def _sort_key(value: Any) -> tuple[int, Any]:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (0, value)
        return (1, str(value))

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


FIT_PADDING = 18  # a cell's margins beside its text
FIT_CANDIDATES = 3  # the longest texts of a column that are measured (CJK and Latin widths differ)


def fit_to_text(view: QTableView, model: RowsModel, padding: int = FIT_PADDING) -> None:
    """Columns as wide as their widest text (and the header), the stretching one left alone.
    Only each column's few longest texts are measured with the font: Qt's own sizing to contents
    asks the model every role of the visible rows and a sample, column by column (a street's
    stock and staff tables: 0.2–0.3 s on the GUI thread each time rows arrived)."""
    header = view.horizontalHeader()
    rows = model._rows
    for column in range(model.columnCount()):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch or view.isColumnHidden(column):
            continue
        view.setColumnWidth(column, text_width(view, column, {model._display(r[column]) for r in rows}, padding))


def text_width(view: QTableView, column: int, texts: Iterable[str], padding: int = FIT_PADDING) -> int:
    """A column's width for ``texts`` (and its header): only the few longest are measured with
    the view's font. ``fit_to_text`` and tables over rows of their own (物资发放's coverage)."""
    longest = sorted(set(texts), key=len, reverse=True)[:FIT_CANDIDATES]
    width = max((view.fontMetrics().horizontalAdvance(t) for t in longest), default=0) + padding
    return max(width, view.horizontalHeader().sectionSizeHint(column))
