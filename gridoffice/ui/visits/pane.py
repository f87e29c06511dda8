"""The visits pane (走访): for the grid chosen in the tree, the counts per micro-grid for the week
and the week grid — key persons down, weeks across, visited / due / overdue at a glance — with
"days since last visit" sortable and overdue in red; a button records a visit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from PySide6.QtCore import (
    QDate,
    QIdentityProxyModel,
    Qt,
)
from PySide6.QtGui import QAction
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
from gridoffice.ui.visits import week_model
from gridoffice.ui.visits.week_model import (  # noqa: F401  (names the pane's tests and callers use)
    COL_ADDRESS,
    COL_AGE,
    COL_CATEGORIES,
    COL_DAYS,
    COL_INTERVAL,
    COL_LAST,
    COL_NAME,
    COL_STATUS,
    COL_TIER,
    COLORS,
    FIXED_COLUMNS,
    PERSON_ROLE,
    STATUS_ROLE,
    Status,
    WeekGridModel,
)
from gridoffice.ui.widgets import columns as columns_fit
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.qdates import to_date
from gridoffice.ui.widgets.rows_model import RowsModel, fit_to_text


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
                week_model.sort_rows(grid, *order)
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
            week_model.sort_rows(visits.WeekGrid(grid.on, grid.weeks, rows), column, order)
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
            monday=vs.week_start(on).isoformat(), sunday=vs.week_end(on).isoformat(), n=f"{len(grid.rows):,}",
            v=f"{totals[Status.VISITED]:,}", d=f"{totals[Status.DUE]:,}", o=f"{totals[Status.OVERDUE]:,}"))
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
