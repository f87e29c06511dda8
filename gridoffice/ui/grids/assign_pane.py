"""Bulk assignment of households to micro-grids: filter by grid, villager group, compound,
building, unit, door range or address text; select rows (or all); move them to a micro-grid
with a button, or drag them onto a micro-grid in the grid tree."""

from __future__ import annotations

import json
from collections.abc import Collection

import shiboken6
from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.grids import assign
from gridoffice.services.grids import core as grids
from gridoffice.ui import ops
from gridoffice.ui.actions import GridCombo, raise_pane
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import show_error
from gridoffice.ui.grids.tree import HOUSEHOLDS_MIME
from gridoffice.ui.ops import Loader
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.rows_model import ROW_ID_ROLE, SORT_ROLE, RowsModel, compact, fit_to_text


class HouseholdsModel(RowsModel):
    """Rows can be dragged (as a list of household ids) onto the grid tree."""

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:
        return [HOUSEHOLDS_MIME]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes) -> QMimeData:  # type: ignore[no-untyped-def]
        ids = sorted({index.data(ROW_ID_ROLE) for index in indexes if index.isValid()})
        data = QMimeData()
        data.setData(HOUSEHOLDS_MIME, json.dumps(ids).encode())
        return data


class AssignPane(ReloadWhenShown):
    LIMIT = 5000  # rows shown at once; a street has 60,000 households: narrow the filter
    truncated = False

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignPane")
        self.context = context
        self.scope = GridCombo(self)
        self.group = QComboBox(self)
        self.compound = QComboBox(self)
        self.building = QComboBox(self)
        self.unit = QComboBox(self)
        self.door_from = QSpinBox(self)
        self.door_to = QSpinBox(self)
        for box in (self.door_from, self.door_to):
            box.setRange(0, 99999)
            box.setSpecialValueText(self.tr("不限"))
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(self.tr("地址或户号包含…"))
        self.unassigned = QCheckBox(self.tr("只看未划入微网格的"), self)
        self.search_button = QPushButton(self.tr("查询"), self)
        self.search_button.setDefault(True)
        self.loader = Loader(self, self._show, self._failed)
        self.grid_loader = Loader(self, self._show_grids)  # the two grid lists and the address choices
        self.choice_loader = Loader(self, self._show_choices)  # a new scope's address choices
        self._search_after = False
        self._move: ops.Op | None = None
        self.loader.loading.connect(self._on_loading)
        self.search_button.clicked.connect(self.search)
        self.text.returnPressed.connect(self.search)
        self.scope.currentIndexChanged.connect(self._load_choices)
        filters = QGridLayout()
        cells = ((self.tr("范围"), self.scope), (self.tr("组"), self.group), (self.tr("小区"), self.compound),
                 (self.tr("楼栋"), self.building), (self.tr("单元"), self.unit))
        for i, (label, widget) in enumerate(cells):
            filters.addWidget(QLabel(label, self), i // 3, (i % 3) * 2)
            filters.addWidget(widget, i // 3, (i % 3) * 2 + 1)
        doors = QHBoxLayout()
        doors.addWidget(self.door_from)
        doors.addWidget(QLabel("–", self))
        doors.addWidget(self.door_to)
        filters.addWidget(QLabel(self.tr("门牌 / 房号"), self), 1, 4)
        filters.addLayout(doors, 1, 5)
        filters.setColumnStretch(1, 2)
        filters.setColumnStretch(3, 1)
        filters.setColumnStretch(5, 1)
        row3 = QHBoxLayout()
        row3.addWidget(self.text, 1)
        row3.addWidget(self.unassigned)
        row3.addWidget(self.search_button)
        self.model = HouseholdsModel([self.tr("户号"), self.tr("户主"), self.tr("地址"), self.tr("组"),
                                      self.tr("小区"), self.tr("楼栋"), self.tr("单元"), self.tr("门牌"),
                                      self.tr("现属网格")], self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        self.view.setObjectName("householdTable")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        compact(self.view, sortable=True)  # columns fitted to the text when rows arrive (fit_to_text)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.found = QLabel(self)
        self.select_all = QPushButton(self.tr("全选"), self)
        self.select_all.clicked.connect(self.view.selectAll)
        self.target = GridCombo(self)
        self.move_button = QPushButton(self.tr("划入选中的微网格"), self)
        self.move_button.clicked.connect(self.move_selected)
        bottom = QGridLayout()
        bottom.addWidget(self.found, 0, 0, 1, 2)
        bottom.addWidget(self.select_all, 0, 2)
        bottom.addWidget(QLabel(self.tr("把选中的住户划入"), self), 1, 0)
        bottom.addWidget(self.target, 1, 1)
        bottom.addWidget(self.move_button, 1, 2)
        bottom.setColumnStretch(1, 1)
        hint = QLabel(self.tr("提示：也可以把选中的住户直接拖到左边网格树里的微网格上。"), self)
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(row3)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(hint)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_found())
        context.database_changed.connect(lambda: self.refresh_or_defer(self.reload_grids))
        context.data_changed.connect(self._on_data_changed)
        context.navigate.connect(self._navigate)
        self.reload_grids(search=False)
        self._deferred = {self.search: None}  # the first list is made when the tab is first shown

    # ---- loading ------------------------------------------------------------------------------
    def reload_grids(self, search: bool = True) -> None:
        """Read the grid lists and the scope's address choices in the pool (a street's ~1,000
        grids and ~60,000 addresses), then search when asked."""
        db, scope = self.context.db, self.scope.grid_id()
        self._search_after = self._search_after or search
        self.grid_loader.request(lambda: (GridCombo.read(db), assign.address_choices(db, scope)))

    def _show_grids(self, loaded: tuple[tuple[list[grids.GridNode], dict[int, str]], assign.AddressChoices]) -> None:
        if not shiboken6.isValid(self.scope):  # the pane is being torn down: nothing to show
            return
        read, choices = loaded
        scope, target = self.scope.grid_id(), self.target.grid_id()
        self.scope.fill(read, ("street", "community", "general", "micro", "dedicated"),
                        select=scope, none_text=self.tr("全部住户"))
        self.target.fill(read, assign.HOLDING_LEVELS, select=target)
        if self.scope.grid_id() == scope:
            self._show_choices(choices)
        else:  # the grid chosen is gone: the choices of the scope now shown
            self._load_choices()
        if self._search_after:
            self._search_after = False
            self.search()

    def _load_choices(self) -> None:
        db, scope = self.context.db, self.scope.grid_id()
        self.choice_loader.request(lambda: assign.address_choices(db, scope))

    def _show_choices(self, choices: assign.AddressChoices) -> None:
        if not shiboken6.isValid(self.group):
            return
        for box, values in ((self.group, choices.village_groups), (self.compound, choices.compounds),
                            (self.building, choices.buildings), (self.unit, choices.units)):
            keep = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("不限"), "")
            for v in values:
                box.addItem(v, v)
            index = box.findData(keep)
            box.setCurrentIndex(max(index, 0))
            box.setEnabled(bool(values))
            box.blockSignals(False)

    def query(self) -> assign.HouseholdQuery:
        lo, hi = self.door_from.value(), self.door_to.value()
        return assign.HouseholdQuery(
            grid_id=self.scope.grid_id(), unassigned=self.unassigned.isChecked(),
            village_group=self.group.currentData() or "", compound=self.compound.currentData() or "",
            building=self.building.currentData() or "", unit=self.unit.currentData() or "",
            door_from=lo or None, door_to=hi or None, text=self.text.text().strip())

    def search(self) -> None:
        """Find the households in a pool thread (a whole street's ~60,000: about a second)."""
        db, query, limit = self.context.db, self.query(), self.LIMIT + 1
        self.loader.request(lambda: assign.find_households(db, query, limit=limit))

    def busy(self) -> bool:
        return self.loader.busy() or self.grid_loader.busy() or self.choice_loader.busy() or self._moving()

    def _on_loading(self, loading: bool) -> None:
        if loading:
            self.found.setText(self.tr("正在查询…"))

    def _failed(self, exc: BaseException) -> None:
        self.found.setText(self.tr("没有查出来。"))
        show_error(self, exc, self.tr("没有查出来。"))

    def _show(self, rows: list[assign.HouseholdRow]) -> None:
        self.truncated = len(rows) > self.LIMIT
        rows = rows[:self.LIMIT]
        self.model.set_rows([(r.number, r.head, r.address, r.village_group, r.compound, r.building, r.unit,
                              r.door, r.grid_name or self.tr("（未划入）")) for r in rows], [r.id for r in rows])
        fit_to_text(self.view, self.model)
        self._update_found()

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or "grid" in set(tables):
            self.refresh_or_defer(self.reload_grids)
        elif "household" in set(tables):
            self.refresh_or_defer(self.search)

    def _navigate(self, kind: str, _target: object) -> None:
        if kind == "households":
            raise_pane(self)
            self.scope.setCurrentIndex(0)
            self.unassigned.setChecked(True)
            self.search()

    # ---- moving -------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return [self.model.row_id(self.proxy.mapToSource(i).row()) for i in self.view.selectionModel().selectedRows()]

    def _update_found(self) -> None:
        n = len(self.view.selectionModel().selectedRows())
        if self.truncated:
            text = self.tr("只列出前 {total} 户（请缩小范围），已选 {n} 户")
        else:
            text = self.tr("找到 {total} 户，已选 {n} 户")
        self.found.setText(text.format(total=self.model.rowCount(), n=n))
        self.move_button.setEnabled(n > 0 and self.target.grid_id() is not None)

    def move_selected(self) -> None:
        ids, target = self.selected_ids(), self.target.grid_id()
        if ids and target is not None and not self._moving():
            db = self.context.db  # up to 500 households and their audit: in the pool, one undo step
            self._move = ops.Op(self, lambda: assign.move_households(db, ids, target), context=self.context,
                                disable=[self.move_button, self.search_button]).run()

    def _moving(self) -> bool:
        return self._move is not None and self._move.is_running()
