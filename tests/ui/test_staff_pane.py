from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from gridoffice.services.grids import assign
from gridoffice.services.grids import core as grids
from gridoffice.services.staff import core as staff
from gridoffice.ui.grids.assign_pane import HouseholdsModel
from gridoffice.ui.main_window import MainWindow
from gridoffice.ui.staff.dialogs import PostDialog, StaffDialog
from gridoffice.ui.widgets.lazy_pane import find_pane
from gridoffice.ui.widgets.rows_model import RowsModel
from tests.held import delivered


def _node(db, code):
    return next(n for root in grids.tree(db) for n in root.walk() if n.code == code)


def _answer(fills):
    """Answer the next modal dialogs in turn: each fill gets the dialog, then OK is pressed."""
    todo = list(fills)

    def handle():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not todo or not isinstance(dialog, todo[0][0]):
            if todo:
                QTimer.singleShot(20, handle)
            return
        _kind, fill = todo.pop(0)
        fill(dialog)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        if todo:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(0, handle)
    return todo


def test_add_staff_with_bad_then_good_phone_and_give_posts_in_two_grids(qtbot, village, monkeypatch, tmp_path):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    pane = find_pane(window, "staffPane")
    window.tabs.setCurrentWidget(pane)
    photo = tmp_path / "luo.png"
    from PySide6.QtGui import QColor, QPixmap

    pix = QPixmap(60, 80)
    pix.fill(QColor("steelblue"))
    pix.save(str(photo))

    def bad(d):
        d.name.setText("罗建国")
        d.sex.setCurrentIndex(d.sex.findData("男"))
        d.phone.setText("1351234")
        assert "11 位" in d.phone_hint.text()  # told while typing

    def good(d):
        d.phone.setText("135-1234-5678")
        d.photo.setText(str(photo))
        assert d.preview.pixmap() is not None and not d.preview.pixmap().isNull()
        d.party.setChecked(True)

    left = _answer([(StaffDialog, bad), (StaffDialog, good)])
    pane.add_button.click()
    assert not left
    assert warnings and "手机号" in warnings[0]  # the first try was refused, the dialog stayed open
    assert pane.busy()  # the list is read again in the pool; the new person is selected once it shows
    qtbot.waitUntil(lambda: not pane.busy())
    sid = pane.current_staff()
    row = staff.get_staff(village, sid)
    assert (row.name, row.phone, row.party_member, row.photo_path) == ("罗建国", "13512345678", True, str(photo))
    # two posts in two grids through the post dialog
    g12, g11 = _node(village, "YMC-02-04"), _node(village, "YMC-02-03")
    for gid in (g12.id, g11.id):
        _answer([(PostDialog, lambda d, gid=gid: (d.grid.setCurrentIndex(d.grid.findData(gid)),
                                                  d.role.setCurrentText("家庭医生")))])
        pane.post_add.click()
        delivered(qtbot)  # appointed in the pool, then the list is read again
        qtbot.waitUntil(lambda: not pane.busy())
    assert pane.posts_model.rowCount() == 2
    assert {pane.posts_model.row_values(r)[1] for r in range(2)} == {"YMC-02-04", "YMC-02-03"}
    assert "第12微网格 家庭医生" in pane.model.row_values(pane.model.row_of(sid))[6]
    # search by initials finds him
    pane.search.setText("ljg")
    qtbot.waitUntil(lambda: not pane.busy())
    assert pane.model.rowCount() == 1 and pane.model.row_values(0)[0] == "罗建国"
    # leaving keeps the record, takes him off teams; undo brings him back
    pane.select_staff(sid)
    qtbot.waitUntil(lambda: not pane.busy() and pane.current_staff() == sid)
    pane.leave_button.click()
    delivered(qtbot)  # in the pool
    assert all(p.staff_id != sid for p in staff.service_team(village, g12.id))
    window.context.undo_stack.undo()
    assert any(p.staff_id == sid for p in staff.service_team(village, g12.id))


def test_roster_pane_lists_the_village(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    pane = find_pane(window, "staffRosterPane")
    qtbot.waitUntil(lambda: not pane.busy())  # read in the pool
    assert pane.community.currentText() == "禹庙村"
    assert pane.model.rowCount() == 102
    assert pane.model.row_values(0)[:3] == ("总网格", "禹庙村", "总网格长")
    assert pane.summary.text() == "102 个岗位，77 人"


def test_the_roster_is_read_off_the_gui_thread(qtbot, village, monkeypatch):
    import threading

    from gridoffice.services.staff import roster as staff_roster

    threads = []
    real_read = staff_roster.staff_roster

    def spy(db, cid):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real_read(db, cid)

    monkeypatch.setattr(staff_roster, "staff_roster", spy)
    window = MainWindow(village)
    qtbot.addWidget(window)
    pane = find_pane(window, "staffRosterPane")
    qtbot.waitUntil(lambda: not pane.busy())
    pane.show_roster()  # the community chosen again
    qtbot.waitUntil(lambda: not pane.busy())
    assert len(threads) == 2 and threading.main_thread() not in threads
    assert pane.model.rowCount() == 102


def test_models_pass_the_modeltester(qtmodeltester, village):
    model = RowsModel(["a", "b"])
    model.set_rows([("x", 1), ("y", 2)], [10, 20])
    model.numeric_columns = {1}
    qtmodeltester.check(model)
    empty = RowsModel(["a"])
    qtmodeltester.check(empty)
    households = HouseholdsModel(["户号", "地址"])
    rows = assign.find_households(village, assign.HouseholdQuery(village_group="3组"))
    households.set_rows([(r.number, r.address) for r in rows], [r.id for r in rows])
    qtmodeltester.check(households)
    assert households.mimeData([households.index(0, 0), households.index(0, 1)]).data(
        "application/x-gridoffice-households").data() == f"[{rows[0].id}]".encode()
