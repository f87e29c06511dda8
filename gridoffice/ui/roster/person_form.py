"""The person form: live validation (the ID number fills birth date, sex and age; a wrong number
is explained at the field and Save stays disabled), key populations and returnee stays."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.codes import (
    COMMON_RELATIONS,
    ETHNIC_GROUPS,
    POLITICAL_STATUS,
    RELATION_BY_SEX,
    RELATIONS,
)
from gridoffice.i18n import tr
from gridoffice.services.changes import Change
from gridoffice.services.errors import ServiceError
from gridoffice.services.roster import memberships
from gridoffice.services.roster import persons as roster_persons
from gridoffice.services.roster.core import DuplicateId, RosterError
from gridoffice.services.roster.persons import PersonInput
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence, show_error
from gridoffice.ui.health.tab import HealthTab
from gridoffice.ui.roster.key_population_tab import KeyPopulationTab
from gridoffice.ui.roster.returnee_tab import ReturneeTab
from gridoffice.ui.widgets import screen_fit

ERROR_STYLE = "color: #b00020;"


def relation_choices() -> list[str]:
    """The common GB/T 4761 names, then the census words clerks type (子女, 媳婿…); anything
    else of the standard can still be typed."""
    return list(dict.fromkeys([*(RELATIONS[c] for c in COMMON_RELATIONS), *RELATION_BY_SEX]))


class PersonForm(QDialog):
    def __init__(self, context: AppContext, person_id: int | None = None, household_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personForm")
        self.context = context
        self.person_id = person_id
        self.household_id = household_id
        if not roster_persons.pinyin_ready():  # a save may need pinyin: load it while the clerk types,
            # once the form is built (started first, the load shared the interpreter lock with the
            # build: the first form took 0.2-0.5 s on the GUI thread instead of ~0.05)
            QTimer.singleShot(0, self, lambda: ops.run_in_background(
                self, roster_persons.prepare_name_readings, lambda _loaded: None))
        self.saved_id: int | None = None
        self._saving: ops.Op | None = None
        # the database's answers to the check, asked again only when what they depend on changes
        # (a keystroke in the note or half an ID number asks nothing); a save starts afresh
        self._lookups = roster_persons.Lookups()
        self.setWindowTitle(self.tr("人员信息") if person_id else self.tr("新增人员"))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._basic_tab(), self.tr("基本信息"))
        self.key_tab = KeyPopulationTab(context, person_id, self)
        self.tabs.addTab(self.key_tab, self.tr("重点人群"))
        self.returnee_tab = ReturneeTab(context, person_id, self)
        self.tabs.addTab(self.returnee_tab, self.tr("返乡"))
        self.health_tab = HealthTab(context, person_id, self)
        self.tabs.addTab(self.health_tab, self.tr("健康"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        if person_id is not None:
            self._load(roster_persons.get_person(context.db, person_id))
        self.key_tab.changed.connect(self.revalidate)
        self.health_tab.changed.connect(self.revalidate)
        self.revalidate()
        screen_fit.fit(self, 560, 620)

    # ---- building --------------------------------------------------------------------
    def _basic_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.errors: dict[str, QLabel] = {}

        def line(name: str, label: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(page)
            edit.setObjectName(name)
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(self.revalidate)
            form.addRow(label, edit)
            self._error_row(form, name, page)
            return edit

        self.name_edit = line("name", self.tr("姓名"))
        self.id_edit = line("id_number", self.tr("身份证号"), self.tr("18 位；没有可不填"))
        self.id_note = QLabel(page)
        self.id_note.setObjectName("idNote")
        form.addRow("", self.id_note)
        self.sex_box = QComboBox(page)
        self.sex_box.setObjectName("sex")
        self.sex_box.addItems(["", "男", "女"])
        self.sex_box.currentIndexChanged.connect(self.revalidate)
        form.addRow(self.tr("性别"), self.sex_box)
        self.birth_edit = line("birth_date", self.tr("出生日期"), "1958-03-02")
        self.age_label = QLabel(page)
        self.age_label.setObjectName("age")
        form.addRow(self.tr("年龄"), self.age_label)
        self.relation_box = QComboBox(page)
        self.relation_box.setObjectName("relation")
        self.relation_box.setEditable(True)
        self.relation_box.addItems(["", *relation_choices()])
        self.relation_box.setToolTip(self.tr("可选 GB/T 4761 名称，也可输入常用说法：子女、媳婿、岳父母或公婆…"))
        self.relation_box.currentTextChanged.connect(self.revalidate)
        form.addRow(self.tr("与户主关系"), self.relation_box)
        self._error_row(form, "relation", page)
        self.ethnic_box = QComboBox(page)
        self.ethnic_box.setObjectName("ethnicity")
        self.ethnic_box.addItem("", None)
        for code, name in ETHNIC_GROUPS.items():
            self.ethnic_box.addItem(name, code)
        form.addRow(self.tr("民族"), self.ethnic_box)
        self.phone_edit = line("phone", self.tr("电话"), self.tr("手机或座机"))
        self.phone_note = QLabel(page)
        self.phone_note.setObjectName("phoneNote")
        form.addRow("", self.phone_note)
        self.political_box = QComboBox(page)
        self.political_box.setEditable(True)
        self.political_box.addItems(["", *POLITICAL_STATUS])
        form.addRow(self.tr("政治面貌"), self.political_box)
        self.hukou_edit = line("hukou_address", self.tr("户籍地"))
        self.current_edit = line("current_address", self.tr("现住地"))
        self.note_edit = line("note", self.tr("备注"))
        self.status_label = QLabel(page)
        form.addRow(self.tr("状态"), self.status_label)
        self.warning_label = QLabel(page)
        self.warning_label.setObjectName("warnings")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a5a00;")
        form.addRow(self.warning_label)
        return page

    def _error_row(self, form: QFormLayout, name: str, page: QWidget) -> None:
        label = QLabel(page)
        label.setObjectName(f"error_{name}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        label.linkActivated.connect(self._open_link)
        form.addRow("", label)
        self.errors[name] = label

    def _load(self, person) -> None:  # type: ignore[no-untyped-def]
        data = roster_persons.as_input(person)
        self.household_id = person.household_id
        self.name_edit.setText(data.name)
        self.id_edit.setText(data.id_number)
        self.sex_box.setCurrentText(data.sex)
        self.birth_edit.setText(person.birth_date.isoformat() if person.birth_date else "")
        self.relation_box.setCurrentText(data.relation)
        index = self.ethnic_box.findData(person.ethnicity)
        self.ethnic_box.setCurrentIndex(max(index, 0))
        self.phone_edit.setText(data.phone)
        self.political_box.setCurrentText(data.political_status)
        self.hukou_edit.setText(data.hukou_address)
        self.current_edit.setText(data.current_address)
        self.note_edit.setText(data.note)
        status = tr(person.status) + (f"（{person.status_date}）" if person.status_date else "")
        self.status_label.setText(status)

    # ---- validation ------------------------------------------------------------------
    def current_input(self) -> PersonInput:
        return PersonInput(
            name=self.name_edit.text(), household_id=self.household_id,
            relation=self.relation_box.currentText(), id_number=self.id_edit.text(),
            sex=self.sex_box.currentText(), birth_date=self.birth_edit.text().strip() or None,
            ethnicity=self.ethnic_box.currentData(), phone=self.phone_edit.text(),
            political_status=self.political_box.currentText(), hukou_address=self.hukou_edit.text(),
            current_address=self.current_edit.text(), note=self.note_edit.text())

    def revalidate(self, *_args: object) -> None:
        if not hasattr(self, "save_button"):
            return
        checked = roster_persons.check_person(self.context.db, self.current_input(), self.person_id,
                                              lookups=self._lookups)
        id_ok = checked.values.get("id_number") is not None  # a well-formed number (even a duplicate)
        # a valid ID decides birth date and sex: show them and lock the fields
        if id_ok:
            for widget, value in ((self.birth_edit, checked.values["birth_date"].isoformat()),
                                  (self.sex_box, checked.values["sex"])):
                widget.blockSignals(True)
                if isinstance(widget, QLineEdit):
                    widget.setText(value)
                else:
                    widget.setCurrentText(value)
                widget.blockSignals(False)
        self.birth_edit.setReadOnly(id_ok)
        self.sex_box.setEnabled(not id_ok)
        self.id_note.setText(self.tr("未登记身份证号（名单中会标出）") if checked.no_id else "")
        for name, label in self.errors.items():
            text = checked.errors.get(name, "")
            if name == "id_number" and checked.duplicate is not None:
                text += f' <a href="person:{checked.duplicate.person_id}">{self.tr("查看该人员")}</a>'
            label.setText(text)
            label.setVisible(bool(text))
        age = checked.age
        groups = memberships.age_groups(checked.values.get("birth_date"), dt.date.today())
        self.age_label.setText("" if age is None else self.tr("{age} 岁").format(age=age)
                               + (f"（{'、'.join(groups)}）" if groups else ""))
        self.key_tab.set_birth_date(checked.values.get("birth_date"))
        self.health_tab.set_birth_date(checked.values.get("birth_date"))
        typed, stored = self.phone_edit.text().strip(), checked.values.get("phone")
        self.phone_note.setText(self.tr("将保存为 {phone}").format(phone=stored) if stored and stored != typed else "")
        self.phone_note.setVisible(bool(self.phone_note.text()))
        self.warning_label.setText("\n".join(checked.warnings))
        key_errors = self.key_tab.errors() or self.health_tab.errors()
        self.save_button.setEnabled(checked.ok and not key_errors)
        self.checked = checked

    def _open_link(self, link: str) -> None:
        if link.startswith("person:"):
            PersonForm(self.context, int(link.split(":", 1)[1]), parent=self).exec()

    # ---- saving ----------------------------------------------------------------------
    def save(self) -> None:
        """In the pool (200–800 ms on a street database): the form is disabled meanwhile, a refusal
        is shown as a message and the form stays open; on success the change is recorded once
        (undo + refresh, by the op) and the form closes."""
        if self.busy():
            return
        self._lookups = roster_persons.Lookups()  # checked against the database as it is now
        self.revalidate()
        if not self.save_button.isEnabled():
            return
        db, person_id = self.context.db, self.person_id
        values, wanted, health = self.current_input(), self.key_tab.wanted(), self.health_tab.edit()
        self._saving = ops.Op(
            self, lambda: roster_persons.save_person(db, person_id, values, wanted, health), context=self.context,
            text=self.tr("正在保存人员信息…"), disable=[self.tabs, *self.buttons.buttons()],
        ).success(self._saved).failure(self._save_failed).run()

    def busy(self) -> bool:
        """A save is running (tests wait on this)."""
        return self._saving is not None and self._saving.is_running()

    def _saved(self, change: Change) -> None:
        self.saved_id = self.person_id if self.person_id is not None else min(change.rows["person"])
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DuplicateId):
            QMessageBox.warning(self, self.tr("身份证号重复"), sentence(exc))
        elif isinstance(exc, RosterError | ServiceError):
            QMessageBox.warning(self, self.tr("无法保存"), sentence(exc))
        else:  # a store error (locked, disk full…) or a bug: the one error dialog and the log
            show_error(self, exc, self.tr("保存人员信息"))

    def reject(self) -> None:
        if not self.busy():  # Esc while saving: the save decides (it closes the form when it worked)
            super().reject()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.save_button.isEnabled():
            return
        super().keyPressEvent(event)
