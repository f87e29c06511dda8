"""An empty database: the first screen says what to do next, with buttons that do it."""

from PySide6.QtWidgets import QDialog

from gridoffice.ui.main_window import MainWindow


def test_an_empty_database_shows_three_steps_that_open_the_right_places(qtbot, db, monkeypatch):
    from gridoffice.ui.grids import structure_dialogs
    from gridoffice.ui.importing.wizard import ImportWizard
    from gridoffice.ui.staff import dialogs as staff_dialogs

    opened = []
    monkeypatch.setattr(structure_dialogs.AddGridDialog, "exec", lambda self: opened.append("grid") or QDialog.DialogCode.Rejected)
    monkeypatch.setattr(staff_dialogs.StaffDialog, "exec", lambda self: opened.append("staff") or QDialog.DialogCode.Rejected)
    monkeypatch.setattr(ImportWizard, "open", lambda self: opened.append("import"))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    guide = window.findChild(QDialog.__base__, "gettingStarted")
    assert guide is not None and guide.isVisible()
    assert window.tabs.currentWidget() is window.overview
    assert [d.text() for d in guide.done_labels] == ["未做", "未做", "未做"]
    for button in guide.buttons:
        button.click()
    assert opened == ["grid", "import", "staff"]
    assert window.tabs.currentWidget().objectName() == "staffPane"


def test_the_guide_stays_away_from_a_set_up_office(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    guide = window.findChild(QDialog.__base__, "gettingStarted")
    assert guide is not None and not guide.isVisible()
