"""The grid pane: the selected grid's structure (top) and its posts and service team (below)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from gridoffice.ui.actions import raise_pane
from gridoffice.ui.context import AppContext
from gridoffice.ui.grids.structure_pane import StructureBox
from gridoffice.ui.staff.team_pane import TeamBox
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown


class GridPane(ReloadWhenShown):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gridPane")
        inner = QWidget(self)
        self.structure = StructureBox(context, inner)
        self.team = TeamBox(context, inner)
        layout = QVBoxLayout(inner)
        layout.addWidget(self.structure)
        layout.addWidget(self.team, 1)
        scroll = QScrollArea(self)  # a small screen scrolls instead of squeezing the boxes
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        context.navigate.connect(self._navigate)
        context.grid_selected.connect(lambda _gid: self.refresh_or_defer(self.refresh))
        context.database_changed.connect(self.refresh)
        context.data_changed.connect(self._on_data_changed)

    def refresh(self) -> None:
        self.structure.refresh()
        self.team.refresh()

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or {"grid", "household", "post", "staff"} & set(tables):
            self.refresh_or_defer(self.refresh)

    def _navigate(self, kind: str, _target: object) -> None:
        if kind == "grid":
            raise_pane(self)
