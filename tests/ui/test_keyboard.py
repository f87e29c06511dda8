"""Keyboard use of the settings dialog and the first-run wizard: Tab goes field by field, then
to the buttons; Enter saves / goes on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from gridoffice.ui import settings
from gridoffice.ui.context import AppContext
from gridoffice.ui.first_run import FirstRunWizard
from gridoffice.ui.settings_dialog import SettingsDialog


def _tab_chain(qtbot, widget, steps: int) -> list[str]:  # type: ignore[no-untyped-def]
    names = []
    for _ in range(steps):
        focused = QApplication.focusWidget()
        names.append(focused.objectName() or type(focused).__name__)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    return names


def test_settings_tab_order_starts_in_the_fields_and_ends_at_the_buttons(qtbot, db):  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.office.name)
    ok, cancel = dialog.buttons.buttons()
    chain = _tab_chain(qtbot, dialog, 7)
    assert chain[:4] == ["officeName", "adminCode", "clinicName", "clinicPhone"]
    assert chain[4:] == [ok.objectName() or "QPushButton", cancel.objectName() or "QPushButton", "QListWidget"]
    dialog.pages_list.setCurrentRow(1)
    dialog.preferences.operator.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.preferences.operator)
    assert _tab_chain(qtbot, dialog, 4) == ["operator", "language", "paper", "maskedDefault"]


def test_enter_in_a_settings_field_saves(qtbot, db):  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.office.name.setText("禹庙村村民委员会")
    dialog.pages_list.setCurrentRow(1)
    dialog.preferences.operator.setText("wang")
    dialog.preferences.operator.setFocus()
    qtbot.keyClick(dialog.preferences.operator, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert settings.operator() == "wang"


def test_wizard_goes_on_with_tab_and_enter(qtbot):  # type: ignore[no-untyped-def]
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    page = wizard.office_page
    page.office.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.office)
    assert _tab_chain(qtbot, wizard, 3) == ["wizardOffice", "wizardAdminCode", "wizardOperator"]
    page.office.setText("禹庙村村民委员会")
    page.operator.setText("wang")
    qtbot.keyClick(page.operator, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.where_page
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.start_page
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Return)
    assert wizard.result() == QWizard.DialogCode.Accepted
