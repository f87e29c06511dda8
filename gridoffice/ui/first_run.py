"""The first-run wizard: who the office is, who is operating, where the data lives, and how to
start (empty, import an existing roster, or the demo village)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from gridoffice import paths
from gridoffice.ui import settings
from gridoffice.ui.widgets import screen_fit

START_EMPTY, START_IMPORT, START_DEMO = "empty", "import", "demo"
WHERE_DEFAULT, WHERE_FILE, WHERE_SERVER = "default", "file", "server"


@dataclass(frozen=True)
class FirstRunChoice:
    office: str
    admin_code: str
    operator: str
    where: str
    db_target: str | None  # None: the default file in the data folder (or the demo village)
    start: str


class OfficePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("欢迎使用网格办公"))
        self.setSubTitle(self.tr("先填写本单位和操作员。以后可在“设置”中修改。"))
        self.office = QLineEdit(self)
        self.office.setObjectName("wizardOffice")
        self.office.setPlaceholderText(self.tr("例如：禹庙村村民委员会"))
        self.code = QLineEdit(self)
        self.code.setObjectName("wizardAdminCode")
        self.code.setPlaceholderText(self.tr("可不填，例如 510117104201"))
        self.operator = QLineEdit(settings.operator(), self)
        self.operator.setObjectName("wizardOperator")
        form = QFormLayout(self)
        form.addRow(self.tr("单位名称"), self.office)
        form.addRow(self.tr("行政区划代码"), self.code)
        form.addRow(self.tr("操作员"), self.operator)
        self.registerField("office*", self.office)
        self.registerField("operator*", self.operator)
        self.registerField("admin_code", self.code)


class WherePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("数据存放位置"))
        self.setSubTitle(self.tr("一般选第一项。街道多台电脑共用一个数据库时选第三项。"))
        self.default = QRadioButton(self.tr("本机数据文件夹：{path}").format(path=paths.default_db_path()), self)
        self.default.setObjectName("whereDefault")
        self.file = QRadioButton(self.tr("指定一个数据库文件（例如 U 盘或共享文件夹）"), self)
        self.file.setObjectName("whereFile")
        self.server = QRadioButton(self.tr("街道共用数据库（PostgreSQL 地址）"), self)
        self.server.setObjectName("whereServer")
        self.default.setChecked(True)
        self.group = QButtonGroup(self)
        for button in (self.default, self.file, self.server):
            self.group.addButton(button)
        self.path = QLineEdit(self)
        self.path.setObjectName("wherePath")
        browse = QPushButton(self.tr("浏览…"), self)
        browse.clicked.connect(self._browse)
        self.url = QLineEdit(self)
        self.url.setObjectName("whereUrl")
        self.url.setPlaceholderText(self.tr("postgresql+psycopg://用户:密码@服务器:5432/gridoffice"))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.default)
        layout.addWidget(self.file)
        layout.addLayout(row)
        layout.addWidget(self.server)
        layout.addWidget(self.url)
        layout.addStretch(1)
        for widget in (self.default, self.file, self.server):
            widget.toggled.connect(self._update)
        self.path.textChanged.connect(self.completeChanged)
        self.url.textChanged.connect(self.completeChanged)
        self._update()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("数据库文件"), str(paths.default_db_path()), self.tr("网格办公数据库 (*.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.path.setText(path)

    def _update(self) -> None:
        self.path.setEnabled(self.file.isChecked())
        self.url.setEnabled(self.server.isChecked())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.file.isChecked():
            return bool(self.path.text().strip())
        if self.server.isChecked():
            return "://" in self.url.text()
        return True

    def choice(self) -> tuple[str, str | None]:
        if self.file.isChecked():
            return WHERE_FILE, self.path.text().strip()
        if self.server.isChecked():
            return WHERE_SERVER, self.url.text().strip()
        return WHERE_DEFAULT, None


class StartPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("怎样开始"))
        self.setSubTitle(self.tr("选哪一项都可以以后再改：导入花名册、新建网格都在菜单里。"))
        self.empty = QRadioButton(self.tr("从空白开始，自己建网格、录入住户"), self)
        self.empty.setObjectName("startEmpty")
        self.importing = QRadioButton(self.tr("导入现有的花名册（Excel）"), self)
        self.importing.setObjectName("startImport")
        self.demo = QRadioButton(self.tr("先看看演示村（虚构数据，不影响正式数据）"), self)
        self.demo.setObjectName("startDemo")
        self.empty.setChecked(True)
        note = QLabel(self.tr("演示村数据单独保存，随时可从“文件”菜单打开正式数据库。"), self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.empty, self.importing, self.demo, note):
            layout.addWidget(widget)
        layout.addStretch(1)

    def choice(self) -> str:
        if self.importing.isChecked():
            return START_IMPORT
        if self.demo.isChecked():
            return START_DEMO
        return START_EMPTY


class FirstRunWizard(QWizard):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("首次使用"))  # Qt adds " — 网格办公" (the application's display name)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.office_page = OfficePage(self)
        self.where_page = WherePage(self)
        self.start_page = StartPage(self)
        for page in (self.office_page, self.where_page, self.start_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        screen_fit.fit(self, 640, 440)

    def choice(self) -> FirstRunChoice:
        where, target = self.where_page.choice()
        return FirstRunChoice(
            office=self.office_page.office.text().strip(),
            admin_code=self.office_page.code.text().strip(),
            operator=self.office_page.operator.text().strip(),
            where=where,
            db_target=target,
            start=self.start_page.choice(),
        )
