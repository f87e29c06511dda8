
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QThreadPool
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWizard
from sqlalchemy import func, select

from gridoffice.store.models import Grid, Household, Person
from gridoffice.ui.context import AppContext
from gridoffice.ui.importing.report import IssueTableModel
from gridoffice.ui.importing.wizard import ImportWizard
from tests.held import delivered


def persons(db):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Person))


def next_page(wizard):
    """Press Next; the file is analysed in a pool thread, then the wizard moves on by itself."""
    wizard.button(QWizard.WizardButton.NextButton).click()
    while wizard.analysing():
        QThreadPool.globalInstance().waitForDone(10_000)
        QCoreApplication.processEvents()


@pytest.fixture
def wizard(qtbot, village):
    context = AppContext(village)
    w = ImportWizard(context)
    qtbot.addWidget(w)
    w.show()
    return w


def test_walk_the_wizard_with_the_sample(qtbot, wizard, village, sample_roster, qtmodeltester):
    before = persons(village)
    page = wizard.file_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.path_edit.setText(str(sample_roster))
    assert page.sheet_combo.count() == 2 and page.sheet_combo.itemText(1) == "花名册"
    page.date_edit.setDate(QDate(2023, 1, 7))
    next_page(wizard)
    assert wizard.currentPage() is wizard.mapping_page
    combos = wizard.mapping_page.combos
    assert combos[3].currentData() == "id_number" and combos[1].currentData() == "household_number"
    assert wizard.mapping_page.table.rowCount() == 12
    assert "赵丽明" in wizard.mapping_page.table.item(2, 1).text()
    combos[11].setCurrentIndex(combos[11].findData(None))  # 备注: not imported
    next_page(wizard)
    report = wizard.report_page
    assert wizard.currentPage() is report
    assert wizard.plan.mapping.column_of("note") is None
    assert "将新增 123 人、42 户" in report.summary.text()
    assert [report.models[k].rowCount() for k in ("rejected", "skipped", "warnings")] == [13, 3, 5]
    assert report.models["rejected"].index(0, 0).data() == "5"
    assert "Excel" in report.models["rejected"].index(0, 2).data()
    assert report.tabs.tabText(0) == "不能导入（13）"
    assert report.grid_box.isHidden()  # 第1–4微网格 all exist in the village
    for model in report.models.values():
        qtmodeltester.check(model)
    assert persons(village) == before  # nothing written yet
    next_page(wizard)
    commit = wizard.commit_page
    qtbot.waitUntil(commit.isComplete, timeout=20_000)
    assert commit.result is not None and "新增 123 人" in commit.status.text()
    assert persons(village) == before + 123
    assert wizard.context.undo_stack.count() == 1
    wizard.context.undo_stack.undo()
    assert persons(village) == before
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not wizard.isVisible()


def test_unknown_grids_can_be_created_under_a_general_grid(qtbot, wizard, village, roster_file):
    path = roster_file([[1, "Z1", "东片1号", "王大", "户主", "男", "360426199101010071", "", "", "", "东片区"]])
    wizard.file_page.path_edit.setText(str(path))
    next_page(wizard)
    next_page(wizard)
    report = wizard.report_page
    assert report.grid_box.isVisible() and "东片区" in report.grid_list.text()
    assert report.leave_radio.isChecked()
    report.create_radio.setChecked(True)
    report.parent_combo.setCurrentIndex(report.parent_combo.findData("YMC-03"))
    next_page(wizard)
    qtbot.waitUntil(wizard.commit_page.isComplete, timeout=20_000)
    with village.reading() as s:
        grid = s.scalars(select(Grid).where(Grid.name == "东片区")).one()
        parent = s.get(Grid, grid.parent_id)
        assert parent.code == "YMC-03"
        assert s.scalars(select(Household.grid_id).where(Household.number == "Z1")).one() == grid.id


