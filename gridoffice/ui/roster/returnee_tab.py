"""The returnee tab of the person form: the person's stays, and recording an arrival or a
departure (each one an undoable change, applied at once)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridoffice.i18n import N_
from gridoffice.services.roster import memberships
from gridoffice.services.roster.core import ValidationFailed
from gridoffice.services.roster.memberships import StayInput
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import show_error

TRANSPORT = ("", N_("火车"), N_("飞机"), N_("长途汽车"), N_("自驾"), N_("其他"))
COLUMNS = 7  # 返乡日期 从何处 交通 预计离开 离开日期 登记日期 现住址


class ReturneeTab(QWidget):
    def __init__(self, context: AppContext, person_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.person_id = person_id
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("stays")
        self.table.setHorizontalHeaderLabels([self.tr("返乡日期"), self.tr("从何处"), self.tr("交通"),
                                              self.tr("预计离开"), self.tr("离开日期"), self.tr("登记日期"),
                                              self.tr("现住址")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._pick)
        form = QFormLayout()
        self.arrived = QLineEdit(self)
        self.arrived.setPlaceholderText(dt.date.today().isoformat())
        self.from_place = QLineEdit(self)
        self.from_place.setPlaceholderText(self.tr("如 广东深圳"))
        self.transport = QComboBox(self)
        self.transport.setEditable(True)
        self.transport.addItems(list(TRANSPORT))
        self.expected = QLineEdit(self)
        self.left = QLineEdit(self)
        self.registered = QLineEdit(dt.date.today().isoformat(), self)  # 登记日期: today for a new stay
        self.registered.setObjectName("registered_on")
        self.address = QLineEdit(self)
        for label, widget in ((self.tr("返乡日期"), self.arrived), (self.tr("从何处返回"), self.from_place),
                              (self.tr("交通方式"), self.transport), (self.tr("预计离开"), self.expected),
                              (self.tr("离开日期"), self.left), (self.tr("登记日期"), self.registered),
                              (self.tr("在乡住址"), self.address)):
            form.addRow(label, widget)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020;")
        form.addRow(self.error)
        self.add_button = QPushButton(self.tr("登记新的返乡"), self)
        self.add_button.clicked.connect(self.add_stay)
        self.update_button = QPushButton(self.tr("保存所选记录（如登记离开）"), self)
        self.update_button.clicked.connect(self.update_stay)
        self.remove_button = QPushButton(self.tr("删除所选记录"), self)
        self.remove_button.clicked.connect(self.remove_stay)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.update_button, self.remove_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self.tr("先保存人员，再登记返乡。"), self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.hint.setVisible(person_id is None)
        self.setEnabled(person_id is not None)
        self.stay_ids: list[int] = []
        self.reload()

    def reload(self) -> None:
        stays = memberships.stays_of(self.context.db, self.person_id) if self.person_id else []
        self.stay_ids = [s.id for s in stays]  # type: ignore[misc]
        self.table.setRowCount(len(stays))
        for row, s in enumerate(stays):
            for col, value in enumerate((s.arrived_on, s.from_place, s.transport, s.expected_departure,
                                         s.left_on, s.registered_on, s.current_address)):
                self.table.setItem(row, col, QTableWidgetItem("" if value is None else str(value)))
        self.table.resizeColumnsToContents()
        has = bool(self.table.selectedItems())
        self.update_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _input(self) -> StayInput:
        return StayInput(self.arrived.text(), self.from_place.text(), self.transport.currentText(),
                         self.expected.text() or None, self.left.text() or None, self.address.text(),
                         registered_on=self.registered.text().strip() or None)

    def _pick(self) -> None:
        row = self.table.currentRow()
        has = row >= 0 and bool(self.table.selectedItems())
        self.update_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        if not has:
            return
        cells = [self.table.item(row, c).text() for c in range(COLUMNS)]  # type: ignore[union-attr]
        self.arrived.setText(cells[0])
        self.from_place.setText(cells[1])
        self.transport.setCurrentText(cells[2])
        self.expected.setText(cells[3])
        self.left.setText(cells[4])
        self.registered.setText(cells[5])
        self.address.setText(cells[6])

    def _run(self, make) -> bool:  # type: ignore[no-untyped-def]
        if ops.apply(self, self.context, make, title=self.tr("无法保存"), failure=self._failed) is None:
            return False
        self.error.setText("")
        self.reload()
        return True

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.error.setText("；".join(exc.errors.values()))
        else:
            show_error(self, exc, title=self.tr("无法保存"))

    def add_stay(self) -> bool:
        assert self.person_id is not None
        if not self.registered.text().strip():  # a new stay is registered today unless told otherwise
            self.registered.setText(dt.date.today().isoformat())
        return self._run(lambda: memberships.add_stay(self.context.db, self.person_id, self._input()))

    def update_stay(self) -> bool:
        row = self.table.currentRow()
        if row < 0:
            return False
        return self._run(lambda: memberships.edit_stay(self.context.db, self.stay_ids[row], self._input()))

    def remove_stay(self) -> bool:
        row = self.table.currentRow()
        if row < 0:
            return False
        return self._run(lambda: memberships.remove_stay(self.context.db, self.stay_ids[row]))
