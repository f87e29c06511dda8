"""The structure box: the selected grid's code, name and what it covers, and the actions that
reshape the hierarchy (new sub-grid, move, merge, split, remove)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.codes import GridLevel, grid_level_label
from gridoffice.services.grids import core as grids
from gridoffice.services.grids import structure
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.grids.structure_dialogs import (
    AddGridDialog,
    MergeDialog,
    MoveDialog,
    SplitDialog,
)


def find_node(roots: list[grids.GridNode], grid_id: int | None) -> grids.GridNode | None:
    for root in roots:
        for node in root.walk():
            if node.id == grid_id:
                return node
    return None


class StructureBox(QGroupBox):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("structureBox")
        self.context = context
        self.node: grids.GridNode | None = None
        self.path = QLabel(self)
        self.path.setWordWrap(True)
        self.code = QLineEdit(self)
        self.name = QLineEdit(self)
        self.covers = QLineEdit(self)
        self.covers.setPlaceholderText(self.tr("覆盖的村民小组、小区、楼栋、单元，如：7组、8组"))
        self.note = QLineEdit(self)
        self.save_button = QPushButton(self.tr("保存修改"), self)
        self.save_button.clicked.connect(self.save)
        for edit in (self.code, self.name, self.covers, self.note):
            edit.textEdited.connect(self._edited)
        form = QFormLayout()
        form.addRow(self.tr("编码："), self.code)
        form.addRow(self.tr("名称："), self.name)
        form.addRow(self.tr("覆盖范围："), self.covers)
        form.addRow(self.tr("备注："), self.note)
        self.add_button = QPushButton(self.tr("新建下级网格…"), self)
        self.add_top_button = QPushButton(self.tr("新建村（社区）…"), self)
        self.move_button = QPushButton(self.tr("移动到…"), self)
        self.merge_button = QPushButton(self.tr("合并…"), self)
        self.split_button = QPushButton(self.tr("拆分…"), self)
        self.remove_button = QPushButton(self.tr("删除空网格"), self)
        self.add_button.clicked.connect(self.add_child)
        self.add_top_button.clicked.connect(self.add_top)
        self.move_button.clicked.connect(self.move)
        self.merge_button.clicked.connect(self.merge)
        self.split_button.clicked.connect(self.split)
        self.remove_button.clicked.connect(self.remove)
        buttons = QGridLayout()
        for i, b in enumerate((self.save_button, self.add_button, self.add_top_button, self.move_button,
                               self.merge_button, self.split_button, self.remove_button)):
            buttons.addWidget(b, i // 4, i % 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.path)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.refresh()  # later refreshes come from the grid pane (when it is shown)

    def refresh(self) -> None:
        roots = grids.tree(self.context.db)
        self.node = find_node(roots, self.context.current_grid)
        node = self.node
        for edit in (self.code, self.name, self.covers, self.note):
            edit.setEnabled(node is not None)
        for b in (self.add_button, self.move_button, self.merge_button, self.split_button, self.remove_button):
            b.setEnabled(node is not None)
        self.save_button.setEnabled(False)
        if node is None:
            self.setTitle(self.tr("网格"))
            self.path.setText(self.tr("在左边的网格树里选一个网格。"))
            for edit in (self.code, self.name, self.covers, self.note):
                edit.clear()
            return
        info = structure.get_grid(self.context.db, node.id)
        self.setTitle(f"{grid_level_label(node.level)} · {node.name}")
        chain, parent = [], find_node(roots, node.parent_id)  # type: ignore[var-annotated]
        while parent is not None:
            chain.insert(0, parent.name)
            parent = find_node(roots, parent.parent_id)
        where = " › ".join(chain) if chain else self.tr("（最上层）")
        self.path.setText(self.tr("上级：{where}　　户数：{n}　　下级网格：{k} 个").format(
            where=where, n=node.households, k=len(node.children)))
        self.code.setText(node.code)
        self.name.setText(node.name)
        self.covers.setText(node.covers)
        self.note.setText(info.note if info else "")
        self.add_button.setEnabled(bool(structure.child_levels(node.level)))
        self.move_button.setEnabled(node.parent_id is not None)
        splittable = node.level not in (GridLevel.STREET, GridLevel.COMMUNITY)
        self.merge_button.setEnabled(splittable)
        self.split_button.setEnabled(splittable and (node.own_households > 0 or bool(node.children)))

    def _edited(self) -> None:
        node = self.node
        self.save_button.setEnabled(node is not None)

    def save(self) -> None:
        node = self.node
        if node is None:
            return
        ops.apply(self, self.context, lambda: structure.update_grid(
            self.context.db, node.id, name=self.name.text(), code=self.code.text(),
            covers=self.covers.text(), note=self.note.text()))
        self.refresh()

    def add_child(self) -> None:
        self._add(self.node)

    def add_top(self) -> None:
        """A new village / community: under the street when the database is a street's."""
        roots = grids.tree(self.context.db)
        street = roots[0] if len(roots) == 1 and roots[0].level == GridLevel.STREET else None
        self._add(street)

    def _add(self, parent_node: grids.GridNode | None) -> None:
        dialog = AddGridDialog(parent_node, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            change = ops.apply(self, self.context, lambda: structure.add_grid(
                self.context.db, parent_node.id if parent_node else None, dialog.level.currentData(),
                dialog.code.text(), dialog.name.text(), dialog.covers.text()))
            if change is not None:
                self.context.grid_selected.emit(next(iter(change.rows["grid"])))
        finally:
            dialog.deleteLater()

    def move(self) -> None:  # type: ignore[override]
        node = self.node
        if node is None:
            return
        dialog = MoveDialog(self.context.db, node, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.target.grid_id() is not None:
                ops.apply(self, self.context, lambda: structure.move_grid(self.context.db, node.id,
                                                                          dialog.target.grid_id()))  # type: ignore[arg-type]
        finally:
            dialog.deleteLater()

    def merge(self) -> None:
        node = self.node
        if node is None:
            return
        dialog = MergeDialog(self.context.db, node, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                ops.apply(self, self.context, lambda: structure.merge_grids(self.context.db, node.id, dialog.chosen()))
        finally:
            dialog.deleteLater()

    def split(self) -> None:
        node = self.node
        if node is None:
            return
        dialog = SplitDialog(self.context.db, node, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            chosen = dialog.chosen()
            ops.apply(self, self.context, lambda: structure.split_grid(
                self.context.db, node.id, dialog.code.text(), dialog.name.text(),
                household_ids=[] if dialog.by_grid else chosen, child_ids=chosen if dialog.by_grid else [],
                covers=dialog.covers.text()))
        finally:
            dialog.deleteLater()

    def remove(self) -> None:
        node = self.node
        if node is None:
            return
        answer = QMessageBox.question(self, self.tr("删除网格"), self.tr("删除“{name}”？它的岗位一并免去（可撤销）。").format(name=node.name))
        if answer == QMessageBox.StandardButton.Yes:
            db, gid = self.context.db, node.id
            ops.start(self, self.context, lambda: structure.remove_grid(db, gid))
