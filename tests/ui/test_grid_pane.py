"""The issue's GUI flow: create a micro-grid, give it a leader and a doctor, bulk-move
households into it, and see the tree's counts and the checks panel follow."""

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from gridoffice.services import checks
from gridoffice.services.grids import core as grids
from gridoffice.services.staff import core as staff
from gridoffice.ui.grids.structure_dialogs import AddGridDialog
from gridoffice.ui.grids.tree import COL_HOUSEHOLDS
from gridoffice.ui.main_window import MainWindow
from gridoffice.ui.staff.dialogs import PostDialog, StaffDialog
from gridoffice.ui.widgets.lazy_pane import find_pane
from tests.held import delivered


def _node(db, code):
    return next(n for root in grids.tree(db) for n in root.walk() if n.code == code)


def _tree_count(window, grid_id):
    """The tree's count once its recount (a household change: read in the pool) is shown."""
    deadline = time.monotonic() + 10
    while window.tree_pane.loader.busy() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    index = window.tree_pane.model.index_of_grid(grid_id)
    return int(index.siblingAtColumn(COL_HOUSEHOLDS).data())


def _kinds(qtbot, panel):
    """The checks panel's findings once its (debounced) refresh has run."""
    qtbot.waitUntil(lambda: not panel.busy())
    return {(f.kind, f.grid_code) for f in panel.findings}


def _answer_dialog(qtbot, kind, fill):
    """When the modal dialog of ``kind`` opens, fill it and press OK."""
    done = []

    def handle():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, handle)
            return
        fill(dialog)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        done.append(dialog)

    QTimer.singleShot(0, handle)
    return done


