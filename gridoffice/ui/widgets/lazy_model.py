"""A lazy table model for long lists (150,000 persons): it holds the ordered ids (sorting is
done in SQL by the service) and fetches the rows on screen in pages, keeping a bounded cache."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from gridoffice.ui.widgets import masking

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
MAX_PAGES = 50  # 10,000 rows cached at most

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColumnSpec:
    title: str
    value: Callable[[Any], object]  # row object → shown value
    sort_key: str | None = None  # the service's sort name; None: not sortable
    align_right: bool = False


class LazyTableModel(masking.MaskedCells, QAbstractTableModel):
    """``load_ids(sort_key, descending)`` returns the ordered ids; ``load_rows(ids)`` returns
    {id: row object}. Both are service calls bound by the pane."""

    def __init__(self, columns: Sequence[ColumnSpec],  # type: ignore[no-untyped-def]
                 load_ids: Callable[[str | None, bool], list[int]],
                 load_rows: Callable[[Sequence[int]], dict[int, Any]], parent=None) -> None:
        super().__init__(parent)
        self.watch_masking()
        self._columns = list(columns)
        self._load_ids = load_ids
        self._load_rows = load_rows
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, Any]] = OrderedDict()
        self._sort: tuple[str | None, bool] = (None, False)
        self._loaded = False  # nothing is read before the first reload()
        self.fetches = 0  # pages read (for tests and the bench)
        # a header click on a long list: the pane's reload (ids read in a pool thread with
        # ``sort_order()``, then ``set_ids``) instead of reading them here on the GUI thread
        self.sort_in_background: Callable[[], None] | None = None

    # ---- loading ---------------------------------------------------------------------
    def reload(self) -> None:
        self._loaded = True
        self.beginResetModel()
        self._ids = list(self._load_ids(*self._sort))
        self._pages.clear()
        self.endResetModel()

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show ids read elsewhere (a pane reading them in a pool thread with ``sort_order()``)."""
        self._loaded = True
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

    def extend_ids(self, ids: Sequence[int]) -> None:
        """The whole list after its first rows (``set_ids`` of a first page): when the shown ids
        are its beginning, the rest is appended (scroll position, selection and cached pages stay);
        otherwise (the data changed meanwhile) the list is replaced."""
        shown = len(self._ids)
        if not self._loaded or len(ids) < shown or list(ids[:shown]) != self._ids:
            self.set_ids(ids)
            return
        if len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._ids.extend(ids[shown:])
            self.endInsertRows()

    def sort_order(self) -> tuple[str | None, bool]:
        """The service's sort name and descending, as ``load_ids`` takes them."""
        return self._sort

    def clear(self) -> None:
        self.beginResetModel()
        self._ids = []
        self._pages.clear()
        self.endResetModel()

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, row_id: int) -> int:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    def ids(self) -> list[int]:
        return list(self._ids)

    def record(self, row: int) -> Any:
        page_no = row // PAGE
        page = self._pages.get(page_no)
        if page is None:
            chunk = self._ids[page_no * PAGE:(page_no + 1) * PAGE]
            page = self._load_rows(chunk)
            self.fetches += 1
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self._ids[row])

    # ---- the model -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = self._columns[index.column()]
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        record = self.record(index.row())
        if record is None:  # removed since the ids were read
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        value = column.value(record)
        return "" if value is None else str(value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title if 0 <= section < len(self._columns) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        key = self._columns[column].sort_key
        if key is None:
            return
        if not self._loaded:
            self._sort = (key, order == Qt.SortOrder.DescendingOrder)
            return
        if self.sort_in_background is not None:  # the pane reads the ids in its loader thread
            self._sort = (key, order == Qt.SortOrder.DescendingOrder)
            self.sort_in_background()
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (key, order == Qt.SortOrder.DescendingOrder)
        self._ids = list(self._load_ids(*self._sort))
        self._pages.clear()
        self.layoutChanged.emit()
