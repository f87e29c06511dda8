"""Dialogs of the 药品互助 pane: 入库 (a new batch, more of a batch, or correcting what was written of
one) and 发放 / 报废 of a batch. Each checks as the clerk types with the service's own checks and
says the first problem in one sentence under the form; 确定 stays off until there is none. The
write runs in the pool (ui/ops.py) and is one undo step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gridoffice.i18n import tr
from gridoffice.services import search
from gridoffice.services.medicine import core as medicine
from gridoffice.services.medicine.core import Batch, MedicineError
from gridoffice.services.medicine.stock import StockRow
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence
from gridoffice.ui.ops import Loader, Op
from gridoffice.ui.widgets import screen_fit
from gridoffice.ui.widgets.qdates import to_date


def _date_edit(parent: QWidget, value: dt.date | None = None, latest_today: bool = True) -> QDateEdit:
    edit = QDateEdit(QDate(value) if value else QDate.currentDate(), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if latest_today:
        edit.setMaximumDate(QDate.currentDate())
    return edit


def _problem_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("medicineProblem")
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    return label


class PersonPicker(QWidget):
    """Find a resident of the roster by name, ID number or phone (the search runs off the GUI
    thread) and pick one of the hits."""

    changed = Signal()

    def __init__(self, db, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.edit = QLineEdit(self)
        self.edit.setObjectName("medicinePersonSearch")
        self.edit.setPlaceholderText(self.tr("输入姓名、拼音首字母、身份证号或电话查找"))
        self.edit.setClearButtonEnabled(True)
        self.hits = QListWidget(self)
        self.hits.setObjectName("medicinePersonHits")
        self.hits.setMaximumHeight(self.fontMetrics().height() * 6 + 8)
        self.hits.setMinimumHeight(self.hits.maximumHeight())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.hits)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._search)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.hits.currentRowChanged.connect(lambda _r: self.changed.emit())
        self._loader = Loader(self, self._show)

    def busy(self) -> bool:
        return self._timer.isActive() or self._loader.busy()

    def person_id(self) -> int | None:
        item = self.hits.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _search(self) -> None:
        text, db = self.edit.text().strip(), self.db
        if not text:
            self._show([])
            return
        self._loader.request(lambda: [h for h in search.search(db, text, limit=30)
                                      if h.kind == "person" and h.person_id and h.status == "在册"][:12])

    def _show(self, hits) -> None:  # type: ignore[no-untyped-def]
        self.hits.clear()
        for h in hits:
            item = QListWidgetItem("　".join(p for p in (h.name, h.grid, h.address) if p), self.hits)
            item.setData(Qt.ItemDataRole.UserRole, h.person_id)
        if len(hits) == 1:
            self.hits.setCurrentRow(0)
        self.changed.emit()


class _Form(QDialog):
    """The frame both dialogs share: a form, the problem line, 确定 / 取消, the write in the pool."""

    def __init__(self, context: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.form = QFormLayout()
        self.problem = _problem_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.op: Op | None = None

    def problems(self) -> str:  # pragma: no cover - each dialog says its own
        raise NotImplementedError

    def validate(self) -> None:
        try:
            text = self.problems()
        except MedicineError as exc:
            text = sentence(exc)
        self.problem.setText(text)
        self.ok.setEnabled(not text)

    def write(self) -> Callable[[], object]:  # pragma: no cover
        raise NotImplementedError

    def save(self) -> None:
        self.validate()
        if not self.ok.isEnabled():
            return
        self.op = Op(self, self.write(), context=self.context, disable=[self.ok]).success(lambda _c: self.accept())
        self.op.run()

    def busy(self) -> bool:
        return self.op is not None and self.op.is_running()


class ReceiveDialog(_Form):
    """入库: a new batch (``item`` None), more of ``item``, or (``correct``) what was written of it."""

    def __init__(self, context: AppContext, item: StockRow | None = None, *, correct: bool = False,
                 names: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setWindowTitle(self.tr("修改药品") if correct else self.tr("追加入库") if item else self.tr("药品入库"))
        self.setObjectName("medicineReceiveDialog")
        self.item, self.correct = item, correct
        self.name = QLineEdit(item.name if item else "", self)
        self.name.setObjectName("medicineName")
        self.name.setPlaceholderText(self.tr("如 布洛芬缓释胶囊"))
        if names:
            self.name.setCompleter(QCompleter(sorted(set(names)), self))
        self.spec = QLineEdit(item.spec if item else "", self)
        self.spec.setPlaceholderText(self.tr("如 0.3g×20粒"))
        self.unit = QComboBox(self)
        self.unit.setEditable(True)
        self.unit.addItems([tr(u) for u in medicine.UNITS])
        self.unit.setCurrentText(item.unit if item else tr(medicine.UNITS[0]))
        self.batch = QLineEdit(item.batch if item else "", self)
        self.expiry = _date_edit(self, item.expires_on if item and item.expires_on else None, latest_today=False)
        self.expiry.setObjectName("medicineExpiry")
        if not item:
            self.expiry.setDate(QDate.currentDate().addYears(1))
        self.no_expiry = QCheckBox(self.tr("无有效期（体温计等）"), self)
        self.no_expiry.setChecked(item is not None and item.expires_on is None)
        expiry_row = QHBoxLayout()
        expiry_row.addWidget(self.expiry)
        expiry_row.addWidget(self.no_expiry)
        expiry_row.addStretch(1)
        self.form.addRow(self.tr("药品名称"), self.name)
        self.form.addRow(self.tr("规格"), self.spec)
        self.form.addRow(self.tr("单位"), self.unit)
        self.form.addRow(self.tr("批号"), self.batch)
        self.form.addRow(self.tr("有效期至"), expiry_row)
        self.note = QLineEdit(item.note if item else "", self)
        self.form.addRow(self.tr("药品备注"), self.note)
        fixed = item is not None and not correct  # more of a batch: the batch is as it was written
        for w in (self.name, self.spec, self.unit, self.batch, self.expiry, self.no_expiry, self.note):
            w.setEnabled(not fixed)
        self.picker: PersonPicker | None = None
        if not correct:
            self._receipt_fields()
        for edit in (self.name, self.spec, self.batch, self.note):
            edit.textChanged.connect(lambda _t: self.validate())
        self.unit.currentTextChanged.connect(lambda _t: self.validate())
        self.expiry.dateChanged.connect(lambda _d: self.validate())
        self.no_expiry.toggled.connect(lambda on: self._no_expiry_toggled(on, fixed))
        self.expiry.setEnabled(not fixed and not self.no_expiry.isChecked())
        self.validate()
        screen_fit.fit(self, 560, 560 if not correct else 320)

    def _no_expiry_toggled(self, on: bool, fixed: bool) -> None:
        self.expiry.setEnabled(not on and not fixed)
        self.validate()

    def _receipt_fields(self) -> None:
        self.quantity = QSpinBox(self)
        self.quantity.setObjectName("medicineQuantity")
        self.quantity.setRange(0, medicine.MAX_QUANTITY)
        self.quantity.setValue(1)
        self.day = _date_edit(self)
        self.from_resident = QRadioButton(self.tr("花名册中的居民"), self)
        self.from_other = QRadioButton(self.tr("其他（姓名或单位）"), self)
        self.from_other.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.from_resident)
        group.addButton(self.from_other)
        self.giver = QLineEdit(self)
        self.giver.setObjectName("medicineGiver")
        self.giver.setPlaceholderText(self.tr("如 爱心药店、村卫生室、张大爷"))
        self.picker = PersonPicker(self.context.db, self)
        self.picker.setEnabled(False)
        self.by = QLineEdit(self)
        choice = QHBoxLayout()
        choice.addWidget(self.from_other)
        choice.addWidget(self.from_resident)
        choice.addStretch(1)
        self.form.addRow(self.tr("数量"), self.quantity)
        self.form.addRow(self.tr("入库日期"), self.day)
        self.form.addRow(self.tr("捐赠人"), choice)
        self.form.addRow("", self.giver)
        self.form.addRow("", self.picker)
        self.form.addRow(self.tr("经手人"), self.by)
        self.from_resident.toggled.connect(self._giver_kind)
        self.quantity.valueChanged.connect(lambda _v: self.validate())
        self.day.dateChanged.connect(lambda _d: self.validate())
        self.giver.textChanged.connect(lambda _t: self.validate())
        self.by.textChanged.connect(lambda _t: self.validate())
        self.picker.changed.connect(self.validate)

    def _giver_kind(self, resident: bool) -> None:
        assert self.picker is not None
        self.picker.setEnabled(resident)
        self.giver.setEnabled(not resident)
        self.validate()

    def batch_value(self) -> Batch:
        expiry = None if self.no_expiry.isChecked() else to_date(self.expiry.date())
        return Batch(self.name.text(), self.spec.text(), self.unit.currentText(), self.batch.text(), expiry,
                     self.note.text())

    def problems(self) -> str:
        if self.correct:
            medicine.check_batch(self.batch_value())
            return ""
        resident = self.from_resident.isChecked()
        person = self.picker.person_id() if self.picker and resident else None
        if resident and person is None:
            return self.tr("请查找并选出捐赠的居民")
        medicine.check_receipt(self.batch_value(), self.quantity.value(), to_date(self.day.date()),
                               "" if resident else self.giver.text(), person)
        return ""

    def write(self) -> Callable[[], object]:
        db, batch = self.context.db, self.batch_value()
        if self.correct:
            assert self.item is not None
            item_id = self.item.id
            return lambda: medicine.correct_item(db, item_id, batch)
        target: int | Batch = self.item.id if self.item is not None else batch
        resident = self.from_resident.isChecked()
        person = self.picker.person_id() if self.picker and resident else None
        qty, day, giver, by = self.quantity.value(), to_date(self.day.date()), self.giver.text(), self.by.text()
        return lambda: medicine.receive(db, target, qty, day, giver="" if resident else giver,
                                        giver_person_id=person, by=by)


class GiveDialog(_Form):
    """发放 ``item`` to a resident of the roster, or (``discard``) 报废 some of it."""

    def __init__(self, context: AppContext, item: StockRow, *, discard: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setWindowTitle(self.tr("药品报废") if discard else self.tr("药品发放"))
        self.setObjectName("medicineDiscardDialog" if discard else "medicineGiveDialog")
        self.item, self.discard = item, discard
        expiry = item.expires_on.isoformat() if item.expires_on else self.tr("无有效期")
        about = QLabel(self.tr("{item}　批号 {batch}　有效期至 {expiry}　库存 {n}{unit}").format(
            item=item.label, batch=item.batch or "—", expiry=expiry, n=item.stock, unit=item.unit), self)
        about.setWordWrap(True)
        self.quantity = QSpinBox(self)
        self.quantity.setObjectName("medicineQuantity")
        self.quantity.setRange(0, medicine.MAX_QUANTITY)
        self.quantity.setValue(min(1, item.stock))
        self.quantity.setSuffix(f" {item.unit}")
        self.day = _date_edit(self)
        self.picker: PersonPicker | None = None
        self.form.addRow(self.tr("药品"), about)
        self.form.addRow(self.tr("数量"), self.quantity)
        self.form.addRow(self.tr("报废日期") if discard else self.tr("发放日期"), self.day)
        if not discard:
            self.picker = PersonPicker(context.db, self)
            self.picker.changed.connect(self.validate)
            self.form.addRow(self.tr("领取人"), self.picker)
        self.by = QLineEdit(self)
        self.by.setObjectName("medicineBy")
        self.form.addRow(self.tr("经手人") if discard else self.tr("发放人"), self.by)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("过期、破损…") if discard else self.tr("如 感冒发热，按说明服用"))
        self.note.setMaximumHeight(self.fontMetrics().height() * 3 + 12)
        self.form.addRow(self.tr("备注"), self.note)
        self.quantity.valueChanged.connect(lambda _v: self.validate())
        self.day.dateChanged.connect(lambda _d: self.validate())
        self.validate()
        screen_fit.fit(self, 520, 320 if discard else 460)

    def problems(self) -> str:
        qty, day = medicine.check_quantity(self.quantity.value()), medicine.check_day(to_date(self.day.date()))
        if qty > self.item.stock:
            return self.tr("库存只有 {n}{unit}").format(n=self.item.stock, unit=self.item.unit)
        if self.discard:
            return ""
        if self.item.expires_on is not None and self.item.expires_on < day:
            return self.tr("这批药品已于 {day} 过期，不能发放，请报废").format(day=self.item.expires_on.isoformat())
        if self.picker is None or self.picker.person_id() is None:
            return self.tr("请查找并选出领取的居民")
        return ""

    def write(self) -> Callable[[], object]:
        db, item_id = self.context.db, self.item.id
        qty, day, by, note = self.quantity.value(), to_date(self.day.date()), self.by.text(), self.note.toPlainText()
        if self.discard:
            return lambda: medicine.discard(db, item_id, qty, day, by=by, note=note)
        assert self.picker is not None
        person = self.picker.person_id()
        assert person is not None
        return lambda: medicine.give_out(db, item_id, qty, person, day, by=by, note=note)
