"""Help → 使用说明 (F1): the short user guide (resources/help/guide_<language>.html)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from gridoffice.ui.widgets import screen_fit


def guide_html(name: str) -> str:
    """The guide's HTML from the bundled resources (works in a wheel and a PyInstaller bundle)."""
    return (resources.files("gridoffice.resources") / "help" / name).read_text(encoding="utf-8")


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("使用说明"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # the table of contents jumps to #anchors: see _follow
        # The file name is translated with the interface, so English gets guide_en.html.
        self.browser.setHtml(guide_html(self.tr("guide_zh.html", "file name of the user guide in this language")))
        self.browser.anchorClicked.connect(self._follow)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        screen_fit.fit(self, 760, 640)

    def _follow(self, url: QUrl) -> None:
        if url.fragment() and not url.scheme():
            self.browser.scrollToAnchor(url.fragment())
