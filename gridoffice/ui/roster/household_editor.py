"""The household editor: the household's address and grid, its members (add, edit, make head,
迁出 / 死亡 with a date, to the recycle bin) and moving it to another micro-grid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.ages import age_on
from gridoffice.domain.codes import HUKOU_TYPES, ResidenceState, relation_name
from gridoffice.i18n import N_, tr
from gridoffice.services.changes import Change
from gridoffice.services.roster import household_numbers
from gridoffice.services.roster import households as roster_households
from gridoffice.services.roster import persons as roster_persons
from gridoffice.services.roster.core import ValidationFailed
from gridoffice.services.roster.households import HouseholdInput
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import show_error
from gridoffice.ui.roster.person_form import PersonForm
from gridoffice.ui.widgets import masking, screen_fit
from gridoffice.ui.widgets.qdates import to_date

Index = QModelIndex | QPersistentModelIndex


class MembersModel(masking.MaskedCells, QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.watch_masking()
        self.members: list[roster_households.MemberRow] = []
        self.headers = [self.tr("姓名"), self.tr("与户主关系"), self.tr("性别"), self.tr("年龄"),
                        self.tr("身份证号"), self.tr("电话"), self.tr("状态")]

    def load(self, members: list[roster_households.MemberRow]) -> None:
        self.beginResetModel()
        self.members = members
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        p = self.members[index.row()]
        today = dt.date.today()
        values = (p.name, tr(relation_name(p.relation)), p.sex or "",
                  "" if p.birth_date is None else str(age_on(p.birth_date, today)),
                  masking.display_id(p.id_number) or self.tr("（无）"), masking.display_phone(p.phone),
                  tr(p.status) + (f" {p.status_date}" if p.status_date else ""))
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


class StatusDialog(QDialog):
    """Ask the date of a 迁出 / 死亡."""

    def __init__(self, name: str, status: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记{status}").format(status=status))
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(QDate.currentDate())
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("{name}：{status}日期").format(name=name, status=status), self))
        form.addRow(self.tr("日期"), self.date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> dt.date:
        return to_date(self.date.date())


class HouseholdEditor(QDialog):
    def __init__(self, context: AppContext, household_id: int | None = None, grid_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("householdEditor")
        self.context = context
        self.household_id = household_id
        self.grids = roster_households.home_grids(context.db)
        self._saving: ops.Op | None = None
        self._build()
        if household_id is not None:
            self._load(roster_households.get_household(context.db, household_id))
        else:
            if grid_id is not None:
                self.grid_box.setCurrentIndex(max(self.grid_box.findData(grid_id), 0))
            self._suggested = ""
            self._suggest_number()
            self.grid_box.currentIndexChanged.connect(lambda _i: self._suggest_number())
        self._update_state()
        screen_fit.fit(self, 820, 640)

    def _build(self) -> None:
        box = QGroupBox(self.tr("住户"), self)
        self.household_box = box
        form = QFormLayout(box)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.number_edit = self._line(form, "number", self.tr("户号"))
        self.grid_box = QComboBox(box)
        self.grid_box.setObjectName("grid")
        for gid, path in self.grids:
            self.grid_box.addItem(path, gid)
        form.addRow(self.tr("所属微网格"), self.grid_box)
        self._error(form, "grid_id")
        row = QHBoxLayout()
        for key, label in (("village_group", self.tr("组")), ("compound", self.tr("小区")),
                           ("building", self.tr("楼栋")), ("unit", self.tr("单元")), ("door", self.tr("门牌/房号"))):
            edit = QLineEdit(box)
            edit.setObjectName(key)
            edit.setPlaceholderText(label)
            self.edits[key] = edit
            row.addWidget(edit)
        form.addRow(self.tr("位置"), row)
        self.address_edit = self._line(form, "address", self.tr("地址"))
        self.address_edit.setPlaceholderText(self.tr("不填则由组、小区、楼栋、单元、门牌拼成"))
        self.hukou_box = QComboBox(box)
        self.hukou_box.addItems(["", *HUKOU_TYPES])
        self.residence_box = QComboBox(box)
        self.residence_box.addItems([s.value for s in ResidenceState])
        form.addRow(self.tr("户籍类型"), self.hukou_box)
        form.addRow(self.tr("居住状态"), self.residence_box)
        self.note_edit = self._line(form, "note", self.tr("备注"))
        self.save_button = QPushButton(self.tr("保存住户信息"), box)
        self.save_button.setObjectName("saveHousehold")
        self.save_button.clicked.connect(self.save_household)
        self.service_button = QPushButton(self.tr("登记五到家服务…"), box)
        self.service_button.setObjectName("recordService")
        self.service_button.clicked.connect(self.record_service)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button, 1)
        save_row.addWidget(self.service_button)
        form.addRow(save_row)

        members = QGroupBox(self.tr("成员"), self)
        self.members_box = members
        self.model = MembersModel(self)
        self.table = QTableView(members)
        self.table.setObjectName("members")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.edit_member())
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QHBoxLayout()
        self.actions: dict[str, QPushButton] = {}  # type: ignore[assignment]
        for key, label, slot in (
            ("add", self.tr("新增成员"), self.add_member), ("edit", self.tr("编辑"), self.edit_member),
            ("head", self.tr("设为户主"), self.make_head), ("moved", self.tr("登记迁出"), lambda: self.mark("迁出")),
            ("dead", self.tr("登记死亡"), lambda: self.mark("死亡")), ("active", self.tr("恢复在册"), lambda: self.mark("在册")),
            ("remove", self.tr("删除（回收站）"), self.remove_member), ("move", self.tr("整户移到其他网格…"), self.move),
        ):
            button = QPushButton(label, members)
            button.setObjectName(f"member_{key}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.actions[key] = button
        layout = QVBoxLayout(members)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(box)
        outer.addWidget(members, 1)
        outer.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_state())

    def _line(self, form: QFormLayout, key: str, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(key)
        form.addRow(label, edit)
        self.edits[key] = edit
        self._error(form, key)
        return edit

    def _error(self, form: QFormLayout, key: str) -> None:
        label = QLabel(self)
        label.setObjectName(f"error_{key}")
        label.setStyleSheet("color: #b00020;")
        label.setVisible(False)
        form.addRow("", label)
        self.errors[key] = label

    def _load(self, h, members: list[roster_households.MemberRow] | None = None) -> None:  # type: ignore[no-untyped-def]
        self.setWindowTitle(self.tr("住户 {number}").format(number=h.number))
        for key in ("number", "village_group", "compound", "building", "unit", "door", "address", "note"):
            self.edits[key].setText(getattr(h, key))
        self.grid_box.setCurrentIndex(max(self.grid_box.findData(h.grid_id), 0))
        self.hukou_box.setCurrentText(h.hukou_type)
        self.residence_box.setCurrentText(h.residence_state)
        self.reload_members(members)

    def reload_members(self, members: list[roster_households.MemberRow] | None = None) -> None:
        """The members as read now, or as ``members`` (read in the pool with the save)."""
        keep = self.selected_member()
        if members is None:
            members = roster_households.household_members(self.context.db, self.household_id) if self.household_id else []
        self.model.load(members)
        self.table.resizeColumnsToContents()
        for row, p in enumerate(members):
            if p.id == keep:
                self.table.selectRow(row)
        self._update_state()

    def selected_member(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.members[rows[0].row()].id if rows else None

    def select_member(self, person_id: int) -> None:
        for row, p in enumerate(self.model.members):
            if p.id == person_id:
                self.table.selectRow(row)

    def _update_state(self) -> None:
        saved = self.household_id is not None
        self.members_box.setEnabled(saved)
        self.service_button.setEnabled(saved)
        if not saved:
            self.setWindowTitle(self.tr("新增住户"))
            self.members_box.setTitle(self.tr("成员（先保存住户信息）"))
            return
        self.members_box.setTitle(self.tr("成员（{n} 人）").format(n=len(self.model.members)))
        picked = self.selected_member() is not None
        for key in ("edit", "head", "moved", "dead", "active", "remove"):
            self.actions[key].setEnabled(picked)

    # ---- actions ---------------------------------------------------------------------
    def _run(self, make: Callable[[], Any], then: Callable[[Any], None] | None = None, text: str | None = None) -> None:
        """A write in the pool, the editor disabled meanwhile (a second click starts nothing);
        on success ``then`` (default: the members read again), a refusal at its field."""
        if self.busy():
            return
        for label in self.errors.values():
            label.setVisible(False)
        self._saving = ops.Op(self, make, context=self.context, text=text, disable=[self.household_box, self.members_box]
                              ).success(then or (lambda _change: self.reload_members())).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        """Field errors next to their fields; anything else as a message (ops routes it)."""
        if isinstance(exc, ValidationFailed):
            shown = False
            for key, text in exc.errors.items():
                if key in self.errors:
                    self.errors[key].setText(text)
                    self.errors[key].setVisible(True)
                    shown = True
            if shown:
                return
        show_error(self, exc)

    def household_input(self) -> HouseholdInput:
        e = self.edits
        return HouseholdInput(
            number=e["number"].text(), grid_id=self.grid_box.currentData(), address=e["address"].text(),
            village_group=e["village_group"].text(), compound=e["compound"].text(), building=e["building"].text(),
            unit=e["unit"].text(), door=e["door"].text(), hukou_type=self.hukou_box.currentText(),
            residence_state=self.residence_box.currentText(), note=e["note"].text())

    def _suggest_number(self) -> None:
        """A new household: the next free 户号 of the chosen grid, unless the clerk typed one."""
        if self.household_id is not None or self.number_edit.text().strip() not in ("", self._suggested):
            return
        self._suggested = household_numbers.next_number(self.context.db, self.grid_box.currentData())
        self.number_edit.setText(self._suggested)

    def save_household(self) -> None:
        """In the pool with the re-read of the saved household and its members (~300–800 ms on a
        street database): the editor is disabled meanwhile; a refusal shows at its field."""
        db, hid, values = self.context.db, self.household_id, self.household_input()

        def write() -> tuple[Change, Any, list[roster_households.MemberRow]]:
            if hid is None:
                change = roster_households.add_household(db, values)
                saved = next(iter(change.rows["household"]))
            else:
                change, saved = roster_households.edit_household(db, hid, values), hid
            return change, roster_households.get_household(db, saved), roster_households.household_members(db, saved)

        self._run(write, then=self._household_saved, text=self.tr("正在保存住户信息…"))

    def busy(self) -> bool:
        """A write is running (tests wait on this)."""
        return self._saving is not None and self._saving.is_running()

    def _household_saved(self, result: tuple[Change, Any, list[roster_households.MemberRow]]) -> None:
        _change, household, members = result
        self.household_id = household.id
        self._load(household, members)
        self._update_state()

    def reject(self) -> None:
        if not self.busy():  # closing while saving: wait for the save (it is recorded either way)
            super().reject()

    def add_member(self) -> PersonForm:
        form = PersonForm(self.context, household_id=self.household_id, parent=self)
        form.setModal(True)
        form.finished.connect(lambda _r: self._after_form(form))
        form.open()
        return form

    def edit_member(self) -> PersonForm | None:
        pid = self.selected_member()
        if pid is None:
            return None
        form = PersonForm(self.context, pid, parent=self)
        form.setModal(True)
        form.finished.connect(lambda _r: self._after_form(form))
        form.open()
        return form

    def _after_form(self, form: PersonForm) -> None:
        self.reload_members()
        if form.saved_id is not None:
            self.select_member(form.saved_id)
            self._update_state()

    def record_service(self) -> None:
        from gridoffice.ui.health.service_dialog import ServiceDialog

        if self.household_id is not None:
            ServiceDialog(self.context, self.household_id, self.selected_member(), self).exec()

    def make_head(self) -> None:
        pid = self.selected_member()
        if pid is None:
            return
        text, ok = QInputDialog.getItem(self, self.tr("设为户主"), self.tr("原户主与新户主的关系："),
                                        [N_("配偶"), N_("父母"), N_("子"), N_("女"), N_("兄弟姐妹"), N_("其他亲属"), N_("非亲属")], 0, True)
        if ok:
            db = self.context.db
            self._run(lambda: roster_persons.change_head(db, pid, text))

    def ask_date(self, name: str, status: str) -> dt.date | None:
        dialog = StatusDialog(name, status, self)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def mark(self, status: str) -> None:
        pid = self.selected_member()
        if pid is None:
            return
        person = next(p for p in self.model.members if p.id == pid)
        on = None if status == "在册" else self.ask_date(person.name, status)
        if status != "在册" and on is None:
            return
        db = self.context.db
        self._run(lambda: roster_persons.set_status(db, pid, status, on))

    def remove_member(self) -> None:
        pid = self.selected_member()
        if pid is None:
            return
        db = self.context.db
        self._run(lambda: roster_persons.remove_person(db, pid))

    def move(self, grid_id: int | None = None) -> None:  # type: ignore[override]
        hid = self.household_id
        if hid is None:
            return
        if not isinstance(grid_id, int):
            labels = [path for _gid, path in self.grids]
            text, ok = QInputDialog.getItem(self, self.tr("移到其他网格"), self.tr("移到："), labels, 0, False)
            if not ok:
                return
            grid_id = self.grids[labels.index(text)][0]
        db, target = self.context.db, grid_id
        self._run(lambda: roster_households.move_household(db, hid, target),
                  then=lambda _change: self.grid_box.setCurrentIndex(max(self.grid_box.findData(target), 0)))
