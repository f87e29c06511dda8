"""About: version, what the program is for, and the licences of what it is built with."""

from __future__ import annotations

import html
from importlib import metadata, resources

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gridoffice import __version__
from gridoffice.i18n import N_, tr
from gridoffice.ui.widgets import screen_fit

# (distribution, what it does here, licence)
COMPONENTS = (
    ("PySide6-Essentials", N_("Qt 6 界面"), "LGPL-3.0"),
    ("PySide6-Pdf", N_("PDF 预览与打印（QtPdf）"), "LGPL-3.0"),
    ("SQLAlchemy", N_("数据库访问"), "MIT"),
    ("sqlmodel", N_("数据表定义"), "MIT"),
    ("alembic", N_("数据库结构升级"), "MIT"),
    ("openpyxl", N_("Excel 台账"), "MIT"),
    ("reportlab", N_("PDF 公示牌与签收表"), "BSD"),
    ("pypinyin", N_("姓名拼音检索"), "MIT"),
    ("python-calamine", N_("读取 Excel 花名册"), "MIT"),
    ("psycopg", N_("PostgreSQL 连接（街道共用数据库）"), "LGPL-3.0"),
)
# (font, use, licence); the licence text is resources/fonts/OFL.txt, shown by the button.
FONTS: list[tuple[str, str, str]] = [
    ("GridOffice Sans", N_("公示牌、台账 PDF 中的汉字（Noto Sans CJK SC 2.004 的修改版）"), "SIL OFL 1.1"),
]


def font_licence_text() -> str:
    """The font's licence (OFL.txt next to the fonts), as bundled."""
    return (resources.files("gridoffice.resources") / "fonts" / "OFL.txt").read_text(encoding="utf-8")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "—"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("关于网格办公"))
        title = QLabel(self.tr("<h2>网格办公 {version}</h2>").format(version=__version__), self)
        blurb = QLabel(tr(
            "村（社区）微网实格工作台：住户台账、网格与网格员、健康爱心包发放、走访与民情事项、"
            "Excel 台账导出、网格信息公示牌打印。数据保存在本机（或街道共用的数据库），不联网。"), self)
        blurb.setWordWrap(True)
        self.licences = QTextBrowser(self)
        self.licences.setObjectName("licences")
        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{html.escape(_version(name))}</td>"
            f"<td>{html.escape(tr(use))}</td><td>{html.escape(licence)}</td></tr>"
            for name, use, licence in COMPONENTS
        )
        rows += "".join(
            f"<tr><td>{html.escape(name)}</td><td></td><td>{html.escape(tr(use))}</td>"
            f"<td>{html.escape(licence)}</td></tr>"
            for name, use, licence in FONTS
        )
        header = self.tr("<tr><th>组件</th><th>版本</th><th>用途</th><th>许可证</th></tr>")
        self.licences.setHtml(
            self.tr("<p>网格办公以 MIT 许可证发布。使用的组件：</p>")
            + f"<table cellspacing='0' cellpadding='4' border='1'>{header}{rows}</table>"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.font_licence_button = QPushButton(self.tr("字体许可证（SIL OFL 1.1）…"), self)
        self.font_licence_button.setObjectName("fontLicence")
        self.font_licence_button.setAutoDefault(False)
        buttons.addButton(self.font_licence_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.font_licence_button.clicked.connect(self.show_font_licence)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        screen_fit.fit(self, 680, 580)

    def show_font_licence(self) -> QDialog:
        dialog = QDialog(self)
        dialog.setObjectName("fontLicenceDialog")
        dialog.setWindowTitle(self.tr("字体许可证"))
        text = QPlainTextEdit(dialog)
        text.setObjectName("licenceText")
        text.setReadOnly(True)
        text.setPlainText(font_licence_text())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        close.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text, 1)
        layout.addWidget(close)
        screen_fit.fit(dialog, 640, 520)
        dialog.open()
        return dialog
