from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

import tests.pdfread as pdfread
from gridoffice.services import posters
from gridoffice.store.models import Grid
from gridoffice.ui.context import AppContext
from gridoffice.ui.posters.pane import PostersPane
from gridoffice.ui.posters.texts import PosterTextsDialog
from gridoffice.ui.widgets.pdf_preview import PdfPreview


def make(qtbot, village):
    context = AppContext(village)
    pane = PostersPane(context)
    qtbot.addWidget(pane)
    return context, pane


def test_selecting_a_grid_and_generating_a3_posters_opens_the_preview(qtbot, village):
    context, pane = make(qtbot, village)
    assert pane.grid_combo.count() == 1 + 1 + 4 + 32
    with village.reading() as s:
        gid = s.scalar(select(Grid.id).where(Grid.code == "YMC-02"))
    context.grid_selected.emit(gid)
    assert pane.selected_code() == "YMC-02"
    pane.paper_combo.setCurrentIndex(1)
    qtbot.mouseClick(pane.poster_button, Qt.MouseButton.LeftButton)  # written in the pool (ui/ops.py)
    qtbot.waitUntil(lambda: pane.last_output is not None, timeout=30000)
    out = pane.last_output
    assert out is not None and out.is_file()
    pdf = pdfread.read(out, fonts_too=False)
    assert pdf.pages == 8 and pdf.size_mm() == (297, 420)
    assert isinstance(pane.last_preview, PdfPreview) and pane.last_preview.page_count == 8
    assert "8 张" in pane.status.text()
    pane.last_preview.close()


def test_chart_for_the_community_of_the_selection(qtbot, village):
    _, pane = make(qtbot, village)
    pane.grid_combo.setCurrentIndex(pane.grid_combo.findData("YMC-03-02"))
    qtbot.mouseClick(pane.chart_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.last_output is not None, timeout=30000)
    pdf = pdfread.read(pane.last_output, fonts_too=False)
    assert pdf.pages == 1 and pdf.size_mm() == (420, 297) and "禹庙村" in pdf.text
    pane.last_preview.close()


def test_editing_the_wording_is_saved_and_undoable(qtbot, village, monkeypatch):
    context, pane = make(qtbot, village)

    def fake_exec(dialog):
        dialog.fields["title"].setText("禹庙村网格公示栏")
        dialog.fields["services"].setPlainText("代办服务\n上门服务")
        return PosterTextsDialog.DialogCode.Accepted

    monkeypatch.setattr(PosterTextsDialog, "exec", fake_exec)
    qtbot.mouseClick(pane.texts_button, Qt.MouseButton.LeftButton)
    conf = posters.load_settings(village)
    assert conf.title == "禹庙村网格公示栏" and conf.services == "代办服务\n上门服务"
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert posters.load_settings(village).title == "网格信息公示牌"


def test_emptied_title_falls_back_to_the_default(qtbot, village):
    dialog = PosterTextsDialog(posters.load_settings(village))
    qtbot.addWidget(dialog)
    dialog.fields["title"].setText("  ")
    dialog.fields["qr_url"].setText("https://example.org")
    value = dialog.value()
    assert value.title == "网格信息公示牌" and value.qr_url == "https://example.org"


def test_output_errors_are_a_message(qtbot, village, monkeypatch):
    _, pane = make(qtbot, village)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))

    def fail(*a, **k):
        raise posters.OutputError("无法写入 X：磁盘已满")

    monkeypatch.setattr(posters, "write_posters_file", fail)
    pane.grid_combo.setCurrentIndex(pane.grid_combo.findData("YMC-01-01"))
    pane.make_posters()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["无法写入 X：磁盘已满"] and pane.last_output is None


def test_export_every_poster_to_a_folder(qtbot, village, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    _, pane = make(qtbot, village)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    pane.export_folder()
    qtbot.waitUntil(lambda: bool(getattr(pane, "last_files", None)), timeout=60000)
    files = pane.last_files
    assert len(files) == 32 and all(f.is_file() for f in files)
    assert "YMC-01-01-第1微网格.pdf" in {f.name for f in files}
    assert "32" in pane.status.text()


def test_a_grid_change_reads_the_grid_list_in_the_pool(qtbot, village, slow_spy):
    import threading

    from gridoffice.domain.codes import GridLevel
    from gridoffice.services.grids import core as grids
    from gridoffice.services.grids import structure

    context, pane = make(qtbot, village)
    before = pane.grid_combo.count()
    spy = slow_spy(grids, "tree", held=False)
    with village.reading() as s:
        parent = s.scalar(select(Grid.id).where(Grid.code == "YMC-02"))
    context.apply(structure.add_grid(village, parent, GridLevel.MICRO, "YMC-02-99", "新建微网格"))
    qtbot.waitUntil(lambda: pane.grid_combo.count() == before + 1)
    assert spy.calls >= 1 and all(t is not threading.main_thread() for t in spy.threads)
