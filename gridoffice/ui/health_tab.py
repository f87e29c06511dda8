"""The health tab of the person form (健康): chronic diseases and their stability, vaccination,
mobility, checked live like the other fields; the tier they give (for residents 65+) and a
manual tier with its reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from gridoffice.domain import health_tiers as ht
from gridoffice.services import health_profiles, health_tiers
from gridoffice.services.changes import Change
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
        self.mobility.toggled.connect(self._changed)
        self._changed()

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
        return errors

    def apply(self, person_id: int) -> list[Change]:
        """Write what changed; returns the changes (to merge into one undo step)."""
        out = []
        if self._recorded() and not health_profiles.same(self._loaded, self.current()):
            out.append(health_profiles.save(self.context.db, person_id, self.current()))
        manual = self.manual.currentData()
        wanted = None if manual is None else (manual, self.reason.text().strip())
        if wanted != self._loaded_manual:
            out.append(health_tiers.set_manual(self.context.db, person_id, manual, self.reason.text()))
        return out
