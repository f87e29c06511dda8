"""The main window's navigation: a sidebar of feature panes grouped by section (日常工作, 网格,
管理), each pane shown in a scroll area so a small screen never forces the window wider.

It offers the part of QTabWidget's API the panes and tests use (addTab, count, widget,
tabText, indexOf, currentIndex/Widget, setCurrentIndex/Widget, currentChanged)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from gridoffice.ui.widgets.lazy_pane import LazyPane

PANE_ROLE = Qt.ItemDataRole.UserRole + 1


class PaneNavigator(QWidget):
    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("paneList")
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.stack = QStackedWidget(self)
        self._panes: list[QWidget] = []
        self._titles: list[str] = []
        self._items: list[QListWidgetItem] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.list)
        layout.addWidget(self.stack, 1)
        self.list.currentItemChanged.connect(self._on_item)

    def add_section(self, title: str) -> None:
        item = QListWidgetItem(title)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont(self.list.font())
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def addTab(self, widget: QWidget, title: str, short: str = "") -> int:
        """``short``: the list's label when the title is long (the list stays narrow on a 1366 px
        screen, the pane gets the width); the whole title is the item's tooltip."""
        scroll = QScrollArea(self.stack)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(widget)
        self.stack.addWidget(scroll)
        item = QListWidgetItem(" " + (short or title))
        if short:
            item.setToolTip(title)
        item.setData(PANE_ROLE, len(self._panes))
        self.list.addItem(item)
        self._panes.append(widget)
        self._titles.append(title)
        self._items.append(item)
        if len(self._panes) == 1:
            self.list.setCurrentItem(item)
        self.list.setFixedWidth(self.list.sizeHintForColumn(0) + 10)
        return len(self._panes) - 1

    # ---- the QTabWidget subset ------------------------------------------------------------
    def count(self) -> int:
        return len(self._panes)

    def widget(self, index: int) -> QWidget | None:
        if not 0 <= index < len(self._panes):
            return None
        pane = self._panes[index]
        return pane.pane or pane if isinstance(pane, LazyPane) else pane  # the real one once built

    def tabText(self, index: int) -> str:
        return self._titles[index]

    def indexOf(self, widget: QWidget) -> int:
        for i, pane in enumerate(self._panes):  # a pane built on first show sits in its placeholder
            if pane is widget or (isinstance(pane, LazyPane) and pane.pane is widget):
                return i
        return -1

    def currentIndex(self) -> int:
        return self.stack.currentIndex()

    def currentWidget(self) -> QWidget | None:
        return self.widget(self.currentIndex())

    def setCurrentIndex(self, index: int) -> None:
        if 0 <= index < len(self._items):
            self.list.setCurrentItem(self._items[index])

    def setCurrentWidget(self, widget: QWidget) -> None:
        self.setCurrentIndex(self.indexOf(widget))

    def _on_item(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None or item.data(PANE_ROLE) is None:
            return
        index = int(item.data(PANE_ROLE))
        if index != self.stack.currentIndex():
            self.stack.setCurrentIndex(index)
            self.currentChanged.emit(index)
