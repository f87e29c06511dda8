"""The staff roster (网格员花名册) of a community, in hierarchy order."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.staff import roster as staff_roster
from gridoffice.ui.context import AppContext
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.rows_model import RowsModel, compact


class StaffRosterPane(ReloadWhenShown):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffRosterPane")
        self.context = context
        self.community = QComboBox(self)
        self.community.currentIndexChanged.connect(self.show_roster)
        self.summary = QLabel(self)
        self.model = RowsModel(staff_roster.roster_headers(), self)
        self.model.numeric_columns = {7}
        self.view = QTableView(self)
        self.view.setObjectName("rosterTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        compact(self.view)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("村（社区）："), self))
        top.addWidget(self.community)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._rows: list[staff_roster.RosterRow] = []
        context.database_changed.connect(self.reload)
        context.data_changed.connect(self._on_data_changed)
        self.reload()

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or {"grid", "post", "staff", "household"} & set(tables):
            self.refresh_or_defer(self.reload)

    def reload(self) -> None:
        keep = self.community.currentData()
        self.community.blockSignals(True)
        self.community.clear()
        for cid, name in staff_roster.communities(self.context.db):
            self.community.addItem(name, cid)
        index = self.community.findData(keep)
        self.community.setCurrentIndex(max(index, 0))
        self.community.blockSignals(False)
        self.show_roster()

    def show_roster(self) -> None:
        cid = self.community.currentData()
        self._rows = staff_roster.staff_roster(self.context.db, cid) if isinstance(cid, int) else []
        self.model.set_rows([staff_roster.roster_cells(r) for r in self._rows], list(range(len(self._rows))))
        people = len({r.staff_id for r in self._rows})
        self.summary.setText(self.tr("{posts} 个岗位，{people} 人").format(posts=len(self._rows), people=people))

    def _open(self, index) -> None:  # type: ignore[no-untyped-def]
        if index.isValid():
            self.context.navigate.emit("staff", self._rows[index.row()].staff_id)
