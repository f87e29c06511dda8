"""The search box: finds a person as the clerk types (name, 2-character names included, pinyin
initials or full pinyin, the last digits of an ID number, a phone or its tail, an address)."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services import search
from gridoffice.services.search import Hit
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.widgets import masking
from gridoffice.ui.widgets.rows_model import SIZE_SAMPLE

Index = QModelIndex | QPersistentModelIndex
log = logging.getLogger(__name__)
LIMIT = 50


class HitsModel(masking.MaskedCells, QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.watch_masking()
        self.hits: list[Hit] = []
        self.headers = [self.tr("姓名"), self.tr("身份证号"), self.tr("电话"), self.tr("网格"),
                        self.tr("住址"), self.tr("户号"), self.tr("状态"), self.tr("匹配")]

    def load(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        h = self.hits[index.row()]
        return (h.name, masking.display_id(h.id_number), masking.display_phone(h.phone), h.grid, h.address, h.household_number, h.status,
                h.matched)[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


class SearchBox(QWidget):
    """A line edit and, while it holds text, the hits under it.

    The index is built in a background thread when the box is first shown (about 1–2 s at
    street scale), so the window never freezes; a query typed meanwhile runs when it is ready."""

    person_activated = Signal(int, object)  # person id, household id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.index: search.SearchIndex | None = None
        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchBox")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(self.tr("查找人员：姓名、拼音首字母（wxy）、身份证后 4–6 位、电话、地址"))
        self.edit.textChanged.connect(self.run)
        self.summary = QLabel(self)
        self.model = HitsModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("searchHits")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setResizeContentsPrecision(SIZE_SAMPLE)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._activate)
        self.view.setMaximumHeight(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self._show(False)
        self._building = False
        self._index_stale = False
        context.data_changed.connect(self._on_data_changed)
        context.database_changed.connect(self._drop_index)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.start_index()
        super().showEvent(event)

    def start_index(self) -> None:
        if self.index is not None or self._building:
            return
        self._building = True
        db = self.context.db

        def failed(_exc: BaseException) -> None:  # a locked / closed file: again at the next keystroke
            log.warning("search index not built", exc_info=_exc)
            self._on_built(None, db)

        # in the pool like every other read (ui/ops.py); it was its own thread, outside wait_all
        ops.Op(self, lambda: search.SearchIndex.build(db)).success(lambda index: self._on_built(index, db)) \
            .failure(failed).run()

    def _on_built(self, index: object, db: object) -> None:
        self._building = False
        if index is None or db is not self.context.db:
            return
        assert isinstance(index, search.SearchIndex)
        index.refresh()  # changes made while it was being built
        self.index = index
        self.run(self.edit.text())

    def _show(self, on: bool) -> None:
        self.view.setVisible(on)
        self.summary.setVisible(on)

    def _drop_index(self) -> None:
        self.index = None
        if self.isVisible():
            self.start_index()

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if self.index is not None and (tables is None or {"person", "household"} & set(tables)):
            self._index_stale = True  # taken in at the next search (0.6 s on a street: not at every save)
            if self.edit.text().strip():
                self.run(self.edit.text())

    def run(self, text: str) -> None:
        if not text.strip():
            self.model.load([])
            self._show(False)
            return
        if self.index is None:
            self.start_index()
            self.model.load([])
            self.summary.setText(self.tr("正在建立查找索引，请稍候…"))
            self.summary.setVisible(True)
            self.view.setVisible(False)
            return
        if self._index_stale:
            self._index_stale = False
            self.index.refresh()
        hits = self.index.search(text, LIMIT)
        self.model.load(hits)
        more = self.tr("（只列前 {n} 条，请多输入几个字）").format(n=LIMIT) if len(hits) >= LIMIT else ""
        self.summary.setText(self.tr("找到 {n} 人").format(n=len(hits)) + more if hits else self.tr("没有找到"))
        self._show(True)
        self.view.setVisible(bool(hits))

    def _activate(self, index: QModelIndex) -> None:
        hit = self.model.hits[index.row()]
        if hit.person_id is not None:
            self.person_activated.emit(hit.person_id, hit.household_id)
