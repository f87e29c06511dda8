"""The key-population tab of the person form: one checkable group per category of
``domain/population.CATEGORIES`` with its attribute fields generated from the registry. Age
groups are shown, computed from the birth date, never typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.population import CATEGORIES, Attr
from gridoffice.i18n import tr
from gridoffice.services.roster import memberships
from gridoffice.services.roster.core import ValidationFailed
from gridoffice.ui.context import AppContext

PLACEHOLDERS = {"date": "2023-03-01", "month": "2022-03", "int": "0"}


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


class KeyPopulationTab(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, person_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.person_id = person_id
        self.existing = memberships.memberships_of(context.db, person_id) if person_id else {}
        self.groups: dict[str, QGroupBox] = {}
        self.fields: dict[str, dict[str, QWidget]] = {}
        self.error_labels: dict[str, QLabel] = {}
        inner = QWidget(self)
        box = QVBoxLayout(inner)
        self.age_label = QLabel(inner)
        self.age_label.setObjectName("ageGroups")
        self.age_label.setWordWrap(True)
        box.addWidget(self.age_label)
        for code, cat in CATEGORIES.items():
            group = QGroupBox(tr(cat.label), inner)
            group.setObjectName(f"cat_{code}")
            group.setCheckable(True)
            group.setChecked(code in self.existing)
            form = QFormLayout(group)
            values = self.existing[code].attrs if code in self.existing else {}
            self.fields[code] = {}
            for attr in cat.attrs:
                widget = self._field(attr, values.get(attr.key), group)
                form.addRow(tr(attr.label), widget)
                self.fields[code][attr.key] = widget
            error = QLabel(group)
            error.setStyleSheet("color: #b00020;")
            error.setVisible(False)
            form.addRow(error)
            self.error_labels[code] = error
            group.toggled.connect(lambda _on: self.changed.emit())
            self.groups[code] = group
            box.addWidget(group)
        box.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _field(self, attr: Attr, value: Any, parent: QWidget) -> QWidget:
        if attr.kind == "bool":
            check = QCheckBox(parent)
            check.setChecked(bool(value))
            check.toggled.connect(lambda _v: self.changed.emit())
            return check
        if attr.kind == "choice":
            combo = QComboBox(parent)
            combo.addItems(["", *attr.choices])
            combo.setCurrentText(str(value or ""))
            combo.currentIndexChanged.connect(lambda _v: self.changed.emit())
            return combo
        edit = QLineEdit(parent)
        edit.setPlaceholderText(PLACEHOLDERS.get(attr.kind, ""))
        edit.setText("" if value is None else str(value))
        edit.textChanged.connect(lambda _v: self.changed.emit())
        return edit

    def set_birth_date(self, born: dt.date | None) -> None:
        groups = memberships.age_groups(born, dt.date.today())
        text = "、".join(groups) if groups else _t("无")
        self.age_label.setText(_t("按出生日期自动归入（不用勾选）：{groups}").format(groups=text))

    def values(self, code: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.fields[code].items():
            if isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentText()
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text()
        return out

    def errors(self) -> dict[str, str]:
        """Problems in the ticked categories (shown in each group)."""
        found: dict[str, str] = {}
        for code, group in self.groups.items():
            text = ""
            if group.isChecked():
                try:
                    memberships.clean_attrs(code, self.values(code))
                except ValidationFailed as exc:
                    text = "；".join(exc.errors.values())
            self.error_labels[code].setText(text)
            self.error_labels[code].setVisible(bool(text))
            if text:
                found[code] = text
        return found

    def wanted(self) -> dict[str, dict[str, Any] | None]:
        """What changed, for ``roster_persons.save_person``: a category's attributes, or None
        to leave it."""
        found: dict[str, dict[str, Any] | None] = {}
        for code, group in self.groups.items():
            old = self.existing.get(code)
            if group.isChecked():
                wanted = memberships.clean_attrs(code, self.values(code))
                if old is None or old.attrs != wanted:
                    found[code] = wanted
            elif old is not None:
                found[code] = None
        return found
