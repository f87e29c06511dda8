"""Bringing a pane to the front of its tab widget, and a combo box of grids. (Running a service
write from a pane is ``ui/ops.py``.)"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QTabWidget, QWidget

from gridoffice.services.grids import core as grids
from gridoffice.store import Database
from gridoffice.ui.navigator import PaneNavigator


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


def raise_pane(widget: QWidget) -> None:
    """Make the tab holding ``widget`` the current one."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget | PaneNavigator):
            for index in range(parent.count()):
                tab = parent.widget(index)
                if tab is widget or tab.isAncestorOf(widget):  # type: ignore[union-attr]
                    parent.setCurrentIndex(index)
                    return
        parent = parent.parentWidget()


def grid_label(node: grids.GridNode, label: str | None = None) -> str:
    """``第7微网格（YMC-01-07，106户）``; ``label`` (``grids.labels``) in place of the name where
    the name repeats: ``大弯社区 · 第1网格 · 第3微网格（…）``."""
    return _t("{name}（{code}，{n}户）").format(name=label or node.name, code=node.code, n=node.households)


class GridCombo(QComboBox):
    """Grids of some levels, indented by depth, with their codes; the item data is the grid id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumContentsLength(12)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def load(self, db: Database, levels: Iterable[str], exclude: Iterable[int] = (),
             select: int | None = None, none_text: str | None = None) -> None:
        self.fill(self.read(db), levels, exclude, select, none_text)

    @staticmethod
    def read(db: Database) -> tuple[list[grids.GridNode], dict[int, str]]:
        """What ``fill`` shows (may run in the pool): the tree, and the labels that say which
        第1网格 (the closed combo shows one line)."""
        return grids.tree(db), grids.labels(db)

    def fill(self, read: tuple[list[grids.GridNode], dict[int, str]], levels: Iterable[str],
             exclude: Iterable[int] = (), select: int | None = None, none_text: str | None = None) -> None:
        roots, labels = read
        wanted, skip = set(levels), set(exclude)
        self.blockSignals(True)
        self.clear()
        if none_text is not None:
            self.addItem(none_text, None)

        def add(node: grids.GridNode, depth: int) -> None:
            if node.level in wanted and node.id not in skip:
                self.addItem("　" * depth + grid_label(node, labels.get(node.id)), node.id)
            for child in node.children:
                add(child, depth + 1)

        for root in roots:
            add(root, 0)
        if select is not None:
            index = self.findData(select)
            if index >= 0:
                self.setCurrentIndex(index)
        self.blockSignals(False)

    def grid_id(self) -> int | None:
        value = self.currentData()
        return value if isinstance(value, int) else None
