import datetime as dt
import threading

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from gridoffice.domain.visit_schedule import Status
from gridoffice.services.visits import core as visits
from gridoffice.ui.context import AppContext
from gridoffice.ui.visits.dialog import ID_ROLE, RecordVisitDialog
from gridoffice.ui.visits.pane import (
    COL_DAYS,
    COL_INTERVAL,
    COL_NAME,
    STATUS_ROLE,
    VisitsPane,
    WeekGridModel,
)
from gridoffice.ui.widgets.rows_model import RowsModel
from tests.visit_office import build


@pytest.fixture
def office(db):
    return build(db)


@pytest.fixture
def pane(qtbot, db, office):
    context = AppContext(db)
    widget = VisitsPane(context)
    qtbot.addWidget(widget)
    assert widget.model.rowCount() == 0  # nothing computed while hidden
    widget.show()
    context.grid_selected.emit(office["m1"])
    settle(qtbot, widget)
    return widget


def settle(qtbot, pane):
    """The pane computes in a pool thread: wait until its latest result is shown."""
    qtbot.waitUntil(lambda: not pane.busy())


def row_of(pane, name):
    for row in range(pane.proxy.rowCount()):
        if pane.proxy.index(row, COL_NAME).data() == name:
            return row
    raise AssertionError(name)


def test_week_grid_shows_key_persons_of_the_selected_grid(pane, office):
    assert pane.model.rowCount() == 3  # 张大爷, 刘大妈, 陈婆婆 in 第1微网格
    assert pane.model.columnCount() == 9 + 8  # the fixed columns (with 分级), then eight weeks
    row = row_of(pane, "张大爷")
    assert pane.proxy.index(row, COL_DAYS).data() == "—"  # never visited
    assert pane.proxy.index(row, COL_NAME).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert "重点人员 3 人" in pane.title.text()
    assert pane.counts_model.rowCount() == 1


def test_recording_a_visit_from_the_dialog(qtbot, pane, office, monkeypatch):
    pane.view.selectRow(row_of(pane, "张大爷"))
    person = pane.selected_person()
    dialog = RecordVisitDialog(pane.context, person.grid_id, person, pane, key_ids={office["grandma"]})
    qtbot.addWidget(dialog)
    members = {dialog.members.item(i).data(ID_ROLE): dialog.members.item(i) for i in range(dialog.members.count())}
    assert set(members) == {office["grandpa"], office["grandma"]}
    assert all(item.checkState() == Qt.CheckState.Checked for item in members.values())  # both key
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # no visitor yet
    assert len(warnings) == 1 and "走访人" in warnings[0] and dialog.change is None
    staff = {dialog.staff.item(i).text(): dialog.staff.item(i) for i in range(dialog.staff.count())}
    doctor = next(item for text, item in staff.items() if "家庭医生" in text)
    doctor.setCheckState(Qt.CheckState.Checked)
    dialog.findings["safety"].setText("燃气软管老化")  # keyClicks cannot type Chinese
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.change is not None and len(dialog.change.rows["visit"]) == 2
    today = dt.date.today()
    persons = {p.person_id: p for p in visits.key_persons(pane.context.db, None, today)}
    assert persons[office["grandpa"]].status(today) == Status.VISITED
    assert persons[office["grandma"]].last_visit == today
    settle(qtbot, pane)  # the pane refreshed through data_changed
    row = row_of(pane, "张大爷")
    assert pane.proxy.index(row, 0).data(STATUS_ROLE) == Status.VISITED.value
    assert pane.proxy.index(row, COL_DAYS).data() == "0"
    pane.context.undo_stack.undo()
    settle(qtbot, pane)
    assert pane.proxy.index(row_of(pane, "张大爷"), COL_DAYS).data() == "—"


def test_days_since_sorts_never_visited_first(qtbot, pane, office, db):
    from gridoffice.services.visits import records as vr

    vr.record_visit(db, vr.VisitInput(dt.date.today() - dt.timedelta(days=3), None, [office["widow"]],
                                      [office["leader"]]))
    pane.context.notify({"visit"})
    settle(qtbot, pane)
    pane.view.sortByColumn(COL_DAYS, Qt.SortOrder.DescendingOrder)
    names = [pane.proxy.index(r, COL_NAME).data() for r in range(pane.proxy.rowCount())]
    assert names[-1] == "陈婆婆"
    pane.view.selectRow(row_of(pane, "张大爷"))
    pane.view.sortByColumn(COL_DAYS, Qt.SortOrder.AscendingOrder)
    assert pane.proxy.index(0, COL_NAME).data() == "陈婆婆"
    assert pane.proxy.index(0, COL_DAYS).data() == "3"
    assert pane.selected_person().name == "张大爷"  # the selection follows its row through the sort
    pane.view.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    names = [pane.proxy.index(r, COL_NAME).data() for r in range(pane.proxy.rowCount())]
    assert names == sorted(names, reverse=True) and pane.selected_person().name == "张大爷"


def test_models_pass_the_modeltester(qtmodeltester, db, office):
    model = WeekGridModel()
    model.set_grid(visits.week_grid(db, office["root"], dt.date(2023, 1, 7), weeks=4))
    qtmodeltester.check(model)
    counts = RowsModel(["微网格", "重点人员", "逾期"], counts=True, highlight=lambda r: {2} if r[2] else set())
    counts.set_rows([["第1微网格", 3, 2], ["第2微网格", 1, None]])
    qtmodeltester.check(counts)
    assert counts.index(1, 2).data() == "—"


