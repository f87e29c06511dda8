"""Who is working: never the computer's login name."""

from PySide6.QtWidgets import QInputDialog

from gridoffice.ui import settings
from gridoffice.ui.first_run import FirstRunWizard
from gridoffice.ui.startup import open_start_database


def test_the_demo_names_a_demo_operator_not_the_login(qtbot):
    assert settings.operator() == ""
    start = open_start_database(None, demo=True)
    try:
        assert start.db.operator == "演示员"
    finally:
        start.db.close()


def test_a_database_start_asks_the_name_once_and_the_window_shows_it(qtbot, db_path, monkeypatch):
    from gridoffice.ui.main_window import MainWindow

    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: asked.append(a) or ("李文书", True))
    start = open_start_database(str(db_path), demo=False)
    assert start.db.operator == "李文书" and settings.operator() == "李文书"
    window = MainWindow(start.db)
    qtbot.addWidget(window)
    assert window._operator_label.text() == "操作员：李文书"
    window.close()
    start.db.close()
    again = open_start_database(str(db_path), demo=False)
    assert again.db.operator == "李文书" and len(asked) == 1
    again.db.close()


def test_the_wizard_title_does_not_repeat_the_program_name(qtbot):
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    assert wizard.windowTitle() == "首次使用"


def test_a_scripted_start_takes_the_operator_from_the_environment(qapp, monkeypatch):
    """GRIDOFFICE_OPERATOR (as the CLI reads it) answers the once-only question, so a measured or
    scripted start never waits on a dialog; a saved name still wins."""
    from gridoffice.ui import settings, startup

    monkeypatch.setenv("GRIDOFFICE_OPERATOR", " 测速 ")
    assert startup.known_operator() == "测速"
    settings.put(settings.OPERATOR, "王会计")
    assert startup.known_operator() == "王会计"
