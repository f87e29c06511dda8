"""Dialogs for staff: add / edit a staff member (with a photo file), give a post."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain import phone as phones
from gridoffice.domain.codes import STAFF_BACKGROUNDS
from gridoffice.i18n import tr
from gridoffice.services.staff import core as staff
from gridoffice.store import Database
from gridoffice.ui.actions import GridCombo
from gridoffice.ui.widgets import screen_fit


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class StaffDialog(QDialog):
    """Add or edit a staff member. The phone is checked while typing."""

    def __init__(self, row: staff.StaffRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("编辑网格员") if row else self.tr("新增网格员"))
        self.name = QLineEdit(row.name if row else "", self)
        self.sex = QComboBox(self)
        self.sex.addItem(self.tr("（未填）"), None)
        for s in staff.SEXES:
            self.sex.addItem(s, s)
        if row and row.sex:
            self.sex.setCurrentIndex(self.sex.findData(row.sex))
        self.phone = QLineEdit(row.phone if row else "", self)
        self.phone.setPlaceholderText(self.tr("手机 11 位，或座机 028-12345678"))
        self.phone_hint = QLabel(self)
        self.phone_hint.setObjectName("phoneHint")
        self.phone.textChanged.connect(self._check_phone)
        self.background = QComboBox(self)
        self.background.setEditable(True)
        self.background.addItems(STAFF_BACKGROUNDS)
        self.background.setCurrentText(row.background if row else "")
        self.party = QCheckBox(self.tr("中共党员"), self)
        self.party.setChecked(bool(row and row.party_member))
        self.photo = QLineEdit(row.photo_path if row else "", self)
        self.photo.setPlaceholderText(self.tr("照片文件（公示牌用），可不填"))
        browse = QPushButton(self.tr("选择…"), self)
        browse.clicked.connect(self.browse)
        self.preview = QLabel(self)
        self.preview.setFixedSize(90, 120)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #bbb;")
        self.photo.textChanged.connect(self._show_photo)
        self.note = QLineEdit(row.note if row else "", self)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo, 1)
        photo_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("姓名："), self.name)
        form.addRow(self.tr("性别："), self.sex)
        form.addRow(self.tr("电话："), self.phone)
        form.addRow("", self.phone_hint)
        form.addRow(self.tr("身份："), self.background)
        form.addRow("", self.party)
        form.addRow(self.tr("照片："), photo_row)
        form.addRow(self.tr("备注："), self.note)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(_buttons(self))
        self._check_phone()
        self._show_photo()
        screen_fit.fit(self, 520, self.sizeHint().height())

    def values(self) -> staff.StaffFields:
        return staff.StaffFields(self.name.text(), self.sex.currentData(), self.phone.text() or None,
                                 self.background.currentText(), self.party.isChecked(),
                                 self.photo.text() or None, self.note.text())

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择照片"), "", self.tr("图片 (*.jpg *.jpeg *.png *.bmp)"))
        if path:
            self.photo.setText(path)

    def _check_phone(self) -> None:
        checked = phones.check(self.phone.text())
        self.phone_hint.setText(checked.problem or (checked.normalized or ""))
        self.phone_hint.setStyleSheet("color: #b00;" if checked.problem else "color: #666;")

    def _show_photo(self) -> None:
        pixmap = QPixmap(self.photo.text()) if self.photo.text() else QPixmap()
        if pixmap.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("无照片"))
        else:
            self.preview.setPixmap(pixmap.scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))


class PostDialog(QDialog):
    """Give a post: either in a fixed grid (pick the person) or to a fixed person (pick the grid)."""

    NEW_PERSON = 2  # exec() result: the clerk wants to add a new staff member first

    def __init__(self, db: Database, *, grid_id: int | None = None, grid_level: str | None = None,
                 staff_id: int | None = None, select_staff: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("任命岗位"))
        self.db = db
        self.person = QComboBox(self)
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for row in staff.list_staff(db, include_inactive=False):
            self.person.addItem(f"{row.name}　{row.phone}　{row.background}", row.id)
        if staff_id is not None:
            self.person.setCurrentIndex(self.person.findData(staff_id))
            self.person.setEnabled(False)
        else:
            self.person.setCurrentIndex(self.person.findData(select_staff) if select_staff is not None else -1)
        self.person.completer().setFilterMode(Qt.MatchFlag.MatchContains)  # type: ignore[union-attr]
        self.new_person = QPushButton(self.tr("新增网格员…"), self)
        self.new_person.setVisible(staff_id is None)
        self.new_person.clicked.connect(lambda: self.done(self.NEW_PERSON))
        person_row = QHBoxLayout()
        person_row.addWidget(self.person, 1)
        person_row.addWidget(self.new_person)
        self.grid = GridCombo(self)
        self.grid.load(db, ("community", "general", "micro", "dedicated"), select=grid_id)
        self.grid.setEnabled(grid_id is None)
        self.role = QComboBox(self)
        self.team = QCheckBox(self.tr("加入该微网格的服务团队"), self)
        self.work_phone = QLineEdit(self)
        self.work_phone.setPlaceholderText(self.tr("不填则用本人电话"))
        self.grid.currentIndexChanged.connect(self._fill_roles)
        self.role.currentIndexChanged.connect(self._default_team)
        form = QFormLayout()
        form.addRow(self.tr("网格员："), person_row)
        form.addRow(self.tr("网格："), self.grid)
        form.addRow(self.tr("岗位："), self.role)
        form.addRow("", self.team)
        form.addRow(self.tr("工作电话："), self.work_phone)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))
        self._level = grid_level
        self._fill_roles()
        screen_fit.fit(self, 480, self.sizeHint().height())

    def _grid_level(self) -> str | None:
        from gridoffice.services.grids import structure

        gid = self.grid.grid_id()
        info = structure.get_grid(self.db, gid) if gid is not None else None
        return info.level if info else None

    def _fill_roles(self) -> None:
        level = self._grid_level()
        self.role.clear()
        if level:
            for role in staff.roles_for_level(level):
                self.role.addItem(tr(role), role)
        self._default_team()

    def _default_team(self) -> None:
        level = self._grid_level()
        on_team = level in ("micro", "dedicated") and self.role.currentData() in staff.TEAM_ROLES
        self.team.setEnabled(level in ("micro", "dedicated"))
        self.team.setChecked(on_team)

    def staff_id(self) -> int | None:
        value = self.person.currentData()
        if self.person.currentIndex() < 0 or self.person.currentText() != self.person.itemText(self.person.currentIndex()):
            return None
        return value if isinstance(value, int) else None
