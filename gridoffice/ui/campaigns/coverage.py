"""The 物资发放 pane's coverage table: one row per general grid and its micro-grids, 合计 last;
choosing a row shows that grid's list. As wide as its names and counts (never eliding 第1微网格
under its community), and it keeps the chosen grid selected when the figures are read again."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from gridoffice.services.campaigns import lists
from gridoffice.ui.campaigns.models import CoverageModel
from gridoffice.ui.widgets.rows_model import text_width


class CoverageTable(QTableView):
    grid_chosen = Signal(object)  # a grid id, or None for the whole campaign (合计)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverageView")
        self.coverage_model = CoverageModel(self)
        self.setModel(self.coverage_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.setMinimumWidth(270)
        self.verticalHeader().setDefaultSectionSize(22)
        # the figures' columns are sized to their text when figures arrive (``fit``): Qt's sizing
        # to contents asked a sample of a street's ~900 grids every role on each layout (~19,000
        # data() calls on the GUI thread when the pane opened)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.selectionModel().currentRowChanged.connect(self._on_row)

    def show_coverage(self, coverage: lists.Coverage | None, grid_id: int | None) -> None:
        """New figures; the row of ``grid_id`` (合计 for None) stays chosen, quietly."""
        self.coverage_model.load(coverage)
        self.fit()
        selection = self.selectionModel()
        selection.blockSignals(True)
        for row in range(self.coverage_model.rowCount()):
            r = self.coverage_model.row(row)
            if r.grid_id == grid_id and (grid_id is not None or r.level == "total"):
                selection.setCurrentIndex(
                    self.coverage_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                break
        selection.blockSignals(False)

    def fit(self) -> None:
        """As wide as the names and counts (a street's 第1微网格 under its community and general
        grid), never eliding a grid's name."""
        model = self.coverage_model
        need = 0
        for col in range(model.columnCount()):
            width = text_width(self, col, model.texts(col))
            if col:
                self.setColumnWidth(col, width)
            need += width
        need += self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        self.setMinimumWidth(max(220, need))

    def grid_name(self, grid_id: int | None) -> str:
        model = self.coverage_model
        return next((model.row(r).label for r in range(model.rowCount()) if model.row(r).grid_id == grid_id), "")

    def choose(self, grid_id: object) -> None:
        """A grid chosen in the tree: its row, when the campaign covers it."""
        for row in range(self.coverage_model.rowCount()):
            if grid_id is not None and self.coverage_model.row(row).grid_id == grid_id:
                self.setCurrentIndex(self.coverage_model.index(row, 0))
                return

    def _on_row(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        self.grid_chosen.emit(self.coverage_model.row(current.row()).grid_id if current.isValid() else None)