def test_grids_can_be_built_from_the_rosters_community_and_general_grid_columns(qtbot, db, roster_file):
    from gridoffice.domain.idcard import make_id
    from gridoffice.services import stats
    from gridoffice.ui.importing.report import FROM_FILE

    born = __import__("datetime").date(1990, 1, 1)
    path = roster_file([["H1", "王一", "户主", "男", make_id("510104", born, 1), "大弯社区", "第1网格", "第1微网格"],
                        ["H2", "李二", "户主", "女", make_id("510104", born, 2), "川化社区", "第1网格", "第1微网格"]],
                       header=["户号", "姓名", "与户主关系", "性别", "身份证号", "社区", "网格", "微网格"])
    w = ImportWizard(AppContext(db))
    qtbot.addWidget(w)
    w.show()
    w.file_page.path_edit.setText(str(path))
    next_page(w)
    next_page(w)
    report = w.report_page
    assert report.grid_box.isVisible() and report.parent_combo.itemData(0) == FROM_FILE
    report.create_radio.setChecked(True)
    next_page(w)
    qtbot.waitUntil(w.commit_page.isComplete, timeout=20_000)
    counts = stats.counts(db)
    assert (counts.communities, counts.general_grids, counts.micro_grids, counts.households) == (2, 2, 2, 2)


