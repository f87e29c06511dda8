import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMessageBox

from gridoffice.services.matters import core as matters
from gridoffice.services.matters import stats as matter_stats
from gridoffice.store import StoreError
from gridoffice.ui.context import AppContext
from gridoffice.ui.matters.dialogs import CategoriesDialog, MatterDialog, MediansDialog, MoveDialog
from gridoffice.ui.matters.model import COL_STATE, OLD_ROLE, MatterListModel
from gridoffice.ui.matters.pane import MattersPane
from tests.held import delivered
from tests.visit_office import build


@pytest.fixture
def office(db):
    return build(db)


@pytest.fixture
def pane(qtbot, db, office):
    context = AppContext(db)
    widget = MattersPane(context)
    qtbot.addWidget(widget)
    widget.show()  # a hidden pane reloads only once shown
    context.grid_selected.emit(office["general"])
    qtbot.waitUntil(lambda: not widget.busy())  # the list is read in the loader thread
    return widget


def ok(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_log_a_matter_then_move_it_to_closed(qtbot, pane, office, monkeypatch):
    assert pane.model.rowCount() == 0
    dialog = MatterDialog(pane.context, office["m1"], None, pane)
    qtbot.addWidget(dialog)
    assert dialog.grid.currentData() == office["m1"]
    dialog.description.setPlainText("3栋2单元电梯困人")
    dialog.category.setCurrentText("设施报修")
    dialog.reporter.setText("王大姐")
    dialog.handler.setCurrentIndex(dialog.handler.findData(office["leader"]))
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.change is not None
    qtbot.waitUntil(lambda: not pane.busy())  # the list is read in the loader thread
    assert pane.model.rowCount() == 1  # refreshed through data_changed
    pane.view.selectRow(0)
    assert pane.start_button.isEnabled() and pane.close_button.isEnabled()
    assert pane.model.index(0, COL_STATE).data() == matters.PENDING

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))

    def close_in_dialog():
        move = QApplication.activeModalWidget()
        assert isinstance(move, MoveDialog)
        qtbot.mouseClick(ok(move), Qt.MouseButton.LeftButton)  # no outcome: refused
        move.text.setPlainText("已联系物业，15 分钟后解救")
        qtbot.mouseClick(ok(move), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, close_in_dialog)
    qtbot.mouseClick(pane.close_button, Qt.MouseButton.LeftButton)
    assert warnings == ["办结时请填写办理结果。"]
    qtbot.waitUntil(lambda: not pane.busy())  # the list is read in the loader thread
    row = pane.current_row()
    assert row is not None and row.state == matters.CLOSED and row.outcome.startswith("已联系物业")
    assert not pane.close_button.isEnabled() and not pane.start_button.isEnabled()
    assert "已办结 1" in pane.summary.text()
    pane.context.undo_stack.undo()
    qtbot.waitUntil(lambda: not pane.busy())  # the list is read in the loader thread
    assert pane.current_row().state == matters.PENDING


def test_filters_and_old_open_highlight(qtbot, pane, office, db):
    old = dt.datetime.now() - dt.timedelta(days=20)
    for at, category, grid in ((old, "求助", "m1"), (dt.datetime.now() - dt.timedelta(hours=2), "环境卫生", "m2")):
        matters.add_matter(db, matters.MatterInput(at.replace(microsecond=0), category, "内容", grid_id=office[grid]))
    pane.context.notify({"matter"})
    qtbot.waitUntil(lambda: not pane.busy())  # the list is read in the loader thread
    assert pane.model.rowCount() == 2
    assert pane.model.index(1, 0).data(OLD_ROLE) is True and pane.model.index(0, 0).data(OLD_ROLE) is False
    assert pane.model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "（已20天）" in pane.model.index(1, COL_STATE).data()
    pane.old_only.setChecked(True)
    qtbot.waitUntil(lambda: not pane.busy())  # the list is read in the loader thread
    assert pane.model.rowCount() == 1
    pane.old_only.setChecked(False)
    pane.category.setCurrentIndex(pane.category.findData("环境卫生"))
    qtbot.waitUntil(lambda: not pane.busy())  # the list is read in the loader thread
    assert pane.model.rowCount() == 1
    pane.category.setCurrentIndex(0)
    pane.context.grid_selected.emit(office["m2"])
    qtbot.waitUntil(lambda: not pane.busy())  # the list is read in the loader thread
    assert pane.model.rowCount() == 1
    pane.state.setCurrentIndex(pane.state.findData(matters.CLOSED))
    qtbot.waitUntil(lambda: not pane.busy())  # the list is read in the loader thread
    assert pane.model.rowCount() == 0


