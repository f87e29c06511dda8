"""The checks side panel: live findings on the grid structure; activating one jumps to where
it is fixed (the grid in the tree, the staff member, or the unassigned households)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services import checks
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import Loader
from gridoffice.ui.widgets.rows_model import RowsModel

_WATCHED = {"grid", "household", "post", "staff"}


class _WrappingDelegate(QStyledItemDelegate):
    """Heights for wrapped text measured a little narrower than the text is painted, so a line
    that only just fits is never elided ("… has no…") by the default delegate's rounding."""

    SLACK = 12

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        width = view.viewport().width() - 2 * view.spacing() - self.SLACK  # type: ignore[union-attr]
        text = str(index.data() or "")
        box = option.fontMetrics.boundingRect(QRect(0, 0, max(width, 40), 100_000),
                                              int(Qt.TextFlag.TextWordWrap), text)
        return QSize(max(width, 40), box.height() + 8)


class ChecksPanel(QWidget):
    counted = Signal(int)  # the number of findings after each check (the status-bar badge shows it)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksPanel")
        self.context = context
        self.findings: list[checks.Finding] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = RowsModel([self.tr("问题")], self)
        self.view = QListView(self)
        self.view.setObjectName("checksList")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.setItemDelegate(_WrappingDelegate(self.view))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setSpacing(2)
        self.view.setAlternatingRowColors(True)
        self.view.clicked.connect(self.open_finding)
        self.view.activated.connect(self.open_finding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self._timer = QTimer(self)  # several changes in a row: check once
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self._loader = Loader(self, self._show)  # 0.6 s on a street: never on the GUI thread
        context.database_changed.connect(self.refresh)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or _WATCHED & set(tables):
            self._timer.start()

    def busy(self) -> bool:
        return self._timer.isActive() or self._loader.busy()

    def refresh(self) -> None:
        db = self.context.db
        self._loader.request(lambda: checks.run(db))

    def _show(self, findings: object) -> None:
        self.findings = findings  # type: ignore[assignment]
        self.model.set_rows([(f"【{checks.kind_label(f.kind)}】{f.message}",) for f in self.findings],
                            list(range(len(self.findings))),
                            [self.tr("编码 {code}，单击转到").format(code=f.grid_code) if f.grid_code else ""
                             for f in self.findings])
        if self.findings:
            self.summary.setText(self.tr("发现 {n} 项问题，单击一项转到要修改的地方。").format(n=len(self.findings)))
            self.summary.setStyleSheet("color: #b00;")
        else:
            self.summary.setText(self.tr("网格结构检查通过，没有发现问题。"))
            self.summary.setStyleSheet("color: #070;")
        self.counted.emit(len(self.findings))

    def open_finding(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        f = self.findings[index.row()]
        if f.target_kind == checks.TARGET_GRID and f.target_id is not None:
            self.context.grid_selected.emit(f.target_id)
            self.context.navigate.emit("grid", f.target_id)
        elif f.target_kind == checks.TARGET_STAFF and f.target_id is not None:
            self.context.navigate.emit("staff", f.target_id)
        elif f.target_kind == checks.TARGET_HOUSEHOLDS:
            self.context.navigate.emit("households", None)


class ChecksDock(QDockWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksDock")
        self.setWindowTitle(self.tr("网格检查"))
        self.panel = ChecksPanel(context, self)
        self.setWidget(self.panel)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
                             | Qt.DockWidgetArea.BottomDockWidgetArea)
