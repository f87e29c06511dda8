"""文件 → 工作简报…: the period, the grid selected in the tree, the PDF made off the GUI thread
and shown in the in-app preview."""

from __future__ import annotations

import datetime as dt

from gridoffice.ui.briefing_dialog import BriefingDialog, period_for
from gridoffice.ui.context import AppContext


def test_named_periods():
    day = dt.date(2023, 1, 7)
    assert period_for("last_month", day) == (dt.date(2022, 12, 1), dt.date(2022, 12, 31))
    assert period_for("this_month", day) == (dt.date(2023, 1, 1), day)
    assert period_for("last_quarter", day) == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert period_for("this_quarter", dt.date(2023, 5, 20)) == (dt.date(2023, 4, 1), dt.date(2023, 5, 20))
    assert period_for("custom", day) is None


def test_the_dialog_takes_last_month_and_the_selected_grid(qtbot, village_year):  # type: ignore[no-untyped-def]
    from gridoffice.services.grids import core as grids

    context = AppContext(village_year)
    with village_year.reading() as s:
        general = next(g for g in grids.catalogue(s).values() if g.level == "general")
    context.grid_selected.emit(general.id)
    dialog = BriefingDialog(context, today=dt.date(2023, 1, 7))
    qtbot.addWidget(dialog)
    assert dialog.dates() == (dt.date(2022, 12, 1), dt.date(2022, 12, 31))  # 上月 first
    assert dialog.only_grid.isChecked() and general.name in dialog.only_grid.text()


def test_file_menu_makes_the_briefing_and_previews_it(qtbot, village_year):  # type: ignore[no-untyped-def]
    """文件 → 工作简报… → 生成并预览: the PDF written off the GUI thread, then the preview; the dialog
    is deleted when it closes, the preview (the main window's) when it is closed, and the
    QPdfDocument with it (nothing is left to the garbage collector or to the window's end)."""
    import shiboken6
    from PySide6.QtCore import QDate

    from gridoffice.ui.main_window import MainWindow
    from gridoffice.ui.widgets.pdf_preview import PdfPreview

    window = MainWindow(village_year)
    qtbot.addWidget(window)
    window.show()
    window.briefing_action.trigger()
    dialog = window.findChild(BriefingDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.period.setCurrentIndex(dialog.period.findData("custom"))
    dialog.start.setDate(QDate(2022, 12, 1))
    dialog.end.setDate(QDate(2022, 12, 31))
    dialog.make.click()
    qtbot.waitUntil(lambda: window.findChild(PdfPreview) is not None, timeout=120_000)
    preview = window.findChild(PdfPreview)
    assert preview.isVisible() and preview.page_count >= 3 and not preview.error
    assert "工作简报" in preview.windowTitle() and preview.path.exists()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # deleted once closed
    document = preview.document
    preview.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(preview) and not shiboken6.isValid(document))
