from PySide6.QtCore import Qt

from gridoffice.services import settings as office
from gridoffice.ui import settings
from gridoffice.ui.context import AppContext
from gridoffice.ui.settings_dialog import SettingsDialog


def test_office_details_go_to_the_database_and_preferences_to_the_user(qtbot, db):
    context = AppContext(db)
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.office.name.setText("禹庙村村民委员会")
    dialog.office.code.setText("510117104201")
    dialog.preferences.operator.setText("王文书")
    dialog.preferences.paper.setCurrentText("A3")
    dialog.preferences.masked.setChecked(True)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert office.get(db, office.OFFICE_NAME) == "禹庙村村民委员会"
    assert office.get(db, office.ADMIN_CODE) == "510117104201"
    assert settings.operator() == "王文书"
    assert settings.value(settings.PAPER) == "A3"
    assert settings.flag(settings.MASKED_DISPLAY)


def test_a_bad_admin_code_keeps_the_dialog_open_with_the_reason(qtbot, db):
    dialog = SettingsDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.office.name.setText("某村")
    qtbot.keyClicks(dialog.office.code, "51011")
    assert "6、9 或 12 位" in dialog.office.problem.text()
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "6、9 或 12 位" in dialog.message.text()
    assert office.get(db, office.ADMIN_CODE) == ""


def test_window_state_is_kept_apart_from_preferences(qtbot, village, _isolated_home):
    from gridoffice.ui.main_window import MainWindow

    settings.put(settings.OPERATOR, "李梅")
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.close()
    assert (_isolated_home / "window.ini").exists()
    assert "geometry" not in (_isolated_home / "preferences.ini").read_text("utf-8")
    assert window.findChild(type(window.tabs), "paneTabs") is not None
    assert Qt.AlignmentFlag.AlignLeft is not None


def test_about_lists_versions_and_licences(qtbot):
    from PySide6.QtWidgets import QLabel

    from gridoffice import __version__
    from gridoffice.ui.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.licences.toPlainText()
    assert "LGPL-3.0" in text and "reportlab" in text and "MIT" in text
    assert any(__version__ in label.text() for label in dialog.findChildren(QLabel))


def test_the_clinic_goes_to_the_office_settings_the_cards_read(qtbot, db):
    from gridoffice.services.health import cards as health_cards

    dialog = SettingsDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.office.name.setText("禹庙村村民委员会")
    dialog.office.clinic_name.setText("禹庙村卫生室")
    dialog.preferences.operator.setText("王文书")
    qtbot.keyClicks(dialog.office.clinic_phone, "12")
    assert "电话" in dialog.office.problem.text()
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.office.clinic_phone.setText("028 8271 2345")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    clinic = health_cards.clinic(db)
    assert (clinic.label, clinic.phone) == ("禹庙村卫生室", "028-82712345")
