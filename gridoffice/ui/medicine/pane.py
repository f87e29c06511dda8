"""The 药品互助 pane (爱心药品箱, issue 21): the stock per batch — 临期 batches on a yellow ground,
已过期 ones greyed and kept out of 发放 — with 入库… / 发放… / 报废… / 修改… / 删除; below, the
movements of a period (for the grid chosen in the tree) and the hand-outs per micro-grid. Reads
run in the loader thread; writes go through ui/ops.py as one undo step each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice import options
from gridoffice.i18n import tr
from gridoffice.services import settings
from gridoffice.services.medicine import core as medicine
from gridoffice.services.medicine import stock as medicine_stock
from gridoffice.services.medicine.stock import EXPIRED, EXPIRING, STATE_LABELS, StockRow
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.medicine.dialogs import GiveDialog, ReceiveDialog
from gridoffice.ui.ops import Loader
from gridoffice.ui.widgets import empty_hint
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown, touches
from gridoffice.ui.widgets.qdates import to_date
from gridoffice.ui.widgets.rows_model import RowsModel, compact, fit_to_text

WATCHED = ("medicine_item", "medicine_move", "person", "setting", "grid")
_EXPIRING_GROUND, _EXPIRED_GROUND, _EXPIRED_TEXT = "#fff3c4", "#eeeeee", "#7a7a7a"


class StockModel(RowsModel):
    """The stock table: a 临期 row on a yellow ground, an 已过期 row greyed (and its state in red)."""

    def __init__(self, headers: list[str], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(headers, parent)
        self.states: list[str] = []
        self.state_column = 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < len(self.states):
            state = self.states[index.row()]
            if role == Qt.ItemDataRole.BackgroundRole and state in (EXPIRING, EXPIRED):
                return QBrush(QColor(_EXPIRING_GROUND if state == EXPIRING else _EXPIRED_GROUND))
            if role == Qt.ItemDataRole.ForegroundRole and state == EXPIRED:
                return QBrush(QColor("#c62828" if index.column() == self.state_column else _EXPIRED_TEXT))
        return super().data(index, role)


class MedicinePane(ReloadWhenShown):
    load_when_first_shown = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("medicinePane")
        self.context = context
        self.rows: list[StockRow] = []
        self.days = 30
        self.summary = QLabel(self)
        self.summary.setObjectName("medicineSummary")
        self.expiring_only = QCheckBox(self.tr("只看临期和已过期"), self)
        self.expiring_only.setObjectName("medicineExpiringOnly")
        self.days_box = QSpinBox(self)  # the office's setting: changed here, one undo step
        self.days_box.setObjectName("medicineExpiringDays")
        self.days_box.setRange(1, 365)
        self.days_box.setSuffix(self.tr(" 天内到期为临期"))
        self.days_box.setKeyboardTracking(False)
        self.receive_button = QPushButton(self.tr("入库…"), self)
        self.more_button = QPushButton(self.tr("追加入库…"), self)
        self.give_button = QPushButton(self.tr("发放…"), self)
        self.discard_button = QPushButton(self.tr("报废…"), self)
        self.edit_button = QPushButton(self.tr("修改…"), self)
        self.remove_button = QPushButton(self.tr("删除"), self)
        for name, button in (("medicineReceive", self.receive_button), ("medicineMore", self.more_button),
                             ("medicineGive", self.give_button), ("medicineDiscard", self.discard_button),
                             ("medicineEdit", self.edit_button), ("medicineRemove", self.remove_button)):
            button.setObjectName(name)
        bar = QHBoxLayout()
        for button in (self.receive_button, self.more_button, self.give_button, self.discard_button,
                       self.edit_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.days_box)
        bar.addWidget(self.expiring_only)

        self.stock_model = StockModel([self.tr("编号"), self.tr("药品名称"), self.tr("规格"), self.tr("单位"),
                                       self.tr("批号"), self.tr("有效期至"), self.tr("库存"), self.tr("状态"),
                                       self.tr("入库"), self.tr("发放"), self.tr("报废"), self.tr("备注")], self)
        self.stock_model.state_column = 7
        self.stock_model.numeric_columns = {0, 6, 8, 9, 10}
        self.stock_view = self._table("medicineStock", self.stock_model, stretch=11)
        self.stock_hint = empty_hint.install(self.stock_view, self.tr("药品箱是空的：点“入库…”登记居民或单位捐来的药品。"))

        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        today = QDate.currentDate()
        for edit, value in ((self.start, QDate(today.year(), today.month(), 1)), (self.end, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(value)
            edit.dateChanged.connect(lambda _d: self.request_reload())
        self.start.setObjectName("medicineFrom")
        self.end.setObjectName("medicineTo")
        self.grid_only = QCheckBox(self.tr("只看左侧所选网格的居民"), self)
        self.grid_only.setObjectName("medicineGridOnly")
        self.remove_move_button = QPushButton(self.tr("删除这条记录"), self)
        self.remove_move_button.setObjectName("medicineRemoveMove")
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("出入库记录："), self))
        period.addWidget(self.start)
        period.addWidget(QLabel(self.tr("至"), self))
        period.addWidget(self.end)
        period.addWidget(self.grid_only)
        period.addStretch(1)
        period.addWidget(self.remove_move_button)
        self.moves_model = RowsModel([self.tr("日期"), self.tr("类别"), self.tr("药品"), self.tr("批号"),
                                      self.tr("数量"), self.tr("捐赠人/领取人"), self.tr("微网格"), self.tr("经手人"),
                                      self.tr("备注")], self)
        self.moves_model.numeric_columns = {4}
        self.moves_view = self._table("medicineMoves", self.moves_model, stretch=8)
        self.moves_hint = empty_hint.install(self.moves_view, self.tr("这段时间没有出入库记录。"))
        self.grid_summary = QLabel(self)
        self.grid_summary.setObjectName("medicineGridSummary")
        self.grid_summary.setWordWrap(True)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(period)
        lower_layout.addWidget(self.moves_view, 1)
        lower_layout.addWidget(self.grid_summary)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(bar)
        upper_layout.addWidget(self.stock_view, 1)
        upper_layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.receive_button.clicked.connect(self.receive)
        self.more_button.clicked.connect(lambda: self.receive(more=True))
        self.give_button.clicked.connect(lambda: self.give())
        self.discard_button.clicked.connect(lambda: self.give(discard=True))
        self.edit_button.clicked.connect(self.edit)
        self.remove_button.clicked.connect(self.remove)
        self.remove_move_button.clicked.connect(self.remove_move)
        self.expiring_only.toggled.connect(lambda _on: self.request_reload())
        self.days_box.valueChanged.connect(self.set_days)
        self.grid_only.toggled.connect(lambda _on: self.request_reload())
        self.stock_view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self.moves_view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self.stock_view.doubleClicked.connect(lambda _i: self.give())
        context.data_changed.connect(lambda tables: self.request_reload() if touches(tables, WATCHED) else None)
        context.database_changed.connect(self.request_reload)
        context.grid_selected.connect(lambda _gid: self.request_reload() if self.grid_only.isChecked() else None)
        self._loader = Loader(self, self._show)
        self._update_buttons()

    def _table(self, name: str, model: RowsModel, stretch: int) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        compact(view)
        # sized once when rows arrive (``_show``): ResizeToContents re-measured on every layout
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return view

    # ---- reading ------------------------------------------------------------------------
    def busy(self) -> bool:
        return self._loader.busy()

    def reload(self) -> None:
        db, grid_id = self.context.db, self.context.current_grid if self.grid_only.isChecked() else None
        expiring, start, end = self.expiring_only.isChecked(), to_date(self.start.date()), to_date(self.end.date())

        def read():  # type: ignore[no-untyped-def]
            days = medicine_stock.expiring_days(db)
            today = dt.date.today()
            every = medicine_stock.stock(db, today, days=days)
            moves = medicine_stock.moves(db, start, end, grid_id) if start <= end else []
            handed = medicine_stock.handed_by_grid(db, grid_id, start, end) if start <= end else {}
            return days, every, expiring, moves, handed

        self._loader.request(read)

    def _show(self, result) -> None:  # type: ignore[no-untyped-def]
        self.days, every, expiring, moves, handed = result
        self.days_box.blockSignals(True)
        self.days_box.setValue(self.days)
        self.days_box.blockSignals(False)
        self.rows = [r for r in every if r.state != medicine_stock.FINE] if expiring else every
        self.stock_model.states = [r.state for r in self.rows]
        self.stock_model.set_rows([(r.id, r.name, r.spec, r.unit, r.batch,
                                    r.expires_on.isoformat() if r.expires_on else self.tr("无"), r.stock,
                                    self._state_text(r), r.received, r.given, r.discarded, r.note) for r in self.rows],
                                  [r.id for r in self.rows])
        fit_to_text(self.stock_view, self.stock_model)
        soon = sum(r.state == EXPIRING for r in every)
        gone = sum(r.state == EXPIRED for r in every)
        self.summary.setText(self.tr("共 {n} 批药品　临期（{days} 天内到期，黄底）{soon} 批　已过期（灰色，不能发放，请报废）{gone} 批")
                             .format(n=len(every), days=self.days, soon=soon, gone=gone))
        self.moves = moves
        self.moves_model.set_rows([(m.moved_on.isoformat(), tr(m.kind), m.item, m.batch, f"{m.quantity}{m.unit}",
                                    m.who, m.grid, m.by, m.note) for m in moves], [m.id for m in moves])
        fit_to_text(self.moves_view, self.moves_model)
        times = sum(c["times"] for c in handed.values())
        grids = sum(1 for gid, c in handed.items() if gid is not None and c["times"])
        quantity = sum(c["quantity"] for c in handed.values())
        self.grid_summary.setText(self.tr("这段时间发放 {times} 人次、{quantity} 件，涉及 {grids} 个微网格")
                                  .format(times=times, quantity=quantity, grids=grids))
        self.stock_hint.update()
        self.moves_hint.update()
        self._update_buttons()

    def _state_text(self, r: StockRow) -> str:
        label = tr(STATE_LABELS[r.state])
        if r.state == EXPIRING and r.days_left is not None:
            return self.tr("{state}（{n} 天）").format(state=label, n=r.days_left)
        return label

    # ---- actions ------------------------------------------------------------------------
    def current(self) -> StockRow | None:
        index = self.stock_view.currentIndex()
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def current_move(self) -> int | None:
        index = self.moves_view.currentIndex()
        return self.moves_model.row_id(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        row = self.current()
        for button in (self.more_button, self.edit_button, self.remove_button, self.discard_button):
            button.setEnabled(row is not None)
        self.more_button.setEnabled(row is not None and row.state != EXPIRED)
        self.give_button.setEnabled(row is not None and row.state != EXPIRED and row.stock > 0)
        self.give_button.setToolTip(self.tr("已过期的药品不能发放，请报废") if row is not None and row.state == EXPIRED else "")
        self.remove_move_button.setEnabled(self.current_move() is not None)

    def receive(self, more: bool = False) -> None:
        row = self.current() if more else None
        if more and row is None:
            return
        ReceiveDialog(self.context, row, names=[r.name for r in self.rows], parent=self).exec()

    def give(self, discard: bool = False) -> None:
        row = self.current()
        if row is None or (not discard and (row.state == EXPIRED or row.stock <= 0)):
            return
        GiveDialog(self.context, row, discard=discard, parent=self).exec()

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            ReceiveDialog(self.context, row, correct=True, parent=self).exec()

    def remove(self) -> None:
        row = self.current()
        if row is None:
            return
        asked = QMessageBox.question(self, self.tr("删除药品"), self.tr(
            "删除“{item}”这一批及其入库、报废记录？（已有发放记录的不能删除；可以撤销）").format(item=row.label))
        if asked == QMessageBox.StandardButton.Yes:
            db, item_id = self.context.db, row.id
            ops.Op(self, lambda: medicine.remove_item(db, item_id), context=self.context).run()

    def set_days(self, days: int) -> None:
        if days == self.days:
            return
        db, text = self.context.db, self.tr("药品临期提醒改为 {n} 天").format(n=days)
        ops.Op(self, lambda: settings.change(db, {options.MEDICINE_EXPIRING_DAYS: str(days)}, text),
               context=self.context).run()

    def remove_move(self) -> None:
        move_id = self.current_move()
        if move_id is None:
            return
        asked = QMessageBox.question(self, self.tr("删除记录"), self.tr("删除这条出入库记录？（可以撤销）"))
        if asked == QMessageBox.StandardButton.Yes:
            db = self.context.db
            ops.Op(self, lambda: medicine.remove_move(db, move_id), context=self.context).run()
