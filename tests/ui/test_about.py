"""About: version, components with licences, the bundled font and its OFL text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from gridoffice import __version__
from gridoffice.ui.about import AboutDialog


def test_about_lists_the_font_and_shows_its_licence(qtbot):  # type: ignore[no-untyped-def]
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert any(__version__ in label.text() for label in dialog.findChildren(QLabel))
    text = dialog.licences.toPlainText()
    assert "GridOffice Sans" in text and "SIL OFL 1.1" in text and "Noto Sans CJK SC" in text
    assert "PySide6-Essentials" in text and "LGPL-3.0" in text
    licence = dialog.show_font_licence()
    qtbot.addWidget(licence)
    body = licence.findChild(QPlainTextEdit, "licenceText").toPlainText()
    assert "SIL OPEN FONT LICENSE" in body
    assert "Modified Version of Noto Sans CJK SC" in body
