"""The grid tree pane: street / community → general grids → micro-grids, with household counts."""

from __future__ import annotations

import json
from collections.abc import Collection

from PySide6.QtCore import (
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QVBoxLayout, QWidget

from gridoffice.domain.codes import GridLevel, grid_level_label
from gridoffice.services.grids import assign
from gridoffice.services.grids import core as grids
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext

GRID_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2
CODE_ROLE = Qt.ItemDataRole.UserRole + 3

COL_NAME, COL_HOUSEHOLDS = 0, 1
# Households dragged from the assignment pane: a JSON list of household ids.
HOUSEHOLDS_MIME = "application/x-gridoffice-households"


class GridTreeModel(QStandardItemModel):
    """Items carry the grid id, level and code in custom roles. Households can be dropped on a
    micro-grid (or dedicated grid): the model emits ``households_dropped(grid_id, ids)``."""

    households_dropped = Signal(int, list)

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([self.tr("网格"), self.tr("户数")])

    def load(self, roots: list[grids.GridNode]) -> None:
        self.load_rows(self.rows(roots))

    def load_rows(self, rows: list[list[QStandardItem]]) -> None:
        self.removeRows(0, self.rowCount())
        for row in rows:
            self.invisibleRootItem().appendRow(row)

    @staticmethod
    def rows(roots: list[grids.GridNode]) -> list[list[QStandardItem]]:
        """The tree's items. Plain items (no QObject, no model yet): at start they are made in the
        pool with the database's opening, and only appended on the GUI thread (~1,000 grids)."""
        labels = {level: grid_level_label(level) for level in GridLevel}  # translated once, not per row
        covers = QCoreApplication.translate("GridTreeModel", "范围：")

        def row(node: grids.GridNode) -> list[QStandardItem]:
            name = QStandardItem(node.name)
            name.setEditable(False)
            name.setDropEnabled(node.level in assign.HOLDING_LEVELS)
            name.setData(node.id, GRID_ID_ROLE)
            name.setData(node.level, LEVEL_ROLE)
            name.setData(node.code, CODE_ROLE)
            tip = f"{labels.get(node.level, node.level)} · {node.code}"  # type: ignore[call-overload]
            if node.covers:
                tip += "\n" + covers + node.covers
            name.setToolTip(tip)
            households = node.households
            count = QStandardItem(str(households))
            count.setEditable(False)
            count.setDropEnabled(False)
            count.setData(households, Qt.ItemDataRole.UserRole)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for child in node.children:
                name.appendRow(row(child))
            return [name, count]

        return [row(node) for node in roots]

    def update_counts(self, roots: list[grids.GridNode]) -> bool:
        """Put the household counts of ``roots`` into the rows in place, when the tree holds the
        same grids in the same places (a household change moves no grid); False when it does
        not (the caller loads it afresh). A count that did not change is not touched."""
        pairs: list[tuple[QStandardItem, grids.GridNode]] = []

        def walk(parent: QStandardItem, nodes: list[grids.GridNode]) -> bool:
            if parent.rowCount() != len(nodes):
                return False
            for row, node in enumerate(nodes):
                item = parent.child(row, COL_NAME)
                if item is None or item.data(GRID_ID_ROLE) != node.id or not walk(item, node.children):
                    return False
                pairs.append((item, node))
            return True

        if not walk(self.invisibleRootItem(), roots):
            return False
        for item, node in pairs:
            parent = item.parent() or self.invisibleRootItem()
            count = parent.child(item.row(), COL_HOUSEHOLDS)
            if count is not None and count.data(Qt.ItemDataRole.UserRole) != node.households:
                count.setText(str(node.households))
                count.setData(node.households, Qt.ItemDataRole.UserRole)
        return True

    def mimeTypes(self) -> list[str]:
        return [HOUSEHOLDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        target = parent.siblingAtColumn(COL_NAME) if parent.isValid() else parent  # type: ignore[union-attr]
        return (data.hasFormat(HOUSEHOLDS_MIME) and target.isValid() and row == -1
                and target.data(LEVEL_ROLE) in assign.HOLDING_LEVELS)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            ids = [int(i) for i in json.loads(bytes(data.data(HOUSEHOLDS_MIME).data()).decode())]
        except (ValueError, TypeError):
            return False
        self.households_dropped.emit(parent.siblingAtColumn(COL_NAME).data(GRID_ID_ROLE), ids)  # type: ignore[union-attr]
        return False  # the tree itself does not change: the move goes through the service

    def index_of_grid(self, grid_id: int) -> QModelIndex:
        hits = self.match(self.index(0, 0), GRID_ID_ROLE, grid_id, 1,
                          Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly)
        return hits[0] if hits else QModelIndex()


class GridTreePane(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None,
                 first: list[list[QStandardItem]] | None = None) -> None:
        """``first``: the tree's rows already made off the GUI thread (``GridTreeModel.rows``, at
        start with the database's opening); else the tree is read now."""
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
        self.view.setAcceptDrops(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropOverwriteMode(True)  # a drop always lands on the grid under the mouse
        self.model.households_dropped.connect(self._on_households_dropped)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        context.database_changed.connect(self.reload)
        context.data_changed.connect(self._on_data_changed)
        context.grid_selected.connect(self._follow)
        # a household change recounts in the pool (grids.tree on a street: ~0.1 s, and rebuilding
        # 1,000 rows as much again, ran on the GUI thread after every household save)
        self.loader = ops.Loader(self, self._recounted)
        self.reload(first)

    def reload(self, rows: list[list[QStandardItem]] | None = None) -> None:
        """Load the tree afresh: from ``rows`` made in the pool at start, else from the database.
        A recount under way would be stale: it is dropped for a new one."""
        db = self.context.db
        if self.loader.busy():
            self.loader.request(lambda: grids.tree(db))
        keep = self.context.current_grid
        if rows is None:
            self.model.load(grids.tree(db))
        else:
            self.model.load_rows(rows)
        self._after_load(keep)

    def _recounted(self, roots: list[grids.GridNode]) -> None:
        if not self.model.update_counts(roots):
            keep = self.context.current_grid
            self.model.load(roots)
            self._after_load(keep)

    def _after_load(self, keep: int | None) -> None:
        self.view.expandToDepth(0 if self._is_street() else 1)
        if keep is not None:
            index = self.model.index_of_grid(keep)
            if index.isValid():
                self.view.setCurrentIndex(index)

    def _is_street(self) -> bool:
        root = self.model.index(0, 0)
        return root.isValid() and root.data(LEVEL_ROLE) == GridLevel.STREET

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        """A grid change (rare: the structure) reloads at once; a household change only moves
        counts: read in the pool and put in place; any change (None) is read in the pool too and
        loaded afresh only when the structure differs."""
        if tables is not None and "grid" in tables:
            self.reload()
        elif tables is None or "household" in tables:  # None: anything (a restore, an undo): read in the pool,
            db = self.context.db  # the rows rebuilt only when the structure differs (a restore: 0.1–0.2 s saved)
            self.loader.request(lambda: grids.tree(db))

    def _follow(self, grid_id: object) -> None:
        """Another pane selected a grid (a check finding): show it here too. None (every grid)
        leaves no grid marked: a highlighted micro-grid over figures of the whole office misled."""
        current = self.view.currentIndex()
        if grid_id is None:
            if current.isValid():
                blocked = self.view.selectionModel().blockSignals(True)  # already said: not said twice
                self.view.selectionModel().clear()
                self.view.selectionModel().blockSignals(blocked)
                self.view.viewport().update()
            return
        if not isinstance(grid_id, int) or (current.isValid() and current.siblingAtColumn(COL_NAME).data(GRID_ID_ROLE) == grid_id):
            return
        index = self.model.index_of_grid(grid_id)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _on_households_dropped(self, grid_id: int, ids: list) -> None:
        db = self.context.db  # in the pool: the tree recounts on data_changed
        ops.start(self, self.context, lambda: assign.move_households(db, ids, grid_id))

    def _on_current(self, current: QModelIndex | QPersistentModelIndex, _previous) -> None:  # type: ignore[no-untyped-def]
        grid_id = current.siblingAtColumn(COL_NAME).data(GRID_ID_ROLE) if current.isValid() else None  # type: ignore[union-attr]
        self.context.grid_selected.emit(grid_id)
