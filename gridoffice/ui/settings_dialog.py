"""The settings dialog: one page per concern. Pages that belong to a feature (poster texts,
backups, password) are added by that feature with ``SettingsDialog.add_page``; each page has
``apply()`` which saves what it shows (services for office data, QSettings for preferences)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gridoffice import options
from gridoffice.domain.phone import check as check_phone
from gridoffice.services import settings as office
from gridoffice.ui import settings
from gridoffice.ui.context import AppContext
from gridoffice.ui.widgets import screen_fit

ADMIN_CODE_DIGITS = (6, 9, 12)  # county, township/street, village/community


class OfficePage(QWidget):
    """单位信息: stored in the database, so ledgers and every PC sharing it agree."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.name = QLineEdit(office.get(context.db, office.OFFICE_NAME), self)
        self.name.setObjectName("officeName")
        self.name.setPlaceholderText(self.tr("例如：禹庙村村民委员会"))
        self.code = QLineEdit(office.get(context.db, office.ADMIN_CODE), self)
        self.code.setObjectName("adminCode")
        self.code.setPlaceholderText(self.tr("12 位统计用区划代码，例如 510117104201"))
        self.clinic_name = QLineEdit(office.get(context.db, options.CLINIC_NAME), self)
        self.clinic_name.setObjectName("clinicName")
        self.clinic_name.setMaxLength(40)
        self.clinic_name.setPlaceholderText(self.tr("例如：禹庙村卫生室（印在床头联系卡和电话随访表上）"))
        self.clinic_phone = QLineEdit(office.get(context.db, options.CLINIC_PHONE), self)
        self.clinic_phone.setObjectName("clinicPhone")
        self.clinic_phone.setMaxLength(20)
        self.clinic_phone.setPlaceholderText(self.tr("例如：028-82712345"))
        self.problem = QLabel(self)
        self.problem.setObjectName("adminCodeProblem")
        self.problem.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(self.tr("单位名称（填报单位）"), self.name)
        form.addRow(self.tr("行政区划代码"), self.code)
        form.addRow(self.tr("村卫生室名称"), self.clinic_name)
        form.addRow(self.tr("村卫生室电话"), self.clinic_phone)
        form.addRow("", self.problem)
        self.code.textChanged.connect(self._check)
        self.clinic_phone.textChanged.connect(self._check)

    def error(self) -> str:
        text = self.code.text().strip()
        if text and not (text.isdigit() and len(text) in ADMIN_CODE_DIGITS):
            return self.tr("行政区划代码应为 6、9 或 12 位数字")
        phone = self.clinic_phone.text().strip()
        if phone and not check_phone(phone).ok:
            return self.tr("村卫生室电话不是有效的电话号码（手机 11 位，座机如 028-82712345）")
        if not self.name.text().strip():
            return self.tr("请填写单位名称，它会印在台账的“填报单位”一栏")
        return ""

    def _check(self) -> None:
        self.problem.setText(self.error())

    def apply(self) -> None:
        office.put(self.context.db, office.OFFICE_NAME, self.name.text().strip())
        office.put(self.context.db, office.ADMIN_CODE, self.code.text().strip())
        phone = self.clinic_phone.text().strip()
        office.put(self.context.db, options.CLINIC_NAME, self.clinic_name.text().strip())
        office.put(self.context.db, options.CLINIC_PHONE, (check_phone(phone).normalized or phone) if phone else "")
        self.context.notify({"setting"})


class PreferencesPage(QWidget):
    """操作员与显示: per user, on this PC."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operator = QLineEdit(settings.operator(), self)
        self.operator.setObjectName("operator")
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        for label, code in ((self.tr("跟随系统"), ""), ("中文", "zh_CN"), ("English", "en")):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.value(settings.LANGUAGE))))
        self.paper = QComboBox(self)
        self.paper.setObjectName("paper")
        self.paper.addItems(["A4", "A3"])
        self.paper.setCurrentText(settings.value(settings.PAPER, "A4"))
        self.masked = QCheckBox(self.tr("屏幕上遮挡身份证号和手机号（有来访群众看屏幕时使用）"), self)
        self.masked.setObjectName("maskedDefault")
        from gridoffice.ui.widgets import masking

        self.masked.setChecked(masking.masked())
        form = QFormLayout(self)
        form.addRow(self.tr("操作员"), self.operator)
        form.addRow(self.tr("界面语言（重启后生效）"), self.language)
        form.addRow(self.tr("默认纸张"), self.paper)
        form.addRow(self.masked)

    def error(self) -> str:
        return "" if self.operator.text().strip() else self.tr("请填写操作员姓名，修改记录会记下这个名字")

    def apply(self) -> None:
        settings.put(settings.OPERATOR, self.operator.text().strip())
        settings.put(settings.LANGUAGE, self.language.currentData())
        settings.put(settings.PAPER, self.paper.currentText())
        from gridoffice.ui.widgets import masking

        masking.switch().set(self.masked.isChecked())


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("设置"))
        self.context = context
        self.pages_list = QListWidget(self)
        self.pages_list.setFixedWidth(150)
        self.stack = QStackedWidget(self)
        self.pages: list[QWidget] = []
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons = buttons
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.pages_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.pages_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.office = OfficePage(context, self)
        self.preferences = PreferencesPage(self)
        self.add_page(self.office, self.tr("单位信息"))
        self.add_page(self.preferences, self.tr("操作员与显示"))
        self.pages_list.setCurrentRow(0)
        self.office.name.setFocus()
        screen_fit.fit(self, 680, 420)

    def add_page(self, page: QWidget, title: str) -> None:
        self.pages.append(page)
        self.stack.addWidget(page)
        self.pages_list.addItem(title)
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab goes through the pages' fields, then OK / Cancel, then the page list (Enter = OK)."""
        fields = [w for page in self.pages for w in page.findChildren(QWidget)
                  if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is self]  # not popups
        chain = [*fields, *self.buttons.buttons(), self.pages_list]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def accept(self) -> None:
        for index, page in enumerate(self.pages):
            error = getattr(page, "error", lambda: "")()
            if error:
                self.pages_list.setCurrentRow(index)
                self.message.setText(error)
                return
        for page in self.pages:
            page.apply()  # type: ignore[attr-defined]
        super().accept()
