"""Switching the interface language with app.install_translators: English from the app's
catalogue (window, menus, navigation, dialogs, service sentences), Chinese Qt dialogs from
qtbase_zh_CN."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QDialogButtonBox

from gridoffice import i18n
from gridoffice.app import install_translators


@pytest.fixture
def language(qapp):  # type: ignore[no-untyped-def]
    """Install a language as the program does at start-up; take it away afterwards."""
    before = set(qapp.findChildren(QTranslator))

    def install(name: str) -> list[QTranslator]:
        install_translators(qapp, name)
        return [t for t in qapp.findChildren(QTranslator) if t not in before]

    yield install
    for translator in qapp.findChildren(QTranslator):
        if translator not in before:
            qapp.removeTranslator(translator)
            translator.setParent(None)
    i18n.install(None)


def test_english_main_window_menus_and_navigation(qtbot, village, language):  # type: ignore[no-untyped-def]
    assert language("en"), "the English catalogue was not loaded"
    from gridoffice.ui.main_window import MainWindow

    window = MainWindow(village)
    qtbot.addWidget(window)
    assert window.windowTitle() == "GridOffice"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert {"Overview", "Households", "Handouts", "Visits", "Matters", "Data safety", "Audit log"} <= set(titles)
    help_items = [a.text() for a in window.help_menu.actions()]
    assert help_items == ["User guide", "About GridOffice"]
    assert window._operator_label.text().startswith("Operator:")
    # nothing Chinese left in the navigation
    assert not any("\u4e00" <= ch <= "\u9fff" for title in titles for ch in title)


def test_english_settings_dialog(qtbot, db, language):  # type: ignore[no-untyped-def]
    language("en")
    from gridoffice.ui.context import AppContext
    from gridoffice.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(AppContext(db))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Settings"
    pages = [dialog.pages_list.item(i).text() for i in range(dialog.pages_list.count())]
    assert pages == ["Office", "Operator and display"]


def test_english_service_sentences_and_data_labels(language):  # type: ignore[no-untyped-def]
    language("en")
    from gridoffice.domain import idcard
    from gridoffice.domain.population import CATEGORIES

    assert idcard.check("510117195803021235").message == "The ID number's check digit is wrong; one digit may be mistyped"
    assert i18n.tr(CATEGORIES["left_behind_child"].label) == "Left-behind child"


def test_chinese_translates_qts_own_dialog_buttons(qtbot, language):  # type: ignore[no-untyped-def]
    installed = language("zh_CN")
    assert installed, "qtbase_zh_CN.qm not found in PySide6's translations folder"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "保存"
    # the app's own strings stay the Chinese source
    assert i18n.tr("身份证号应为 18 位") == "身份证号应为 18 位"
