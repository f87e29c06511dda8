"""The matters pane (事项): the list for the grid chosen in the tree, filtered by state,
category, handler and text (and a month's 新增 or 办结 when opened from the overview's chart); open matters older than the office's limit highlighted; buttons to
log, edit and move a matter through its states; the medians view and the category list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.i18n import tr
from gridoffice.services.matters import core as matters
from gridoffice.ui.actions import raise_pane
from gridoffice.ui.context import AppContext
from gridoffice.ui.matters.dialogs import CategoriesDialog, MatterDialog, MediansDialog, MoveDialog
from gridoffice.ui.matters.model import (
    COL_DESCRIPTION,
    COL_GRID,
    COL_REPORTED,
    COL_RESPONSE,
    MatterListModel,
)
from gridoffice.ui.ops import Loader
from gridoffice.ui.widgets import columns as columns_fit
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown

ALL = "__all__"


class MattersPane(ReloadWhenShown):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mattersPane")
        self.context = context
        self.state = QComboBox(self)
        self.state.setObjectName("matterStateFilter")
        self.state.addItem(self.tr("全部状态"), ALL)
        self.state.addItem(self.tr("未办结"), "open")
        for state in matters.STATES:
            self.state.addItem(tr(state), state)
        self.category = QComboBox(self)
        self.category.setObjectName("matterCategoryFilter")
        self.handler = QComboBox(self)
        self.handler.setObjectName("matterHandlerFilter")
        self.handler.setMinimumContentsLength(6)
        self.text = QLineEdit(self)
        self.text.setObjectName("matterSearch")
        self.text.setPlaceholderText(self.tr("搜索内容、地点、反映人"))
        self.text.setClearButtonEnabled(True)
        self.old_only = QCheckBox(self.tr("只看超期"), self)
        self.old_only.setObjectName("matterOldOnly")
        filters = QHBoxLayout()
        for label, widget in ((self.tr("状态"), self.state), (self.tr("类别"), self.category),
                              (self.tr("办理人"), self.handler)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)
        filters.addWidget(self.old_only)
        # a month of the overview's chart (新增 reported, or 办结 closed, in it): shown with its 清除
        self.period: tuple[str, dt.date, dt.date] | None = None
        self.period_button = QPushButton(self)
        self.period_button.setObjectName("matterPeriod")
        self.period_button.setToolTip(self.tr("点击清除这个月份条件"))
        self.period_button.setVisible(False)
        self.period_button.clicked.connect(lambda: self.set_period(None))
        filters.addWidget(self.period_button)

        self.add_button = QPushButton(self.tr("登记事项…"), self)
        self.edit_button = QPushButton(self.tr("修改…"), self)
        self.start_button = QPushButton(self.tr("开始办理"), self)
        self.close_button = QPushButton(self.tr("办结…"), self)
        self.transfer_button = QPushButton(self.tr("转办…"), self)
        self.medians_button = QPushButton(self.tr("用时统计…"), self)
        self.categories_button = QPushButton(self.tr("事项类别…"), self)
        for name, button in (("addMatter", self.add_button), ("editMatter", self.edit_button),
                             ("startMatter", self.start_button), ("closeMatter", self.close_button),
                             ("transferMatter", self.transfer_button), ("mediansButton", self.medians_button),
                             ("categoriesButton", self.categories_button)):
            button.setObjectName(name)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.start_button, self.close_button,
                       self.transfer_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.model = MatterListModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("matterList")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(COL_REPORTED, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((48, 116, 132, 60, 66, 80, 260, 62, 58, 70, 116, 70)):
            header.resizeSection(col, max(width, header.sectionSizeHint(col)))  # English headers are longer
        header.setSectionResizeMode(COL_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        columns_fit.mark(self.view, free_text=(COL_DESCRIPTION,), scroll_from=COL_RESPONSE)  # times may scroll
        self.summary = QLabel(self)
        self.summary.setObjectName("matterSummary")
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.medians_button)
        bottom.addWidget(self.categories_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.add_button.clicked.connect(self.add_matter)
        self.edit_button.clicked.connect(self.edit_matter)
        self.start_button.clicked.connect(lambda: self.move_matter(matters.IN_PROGRESS))
        self.close_button.clicked.connect(lambda: self.move_matter(matters.CLOSED))
        self.transfer_button.clicked.connect(lambda: self.move_matter(matters.TRANSFERRED))
        self.medians_button.clicked.connect(self.show_medians)
        self.categories_button.clicked.connect(self.edit_categories)
        self.view.doubleClicked.connect(lambda _index: self.edit_matter())
        for combo in (self.state, self.category, self.handler):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self._typing = QTimer(self)  # search as the clerk types, once they pause
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self.refresh)
        self.text.textChanged.connect(lambda _t: self._typing.start())
        self.old_only.toggled.connect(lambda _on: self.refresh())
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        # behind another tab nothing is reloaded until the pane is shown (0.15–0.3 s on a street)
        context.grid_selected.connect(lambda _gid: self.refresh_or_defer(self.reload_choices))
        context.database_changed.connect(lambda: self.refresh_or_defer(self.reload_choices))
        context.data_changed.connect(self._on_data_changed)
        context.navigate.connect(self._navigate)
        self._loader = Loader(self, self._show)
        self.reload_choices()

    def _navigate(self, kind: str, target: object) -> None:
        """A month's bar of the overview's matters chart: ("2022-12", "new" | "closed")."""
        if kind == "matters" and isinstance(target, tuple) and len(target) == 2:
            label, which = target
            first = dt.date(int(label[:4]), int(label[5:7]), 1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            raise_pane(self)
            self.state.blockSignals(True)
            self.state.setCurrentIndex(0)  # every state: the month's count is of all of them
            self.state.blockSignals(False)
            self.set_period((which, first, last))

    def set_period(self, period: tuple[str, dt.date, dt.date] | None) -> None:
        self.period = period
        if period is not None:
            which, first, _last = period
            text = self.tr("{y}年{m}月办结") if which == "closed" else self.tr("{y}年{m}月新增")
            self.period_button.setText(text.format(y=first.year, m=first.month) + " ✕")
        self.period_button.setVisible(period is not None)
        self.refresh()

    # ---- filters ------------------------------------------------------------------------
    def reload_choices(self) -> None:
        db, grid_id = self.context.db, self.context.current_grid
        for combo, items in ((self.category, [(c, c) for c in matters.categories(db)]),
                             (self.handler, [(name, sid) for sid, name in matters.handlers(db, grid_id)])):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("全部"), ALL)
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(keep)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.refresh()

    def current_filter(self) -> matters.MatterFilter:
        def value(combo: QComboBox):  # type: ignore[no-untyped-def]
            data = combo.currentData()
            return None if data == ALL else data

        which, first, last = self.period or ("", None, None)
        return matters.MatterFilter(state=value(self.state), grid_id=self.context.current_grid,
                                    category=value(self.category), handler_staff_id=value(self.handler),
                                    text=self.text.text(), old_only=self.old_only.isChecked(),
                                    reported_from=first if which == "new" else None,
                                    reported_to=last if which == "new" else None,
                                    closed_from=first if which == "closed" else None,
                                    closed_to=last if which == "closed" else None)

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or {"matter", "staff", "grid"} & set(tables):
            self.refresh_or_defer(self.refresh)
        elif "setting" in set(tables):
            self.refresh_or_defer(self.reload_choices)

    def busy(self) -> bool:
        return self._loader.busy()

    def refresh(self) -> None:
        """The list and the counts are read in the loader thread (1.1 s on a street's year of
        matters, on the GUI thread before); the pane keeps showing the last list meanwhile."""
        db, grid_id, flt, model = self.context.db, self.context.current_grid, self.current_filter(), self.model

        def read():  # type: ignore[no-untyped-def]
            listed = model.read(db, flt)
            counts = matters.counts_by_state(db, grid_id)
            old = len(matters.matter_ids(db, matters.MatterFilter(grid_id=grid_id, old_only=True)))
            return db, listed, counts, old

        self._loader.request(read)

    def _show(self, result) -> None:  # type: ignore[no-untyped-def]
        db, listed, counts, old = result
        keep = self.current_row()
        self.model.show(db, *listed)
        columns_fit.widen(self.view, {COL_GRID: 80}, fill=COL_DESCRIPTION)  # a street names the community: 西华社区 · 第1网格 · …
        if keep is not None:
            row = self.model.row_of(keep.id)
            if row >= 0:
                self.view.selectRow(row)
        self.summary.setText(self.tr("列出 {n} 件　|　待处理 {p}　处理中 {i}　已办结 {c}　转办 {t}　|　"
                                     "超过 {days} 天未办结：{old} 件（红底）").format(
            n=self.model.rowCount(), p=counts[matters.PENDING], i=counts[matters.IN_PROGRESS],
            c=counts[matters.CLOSED], t=counts[matters.TRANSFERRED], days=self.model.old_days, old=old))
        self.summary.setToolTip(self.summary.text())
        self._update_buttons()

    # ---- actions ------------------------------------------------------------------------
    def current_row(self) -> matters.MatterRow | None:
        index: QModelIndex = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        row = self.current_row()
        allowed = matters.TRANSITIONS.get(row.state, ()) if row else ()
        self.edit_button.setEnabled(row is not None)
        self.start_button.setEnabled(matters.IN_PROGRESS in allowed)
        self.close_button.setEnabled(matters.CLOSED in allowed)
        self.transfer_button.setEnabled(matters.TRANSFERRED in allowed)

    def add_matter(self) -> None:
        MatterDialog(self.context, self.context.current_grid, None, self).exec()

    def edit_matter(self) -> None:
        row = self.current_row()
        if row is not None:
            MatterDialog(self.context, self.context.current_grid, row, self).exec()

    def move_matter(self, state: str) -> None:
        row = self.current_row()
        if row is not None:
            MoveDialog(self.context, row, state, self).exec()

    def show_medians(self) -> None:
        MediansDialog(self.context, self.context.current_grid, self).exec()

    def edit_categories(self) -> None:
        CategoriesDialog(self.context, self).exec()