def test_create_micro_grid_staff_it_and_move_households(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    ctx = window.context
    panel = find_pane(window, "checksPanel")
    assert _kinds(qtbot, panel) == {
        (checks.MICRO_SIZE, "YMC-01-07"), (checks.NO_DOCTOR, "YMC-02-04"), (checks.TEAM_SIZE, "YMC-02-04")}
    assert panel.model.rowCount() == 3

    # 1. create a micro-grid under 第一网格 through the dialog
    window.tabs.setCurrentWidget(find_pane(window, "gridPane"))
    general = _node(village, "YMC-01")
    ctx.grid_selected.emit(general.id)
    box = find_pane(window, "structureBox")
    done = _answer_dialog(qtbot, AddGridDialog, lambda d: (d.name.setText("第33微网格"), d.covers.setText("7组91号以后")))
    box.add_button.click()
    assert done and done[0].code.text() == "YMC-01-09"  # the next free code was suggested
    new = _node(village, "YMC-01-09")
    assert new.name == "第33微网格" and new.level == "micro"
    assert ctx.current_grid == new.id  # the new grid is selected in the tree
    assert window.tree_pane.view.currentIndex().data() == "第33微网格"
    assert (checks.NO_LEADER, "YMC-01-09") in _kinds(qtbot, panel)

    # 2. a leader (a new person, added from the post dialog) and a doctor (an existing one)
    team = find_pane(window, "teamBox")
    steps = []

    def sequence():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PostDialog) and not steps:
            steps.append("new")
            dialog.new_person.click()
        elif isinstance(dialog, StaffDialog):
            steps.append("staff")
            dialog.name.setText("罗建国")
            dialog.phone.setText("13512345678")
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        elif isinstance(dialog, PostDialog) and steps == ["new", "staff"]:
            steps.append(dialog.person.currentText())
            dialog.role.setCurrentText("微网格长")
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
            return
        QTimer.singleShot(20, sequence)

    QTimer.singleShot(0, sequence)
    team.add_button.click()
    delivered(qtbot)  # appointed in the pool
    assert steps[:2] == ["new", "staff"] and steps[2].startswith("罗建国")  # reopened with him chosen
    doctor = next(p for p in staff.grid_posts(village, _node(village, "YMC-01-08").id) if p.role == "家庭医生")
    _answer_dialog(qtbot, PostDialog, lambda d: (
        d.person.setCurrentIndex(d.person.findData(doctor.staff_id)), d.role.setCurrentText("家庭医生")))
    team.add_button.click()
    delivered(qtbot)  # appointed in the pool
    assert [p.role for p in staff.service_team(village, new.id)] == ["微网格长", "家庭医生"]
    assert team.call.text() == "居民请拨打：罗建国（微网格长）13512345678"
    kinds = _kinds(qtbot, panel)
    assert (checks.NO_LEADER, "YMC-01-09") not in kinds and (checks.NO_DOCTOR, "YMC-01-09") not in kinds
    assert (checks.TEAM_SIZE, "YMC-01-09") in kinds  # two people: one short

    # 3. bulk-move 7组 91–106号 into it from the assignment pane
    pane = find_pane(window, "assignPane")
    qtbot.waitUntil(lambda: not pane.grid_loader.busy())  # grids and addresses read in the pool
    window.tabs.setCurrentWidget(pane)
    pane.group.setCurrentIndex(pane.group.findData("7组"))
    pane.door_from.setValue(91)
    pane.search_button.click()
    qtbot.waitUntil(lambda: not pane.busy())  # searched in a pool thread
    assert pane.model.rowCount() == 16
    pane.select_all.click()
    pane.target.setCurrentIndex(pane.target.findData(new.id))
    assert pane.move_button.isEnabled()
    pane.move_button.click()
    qtbot.waitUntil(lambda: not pane.busy())
    assert _tree_count(window, new.id) == 16
    seventh = _node(village, "YMC-01-07").id
    assert _tree_count(window, seventh) == 90
    assert _tree_count(window, general.id) == 456
    kinds = _kinds(qtbot, panel)
    assert (checks.MICRO_SIZE, "YMC-01-07") not in kinds
    assert (checks.MICRO_SIZE, "YMC-01-09") in kinds  # 16 < 30
    assert {pane.model.row_values(r)[8] for r in range(pane.model.rowCount())} == {"第33微网格"}

    # 4. undo puts them back; the tree and the panel follow
    assert ctx.undo_stack.undoText() == "把 16 户划入第33微网格"
    ctx.undo_stack.undo()
    assert _tree_count(window, seventh) == 106 and _tree_count(window, new.id) == 0
    assert (checks.MICRO_SIZE, "YMC-01-07") in _kinds(qtbot, panel)


def test_drag_households_onto_a_micro_grid(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    pane = find_pane(window, "assignPane")
    qtbot.waitUntil(lambda: not pane.grid_loader.busy())  # grids and addresses read in the pool
    pane.group.setCurrentIndex(pane.group.findData("7组"))
    pane.door_from.setValue(101)
    pane.search()
    qtbot.waitUntil(lambda: not pane.busy())
    pane.view.selectAll()
    mime = pane.proxy.mimeData(pane.view.selectionModel().selectedIndexes())
    model = window.tree_pane.model
    eighth = _node(village, "YMC-01-08").id
    target = model.index_of_grid(eighth)
    general = model.index_of_grid(_node(village, "YMC-01").id)
    from PySide6.QtCore import Qt

    assert not model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, general)  # not a general grid
    assert model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, target)
    model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, target)
    delivered(qtbot)  # moved in the pool
    assert _tree_count(window, eighth) == 38 + 6
    assert window.context.undo_stack.undoText() == "把 6 户划入第8微网格"


