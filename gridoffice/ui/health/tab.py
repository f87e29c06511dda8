"""The health tab of the person form (健康): chronic diseases and their stability, vaccination,
mobility, checked live like the other fields; the tier they give (for residents 65+), a manual
tier with its reason, and the family-doctor contract (家庭医生签约)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from gridoffice.domain import health_tiers as ht
from gridoffice.services.health import profiles as health_profiles
from gridoffice.services.health import signing
from gridoffice.services.health import tiers as health_tiers
from gridoffice.services.health.edit import HealthEdit
from gridoffice.ui.context import AppContext

ERROR_STYLE = "color: #b00020;"


class HealthTab(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, person_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthTab")
        self.context = context
        self.person_id = person_id
        self.born: dt.date | None = None
        form = QFormLayout(self)
        self.error_labels: dict[str, QLabel] = {}

        def add(name: str, label: str, widget: QWidget) -> None:
            widget.setObjectName(name)
            form.addRow(label, widget)
            error = QLabel(self)
            error.setObjectName(f"error_{name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            form.addRow("", error)
            self.error_labels[name] = error

        self.diseases = QLineEdit(self)
        self.diseases.setPlaceholderText(self.tr("如 高血压、糖尿病；没有可不填"))
        add("chronic_diseases", self.tr("慢性病"), self.diseases)
        self.chronic = QComboBox(self)
        self.chronic.addItems(list(ht.LEVELS[ht.CHRONIC]))
        add("chronic_state", self.tr("病情"), self.chronic)
        self.vaccine = QComboBox(self)
        self.vaccine.addItems(list(ht.LEVELS[ht.VACCINE]))
        self.vaccine.setCurrentText(health_profiles.ProfileInput().vaccine_state)
        add("vaccine_state", self.tr("疫苗接种"), self.vaccine)
        self.doses = QSpinBox(self)
        self.doses.setRange(0, health_profiles.MAX_DOSES)
        add("vaccine_doses", self.tr("接种剂次"), self.doses)
        self.last = QLineEdit(self)
        self.last.setPlaceholderText("2022-12-20")
        add("vaccine_last", self.tr("末次接种日期"), self.last)
        self.mobility = QCheckBox(self.tr("行动不便（需上门服务）"), self)
        self.mobility.setObjectName("mobility_limited")
        form.addRow("", self.mobility)
        self.tier_label = QLabel(self)
        self.tier_label.setObjectName("computedTier")
        form.addRow(self.tr("计算分级"), self.tier_label)
        self.manual = QComboBox(self)
        self.manual.setObjectName("manualTier")
        self.manual.addItem(self.tr("（按计算）"), None)
        for tier in ht.TIERS:
            self.manual.addItem(self.tr(tier), tier)
        form.addRow(self.tr("人工分级"), self.manual)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("人工分级须写明原因"))
        add("reason", self.tr("原因"), self.reason)
        self._signing_rows(form, context)
        self._loaded = None
        self._loaded_manual = None
        if person_id is not None:
            self._loaded = health_profiles.get(context.db, person_id)
            self._loaded_manual = health_tiers.manual_of(context.db, person_id)
            if self._loaded is not None:
                p = self._loaded
                self.diseases.setText(p.chronic_diseases)
                self.chronic.setCurrentText(p.chronic_state)
                self.vaccine.setCurrentText(p.vaccine_state)
                self.doses.setValue(p.vaccine_doses)
                self.last.setText(p.vaccine_last.isoformat() if isinstance(p.vaccine_last, dt.date) else "")
                self.mobility.setChecked(p.mobility_limited)
            if self._loaded_manual is not None:
                self.manual.setCurrentIndex(max(self.manual.findData(self._loaded_manual[0]), 0))
                self.reason.setText(self._loaded_manual[1])
        for edit in (self.diseases, self.last, self.reason):
            edit.textChanged.connect(self._changed)
        for box in (self.chronic, self.vaccine, self.manual):
            box.currentIndexChanged.connect(self._changed)
        self.doses.valueChanged.connect(self._changed)
        self.doctor.currentIndexChanged.connect(self._changed)
        self.signed_on.dateChanged.connect(self._changed)
        self.expires_on.dateChanged.connect(self._changed)
        self.mobility.toggled.connect(self._changed)
        self._changed()

    def _signing_rows(self, form: QFormLayout, context: AppContext) -> None:
        """家庭医生签约: the doctor (staff with the 家庭医生 post), the date and the expiry."""
        self.doctor = QComboBox(self)
        self.doctor.setObjectName("signingDoctor")
        self.doctor.addItem(self.tr("未签约"), None)
        for sid, name in signing.doctors(context.db):
            self.doctor.addItem(name, sid)
        form.addRow(self.tr("家庭医生签约"), self.doctor)
        self.signed_on = QDateEdit(QDate.currentDate(), self)
        self.expires_on = QDateEdit(QDate.currentDate().addYears(1).addDays(-1), self)
        for edit in (self.signed_on, self.expires_on):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("签约日期"), self.signed_on)
        form.addRow(self.tr("到期日期"), self.expires_on)
        error = QLabel(self)
        error.setObjectName("error_signing")
        error.setStyleSheet(ERROR_STYLE)
        error.setVisible(False)
        form.addRow("", error)
        self.error_labels["signing"] = error
        self._loaded_signing = signing.current(context.db, self.person_id) if self.person_id is not None else None
        if self._loaded_signing is not None:
            doctor_id, signed, ends = self._loaded_signing
            index = self.doctor.findData(doctor_id)
            if index < 0:  # a doctor no longer serving: still shown
                self.doctor.addItem(self.tr("（已离岗的医生）"), doctor_id)
                index = self.doctor.count() - 1
            self.doctor.setCurrentIndex(index)
            self.signed_on.setDate(QDate(signed.year, signed.month, signed.day))
            self.expires_on.setDate(QDate(ends.year, ends.month, ends.day))

    def _signing(self) -> tuple[int, dt.date, dt.date] | None:
        doctor = self.doctor.currentData()
        if doctor is None:
            return None
        a, b = self.signed_on.date(), self.expires_on.date()
        return doctor, dt.date(a.year(), a.month(), a.day()), dt.date(b.year(), b.month(), b.day())

    def current(self) -> health_profiles.ProfileInput:
        return health_profiles.ProfileInput(self.diseases.text(), self.chronic.currentText(), self.doses.value(),
                                            self.last.text() or None, self.vaccine.currentText(),
                                            self.mobility.isChecked())

    def _recorded(self) -> bool:
        """Anything typed (a record of all defaults for a new person is not written)."""
        return self._loaded is not None or self.current() != health_profiles.ProfileInput()

    def set_birth_date(self, born: dt.date | None) -> None:
        self.born = born
        self._show_tier()

    def _changed(self, *_args: object) -> None:
        errors = self.errors()
        for name, label in self.error_labels.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
        self._show_tier()
        self.changed.emit()

    def _show_tier(self) -> None:
        shown = health_tiers.preview(self.context.db, self.born, self.chronic.currentText(),
                                     self.vaccine.currentText(), dt.date.today())
        if shown is None:
            self.tier_label.setText(self.tr("不满 65 岁（或无出生日期），不分级"))
        elif not self._recorded():
            self.tier_label.setText(self.tr("未评估（尚无健康信息）"))
        else:
            self.tier_label.setText(self.tr("{tier}（{total} 分）").format(tier=self.tr(shown[0]), total=shown[1]))

    def errors(self) -> dict[str, str]:
        errors = dict(health_profiles.check(self.current()).errors) if self._recorded() else {}
        if self.manual.currentData() is not None and not self.reason.text().strip():
            errors["reason"] = self.tr("人工分级须写明原因")
        wanted = self._signing()
        if wanted is not None and wanted[2] < wanted[1]:
            errors["signing"] = self.tr("到期日期早于签约日期")
        return errors

    def edit(self) -> HealthEdit:
        """What the tab changed, saved with the person (``roster_persons.save_person``)."""
        manual = self.manual.currentData()
        wanted = None if manual is None else (manual, self.reason.text().strip())
        contract = self._signing()
        return HealthEdit(self.current(), self._recorded() and not health_profiles.same(self._loaded, self.current()),
                          wanted, wanted != self._loaded_manual, contract, contract != self._loaded_signing)
