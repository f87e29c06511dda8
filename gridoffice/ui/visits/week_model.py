"""The visits pane's week grid model: key persons down, weeks across, each cell visited / due /
overdue; its column keys and the sort of its rows (``sort_rows``, also run in the pool by the
pane). Split from ui/visits/pane.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from gridoffice.domain import visit_schedule as vs
from gridoffice.services.visits import core as visits
from gridoffice.ui.widgets.rows_model import SORT_ROLE

Status = vs.Status
Index = QModelIndex | QPersistentModelIndex
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
COLORS = {Status.VISITED: "#d7efd7", Status.DUE: "#ffedb3", Status.OVERDUE: "#f6c6c6"}
RED = "#c62828"
(COL_NAME, COL_TIER, COL_AGE, COL_ADDRESS, COL_CATEGORIES, COL_INTERVAL, COL_LAST, COL_DAYS, COL_STATUS) = range(9)
FIXED_COLUMNS = 9
TIER_COLORS = {"红": "#f6c6c6", "黄": "#ffedb3", "绿": "#d7efd7"}
TIER_ORDER = {"红": 0, "黄": 1, "绿": 2}


def _t(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


def status_text(status: Status) -> str:
    return {Status.VISITED: _t("已访"), Status.DUE: _t("应访"), Status.OVERDUE: _t("逾期"),
            Status.NOT_DUE: ""}[status]


def sort_value(row: visits.WeekRow, col: int, on: dt.date) -> Any:
    """The key a column sorts by (plain values: ``WeekGridModel`` sorts its list itself)."""
    p = row.person
    if col >= FIXED_COLUMNS:
        week = col - FIXED_COLUMNS
        return list(Status).index(row.cells[week]) if week < len(row.cells) else 0
    if col == COL_NAME:
        return p.name
    if col == COL_TIER:
        return TIER_ORDER.get(p.tier, 3)
    if col == COL_AGE:
        return p.age(on) or 0
    if col == COL_ADDRESS:
        return p.address
    if col == COL_CATEGORIES:
        return "、".join(p.category_labels())
    if col == COL_INTERVAL:
        return p.interval
    if col == COL_LAST:
        return p.last_visit.toordinal() if p.last_visit else 0
    if col == COL_DAYS:
        days = row.days_since(on)
        return 10**6 if days is None else days  # never visited sorts as the longest
    return list(Status).index(row.cells[-1])  # COL_STATUS


SORT_APART = 5000  # rows above which a header click sorts in the pool (a street's 33,000: ~0.1 s)


def sort_rows(grid: visits.WeekGrid, column: int, order: Qt.SortOrder) -> None:
    """The grid's rows sorted by ``column`` (in the pool when a grid arrives: a street's 33,000
    rows took ~0.1 s on the GUI thread)."""
    on = grid.on
    grid.rows.sort(key=lambda r: sort_value(r, column, on), reverse=order == Qt.SortOrder.DescendingOrder)


class WeekGridModel(QAbstractTableModel):
    """Rows come from ``services.visits.core.week_grid``; cells are computed when the view asks."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.grid: visits.WeekGrid | None = None
        self._order: tuple[int, Qt.SortOrder] | None = None
        # set by the pane: a header click on a large grid sorts a copy of the rows in its loader
        # thread and hands them back (``take_rows``); the model sorts small grids itself
        self.sort_in_background: Callable[[int, Qt.SortOrder], None] | None = None

    def set_grid(self, grid: visits.WeekGrid | None, sorted_as: tuple[int, Qt.SortOrder] | None = None) -> None:
        """``sorted_as``: the order the rows were sorted in already (in the pool, ``sort_rows``)."""
        self.beginResetModel()
        self.grid = grid
        if grid is not None and self._order is not None and sorted_as != self._order:
            self._sort_rows(*self._order)
        self.endResetModel()

    def order(self) -> tuple[int, Qt.SortOrder] | None:
        return self._order

    def sort_value(self, row: visits.WeekRow, col: int) -> Any:
        assert self.grid is not None
        return sort_value(row, col, self.grid.on)

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        assert self.grid is not None
        sort_rows(self.grid, column, order)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here with plain keys (a community's 30,000 key persons sort in tens of ms; a
        QSortFilterProxyModel would call ``data`` two million times on the GUI thread)."""
        self._order = (column, order)
        if self.grid is None or column < 0:
            return
        if self.sort_in_background is not None and len(self.grid.rows) > SORT_APART:
            self.sort_in_background(column, order)
            return
        rows = list(self.grid.rows)
        sort_rows(visits.WeekGrid(self.grid.on, self.grid.weeks, rows), column, order)
        self.take_rows(self.grid, rows)

    def take_rows(self, grid: visits.WeekGrid, rows: list[visits.WeekRow]) -> None:
        """The rows of ``grid`` in a new order (sorted apart); ignored when another grid has come."""
        if grid is not self.grid or len(rows) != len(grid.rows):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        held = [grid.rows[i.row()] for i in old]
        grid.rows[:] = rows
        where = {id(r): n for n, r in enumerate(grid.rows)}
        self.changePersistentIndexList(old, [self.index(where[id(r)], i.column()) for r, i in zip(held, old, strict=True)])
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return FIXED_COLUMNS + (len(self.grid.weeks) if self.grid else 0)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and self.grid is not None and \
                0 <= section - FIXED_COLUMNS < len(self.grid.weeks):
            monday = self.grid.weeks[section - FIXED_COLUMNS]
            return self.tr("{monday} 至 {sunday}").format(
                monday=monday.isoformat(), sunday=(monday + dt.timedelta(days=6)).isoformat())
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        fixed = [self.tr("姓名"), self.tr("分级"), self.tr("年龄"), self.tr("住址"), self.tr("重点人群"), self.tr("间隔"),
                 self.tr("上次走访"), self.tr("距今（天）"), self.tr("本周")]
        if section < FIXED_COLUMNS:
            return fixed[section]
        if self.grid is None or section - FIXED_COLUMNS >= len(self.grid.weeks):
            return None
        monday = self.grid.weeks[section - FIXED_COLUMNS]
        return self.tr("{m}/{d}周").format(m=monday.month, d=monday.day)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.grid is None or not index.isValid() or index.row() >= len(self.grid.rows):
            return None
        row = self.grid.rows[index.row()]
        p, col, on = row.person, index.column(), self.grid.on
        this_week = row.cells[-1]
        if role == PERSON_ROLE:
            return p.person_id
        if role == STATUS_ROLE:
            return this_week.value
        if role == SORT_ROLE:
            return self.sort_value(row, col)
        if col >= FIXED_COLUMNS:
            week = col - FIXED_COLUMNS
            if week >= len(row.cells):
                return None
            status = row.cells[week]
            if role == Qt.ItemDataRole.DisplayRole:
                count = row.visit_counts[week]
                return "✓" * min(count, 3) if count else status_text(status)
            if role == Qt.ItemDataRole.BackgroundRole and status in COLORS:
                return QBrush(QColor(COLORS[status]))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == SORT_ROLE:
                return list(Status).index(status)
            return None
        days = row.days_since(on)
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            display = role == Qt.ItemDataRole.DisplayRole
            if col == COL_NAME:
                return p.name
            if col == COL_TIER:
                return (self.tr(p.tier) if p.tier else "") if display else TIER_ORDER.get(p.tier, 3)
            if col == COL_AGE:
                age = p.age(on)
                return ("" if age is None else str(age)) if display else (age or 0)
            if col == COL_ADDRESS:
                return p.address
            if col == COL_CATEGORIES:
                return "、".join(p.category_labels())
            if col == COL_INTERVAL:
                return self.tr("每{n}天").format(n=p.interval) if display else p.interval
            if col == COL_LAST:
                return (p.last_visit.isoformat() if p.last_visit else self.tr("从未走访")) if display else (
                    p.last_visit.toordinal() if p.last_visit else 0)
            if col == COL_DAYS:
                if display:
                    return "—" if days is None else str(days)
                return 10**6 if days is None else days  # never visited sorts as the longest
            if col == COL_STATUS:
                if not display:
                    return list(Status).index(this_week)
                return status_text(this_week) or self.tr("未到期")
        if role == Qt.ItemDataRole.ForegroundRole and this_week == Status.OVERDUE and col in (
                COL_NAME, COL_LAST, COL_DAYS, COL_STATUS):
            return QBrush(QColor(RED))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS and this_week == Status.NOT_DUE:
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_TIER and p.tier in TIER_COLORS:
            return QBrush(QColor(TIER_COLORS[p.tier]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_TIER:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_STATUS and this_week in COLORS:
            return QBrush(QColor(COLORS[this_week]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_AGE, COL_DAYS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_ADDRESS, COL_CATEGORIES):
            return p.address if col == COL_ADDRESS else "、".join(p.category_labels())
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            due = p.due.isoformat() if p.due else self.tr("立即")
            return self.tr("户号 {number}；下次应访：{due}").format(number=p.household_number, due=due)
        return None
