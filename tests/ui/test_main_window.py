from PySide6.QtCore import Qt

from gridoffice.domain.codes import GridLevel
from gridoffice.ui.grids.tree import COL_HOUSEHOLDS, GRID_ID_ROLE, LEVEL_ROLE
from gridoffice.ui.main_window import MainWindow


def _walk(model, parent):
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from _walk(model, index)


def test_main_window_shows_the_populated_tree_and_counts(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    model = window.tree_pane.model
    indexes = list(_walk(model, window.tree_pane.view.rootIndex()))
    levels = [i.data(LEVEL_ROLE) for i in indexes]
    assert levels.count(GridLevel.COMMUNITY) == 1
    assert levels.count(GridLevel.GENERAL) == 4
    assert levels.count(GridLevel.MICRO) == 32
    root = model.index(0, 0)
    assert root.data() == "禹庙村"
    assert model.index(0, COL_HOUSEHOLDS).data() == "1600"
    qtbot.waitUntil(lambda: not window.overview.busy())  # counted in a pool thread
    assert window.overview.tiles["micro_grids"].value.text() == "32"
    assert window.overview.tiles["households"].value.text() == "1,600"
    assert "village.db" in window.statusBar().findChildren(type(window._db_label))[0].text()


def test_selecting_a_grid_tells_the_context(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    view = window.tree_pane.view
    general = window.tree_pane.model.index(0, 0, window.tree_pane.model.index(0, 0))
    with qtbot.waitSignal(window.context.grid_selected) as blocker:
        view.setCurrentIndex(general)
    assert blocker.args == [general.data(GRID_ID_ROLE)]
    assert window.context.current_grid == general.data(GRID_ID_ROLE)


def test_geometry_is_remembered(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.resize(700, 500)  # the offscreen screen is 800 x 600
    window.show()
    window.close()
    again = MainWindow(village)
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (700, 500)


def test_grid_tree_model_passes_modeltester(qtmodeltester, village):
    from gridoffice.services.grids import core as grids
    from gridoffice.ui.grids.tree import GridTreeModel

    model = GridTreeModel()
    model.load(grids.tree(village))
    qtmodeltester.check(model)
    assert model.index_of_grid(model.index(0, 0).data(GRID_ID_ROLE)).isValid()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "网格"


def test_the_overview_counts_off_the_gui_thread_and_not_while_hidden(qtbot, village, slow_spy):
    import threading

    from gridoffice.services import stats

    threads = slow_spy(stats, "counts", held=False).threads
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.overview.busy())
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    window.tabs.setCurrentIndex(1)  # another pane in front
    qtbot.waitUntil(lambda: not window.overview.isVisible())
    window.context.notify({"person"})
    window.context.notify({"household"})
    assert len(threads) == 1, "nothing counted behind another tab"
    window.tabs.setCurrentWidget(window.overview)
    qtbot.waitUntil(lambda: len(threads) == 2 and not window.overview.busy())
    assert window.overview.tiles["households"].value.text() == "1,600"


def test_closing_the_window_while_a_job_runs_waits_for_it(qtbot, village, slow_spy):
    import threading

    from gridoffice.services import stats
    from gridoffice.ui import ops

    release = slow_spy(stats, "counts").release
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    assert window.overview.busy()
    threading.Timer(0.2, release.set).start()
    window.close()  # waits for the counting thread (no crash, no signal into a dead pane)
    assert ops.running() == 0


def test_the_pane_list_is_compact_and_names_each_pane_in_full(qtbot, db):
    """Short labels keep the pane list narrow at 1366 px; the whole title is the tooltip and the
    pane's title (issue 18)."""
    window = MainWindow(db)
    qtbot.addWidget(window)
    items = {window.tabs.list.item(i).text().strip(): window.tabs.list.item(i)
             for i in range(window.tabs.list.count())}
    assert items["服务团队"].toolTip() == "网格与服务团队" and items["花名册"].toolTip() == "网格员花名册"
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "网格与服务团队" in titles and "公示牌与打印" in titles
    widest = max(window.tabs.list.fontMetrics().horizontalAdvance(t) for t in items)
    assert window.tabs.list.width() <= widest + 20
