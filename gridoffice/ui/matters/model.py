"""The matters list model: holds only the ids the filter selected (sorted in SQL) and fetches
rows in pages of 200 as the view scrolls, so 30,000 matters list instantly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gridoffice.i18n import N_, tr
from gridoffice.services.matters import core as matters
from gridoffice.store import Database

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OLD_ROLE = Qt.ItemDataRole.UserRole + 2
OLD_BACKGROUND = "#fbe3e3"
STATE_COLORS = {matters.PENDING: "#c62828", matters.IN_PROGRESS: "#1565c0", matters.CLOSED: "#2e7d32",
                matters.TRANSFERRED: "#6a1b9a"}
# (header, sort key in services.matters.core.SORT_KEYS or None)
COLUMNS: list[tuple[str, str | None]] = [
    (N_("编号"), None), (N_("反映时间"), "reported_at"), (N_("状态"), "state"), (N_("紧急程度"), "urgency"),
    (N_("类别"), "category"), (N_("网格"), "grid"), (N_("事项内容"), None), (N_("反映人"), None), (N_("办理人"), "handler"),
    (N_("响应用时"), None), (N_("办结时间"), "closed_at"), (N_("办结用时"), None),
]
(COL_ID, COL_REPORTED, COL_STATE, COL_URGENCY, COL_CATEGORY, COL_GRID, COL_DESCRIPTION, COL_REPORTER,
 COL_HANDLER, COL_RESPONSE, COL_CLOSED, COL_CLOSE_TIME) = range(len(COLUMNS))


def _hours(value: float | None) -> str:
    if value is None:
        return ""
    if value < 48:
        return tr("{hours} 小时").format(hours=f"{value:.1f}")
    return tr("{days} 天").format(days=f"{value / 24:.1f}")


class MatterListModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db: Database | None = None
        self.ids: list[int] = []
        self._pages: dict[int, list[matters.MatterRow]] = {}
        self.now = dt.datetime.now()
        self.old_days = matters.DEFAULT_OLD_DAYS
        self.filter = matters.MatterFilter()
        self.sort_key = "reported_at"
        self.descending = True

    def load(self, db: Database, flt: matters.MatterFilter | None = None) -> None:
        self.show(db, *self.read(db, flt or self.filter))

    def read(self, db: Database, flt: matters.MatterFilter) -> tuple[matters.MatterFilter, dt.datetime, int, list[int]]:
        """What ``show`` needs, read without touching the model (runs in the loader thread)."""
        now = dt.datetime.now()
        return flt, now, matters.old_days(db), matters.matter_ids(db, flt, self.sort_key, self.descending, now=now)

    def show(self, db: Database, flt: matters.MatterFilter, now: dt.datetime, old_days: int, ids: list[int]) -> None:
        self.beginResetModel()
        self.db, self.filter, self.now, self.old_days, self.ids = db, flt, now, old_days, ids
        self._pages = {}
        self.endResetModel()

    def row(self, row: int) -> matters.MatterRow | None:
        if not 0 <= row < len(self.ids) or self.db is None:
            return None
        page = row // PAGE
        if page not in self._pages:
            chunk = self.ids[page * PAGE:(page + 1) * PAGE]
            rows = {r.id: r for r in matters.matter_rows(self.db, chunk)}
            self._pages[page] = [rows.get(i) for i in chunk]  # type: ignore[misc]
        return self._pages[page][row - page * PAGE]

    def row_of(self, matter_id: int) -> int:
        try:
            return self.ids.index(matter_id)
        except ValueError:
            return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return tr(COLUMNS[section][0])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        if key is None and column == COL_ID:
            key = "reported_at"
        if key is None or self.db is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.load(self.db)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.row(index.row())
        if r is None:
            return None
        col = index.column()
        old = r.is_old(self.now, self.old_days)
        if role == ID_ROLE:
            return r.id
        if role == OLD_ROLE:
            return old
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col, old)
        if role == Qt.ItemDataRole.BackgroundRole and old:
            return QBrush(QColor(OLD_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATE:
            return QBrush(QColor(STATE_COLORS.get(r.state, "#000000")))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_URGENCY and r.urgency != matters.URGENCIES[0]:
            return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.FontRole and old and col == COL_STATE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DESCRIPTION:
            parts = [r.description]
            if r.outcome:
                parts.append(self.tr("办理结果：") + r.outcome)
            if r.transferred_to:
                parts.append(self.tr("转办至：") + r.transferred_to)
            return "\n".join(parts)
        return None

    def _display(self, r: matters.MatterRow, col: int, old: bool) -> str:
        if col == COL_ID:
            return str(r.id)
        if col == COL_REPORTED:
            return r.reported_at.strftime("%Y-%m-%d %H:%M")
        if col == COL_STATE:
            state = tr(r.state) + (f"→{r.transferred_to}" if r.state == matters.TRANSFERRED and r.transferred_to else "")
            if old:
                days = (self.now - r.reported_at).days
                return state + self.tr("（已{n}天）").format(n=days)
            return state
        if col == COL_URGENCY:
            return tr(r.urgency)
        if col == COL_CATEGORY:
            return tr(r.category)  # the default categories are in the catalogue; the office's own stay
        if col == COL_GRID:
            return r.grid_name
        if col == COL_DESCRIPTION:
            return " ".join(r.description.split())
        if col == COL_REPORTER:
            return r.reporter
        if col == COL_HANDLER:
            return r.handler
        if col == COL_RESPONSE:
            return _hours(r.response_hours())
        if col == COL_CLOSED:
            return r.closed_at.strftime("%Y-%m-%d %H:%M") if r.closed_at else ""
        if col == COL_CLOSE_TIME:
            days = r.close_days()  # type: ignore[assignment]
            return "" if days is None else _hours(days * 24)
        return ""
