"""The Export dialog driven like a clerk would: choose, export, cancel."""

import threading

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from gridoffice.exports import xlsx
from gridoffice.ui.context import AppContext
from gridoffice.ui.export_dialog import ExportDialog
from gridoffice.ui.grids.tree import GRID_ID_ROLE
from gridoffice.ui.main_window import MainWindow


@pytest.fixture
def context(village, qtbot):
    return AppContext(village)


def make(qtbot, context):
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(dialog, key):
    dialog.ledger.setCurrentIndex(dialog.ledger.findData(key))


def test_exports_the_roster_with_progress(qtbot, context, tmp_path):
    dialog = make(qtbot, context)
    assert {dialog.ledger.itemData(i) for i in range(dialog.ledger.count())} >= {
        "roster", "key-populations", "returnees", "staff", "summary"}
    choose(dialog, "roster")
    dialog.on.setDate(QDate(2023, 1, 7))
    assert not dialog.scope.isEnabled()  # no grid selected: the whole village
    assert dialog.file.text().endswith("禹庙村住户人口花名册2023-01-07.xlsx")
    target = tmp_path / "roster.xlsx"
    dialog.file.setText(str(target))
    seen = []
    shown = dialog._on_progress
    dialog._on_progress = lambda n, total: (seen.append((n, total)), shown(n, total))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled() and dialog.cancel_button.text() == "取消"
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    assert dialog.progress.value() == 100
    assert "4149" in dialog.status.text() or str(dialog.result.rows) in dialog.status.text()
    ws = openpyxl.load_workbook(target).active
    assert ws["A1"].value == "禹庙村住户人口花名册"
    assert dialog.export_button.isEnabled() and dialog.cancel_button.text() == "关闭"
    assert dialog.open_button.isVisible()
    assert seen and seen[-1] == (f"已写入 {dialog.result.rows} / {dialog.result.rows} 行", 1.0)  # the one progress shape


def test_grid_scope_public_and_sensitive_ledgers(qtbot, context, tmp_path):
    from gridoffice.services.scope import grid_by_code

    with context.db.reading() as s:
        grid_id = grid_by_code(s, "YMC-01-01").id
    context.grid_selected.emit(grid_id)
    dialog = make(qtbot, context)
    assert dialog.scope.isEnabled() and dialog.scope.isChecked() and "第1微网格" in dialog.scope.text()
    choose(dialog, "key-populations")
    assert not dialog.public.isEnabled()
    choose(dialog, "roster")
    assert dialog.public.isEnabled()
    dialog.public.setChecked(True)
    assert "（公示）" in dialog.file.text() and "第1微网格" in dialog.file.text()
    target = tmp_path / "public.xlsx"
    dialog.file.setText(str(target))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    ws = openpyxl.load_workbook(target).active
    assert ws["A1"].value == "禹庙村第一网格第1微网格住户人口花名册（公示）"
    assert "重点人群" not in [c.value for c in ws[3]]


def test_cancel_leaves_no_file(qtbot, context, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "PROGRESS_EVERY", 1)  # ask "cancelled?" after every row
    real = xlsx.write_ledger
    pressed = threading.Event()

    def slow(ledger, path, progress, cancelled):  # the real writer, held after its first row
        def wait_for_cancel():
            pressed.wait(10)
            return cancelled()

        return real(ledger, path, progress, wait_for_cancel)

    monkeypatch.setattr(xlsx, "write_ledger", slow)  # the export imports the writer when it writes
    dialog = make(qtbot, context)
    choose(dialog, "roster")
    target = tmp_path / "cancelled.xlsx"
    dialog.file.setText(str(target))
    dialog.start()
    job = dialog.job
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert job.job.cancelled() and dialog.status.text() == "正在取消…"
    pressed.set()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    assert dialog.status.text() == "已取消，没有生成文件。" and not dialog.open_button.isVisible()
    assert not target.exists() and list(tmp_path.glob("*.tmp")) == []
    assert dialog.isVisible()  # cancelling the export does not close the dialog


def test_failure_is_a_sentence(qtbot, context, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dialog = make(qtbot, context)
    dialog.file.setText(str(tmp_path / "missing" / "x.xlsx"))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    assert shown and "文件夹不存在" in shown[0]
    assert dialog.export_button.isEnabled()


def test_main_window_menu_opens_the_dialog(qtbot, village, monkeypatch):
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    window = MainWindow(village)
    qtbot.addWidget(window)
    tree = window.tree_pane
    tree.view.setCurrentIndex(tree.model.index(0, 0, tree.model.index(0, 0)))
    window.export_action.trigger()
    assert opened and opened[0].scope.isChecked()
    assert opened[0]._grid[0] == "YMC-01"
    assert tree.view.currentIndex().data(GRID_ID_ROLE) == window.context.current_grid


def test_a_pdf_export_opens_in_the_programs_own_preview(qtbot, context, tmp_path):
    dialog = make(qtbot, context)
    choose(dialog, "summary")
    dialog.on.setDate(QDate(2023, 1, 7))
    target = tmp_path / "summary.pdf"
    dialog.file.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    assert target.read_bytes().startswith(b"%PDF")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    preview = dialog.preview
    qtbot.addWidget(preview)
    assert preview.objectName() == "pdfPreview" and not preview.error
    assert preview.document.pageCount() >= 1


def test_proposes_documents_then_the_folder_last_used_for_that_ledger(qtbot, context, tmp_path, monkeypatch):
    from gridoffice.ui import export_folder

    documents = tmp_path / "Documents" / "网格办公"
    monkeypatch.setattr(export_folder, "documents_folder", lambda: documents)
    dialog = make(qtbot, context)
    choose(dialog, "staff")
    assert dialog.file.text().startswith(str(documents)) and not documents.exists()
    dialog.start()  # Documents\网格办公 is made on first use
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    assert dialog.result.path.parent == documents and documents.is_dir()
    elsewhere = tmp_path / "上报"
    elsewhere.mkdir()
    choose(dialog, "summary")
    dialog.file.setText(str(elsewhere / "汇总.xlsx"))
    dialog.result = None
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    again = make(qtbot, context)
    choose(again, "staff")
    assert again.file.text().startswith(str(documents))  # remembered per ledger kind
    choose(again, "summary")
    again.file.setText("")
    again._suggested = ""
    again._suggest_file()
    assert again.file.text().startswith(str(elsewhere))


def test_the_dialog_says_which_period_a_visits_ledger_covers(qtbot, village):  # type: ignore[no-untyped-def]
    dialog = ExportDialog(AppContext(village))
    qtbot.addWidget(dialog)
    dialog.on.setDate(QDate(2026, 12, 2))
    dialog.ledger.setCurrentIndex(dialog.ledger.findData("visits"))
    assert dialog.period.text().startswith("时段：2026-11-01 至 2026-11-30") and "上个整月" in dialog.period.text()
    dialog.ledger.setCurrentIndex(dialog.ledger.findData("roster"))
    assert dialog.period.isHidden()