def test_medians_and_categories_dialogs(qtbot, pane, office, db):
    at = dt.datetime.now().replace(microsecond=0) - dt.timedelta(days=2)
    change = matters.add_matter(db, matters.MatterInput(at, "求助", "内容", grid_id=office["m1"]))
    matters.move(db, next(iter(change.rows["matter"])), matters.CLOSED, at=at + dt.timedelta(hours=6), outcome="好")
    dialog = MediansDialog(pane.context, office["general"], pane)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy())
    by_grid = dialog.models["grid"]
    assert by_grid.index(0, 0).data() == "第1微网格" and by_grid.index(0, 5).data() == "6.0"
    assert by_grid.index(by_grid.rowCount() - 1, 0).data() == "合计"
    categories = CategoriesDialog(pane.context, pane)
    qtbot.addWidget(categories)
    categories.edit.setPlainText("求助\n噪音扰民\n")
    qtbot.mouseClick(ok(categories), Qt.MouseButton.LeftButton)
    assert matters.categories(db) == ["求助", "噪音扰民"]
    assert [pane.category.itemText(i) for i in range(pane.category.count())] == ["全部", "求助", "噪音扰民"]


def test_medians_are_computed_off_the_gui_thread_and_closing_early_drops_them(qtbot, pane, office, slow_spy):
    spy = slow_spy(matter_stats, "medians")
    threads, release = spy.threads, spy.release
    dialog = MediansDialog(pane.context, None, pane)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(threads) == 1)
    assert threads[0] is not threading.main_thread()
    assert dialog.busy() and dialog.status.text() == "正在统计，请稍候…" and dialog.models["month"].rowCount() == 0
    release.set()
    qtbot.waitUntil(lambda: not dialog.busy())
    assert dialog.models["month"].rowCount() >= 1 and dialog.status.isHidden()
    release.clear()
    early = MediansDialog(pane.context, None, pane)
    qtbot.addWidget(early)
    qtbot.waitUntil(lambda: len(threads) == 3)
    early.reject()  # the clerk closes it before the figures come
    assert not early.busy()
    release.set()
    delivered(qtbot)  # the dropped figures have come back to the GUI thread
    assert early.models["month"].rowCount() == 0


def test_a_failed_median_count_is_said(qtbot, pane, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))

    def locked(*args):
        raise StoreError("数据库正被别的程序使用，请稍后再试。")

    monkeypatch.setattr(matter_stats, "overall", locked)
    dialog = MediansDialog(pane.context, None, pane)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy())
    assert shown and "没有统计出来" in shown[0] and "别的程序" in shown[0]
    assert dialog.status.text() == "没有统计出来。"


def test_matter_list_model_passes_the_modeltester(qtmodeltester, db, office):
    for i in range(450):  # more than two pages
        matters.add_matter(db, matters.MatterInput(dt.datetime(2023, 1, 1, 8) + dt.timedelta(minutes=i), "求助",
                                                   f"事项{i}", grid_id=office["m1"]))
    model = MatterListModel()
    model.load(db)
    qtmodeltester.check(model)
    assert model.rowCount() == 450
    assert model.index(449, 6).data() == "事项0"  # newest first, fetched lazily by page
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 6).data() == "事项0"


def test_a_hidden_pane_reloads_only_when_shown(qtbot, db, office, monkeypatch):
    from PySide6.QtWidgets import QTabWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    context = AppContext(db)
    pane = MattersPane(context)
    tabs.addTab(QLabel("front"), "front")
    tabs.addTab(pane, "matters")
    tabs.show()
    qtbot.waitUntil(lambda: not pane.busy())  # the first load, from the constructor
    loads = []
    real = pane.model.read
    monkeypatch.setattr(pane.model, "read", lambda *a: loads.append(a) or real(*a))
    context.grid_selected.emit(office["m1"])
    context.notify({"matter"})
    assert loads == [] and pane.stale and not pane.busy()  # nothing read while hidden
    tabs.setCurrentWidget(pane)
    qtbot.waitUntil(lambda: bool(loads) and not pane.busy())
    assert not pane.stale and all(f.grid_id == office["m1"] for _db, f in loads)  # the grid chosen meanwhile
