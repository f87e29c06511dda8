from PySide6.QtWidgets import QWizard

from gridoffice import paths
from gridoffice.services import settings as office
from gridoffice.services.stats import counts
from gridoffice.ui import settings
from gridoffice.ui.first_run import (
    START_DEMO,
    START_EMPTY,
    WHERE_DEFAULT,
    WHERE_FILE,
    FirstRunWizard,
)
from gridoffice.ui.startup import apply_first_run, open_start_database


def _walk(qtbot, wizard: FirstRunWizard, office_name: str, operator: str) -> None:
    wizard.show()
    # QTest cannot type characters outside Latin-1 (it aborts): Chinese goes in with setText
    wizard.office_page.office.setText(office_name)
    wizard.office_page.operator.setText(operator)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.currentPage() is wizard.where_page


def test_wizard_needs_an_office_name(qtbot):
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.office_page.operator.clear()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_wizard_default_place_and_empty_start(qtbot):
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    _walk(qtbot, wizard, "禹庙村村民委员会", "王文书")
    wizard.next()
    assert wizard.currentPage() is wizard.start_page
    choice = wizard.choice()
    assert (choice.office, choice.operator, choice.where, choice.db_target, choice.start) == (
        "禹庙村村民委员会", "王文书", WHERE_DEFAULT, None, START_EMPTY)
    start = apply_first_run(choice)
    try:
        assert start.db.name == str(paths.default_db_path())
        assert office.get(start.db, office.OFFICE_NAME) == "禹庙村村民委员会"
        assert settings.operator() == "王文书" and settings.flag(settings.FIRST_RUN_DONE)
    finally:
        start.db.close()


def test_wizard_file_place_is_remembered(qtbot, tmp_path):
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    _walk(qtbot, wizard, "某社区", "李梅")
    wizard.where_page.file.setChecked(True)
    assert not wizard.where_page.isComplete()
    target = tmp_path / "office.db"
    wizard.where_page.path.setText(str(target))
    assert wizard.where_page.isComplete()
    start = apply_first_run(wizard.choice())
    start.db.close()
    assert wizard.choice().where == WHERE_FILE and target.exists()
    again = open_start_database(None, demo=False)  # next start: no wizard, the same file
    assert again is not None and again.db.name == str(target)
    again.db.close()


def test_wizard_demo_start_opens_the_demo_village(qtbot):
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    _walk(qtbot, wizard, "演示", "测试")
    wizard.next()
    wizard.start_page.demo.setChecked(True)
    start = apply_first_run(wizard.choice())
    try:
        assert wizard.choice().start == START_DEMO
        assert counts(start.db).micro_grids == 32
    finally:
        start.db.close()
