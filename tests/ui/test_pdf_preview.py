import datetime as dt

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

import tests.pdfread as pdfread
from gridoffice.domain.privacy import PublicContact as PC
from gridoffice.exports.poster import Poster, PosterText, Tier, write_posters
from gridoffice.ui.widgets.pdf_preview import PdfPreview


def make_pdf(path, pages=3, paper="A4"):
    text = PosterText("网格信息公示牌", "服务清单", ("上门服务",), "转诊", ("卫生室",), "监督电话", "12345", "扫一扫")
    items = [Poster("办", "禹庙村", "第一网格", f"第{i}微网格", f"C{i}", "1组", 50,
                    (Tier("微网格", f"第{i}微网格", (PC("微网格长", "李堃", "13800000000"),)),), text,
                    "tel:13800000000", dt.date(2023, 1, 7)) for i in range(pages)]
    write_posters(items, path, paper)
    return path


def test_preview_pages_navigation_and_zoom(qtbot, tmp_path):
    dialog = PdfPreview(make_pdf(tmp_path / "p.pdf"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.error == "" and dialog.page_count == 3
    assert dialog.page_label.text() == "第 1 / 3 页"
    dialog.next_page()
    qtbot.waitUntil(lambda: dialog.page_label.text() == "第 2 / 3 页")
    dialog.go_to(99)
    qtbot.waitUntil(lambda: dialog.current_page() == 2)
    dialog.previous_page()
    qtbot.waitUntil(lambda: dialog.current_page() == 1)
    dialog.fit_width()
    dialog.zoom_in()
    first = dialog.view.zoomFactor()
    dialog.zoom_in()
    assert dialog.view.zoomFactor() > first
    dialog.zoom_out()
    dialog.zoom_out()
    assert abs(dialog.view.zoomFactor() - first / 1.25) < 1e-6


def test_print_renders_every_page_at_printer_resolution(qtbot, tmp_path):
    dialog = PdfPreview(make_pdf(tmp_path / "p.pdf", pages=2, paper="A3"))
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == 2
    printed = pdfread.read(tmp_path / "printed.pdf", fonts_too=False)
    assert printed.pages == 2
    # rendered at the printer's resolution (capped at 600 dpi) in bands, not a screen bitmap
    xobjects = printed.reader.pages[0]["/Resources"]["/XObject"]
    widths = [x.get_object()["/Width"] for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(widths) >= 5 and min(widths) > 4000


def test_print_dialog_respects_the_chosen_page_range(qtbot, tmp_path, monkeypatch):
    dialog = PdfPreview(make_pdf(tmp_path / "p.pdf"))
    qtbot.addWidget(dialog)
    used = {}

    def fake_exec(self):
        printer = self.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "range.pdf"))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        used["size"] = printer.pageLayout().pageSize().id()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    dialog.print_dialog()
    assert pdfread.read(tmp_path / "range.pdf", fonts_too=False).pages == 2
    from PySide6.QtGui import QPageSize

    assert used["size"] == QPageSize.PageSizeId.A4


def test_save_as_copies_the_file(qtbot, tmp_path, monkeypatch):
    source = make_pdf(tmp_path / "p.pdf", pages=1)
    dialog = PdfPreview(source)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "copy"), ""))
    dialog.save_as()
    assert (tmp_path / "copy.pdf").read_bytes() == source.read_bytes()


def test_save_as_failure_is_a_message_not_a_crash(qtbot, tmp_path, monkeypatch):
    dialog = PdfPreview(make_pdf(tmp_path / "p.pdf", pages=1))
    qtbot.addWidget(dialog)
    shown = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "missing" / "x.pdf"), ""))
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dialog.save_as()
    # one sentence naming the file asked for (not the temporary one beside it), in Chinese
    assert shown and str(tmp_path / "missing" / "x.pdf") in shown[0] and "文件或文件夹不存在" in shown[0]


def test_a_damaged_file_says_so(qtbot, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    dialog = PdfPreview(bad)
    qtbot.addWidget(dialog)
    assert "打不开" in dialog.error and dialog.page_count == 0
    assert dialog.page_label.text() == "（没有页面）"