def test_a_damaged_file_is_a_sentence_and_the_wizard_stays(qtbot, wizard, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    wizard.file_page.path_edit.setText(str(bad))
    next_page(wizard)
    assert wizard.currentPage() is wizard.file_page
    assert shown and "损坏" in shown[0]


def test_mapping_without_a_name_is_refused(qtbot, wizard, sample_roster, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    wizard.file_page.path_edit.setText(str(sample_roster))
    next_page(wizard)
    combos = wizard.mapping_page.combos
    combos[2].setCurrentIndex(0)
    next_page(wizard)
    assert wizard.currentPage() is wizard.mapping_page and "姓名" in shown[-1]
    combos[2].setCurrentIndex(combos[2].findData("name"))
    combos[8].setCurrentIndex(combos[8].findData("name"))
    next_page(wizard)
    assert wizard.currentPage() is wizard.mapping_page and "不止一列" in shown[-1]


def test_the_menu_action_opens_the_wizard(qtbot, village):
    from gridoffice.ui.main_window import MainWindow

    window = MainWindow(village)
    qtbot.addWidget(window)
    window.import_action.trigger()
    wizards = window.findChildren(ImportWizard)
    assert len(wizards) == 1 and wizards[0].isVisible()
    wizards[0].reject()


def test_issue_model_passes_modeltester(qtmodeltester):
    model = IssueTableModel()
    model.load([{"row": 5, "name": "甲", "reasons": ["x"], "messages": ["一", "二"]},
                {"row": 9, "reason": "blank", "message": "空行"}])
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "一；二" and model.index(1, 2).data() == "空行"


def test_a_street_office_chooses_the_community(qtbot, db, roster_file):
    from sqlalchemy import insert

    with db.session() as s:
        s.connection().execute(insert(Grid.__table__), [
            dict(id=1, parent_id=None, level="community", code="A", name="甲村", covers="", sort_order=0, note=""),
            dict(id=2, parent_id=1, level="general", code="A-01", name="第1网格", covers="", sort_order=0, note=""),
            dict(id=3, parent_id=2, level="micro", code="A-01-01", name="第1微网格", covers="", sort_order=0, note=""),
            dict(id=4, parent_id=None, level="community", code="B", name="乙村", covers="", sort_order=1, note=""),
            dict(id=5, parent_id=4, level="general", code="B-01", name="第1网格", covers="", sort_order=0, note=""),
            dict(id=6, parent_id=5, level="micro", code="B-01-01", name="第1微网格", covers="", sort_order=0, note=""),
        ])
    w = ImportWizard(AppContext(db))
    qtbot.addWidget(w)
    w.show()
    combo = w.file_page.within_combo
    assert combo.isVisible() and [combo.itemData(i) for i in range(combo.count())] == [None, "A", "B"]
    combo.setCurrentIndex(2)
    w.file_page.path_edit.setText(str(roster_file([[1, "Z1", "", "王大", "户主", "男", "360426199101010071", "", "", "", "第1微网格"]])))
    next_page(w)
    next_page(w)
    assert w.plan.options.within == "B" and w.plan.grids["第1微网格"].code == "B-01-01"
    assert w.report_page.grid_box.isHidden()


def test_a_namesake_row_tells_the_clerk_the_first_steps_choice(qtbot, db, roster_file):
    """Left on 整个数据库, a micro-grid both villages have is a warning naming the wizard's own
    choice, never --within."""
    from sqlalchemy import insert

    with db.session() as s:
        s.connection().execute(insert(Grid.__table__), [
            dict(id=1, parent_id=None, level="community", code="A", name="甲村", covers="", sort_order=0, note=""),
            dict(id=2, parent_id=1, level="general", code="A-01", name="第1网格", covers="", sort_order=0, note=""),
            dict(id=3, parent_id=2, level="micro", code="A-01-01", name="第1微网格", covers="", sort_order=0, note=""),
            dict(id=4, parent_id=None, level="community", code="B", name="乙村", covers="", sort_order=1, note=""),
            dict(id=5, parent_id=4, level="general", code="B-01", name="第1网格", covers="", sort_order=0, note=""),
            dict(id=6, parent_id=5, level="micro", code="B-01-01", name="第1微网格", covers="", sort_order=0, note=""),
        ])
    w = ImportWizard(AppContext(db))
    qtbot.addWidget(w)
    w.resize(1366, 740)
    w.show()
    w.file_page.path_edit.setText(str(roster_file([[1, "Z1", "", "王大", "户主", "男", "360426199101010071", "", "", "",
                                                    "第1微网格"]])))
    next_page(w)
    next_page(w)
    model = w.report_page.models["warnings"]
    why = model.index(0, 2).data()
    assert "在库里有 2 个" in why and "“这是哪个村（社区）的花名册”" in why and "--" not in why
    w.report_page.tabs.setCurrentIndex(2)
    folder = os.environ.get("GRIDOFFICE_SCREENSHOTS")
    if folder:
        w.grab().save(str(Path(folder) / "import_namesake_warning.png"))


def test_one_village_needs_no_choice(qtbot, wizard):
    assert wizard.file_page.within_combo.isHidden() and wizard.file_page.within() == "YMC"


def test_the_clerk_names_the_header_row_when_it_is_not_recognised(qtbot, wizard, roster_file, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    path = roster_file([["王大", "360426199101010071"]], header=["人", "号"])
    wizard.file_page.path_edit.setText(str(path))
    next_page(wizard)
    assert wizard.currentPage() is wizard.file_page and "找不到表头" in shown[-1]
    wizard.file_page.header_spin.setValue(3)
    next_page(wizard)
    assert wizard.currentPage() is wizard.mapping_page
    combos = wizard.mapping_page.combos
    combos[0].setCurrentIndex(combos[0].findData("name"))
    combos[1].setCurrentIndex(combos[1].findData("id_number"))
    next_page(wizard)
    assert wizard.currentPage() is wizard.report_page
    assert "将新增 1 人" in wizard.report_page.summary.text()


def test_the_file_is_analysed_off_the_gui_thread_and_next_twice_starts_one_analysis(
        qtbot, wizard, sample_roster, slow_spy):
    import threading

    from gridoffice.services.importing import importer

    spy = slow_spy(importer, "analyse")
    threads, release = spy.threads, spy.release
    wizard.file_page.path_edit.setText(str(sample_roster))
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    next_button.click()
    qtbot.waitUntil(lambda: len(threads) == 1)
    assert threads[0] is not threading.main_thread()
    assert wizard.analysing() and not next_button.isEnabled() and wizard.currentPage() is wizard.file_page
    qtbot.waitUntil(lambda: wizard.findChild(QProgressDialog, "taskProgress") is not None)  # after ~300 ms
    wizard.next()  # Enter pressed again while reading: no second analysis
    release.set()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page)
    assert len(threads) == 1 and wizard.plan is not None and not wizard.analysing()


def test_cancelling_the_analysis_stays_on_the_file_page(qtbot, wizard, sample_roster, slow_spy):

    from gridoffice.services.importing import importer

    release = slow_spy(importer, "analyse").release
    wizard.file_page.path_edit.setText(str(sample_roster))
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.findChild(QProgressDialog, "taskProgress") is not None)
    progress = wizard.findChild(QProgressDialog, "taskProgress")
    assert "正在读取并检查花名册" in progress.labelText()
    progress.findChild(QPushButton).click()  # 取消
    assert not wizard.analysing() and wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    release.set()
    delivered(qtbot)  # the cancelled analysis has come back to the GUI thread, and was dropped
    assert wizard.currentPage() is wizard.file_page and wizard.plan is None


def test_a_duplicate_header_column_is_said_on_the_report_page(qtbot, wizard, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["户号", "姓名", "身份证号", "电话", "电话"])
    wb.active.append(["H1", "王大", "360426199101010071", "13812345678", "13912345678"])
    path = tmp_path / "dup.xlsx"
    wb.save(path)
    wizard.file_page.path_edit.setText(str(path))
    next_page(wizard)
    next_page(wizard)
    text = wizard.report_page.summary.text()
    assert "第 5 列" in text and "没有导入" in text