def test_the_counts_sort_themselves_ids_along_and_none_last(qtbot, qtmodeltester, pane):
    """The per-grid counts are sorted by the model (no proxy): numbers as numbers, "—" last
    both ways, ids and tooltips with their rows, and the order kept across a reload."""
    counts = RowsModel(["微网格", "重点人员", "逾期"], counts=True)
    counts.set_rows([["b", 10, None], ["a", 9, 3], ["c", 100, 1]], ids=[2, 1, 3], tooltips=["B", "A", "C"])
    keep = QPersistentModelIndex(counts.index(2, 0))  # "c"
    counts.sort(1, Qt.SortOrder.AscendingOrder)
    assert [counts.index(r, 1).data() for r in range(3)] == ["9", "10", "100"]  # not "10" < "100" < "9"
    assert counts.ids() == [1, 2, 3] and counts.tooltips == ["A", "B", "C"]
    assert keep.row() == 2 and keep.data() == "c"
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        counts.sort(2, order)
        assert counts.index(2, 2).data() == "—"
    qtmodeltester.check(counts)
    view = pane.counts_view
    assert view.model() is pane.counts_model
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    shown = [pane.counts_model.row_values(r)[1] for r in range(pane.counts_model.rowCount())]
    assert shown == sorted(shown, reverse=True)
    pane.context.notify({"visit"})
    settle(qtbot, pane)
    again = [pane.counts_model.row_values(r)[1] for r in range(pane.counts_model.rowCount())]
    assert again == sorted(again, reverse=True)


def test_rules_dialog_changes_the_rhythm_with_one_undo(qtbot, pane, office):
    from gridoffice.ui.visits.rules_dialog import VisitRulesDialog

    dialog = VisitRulesDialog(pane.context, pane)
    qtbot.addWidget(dialog)
    assert dialog.spins[("elderly", "")].value() == 30 and dialog.spins[("elderly_alone", "")].value() == 7
    dialog.spins[("elderly", "")].setValue(14)
    dialog.spins[("disabled", "高")].setValue(0)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    settle(qtbot, pane)
    today = dt.date.today()
    persons = {p.person_id: p for p in visits.key_persons(pane.context.db, None, today)}
    assert persons[office["grandma"]].interval == 14
    assert office["disabled"] not in persons
    assert pane.proxy.index(row_of(pane, "刘大妈"), COL_INTERVAL).data() == "每14天"  # the pane refreshed
    pane.context.undo_stack.undo()  # both rules back in one step
    persons = {p.person_id: p for p in visits.key_persons(pane.context.db, None, today)}
    assert persons[office["grandma"]].interval == 30 and office["disabled"] in persons


def test_the_week_grid_is_computed_off_the_gui_thread_and_arrives_by_signal(qtbot, db, office, slow_spy):
    spy = slow_spy(visits, "week_grid")
    threads, release = spy.threads, spy.release
    context = AppContext(db)
    pane = VisitsPane(context)
    qtbot.addWidget(pane)
    context.current_grid = office["m1"]
    pane.show()
    qtbot.waitUntil(lambda: len(threads) == 1)
    assert threads[0] is not threading.main_thread()
    assert pane.busy() and pane.model.rowCount() == 0 and "正在计算" in pane.title.text()
    assert not pane.record_button.isEnabled()
    context.grid_selected.emit(office["m1"])  # asked again while computing: one more run after, not two at once
    context.notify({"visit"})
    with qtbot.waitSignal(pane.loader.loading, check_params_cb=lambda busy: not busy, timeout=10000):
        release.set()
    assert len(threads) == 2 and pane.model.rowCount() == 3 and pane.record_button.isEnabled()


def test_a_failed_computation_is_said_in_a_message(qtbot, db, office, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))

    def broken(*args, **kw):
        raise RuntimeError("坏了")

    monkeypatch.setattr(visits, "week_grid", broken)
    pane = VisitsPane(AppContext(db))
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: not pane.busy())
    assert shown and "坏了" in shown[0] and "没有算出来" in pane.title.text()


def test_an_arriving_grid_is_sorted_in_the_pool_in_the_clerks_order(qtbot, pane, office, slow_spy):
    from gridoffice.ui.visits import week_model

    pane.view.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    spy = slow_spy(week_model, "sort_rows", held=False)
    pane.context.grid_selected.emit(office["root"])
    settle(qtbot, pane)
    assert spy.calls == 1 and spy.threads[0] is not threading.main_thread()
    names = [pane.proxy.index(r, COL_NAME).data() for r in range(pane.proxy.rowCount())]
    assert len(names) > 1 and names == sorted(names, reverse=True)


def test_a_header_click_on_a_large_grid_sorts_in_the_pool(qtbot, pane, office, slow_spy, monkeypatch):
    from gridoffice.ui.visits import week_model

    monkeypatch.setattr(week_model, "SORT_APART", 1)  # the test office's grid counts as large
    pane.context.grid_selected.emit(office["root"])
    settle(qtbot, pane)
    spy = slow_spy(week_model, "sort_rows")
    pane.view.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: spy.calls == 1)
    assert spy.threads[0] is not threading.main_thread()
    spy.release.set()
    settle(qtbot, pane)
    names = [pane.proxy.index(r, COL_NAME).data() for r in range(pane.proxy.rowCount())]
    assert len(names) > 1 and names == sorted(names)
