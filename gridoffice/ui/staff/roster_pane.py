"""The staff roster (网格员花名册) of a community, in hierarchy order."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.staff import roster as staff_roster
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.rows_model import RowsModel, compact, fit_to_text

if TYPE_CHECKING:
    from gridoffice.store import Database


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
        # sized once per roster shown (``_show``), not re-measured on every layout as ResizeToContents does
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
        # read in the pool: the grid tree twice and a street community's posts were ~0.4 s on the
        # GUI thread at the pane's first show and at every change of the community
        self.loader = ops.Loader(self, self._show)
        context.database_changed.connect(self.reload)
        context.data_changed.connect(self._on_data_changed)
        self.reload()

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or {"grid", "post", "staff", "household"} & set(tables):
            self.refresh_or_defer(self.reload)

    def busy(self) -> bool:
        return self.loader.busy()

    def reload(self) -> None:
        """The communities and the chosen one's roster (the one shown before, else the first)."""
        db, keep = self.context.db, self.community.currentData()
        self.loader.request(lambda: _read(db, keep, with_communities=True))

    def show_roster(self) -> None:
        db, cid = self.context.db, self.community.currentData()
        self.loader.request(lambda: _read(db, cid, with_communities=False))

    def _show(self, read: tuple[list[tuple[int, str]] | None, int | None, list[staff_roster.RosterRow]]) -> None:
        communities, cid, rows = read
        if communities is not None:
            self.community.blockSignals(True)
            self.community.clear()
            for community_id, name in communities:
                self.community.addItem(name, community_id)
            self.community.setCurrentIndex(max(self.community.findData(cid), 0))
            self.community.blockSignals(False)
        elif cid != self.community.currentData():
            return  # the clerk chose another community meanwhile: its read follows
        self._rows = rows
        self.model.set_rows([staff_roster.roster_cells(r) for r in rows], list(range(len(rows))))
        fit_to_text(self.view, self.model)
        people = len({r.staff_id for r in rows})
        self.summary.setText(self.tr("{posts} 个岗位，{people} 人").format(posts=len(rows), people=people))

    def _open(self, index) -> None:  # type: ignore[no-untyped-def]
        if index.isValid():
            self.context.navigate.emit("staff", self._rows[index.row()].staff_id)


def _read(db: Database, wanted: object, *,
          with_communities: bool) -> tuple[list[tuple[int, str]] | None, int | None, list[staff_roster.RosterRow]]:
    """In the pool: (the communities when asked, the community shown, its roster rows)."""
    communities = staff_roster.communities(db) if with_communities else None
    cid = wanted if isinstance(wanted, int) else None
    if communities is not None and cid not in {c for c, _name in communities}:
        cid = communities[0][0] if communities else None
    return communities, cid, staff_roster.staff_roster(db, cid) if cid is not None else []
