"""The audit-trail pane (操作日志): who changed what, when; filtered by resident, household,
the selected grid, operator and dates. The model fetches pages of 200 as the view scrolls."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.audit import core as audit
from gridoffice.store import Database
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import Loader
from gridoffice.ui.widgets import columns as columns_fit
from gridoffice.ui.widgets import masking
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.rows_model import SIZE_SAMPLE

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
COL_AT, COL_OPERATOR, COL_ACTION, COL_TABLE, COL_SUBJECT, COL_FIELD, COL_OLD, COL_NEW = range(8)
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def read_first_page(db: Database, f: audit.AuditFilter) -> tuple[int, list[audit.AuditRow]]:
    return audit.count(db, f), audit.page(db, f, 0, PAGE)


def _read(db: Database, f: audit.AuditFilter, person: str, number: str) -> tuple[Any, ...]:
    """What the pane shows, read in the pool: on a street the count and the operators' names
    read the whole log (0.7–0.9 s that the window stood still when it was read on the GUI thread)."""
    f = replace(f, person_ids=audit.find_persons(db, person) if person else None,
                household_ids=audit.find_households(db, number) if number else None)
    return (db, f, audit.operators(db), *read_first_page(db, f))


class AuditModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._db: Database | None = None
        self._filter = audit.AuditFilter()
        self._rows: list[audit.AuditRow] = []
        self._total = 0
        self._headers = [self.tr("时间"), self.tr("操作员"), self.tr("操作"), self.tr("类别"),
                         self.tr("对象"), self.tr("字段"), self.tr("原值"), self.tr("新值")]
        masking.switch().changed.connect(self._masking_changed)

    def load(self, db: Database, f: audit.AuditFilter) -> None:
        self.show_page(db, f, *read_first_page(db, f))

    def show_page(self, db: Database, f: audit.AuditFilter, total: int, rows: list[audit.AuditRow]) -> None:
        """The first page, read in the pool (``read_first_page``)."""
        self.beginResetModel()
        self._db, self._filter = db, f
        self._total, self._rows = total, rows
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._db is None:
            return
        more = audit.page(self._db, self._filter, len(self._rows), PAGE)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == EVENT_ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_OLD, COL_NEW):
            return self._display(r, col) or None
        return None

    def _display(self, r: audit.AuditRow, col: int) -> str:
        if col == COL_AT:
            return r.at.strftime("%Y-%m-%d %H:%M:%S")
        if col == COL_OPERATOR:
            return r.operator
        if col == COL_ACTION:
            return audit.action_label(r.action)
        if col == COL_TABLE:
            return audit.table_label(r.table)
        if col == COL_SUBJECT:
            return r.subject
        if col == COL_FIELD:
            return r.field_text
        if col == COL_OLD:
            return r.old_shown(masking.masked())
        if col == COL_NEW:
            return r.new_shown(masking.masked())
        return ""

    def _masking_changed(self, _on: bool) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_OLD), self.index(len(self._rows) - 1, COL_NEW))


class AuditPane(ReloadWhenShown):
    load_when_first_shown = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditPane")
        self.context = context
        self.person = QLineEdit(self)
        self.person.setPlaceholderText(self.tr("居民姓名或身份证号"))
        self.household = QLineEdit(self)
        self.household.setPlaceholderText(self.tr("户号"))
        self.household.setMaximumWidth(120)
        self.this_grid = QCheckBox(self.tr("只看所选网格"), self)
        self.operator = QComboBox(self)
        self.operator.setMinimumWidth(110)
        self.use_dates = QCheckBox(self.tr("日期"), self)
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30), self)
        self.until = QDateEdit(today, self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.since.setEnabled)
        self.use_dates.toggled.connect(self.until.setEnabled)
        self.search = QPushButton(self.tr("查询"), self)
        self.search.setDefault(True)
        self.count_label = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("居民："), self))
        bar.addWidget(self.person, 2)
        bar.addWidget(QLabel(self.tr("户号："), self))
        bar.addWidget(self.household, 1)
        bar.addWidget(self.this_grid)
        second = QHBoxLayout()
        second.addWidget(QLabel(self.tr("操作员："), self))
        second.addWidget(self.operator)
        second.addWidget(self.use_dates)
        second.addWidget(self.since)
        second.addWidget(QLabel("—", self))
        second.addWidget(self.until)
        second.addStretch(1)
        second.addWidget(self.search)
        self.model = AuditModel(self)
        self.loader = Loader(self, self._loaded)
        self.view = QTableView(self)
        self.view.setObjectName("auditTable")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        for col, width in ((COL_AT, 150), (COL_OPERATOR, 80), (COL_ACTION, 60), (COL_TABLE, 80),
                           (COL_SUBJECT, 100), (COL_FIELD, 90), (COL_OLD, 200)):
            header.resizeSection(col, max(width, header.sectionSizeHint(col)))  # English headers are longer
        header.setSectionResizeMode(COL_NEW, QHeaderView.ResizeMode.Stretch)
        for col in (COL_SUBJECT, COL_FIELD):  # names, not free text: never "…"
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(SIZE_SAMPLE)  # the log grows without end: measure a sample
        columns_fit.mark(self.view, free_text=(COL_OLD, COL_NEW))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(second)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.search.clicked.connect(self.reload)
        self.person.returnPressed.connect(self.reload)
        self.household.returnPressed.connect(self.reload)
        self.this_grid.toggled.connect(self.reload)
        self.operator.activated.connect(self.reload)
        context.grid_selected.connect(self._grid_changed)
        context.data_changed.connect(self._data_changed)
        context.database_changed.connect(self._data_changed)

    def current_filter(self) -> audit.AuditFilter:
        """The filter as set, without the person and household lookups (``_read`` makes them)."""
        since = until = None
        if self.use_dates.isChecked():
            since = dt.date.fromisoformat(self.since.date().toString("yyyy-MM-dd"))
            until = dt.date.fromisoformat(self.until.date().toString("yyyy-MM-dd"))
        return audit.AuditFilter(
            grid_id=self.context.current_grid if self.this_grid.isChecked() else None,
            operator=self.operator.currentData() or "",
            since=since, until=until,
        )

    def reload(self) -> None:
        db, f = self.context.db, self.current_filter()
        person, number = self.person.text().strip(), self.household.text().strip()
        self.loader.request(lambda: _read(db, f, person, number))

    def busy(self) -> bool:
        return self.loader.busy()

    def _loaded(self, result: tuple[Any, ...]) -> None:
        db, f, operators, total, rows = result
        self._fill_operators(operators)
        self.model.show_page(db, f, total, rows)
        self.count_label.setText(self.tr("共 {n} 条记录").format(n=f"{self.model.total:,}"))

    def _fill_operators(self, names: list[str]) -> None:
        keep = self.operator.currentData() or ""
        self.operator.clear()
        self.operator.addItem(self.tr("全部"), "")
        for name in names:
            self.operator.addItem(name, name)
        self.operator.setCurrentIndex(max(self.operator.findData(keep), 0))

    def _grid_changed(self, _grid: object) -> None:
        if self.this_grid.isChecked():
            self._refresh()

    def _data_changed(self, *_args: object) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.request_reload()  # behind another tab: when shown