def test_clicking_findings_jumps_to_the_grid_and_the_staff(qtbot, village, monkeypatch):
    from gridoffice.store.models import Staff

    with village.session() as s:
        s.get(Staff, 5).phone = "1234"
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    panel = find_pane(window, "checksPanel")
    qtbot.waitUntil(lambda: not panel.busy())  # checked in a pool thread
    rows = {f.kind: i for i, f in enumerate(panel.findings)}
    panel.open_finding(panel.model.index(rows[checks.NO_DOCTOR], 0))
    assert window.tree_pane.view.currentIndex().data() == "第12微网格"
    assert window.tabs.currentWidget().objectName() == "gridPane"
    panel.open_finding(panel.model.index(rows[checks.BAD_PHONE], 0))
    staff_pane = find_pane(window, "staffPane")
    assert window.tabs.currentWidget() is staff_pane
    qtbot.waitUntil(lambda: not staff_pane.busy())  # the list is read in the pool, then selected
    assert staff_pane.current_staff() == 5
    assert "1 人电话有误" in staff_pane.count.text()


def test_structure_box_rename_merge_split_refusals(qtbot, village, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(find_pane(window, "gridPane"))
    box = find_pane(window, "structureBox")
    seventh = _node(village, "YMC-01-07")
    window.context.grid_selected.emit(seventh.id)
    box.code.setText("YMC-01-08")  # taken
    box.save()
    assert warnings and "不能重复" in warnings[-1]
    box.name.setText("第七微网格")
    box.code.setText("YMC-01-07")
    box.save()
    assert window.tree_pane.view.currentIndex().data() == "第七微网格"
    from gridoffice.ui.grids.structure_dialogs import MergeDialog, SplitDialog

    _answer_dialog(qtbot, SplitDialog, lambda d: (d.door_from.setValue(54), d.select_doors()))
    box.split_button.click()
    assert _tree_count(window, seventh.id) == 53
    split_off = _node(village, "YMC-01-09")
    assert _tree_count(window, split_off.id) == 53

    def tick(d):
        from PySide6.QtCore import Qt

        for i in range(d.list.count()):
            if d.list.item(i).data(Qt.ItemDataRole.UserRole + 1) == split_off.id:
                d.list.item(i).setCheckState(Qt.CheckState.Checked)

    _answer_dialog(qtbot, MergeDialog, tick)
    box.merge_button.click()
    assert _tree_count(window, seventh.id) == 106
    assert window.tree_pane.model.index_of_grid(split_off.id).isValid() is False


def test_hidden_panes_refresh_when_their_tab_is_shown(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    pane = find_pane(window, "assignPane")
    qtbot.waitUntil(lambda: not pane.grid_loader.busy())  # grids and addresses read in the pool
    pane.group.setCurrentIndex(pane.group.findData("7组"))
    pane.door_from.setValue(101)
    window.tabs.setCurrentWidget(pane)
    pane.search()
    qtbot.waitUntil(lambda: not pane.busy())
    ids = pane.model.ids()
    window.tabs.setCurrentIndex(0)
    from gridoffice.services.grids import assign

    eighth = _node(village, "YMC-01-08").id
    window.context.apply(assign.move_households(village, ids, eighth))
    assert pane.model.row_values(0)[8] == "第7微网格"  # hidden: not refreshed yet
    window.tabs.setCurrentWidget(pane)
    qtbot.waitUntil(lambda: not pane.busy())
    assert {pane.model.row_values(r)[8] for r in range(pane.model.rowCount())} == {"第8微网格"}


def test_move_and_remove_from_the_structure_box(qtbot, village, monkeypatch):
    from gridoffice.domain.codes import GridLevel
    from gridoffice.services.grids import structure
    from gridoffice.ui.grids.structure_dialogs import MoveDialog

    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(find_pane(window, "gridPane"))
    box = find_pane(window, "structureBox")
    eighth, second = _node(village, "YMC-01-08"), _node(village, "YMC-02")
    window.context.grid_selected.emit(eighth.id)
    _answer_dialog(qtbot, MoveDialog, lambda d: d.target.setCurrentIndex(d.target.findData(second.id)))
    box.move_button.click()
    assert _tree_count(window, second.id) == 374 + 38
    assert "第二网格" in box.path.text()
    (empty,) = structure.add_grid(village, second.id, GridLevel.DEDICATED, "YMC-02-S", "禹庙小学",
                                  covers="禹庙小学").rows["grid"]
    window.context.notify({"grid"})
    window.context.grid_selected.emit(empty)
    assert box.covers.text() == "禹庙小学" and "专属网格" in box.title()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    box.remove_button.click()
    delivered(qtbot)  # removed in the pool
    assert not window.tree_pane.model.index_of_grid(empty).isValid()
    window.context.undo_stack.undo()
    assert window.tree_pane.model.index_of_grid(empty).isValid()


def test_unassigned_finding_opens_the_assignment_pane(qtbot, village):
    from gridoffice.services.grids import assign

    fifth = assign.find_households(village, assign.HouseholdQuery(village_group="5组"))
    with village.session() as s:
        assign.set_household_grids(s, {r.id: None for r in fifth[:3]})
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    panel = find_pane(window, "checksPanel")
    qtbot.waitUntil(lambda: not panel.busy())  # checked in a pool thread
    rows = [i for i, f in enumerate(panel.findings) if f.kind == checks.UNASSIGNED]
    assert panel.findings[rows[0]].message == "有 3 户没有划入微网格"
    panel.open_finding(panel.model.index(rows[0], 0))
    pane = find_pane(window, "assignPane")
    qtbot.waitUntil(lambda: not pane.grid_loader.busy())  # grids and addresses read in the pool
    assert window.tabs.currentWidget() is pane and pane.unassigned.isChecked()
    qtbot.waitUntil(lambda: not pane.busy())
    assert pane.model.rowCount() == 3
    assert {pane.model.row_values(r)[8] for r in range(3)} == {"（未划入）"}
    # dropping them on 第5微网格 clears the finding
    pane.view.selectAll()
    pane.target.setCurrentIndex(pane.target.findData(_node(village, "YMC-01-05").id))
    pane.move_button.click()
    qtbot.waitUntil(lambda: not pane.busy())  # moved in the pool
    assert checks.UNASSIGNED not in {k for k, _ in _kinds(qtbot, panel)}


def test_a_real_drop_event_on_the_tree_view(qtbot, village):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    pane = find_pane(window, "assignPane")
    qtbot.waitUntil(lambda: not pane.grid_loader.busy())  # grids and addresses read in the pool
    pane.group.setCurrentIndex(pane.group.findData("7组"))
    pane.door_from.setValue(104)
    pane.search()
    qtbot.waitUntil(lambda: not pane.busy())
    pane.view.selectAll()
    mime = pane.proxy.mimeData(pane.view.selectionModel().selectedIndexes())
    view = window.tree_pane.view
    eighth = _node(village, "YMC-01-08").id
    index = window.tree_pane.model.index_of_grid(eighth)
    view.scrollTo(index)
    pos = QPointF(view.visualRect(index).center())
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), QDragEnterEvent(pos, *args))
    move = QDragMoveEvent(pos, *args)
    QApplication.sendEvent(view.viewport(), move)
    assert move.isAccepted()
    QApplication.sendEvent(view.viewport(), QDropEvent(pos, *args))
    delivered(qtbot)  # moved in the pool
    assert _tree_count(window, eighth) == 38 + 3


def test_the_household_search_runs_off_the_gui_thread(qtbot, village, slow_spy):
    import threading

    from gridoffice.services.grids import assign
    from gridoffice.ui.context import AppContext
    from gridoffice.ui.grids.assign_pane import AssignPane

    spy = slow_spy(assign, "find_households")
    threads, release = spy.threads, spy.release
    pane = AssignPane(AppContext(village))
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: not pane.grid_loader.busy())
    pane.group.setCurrentIndex(pane.group.findData("7组"))
    pane.search_button.click()
    qtbot.waitUntil(lambda: len(threads) >= 1)
    assert threads[0] is not threading.main_thread() and pane.found.text() == "正在查询…"
    release.set()
    qtbot.waitUntil(lambda: not pane.busy())
    assert pane.model.rowCount() == 106 and "找到 106 户" in pane.found.text()
