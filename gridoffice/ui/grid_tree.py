"""The grid tree pane: street / community → general grids → micro-grids, with household counts."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTreeView, QVBoxLayout, QWidget

from gridoffice.domain.codes import GridLevel, grid_level_label
from gridoffice.services import grids
from gridoffice.ui.context import AppContext

GRID_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2
CODE_ROLE = Qt.ItemDataRole.UserRole + 3

COL_NAME, COL_HOUSEHOLDS = 0, 1


class GridTreeModel(QStandardItemModel):
    """Items carry the grid id, level and code in custom roles."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([self.tr("网格"), self.tr("户数")])

    def load(self, roots: list[grids.GridNode]) -> None:
        self.removeRows(0, self.rowCount())
        for node in roots:
            self.invisibleRootItem().appendRow(self._row(node))

    def _row(self, node: grids.GridNode) -> list[QStandardItem]:
        name = QStandardItem(node.name)
        name.setEditable(False)
        name.setData(node.id, GRID_ID_ROLE)
        name.setData(node.level, LEVEL_ROLE)
        name.setData(node.code, CODE_ROLE)
        tip = f"{grid_level_label(node.level)} · {node.code}"
        if node.covers:
            tip += "\n" + self.tr("范围：") + node.covers
        name.setToolTip(tip)
        count = QStandardItem(str(node.households))
        count.setEditable(False)
        count.setData(node.households, Qt.ItemDataRole.UserRole)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for child in node.children:
            name.appendRow(self._row(child))
        return [name, count]

    def index_of_grid(self, grid_id: int) -> QModelIndex:
        hits = self.match(self.index(0, 0), GRID_ID_ROLE, grid_id, 1,
                          Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly)
        return hits[0] if hits else QModelIndex()


class GridTreePane(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = GridTreeModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("gridTree")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        header = self.view.header()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_HOUSEHOLDS, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        context.database_changed.connect(self.reload)
        context.data_changed.connect(self._on_data_changed)
        self.reload()

    def reload(self) -> None:
        keep = self.context.current_grid
        self.model.load(grids.tree(self.context.db))
        self.view.expandToDepth(0 if self._is_street() else 1)
        if keep is not None:
            index = self.model.index_of_grid(keep)
            if index.isValid():
                self.view.setCurrentIndex(index)

    def _is_street(self) -> bool:
        root = self.model.index(0, 0)
        return root.isValid() and root.data(LEVEL_ROLE) == GridLevel.STREET

    def _on_data_changed(self, tables: object) -> None:
        if tables is None or {"grid", "household"} & set(tables):  # type: ignore[arg-type]
            self.reload()

    def _on_current(self, current: QModelIndex | QPersistentModelIndex, _previous) -> None:  # type: ignore[no-untyped-def]
        grid_id = current.siblingAtColumn(COL_NAME).data(GRID_ID_ROLE) if current.isValid() else None
        self.context.grid_selected.emit(grid_id)
