"""Recording a 五到家 service (送医、温暖、预防、互助、宣传到家) for a household or one of its
members, from the household editor and from the visits pane; the household's earlier services
are listed under the form."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gridoffice.i18n import tr
from gridoffice.services.changes import Change
from gridoffice.services.health import services as health_services
from gridoffice.services.roster import households as roster_households
from gridoffice.store import StoreError
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence


class ServiceDialog(QDialog):
    def __init__(self, context: AppContext, household_id: int, person_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceDialog")
        self.setWindowTitle(self.tr("登记五到家服务"))
        self.context = context
        self.household_id = household_id
        self.change: Change | None = None
        form = QFormLayout()
        self.person_box = QComboBox(self)
        self.person_box.setObjectName("servicePerson")
        self.person_box.addItem(self.tr("全户"), None)
        for m in roster_households.household_members(context.db, household_id):
            self.person_box.addItem(m.name, m.id)
        if person_id is not None:
            self.person_box.setCurrentIndex(max(self.person_box.findData(person_id), 0))
        form.addRow(self.tr("服务对象"), self.person_box)
        self.type_box = QComboBox(self)
        self.type_box.setObjectName("serviceType")
        for kind in health_services.TYPES:
            self.type_box.addItem(tr(kind), kind)
        form.addRow(self.tr("服务类型"), self.type_box)
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate.currentDate())
        form.addRow(self.tr("服务日期"), self.date_edit)
        self.by_edit = QLineEdit(self)
        self.by_edit.setObjectName("serviceBy")
        self.by_edit.setPlaceholderText(self.tr("服务人姓名"))
        form.addRow(self.tr("服务人"), self.by_edit)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("如 量血压、送药"))
        form.addRow(self.tr("备注"), self.note_edit)
        self.history = QListWidget(self)
        self.history.setObjectName("serviceHistory")
        for _rid, day, kind, by, note in health_services.of_household(context.db, household_id)[:20]:
            self.history.addItem("  ".join(x for x in (day.isoformat(), tr(kind), by, note) if x))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("这一户以往的服务"), self))
        layout.addWidget(self.history, 1)
        layout.addWidget(buttons)

    def save(self) -> None:
        day = self.date_edit.date()
        try:
            change = health_services.record(
                self.context.db, self.household_id, self.type_box.currentData(), dt.date(day.year(), day.month(), day.day()),
                self.person_box.currentData(), self.by_edit.text(), self.note_edit.text())
        except (health_services.ServiceLogError, StoreError) as exc:
            QMessageBox.warning(self, self.tr("不能登记"), sentence(exc))
            return
        self.change = self.context.apply(change)
        self.accept()
