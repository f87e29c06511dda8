"""The roster pane: the households of the grid picked in the tree (lazy table, sorting in SQL),
the search box, and the household editor."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.roster import households as roster_households
from gridoffice.services.roster import lists as roster_lists
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import show_error
from gridoffice.ui.ops import Loader
from gridoffice.ui.roster.household_editor import HouseholdEditor
from gridoffice.ui.roster.person_form import PersonForm
from gridoffice.ui.widgets import columns as columns_fit
from gridoffice.ui.widgets.lazy_model import ColumnSpec, LazyTableModel
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.search_box import SearchBox

GRID_COLUMN = 4


class RosterPane(ReloadWhenShown):
    load_when_first_shown = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterPane")
        self.context = context
        self.grid_id: int | None = context.current_grid
        self.search = SearchBox(context, self)
        self.search.person_activated.connect(self.open_person)
        columns = [
            ColumnSpec(self.tr("户号"), lambda r: r.number, "number"),
            ColumnSpec(self.tr("地址"), lambda r: r.address, "address"),
            ColumnSpec(self.tr("户主"), lambda r: r.head, "head"),
            ColumnSpec(self.tr("在册人数"), lambda r: r.members, "members", align_right=True),
            ColumnSpec(self.tr("微网格"), lambda r: r.grid, "grid"),
            ColumnSpec(self.tr("标记"), lambda r: r.flags, None),
        ]
        self.model = LazyTableModel(
            columns,
            lambda key, desc: roster_lists.household_ids(self.context.db, self.grid_id, key or "number", desc),
            lambda ids: roster_lists.household_rows(self.context.db, ids),
            self)
        self.model.sort_in_background = self.reload  # a header click: sorted in the loader thread
        self.view = QTableView(self)
        self.view.setObjectName("households")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((110, 230, 80, 70, 170)):
            header.resizeSection(col, max(width, header.sectionSizeHint(col)))  # English headers are longer
        self.view.doubleClicked.connect(lambda _i: self.open_household())
        self.title = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, label, slot in (("add", self.tr("新增住户"), self.add_household),
                                 ("open", self.tr("打开住户"), self.open_household),
                                 ("move", self.tr("移到其他网格…"), self.move_household),
                                 ("remove", self.tr("删除住户"), self.remove_household)):
            button = QPushButton(label, self)
            button.setObjectName(f"roster_{key}")
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.loader = Loader(self, self._show, self._failed)
        self.loader.loading.connect(self._on_loading)
        context.grid_selected.connect(self.show_grid)
        context.database_changed.connect(lambda: self.show_grid(None))
        context.data_changed.connect(self._on_data_changed)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def show_grid(self, grid_id: object) -> None:
        self.grid_id = grid_id if isinstance(grid_id, int) else None
        self.request_reload()

    def reload(self) -> None:
        """Read the households' ids in a pool thread (about a second for a whole street); the
        rows on screen are then fetched page by page."""
        db, grid_id = self.context.db, self.grid_id
        order = key, descending = self.model.sort_order()
        self.loader.request(lambda: (order, roster_lists.household_ids(db, grid_id, key or "number", descending)))

    def busy(self) -> bool:
        return self.loader.busy()

    def _on_loading(self, loading: bool) -> None:
        if loading:
            self.title.setText(self.tr("正在读取住户…"))

    def _show(self, result: tuple[tuple[str | None, bool], list[int]]) -> None:
        order, ids = result
        if order != self.model.sort_order():  # a column header was clicked meanwhile
            self.reload()
            return
        keep = self.selected_household()
        self.model.set_ids(ids)
        columns_fit.widen(self.view, {GRID_COLUMN: 170})  # a street names the community: 西华社区 · 第1网格 · …
        n = self.model.rowCount()
        self.title.setText(self.tr("{scope}：{n} 户").format(
            scope=self.tr("所选网格") if self.grid_id is not None else self.tr("全部网格"), n=f"{n:,}"))
        if keep is not None:
            row = self.model.row_of(keep)
            if row >= 0:
                self.view.selectRow(row)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.title.setText(self.tr("住户没有读出来。"))
        show_error(self, exc, self.tr("住户没有读出来。"))

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or {"household", "person", "key_membership"} & set(tables):
            self.request_reload()

    def _update_buttons(self) -> None:
        picked = self.selected_household() is not None
        for key in ("open", "move", "remove"):
            self.buttons[key].setEnabled(picked)

    def selected_household(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def add_household(self) -> HouseholdEditor:
        editor = HouseholdEditor(self.context, grid_id=self.grid_id, parent=self)
        editor.open()
        return editor

    def open_household(self, household_id: int | None = None) -> HouseholdEditor | None:
        hid = household_id if isinstance(household_id, int) else self.selected_household()
        if hid is None:
            return None
        editor = HouseholdEditor(self.context, hid, parent=self)
        editor.open()
        return editor

    def open_person(self, person_id: int, _household_id: object = None) -> PersonForm:
        form = PersonForm(self.context, person_id, parent=self)
        form.open()
        return form

    def move_household(self) -> None:
        hid = self.selected_household()
        if hid is None:
            return
        grids = roster_households.home_grids(self.context.db)
        labels = [path for _gid, path in grids]
        text, ok = QInputDialog.getItem(self, self.tr("移到其他网格"), self.tr("移到："), labels, 0, False)
        if ok:
            db, target = self.context.db, grids[labels.index(text)][0]
            self._run(lambda: roster_households.move_household(db, hid, target))

    def remove_household(self) -> None:
        hid = self.selected_household()
        if hid is None:
            return
        answer = QMessageBox.question(self, self.tr("删除住户"),
                                      self.tr("把这一户及其成员移入回收站？可在回收站恢复。"))
        if answer == QMessageBox.StandardButton.Yes:
            db = self.context.db
            self._run(lambda: roster_households.remove_household(db, hid))

    def _run(self, make) -> None:  # type: ignore[no-untyped-def]
        ops.start(self, self.context, make)  # in the pool: the list reloads on data_changed
