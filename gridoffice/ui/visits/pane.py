"""The visits pane (走访): for the grid chosen in the tree, the counts per micro-grid for the week
and the week grid — key persons down, weeks across, visited / due / overdue at a glance — with
"days since last visit" sortable and overdue in red; a button records a visit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QIdentityProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain import visit_schedule as vs
from gridoffice.services.visits import core as visits
from gridoffice.ui.actions import raise_pane
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import show_error
from gridoffice.ui.ops import Loader
from gridoffice.ui.widgets import columns as columns_fit
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.qdates import to_date
from gridoffice.ui.widgets.rows_model import SORT_ROLE, RowsModel, fit_to_text

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


class VisitsPane(ReloadWhenShown):
    load_when_first_shown = True  # a whole street's week grid takes seconds: never behind another tab

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitsPane")
        self.context = context
        self.title = QLabel(self)
        self.title.setObjectName("visitsTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.week_edit = QDateEdit(QDate.currentDate(), self)
        self.week_edit.setCalendarPopup(True)
        self.week_edit.setDisplayFormat("yyyy-MM-dd")
        self.week_edit.setObjectName("visitsWeek")
        self.weeks_spin = QSpinBox(self)
        self.weeks_spin.setRange(2, 26)
        self.weeks_spin.setValue(8)
        self.weeks_spin.setSuffix(self.tr(" 周"))
        self.record_button = QPushButton(self.tr("登记走访…"), self)
        self.record_button.setObjectName("recordVisit")
        self.rules_button = QPushButton(self.tr("走访规则…"), self)
        self.rules_button.setObjectName("visitRules")
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(QLabel(self.tr("周次（含此日）："), self))
        bar.addWidget(self.week_edit)
        bar.addWidget(QLabel(self.tr("显示："), self))
        bar.addWidget(self.weeks_spin)
        bar.addWidget(self.record_button)
        bar.addWidget(self.rules_button)

        self.counts_model = RowsModel(
            [self.tr("微网格"), self.tr("重点人员"), self.tr("本周已访"), self.tr("本周应访"), self.tr("逾期"),
             self.tr("走访人次")], self, counts=True, highlight=lambda r: {4} if r[4] else set())
        self.counts_view = QTableView(self)
        self.counts_view.setObjectName("visitCounts")
        self.counts_view.setModel(self.counts_model)  # sorted by the model itself (RowsModel.sort), no proxy
        self.counts_view.setSortingEnabled(True)
        self.counts_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.counts_view.verticalHeader().hide()
        # sized to the text when counts arrive (fit_to_text): Qt's sizing to contents asked a sample of
        # 836 micro-grids every role again on each layout after a reload
        self.counts_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.model = WeekGridModel(self)
        self.proxy = QIdentityProxyModel(self)  # sorting is the model's own (``WeekGridModel.sort``)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("weekGrid")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(58)
        self.view.sortByColumn(COL_DAYS, Qt.SortOrder.DescendingOrder)
        columns_fit.mark(self.view, free_text=(COL_ADDRESS, COL_CATEGORIES), scroll_from=COL_STATUS + 1)  # older weeks scroll
        self.view.doubleClicked.connect(lambda _index: self.record_visit())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot in ((self.tr("登记走访…"), self.record_visit), (self.tr("登记五到家服务…"), self.record_service)):
            action = QAction(text, self.view)
            action.triggered.connect(slot)
            self.view.addAction(action)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend.setText(self.tr("<span style='background:{v}'>&nbsp;已访 ✓&nbsp;</span> "
                                    "<span style='background:{d}'>&nbsp;应访&nbsp;</span> "
                                    "<span style='background:{o}'>&nbsp;逾期&nbsp;</span>　"
                                    "从未走访且不知何时列入重点人员的，记为逾期。双击一行登记走访。").format(
            v=COLORS[Status.VISITED], d=COLORS[Status.DUE], o=COLORS[Status.OVERDUE]))

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.counts_view)
        split.addWidget(self.view)
        split.setStretchFactor(1, 3)
        split.setSizes([160, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.legend)

        self.loader = Loader(self, self._show, self._failed)
        self.loader.loading.connect(self._on_loading)
        self.sort_loader = Loader(self, lambda done: self.model.take_rows(*done))  # latest click wins
        self.model.sort_in_background = self._sort_apart
        self.record_button.clicked.connect(self.record_visit)
        self.rules_button.clicked.connect(self.edit_rules)
        self.week_edit.dateChanged.connect(lambda _d: self.refresh())
        self.weeks_spin.valueChanged.connect(lambda _n: self.refresh())
        context.grid_selected.connect(lambda _gid: self.refresh())
        context.database_changed.connect(self.refresh)
        context.data_changed.connect(self._on_data_changed)
        context.navigate.connect(self._navigate)
        self.refresh()

    def _navigate(self, kind: str, target: object) -> None:
        """A week's point of the overview's visits chart: this pane at that week (the grid is the
        tree's, as the chart's)."""
        if kind == "visits" and isinstance(target, dt.date):
            raise_pane(self)
            self.week_edit.setDate(QDate(target.year, target.month, target.day))

    @property
    def on(self) -> dt.date:
        return to_date(self.week_edit.date())

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or {"visit", "visit_rule", "key_membership", "person", "household", "health_profile",
                                  "health_score_rule", "health_tier_override"} & set(tables):
            self.refresh()

    def refresh(self) -> None:
        """Recompute when the pane is shown, else when it is next shown (``ReloadWhenShown``)."""
        self.request_reload()

    def reload(self) -> None:
        """The computing runs in a pool thread; the pane keeps showing the last result until the
        new one arrives."""
        db, grid_id, on, weeks = self.context.db, self.context.current_grid, self.on, self.weeks_spin.value()
        order = self.model.order()

        def compute() -> tuple[visits.WeekGrid, list[visits.GridWeekCount], tuple[int, Qt.SortOrder] | None]:
            grid, counts = visits.week_view(db, grid_id, on, weeks)
            if order is not None and order[0] >= 0:
                sort_rows(grid, *order)
            return grid, counts, order

        self.loader.request(compute)

    def busy(self) -> bool:
        return self.loader.busy() or self.sort_loader.busy()

    def _sort_apart(self, column: int, order: Qt.SortOrder) -> None:
        """A header click on a large grid: a copy of its rows sorted in the pool."""
        grid = self.model.grid
        if grid is None:
            return
        rows = list(grid.rows)

        def work() -> tuple[visits.WeekGrid, list[visits.WeekRow]]:
            sort_rows(visits.WeekGrid(grid.on, grid.weeks, rows), column, order)
            return grid, rows

        self.sort_loader.request(work)

    def _on_loading(self, loading: bool) -> None:
        self.record_button.setEnabled(not loading)
        if loading:
            self.title.setText(self.tr("正在计算走访情况…"))

    def _show(self, result: tuple[visits.WeekGrid, list[visits.GridWeekCount], tuple[int, Qt.SortOrder] | None]) -> None:
        grid, counts, order = result
        on = grid.on
        self.model.set_grid(grid, sorted_as=order if order is not None and order[0] >= 0 else None)
        header = self.view.horizontalHeader()
        for col, width in ((COL_NAME, 64), (COL_AGE, 40), (COL_ADDRESS, 110), (COL_CATEGORIES, 120),
                           (COL_INTERVAL, 56), (COL_LAST, 86), (COL_DAYS, 74), (COL_STATUS, 52)):
            header.resizeSection(col, width)
        self.counts_model.set_rows([[f"{c.code} {c.label}", c.key_persons, c.visited, c.due, c.overdue, c.visits]
                                    for c in counts])
        header = self.counts_view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:  # the clerk's order kept across reloads
            self.counts_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        fit_to_text(self.counts_view, self.counts_model)
        totals = grid.counts_this_week()
        self.title.setText(self.tr("{monday} 至 {sunday}：重点人员 {n} 人，已访 {v}，应访 {d}，逾期 {o}").format(
            monday=vs.week_start(on).isoformat(), sunday=vs.week_end(on).isoformat(), n=len(grid.rows),
            v=totals[Status.VISITED], d=totals[Status.DUE], o=totals[Status.OVERDUE]))
        self.title.setToolTip(self.title.text())

    def _failed(self, exc: BaseException) -> None:
        self.title.setText(self.tr("走访情况没有算出来。"))
        show_error(self, exc, self.tr("走访情况没有算出来。"))

    def selected_person(self) -> visits.KeyPerson | None:
        index = self.view.currentIndex()
        if not index.isValid() or self.model.grid is None:
            return None
        source = self.proxy.mapToSource(index)
        return self.model.grid.rows[source.row()].person

    def record_visit(self) -> None:
        from gridoffice.ui.visits.dialog import RecordVisitDialog

        person = self.selected_person()
        grid_id = person.grid_id if person else self.context.current_grid
        household = {r.person.person_id for r in (self.model.grid.rows if self.model.grid else [])
                     if person is not None and r.person.household_id == person.household_id}
        dialog = RecordVisitDialog(self.context, grid_id, person, self, key_ids=household)
        dialog.exec()

    def record_service(self) -> None:
        """A 五到家 service for the selected person's household (right-click menu)."""
        from gridoffice.ui.health.service_dialog import ServiceDialog

        person = self.selected_person()
        if person is not None:
            ServiceDialog(self.context, person.household_id, person.person_id, self).exec()

    def edit_rules(self) -> None:
        from gridoffice.ui.visits.rules_dialog import VisitRulesDialog

        VisitRulesDialog(self.context, self).exec()
