"""The quick record-visit dialog: a household of the micro-grid, tick the members visited (none
ticked = the whole household), the date, visitors ticked from the grid's staff (service team,
family doctor, leaders above) plus free names, and the findings."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gridoffice.i18n import tr
from gridoffice.services.visits import core as visits
from gridoffice.services.visits import records as visit_records
from gridoffice.store import StoreError
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence
from gridoffice.ui.widgets import screen_fit
from gridoffice.ui.widgets.qdates import to_date

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RecordVisitDialog(QDialog):
    def __init__(self, context: AppContext, grid_id: int | None, person: visits.KeyPerson | None,
                 parent: QWidget | None = None, key_ids: set[int] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordVisitDialog")
        self.setWindowTitle(self.tr("登记入户走访"))
        self.context = context
        self.change = None
        db = context.db
        # key persons of the household are ticked: one visit usually sees all of them
        self._key_ids: set[int] = set(key_ids or ()) | ({person.person_id} if person else set())
        self.household = QComboBox(self)
        self.household.setObjectName("visitHousehold")
        self.household.setEditable(True)
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        choices = visit_records.households(db, grid_id) if grid_id is not None else []
        for h in choices:
            self.household.addItem(f"{h.number}  {h.head}  {h.address}", h.household_id)
        if person is not None:
            index = self.household.findData(person.household_id)
            if index < 0:
                self.household.addItem(f"{person.household_number}  {person.address}", person.household_id)
                index = self.household.count() - 1
            self.household.setCurrentIndex(index)
        self.members = QListWidget(self)
        self.members.setObjectName("visitMembers")
        self.members.setMaximumHeight(110)
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setObjectName("visitDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(QDate.currentDate())
        self.staff = QListWidget(self)
        self.staff.setObjectName("visitStaff")
        self.staff.setMaximumHeight(110)
        for member in visit_records.visiting_staff(db, grid_id):
            item = QListWidgetItem(f"{member.name}（{member.role}，{member.grid_name}）", self.staff)
            item.setData(ID_ROLE, member.staff_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.other_visitors = QLineEdit(self)
        self.other_visitors.setObjectName("visitOtherVisitors")
        self.other_visitors.setPlaceholderText(self.tr("名单外的走访人，如 志愿者 张三"))
        self.findings: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(self.tr("户："), self.household)
        form.addRow(self.tr("被访成员："), self.members)
        hint = QLabel(self.tr("不勾选任何成员即记为整户走访。"), self)
        hint.setStyleSheet("color: #666")
        form.addRow("", hint)
        form.addRow(self.tr("走访日期："), self.date)
        form.addRow(self.tr("走访人："), self.staff)
        form.addRow(self.tr("其他走访人："), self.other_visitors)
        box = QGroupBox(self.tr("走访情况"), self)
        box_form = QFormLayout(box)
        for key, label in visit_records.FINDINGS.items():
            edit = QLineEdit(self)
            edit.setObjectName(f"visit_{key}")
            edit.setMaxLength(visit_records.TEXT_LIMIT)
            self.findings[key] = edit
            box_form.addRow(tr(label) + self.tr("："), edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        top = QHBoxLayout()
        top.addLayout(form, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(box)
        layout.addWidget(buttons)
        self.household.currentIndexChanged.connect(lambda _i: self._load_members())
        self._load_members()
        screen_fit.fit(self, 560, 640)

    def _load_members(self) -> None:
        self.members.clear()
        household_id = self.household.currentData()
        if household_id is None:
            return
        for m in visit_records.members(self.context.db, household_id, dt.date.today()):
            age = "" if m.age is None else self.tr("{n}岁").format(n=m.age)
            mark = self.tr("（重点人员）") if m.person_id in self._key_ids else ""
            item = QListWidgetItem(f"{m.name}  {m.relation}  {m.sex or ''}  {age}{mark}", self.members)
            item.setData(ID_ROLE, m.person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if m.person_id in self._key_ids else Qt.CheckState.Unchecked)

    @staticmethod
    def _checked(widget: QListWidget) -> list[int]:
        return [widget.item(i).data(ID_ROLE) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        data = visit_records.VisitInput(
            visit_date=to_date(self.date.date()),
            household_id=self.household.currentData(),
            person_ids=self._checked(self.members),
            staff_ids=self._checked(self.staff),
            other_visitors=self.other_visitors.text(),
            **{key: edit.text() for key, edit in self.findings.items()},  # type: ignore[arg-type]
        )
        try:
            change = visit_records.record_visit(self.context.db, data)
        except (visit_records.VisitError, StoreError) as exc:
            QMessageBox.warning(self, self.tr("不能保存"), sentence(exc))
            return
        self.change = self.context.apply(change)  # type: ignore[assignment]
        self.accept()
