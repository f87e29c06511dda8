"""Dialogs of the structure pane: new grid, move, merge, split."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.codes import ALLOWED_PARENTS, grid_level_label
from gridoffice.services.grids import assign, structure
from gridoffice.services.grids import core as grids
from gridoffice.store import Database
from gridoffice.ui.actions import GridCombo, grid_label
from gridoffice.ui.widgets import screen_fit

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def suggest_code(parent_code: str, sibling_codes: list[str]) -> str:
    """``YMC-01`` with children ``YMC-01-01…08`` → ``YMC-01-09``."""
    numbers = [int(m.group(1)) for c in sibling_codes if (m := re.search(r"(\d+)$", c))]
    width = max((len(re.search(r"(\d+)$", c).group(1)) for c in sibling_codes if re.search(r"(\d+)$", c)),  # type: ignore[union-attr]
                default=2)
    number = (max(numbers) + 1) if numbers else 1
    return f"{parent_code}-{number:0{width}d}" if parent_code else f"G{number:0{width}d}"


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class AddGridDialog(QDialog):
    """A new grid under ``parent`` (None: at the top)."""

    def __init__(self, parent_node: grids.GridNode | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建网格"))
        self.level = QComboBox(self)
        for level in structure.child_levels(parent_node.level if parent_node else None):
            self.level.addItem(grid_level_label(level), level)
        siblings = [c.code for c in parent_node.children] if parent_node else []
        self.code = QLineEdit(suggest_code(parent_node.code if parent_node else "", siblings), self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("如：第9微网格、禹庙小学专属网格"))
        self.covers = QLineEdit(self)
        self.covers.setPlaceholderText(self.tr("如：9组；或 锦绣小区3栋1–2单元；或 禹庙小学"))
        form = QFormLayout()
        form.addRow(self.tr("上级："), QLabel(parent_node.name if parent_node else self.tr("（最上层）"), self))
        form.addRow(self.tr("层级："), self.level)
        form.addRow(self.tr("编码："), self.code)
        form.addRow(self.tr("名称："), self.name)
        form.addRow(self.tr("覆盖范围："), self.covers)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))
        screen_fit.fit(self, 460, self.sizeHint().height())


class MoveDialog(QDialog):
    def __init__(self, db: Database, node: grids.GridNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("移动网格"))
        self.target = GridCombo(self)
        levels = [lv for lv in ALLOWED_PARENTS[node.level] if lv is not None]
        self.target.load(db, levels, exclude=[n.id for n in node.walk()] + [node.parent_id or -1])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("把“{name}”（连同下级网格和住户）移到：").format(name=node.name), self))
        layout.addWidget(self.target)
        layout.addWidget(_buttons(self))


class MergeDialog(QDialog):
    """Tick grids of the same level to merge into ``node``."""

    def __init__(self, db: Database, node: grids.GridNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("合并网格"))
        self.node = node
        self.list = QListWidget(self)
        same = [n for root in grids.tree(db) for n in root.walk() if n.level == node.level and n.id != node.id]
        same.sort(key=lambda n: (n.parent_id != node.parent_id,))  # siblings first
        for n in same:
            item = QListWidgetItem(grid_label(n), self.list)
            item.setData(ID_ROLE, n.id)
            item.setData(Qt.ItemDataRole.UserRole, n.households)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.total = QLabel(self)
        self.list.itemChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("勾选要并入“{name}”的{level}（住户、下级网格和岗位随之并入）：").format(
            name=node.name, level=grid_level_label(node.level)), self))
        layout.addWidget(self.list)
        layout.addWidget(self.total)
        layout.addWidget(_buttons(self))
        self._update()
        screen_fit.fit(self, 460, 420)

    def chosen(self) -> list[int]:
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _update(self) -> None:
        extra = sum(self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                    if self.list.item(i).checkState() == Qt.CheckState.Checked)
        self.total.setText(self.tr("合并后“{name}”共 {n} 户").format(name=self.node.name, n=self.node.households + extra))


class SplitDialog(QDialog):
    """Split ``node``: choose the households (or, for a general grid, the micro-grids) that go
    to a new grid beside it."""

    def __init__(self, db: Database, node: grids.GridNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("拆分网格"))
        self.node = node
        parent_children: list[str] = []
        for root in grids.tree(db):
            for n in root.walk():
                if n.id == node.parent_id:
                    parent_children = [c.code for c in n.children]
        parent_code = node.code.rsplit("-", 1)[0] if "-" in node.code else node.code
        self.code = QLineEdit(suggest_code(parent_code, parent_children), self)
        self.name = QLineEdit(node.name + self.tr("（二）"), self)
        self.covers = QLineEdit(self)
        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.by_grid = bool(node.children)
        if self.by_grid:
            for child in node.children:
                item = QListWidgetItem(grid_label(child), self.list)
                item.setData(ID_ROLE, child.id)
                item.setData(Qt.ItemDataRole.UserRole, child.households)
        else:
            for row in assign.find_households(db, assign.HouseholdQuery(grid_id=node.id)):
                item = QListWidgetItem(f"{row.number}  {row.head}  {row.address}", self.list)
                item.setData(ID_ROLE, row.id)
                item.setData(Qt.ItemDataRole.UserRole, 1)
                item.setData(Qt.ItemDataRole.UserRole + 2, assign.door_number(row.door))
        self.door_from = QSpinBox(self)
        self.door_to = QSpinBox(self)
        for box in (self.door_from, self.door_to):
            box.setRange(0, 99999)
        self.door_to.setValue(99999)
        pick = QPushButton(self.tr("按门牌选"), self)
        pick.clicked.connect(self.select_doors)
        doors = QHBoxLayout()
        doors.addWidget(QLabel(self.tr("门牌号"), self))
        doors.addWidget(self.door_from)
        doors.addWidget(QLabel("–", self))
        doors.addWidget(self.door_to)
        doors.addWidget(pick)
        doors.addStretch(1)
        self.summary = QLabel(self)
        self.list.itemSelectionChanged.connect(self._update)
        form = QFormLayout()
        form.addRow(self.tr("新网格编码："), self.code)
        form.addRow(self.tr("新网格名称："), self.name)
        form.addRow(self.tr("新网格覆盖范围："), self.covers)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        what = self.tr("选出分到新网格的微网格：") if self.by_grid else self.tr("选出分到新网格的住户（可按住 Ctrl / Shift 多选）：")
        layout.addWidget(QLabel(what, self))
        if not self.by_grid:
            layout.addLayout(doors)
        layout.addWidget(self.list)
        layout.addWidget(self.summary)
        layout.addWidget(_buttons(self))
        self._update()
        screen_fit.fit(self, 560, 560)

    def select_doors(self) -> None:
        lo, hi = self.door_from.value(), self.door_to.value()
        for i in range(self.list.count()):
            item = self.list.item(i)
            door = item.data(Qt.ItemDataRole.UserRole + 2)
            item.setSelected(door is not None and lo <= door <= hi)

    def chosen(self) -> list[int]:
        return [item.data(ID_ROLE) for item in self.list.selectedItems()]

    def _update(self) -> None:
        moved = sum(item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems())
        self.summary.setText(self.tr("新网格 {a} 户，“{name}”留下 {b} 户").format(
            a=moved, name=self.node.name, b=self.node.households - moved))
