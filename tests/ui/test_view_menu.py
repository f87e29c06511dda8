from PySide6.QtWidgets import QMenu, QToolButton

from gridoffice.ui.main_window import MainWindow


def _view_menu(window):
    return window.findChild(QMenu, "viewMenu")


def test_checks_are_a_badge_and_the_view_menu_remembers_the_docks(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    assert not window.checks_dock.isVisible()  # the offscreen screen is narrow: badge only
    badge = window.findChild(QToolButton, "checksBadge")
    qtbot.waitUntil(lambda: "3 项问题" in badge.text())  # the checks run in the pool after start-up
    badge.click()
    assert window.checks_dock.isVisible()
    menu = _view_menu(window)
    assert menu is not None and menu.title() == "视图(&V)"
    tree_action = window._view_actions[window.tree_pane]
    tree_action.setChecked(False)
    assert not window.tree_pane.isVisible()
    window.close()

    again = MainWindow(village)
    qtbot.addWidget(again)
    again.show()
    assert again.checks_dock.isVisible()
    assert not again.tree_pane.isVisible()
    reset = next(a for a in _view_menu(again).actions() if a.objectName() == "viewReset")
    reset.trigger()
    assert again.tree_pane.isVisible() and not again.checks_dock.isVisible()


def test_dialogs_never_open_larger_than_the_screen(qtbot, tmp_path):
    from gridoffice.ui.widgets.pdf_preview import PdfPreview
    from tests.ui.screen_check import a_pdf

    preview = PdfPreview(a_pdf(tmp_path / "x.pdf"), "x")
    qtbot.addWidget(preview)
    area = preview.screen().availableGeometry()
    assert preview.width() <= area.width() and preview.height() <= area.height() - 32
