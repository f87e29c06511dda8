"""The 健康服务 pane's 每日电话 page: the red residents of the selected grid with this week's
calls (一 … 日: √ reached, × not reached), and one click per resident to record today's call —
已打通 or 未接通, with an optional short note, by the operator. Each call is one undo step
(编辑 → 撤销, Ctrl+Z, or 撤销 here); the selection moves on to the next resident."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain import visit_schedule as vs
from gridoffice.services.health import calls as health_calls
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import Op
from gridoffice.ui.widgets import masking, rows_model
from gridoffice.ui.widgets.rows_model import RowsModel

WEEKDAYS = "一二三四五六日"
MARK = {True: "√", False: "×", None: "·"}


class CallsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthCalls")
        self.context = context
        self.rows: list[health_calls.CallListRow] = []
        self.labels: dict[int, str] = {}
        self.on = dt.date.today()
        self.model = RowsModel([self.tr("网格"), self.tr("姓名"), self.tr("电话"), self.tr("本周（一至日）"),
                                self.tr("今天"), self.tr("随访人"), self.tr("情况记录")], self)
        self.view = QTableView(self)
        self.view.setObjectName("callList")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows_model.compact(self.view)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.note = QLineEdit(self)
        self.note.setObjectName("callNote")
        self.note.setMaxLength(health_calls.NOTE_LIMIT)
        self.note.setPlaceholderText(self.tr("情况（可不填），如：血压平稳"))
        self.reached = QPushButton(self.tr("已打通"), self)
        self.reached.setObjectName("callReached")
        self.missed = QPushButton(self.tr("未接通"), self)
        self.missed.setObjectName("callMissed")
        self.undo = QPushButton(self.tr("撤销"), self)
        self.undo.setObjectName("callUndo")
        self.undo.setToolTip(self.tr("撤销上一步（同 编辑 → 撤销）"))
        self.status = QLabel(self)
        self.status.setObjectName("callStatus")
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("选中一位居民，电话打完点："), self))
        actions.addWidget(self.reached)
        actions.addWidget(self.missed)
        actions.addWidget(self.note, 1)
        actions.addWidget(self.undo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.reached.clicked.connect(lambda: self.record(True))
        self.missed.clicked.connect(lambda: self.record(False))
        self.undo.clicked.connect(context.undo_stack.undo)
        context.undo_stack.canUndoChanged.connect(self.undo.setEnabled)
        self.undo.setEnabled(context.undo_stack.canUndo())
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self._update_buttons()

    def show_rows(self, rows: list[health_calls.CallListRow], labels: dict[int, str], on: dt.date) -> None:
        keep = self.current()
        self.rows, self.labels, self.on = rows, labels, on
        monday = vs.week_start(on)
        days = [monday + dt.timedelta(days=i) for i in range(7)]
        shown = []
        for r in rows:
            last = r.week[-1] if r.week else None
            shown.append((labels.get(r.tier.grid_id, ""), r.tier.name, masking.display_phone(r.tier.phone),
                           " ".join(f"{WEEKDAYS[i]}{MARK[r.reached_on(d)]}" for i, d in enumerate(days)),
                           {True: self.tr("已打通"), False: self.tr("未接通"), None: ""}[r.reached_on(on)],
                           last.by_name if last else "", "；".join(c.note for c in r.week if c.note)))
        self.model.set_rows(shown, [r.tier.person_id for r in rows])
        called = sum(1 for r in rows if r.week)
        today = sum(1 for r in rows if r.reached_on(on))
        self.status.setText(self.tr("红色分级 {n} 人：本周打过电话 {week} 人，今天（{day}）打通 {today} 人").format(
            n=len(rows), week=called, day=on.isoformat(), today=today))
        if keep is not None and (row := self.model.row_of(keep)) >= 0:
            self.view.selectRow(row)
        self._update_buttons()

    def current(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        chosen = self.current() is not None and self.on <= dt.date.today()
        self.reached.setEnabled(chosen)
        self.missed.setEnabled(chosen)

    def record(self, reached: bool) -> Op | None:
        """Today's call (the pane's day) to the selected resident; the next one is selected."""
        person = self.current()
        if person is None:
            return None
        db, on, note = self.context.db, self.on, self.note.text()
        row = self.view.currentIndex().row()
        if row + 1 < self.model.rowCount():
            self.view.selectRow(row + 1)
        self.note.clear()
        return Op(self, lambda: health_calls.record(db, person, on, reached, note=note), context=self.context,
                  disable=[self.reached, self.missed], title=self.tr("没有登记电话随访")).run()
