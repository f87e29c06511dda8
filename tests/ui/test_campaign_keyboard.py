"""A clerk records a batch of hand-outs from the signed sheets without touching the mouse:
type the ID tail (or name) in the find box, Enter, Enter, next."""

import datetime as dt

from PySide6.QtCore import Qt

from gridoffice.services.campaigns import core as C
from gridoffice.services.campaigns import lists
from gridoffice.ui.campaigns.pane import CampaignsPane
from gridoffice.ui.context import AppContext

REF = dt.date(2023, 1, 7)


def _pane(qtbot, village):
    cid, _change = C.create(village, C.CampaignSpec("健康爱心包", C.Criteria(REF, min_age=60)))
    pane = CampaignsPane(AppContext(village))
    qtbot.addWidget(pane)
    pane.resize(1300, 800)
    pane.show()
    pane.activateWindow()
    qtbot.waitUntil(lambda: not pane.busy())
    return pane, cid


def _choose_grid_by_keyboard(qtbot, pane, name):
    pane.coverage_view.setFocus()
    qtbot.keyClick(pane.coverage_view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(60):
        row = pane.coverage_model.row(pane.coverage_view.currentIndex().row())
        if row.name == name:
            return row.grid_id
        qtbot.keyClick(pane.coverage_view, Qt.Key.Key_Down)
    raise AssertionError(name)


def test_forty_hand_outs_by_keyboard_alone(qtbot, village):
    pane, cid = _pane(qtbot, village)
    grid = _choose_grid_by_keyboard(qtbot, pane, "第7微网格")
    qtbot.waitUntil(lambda: not pane.busy())  # the grid's list is read in the loader thread
    team = {t.id for t in lists.service_team(village, grid)}
    assert pane.form.staff.currentData() in team  # the grid's own team is offered first
    rows = lists.rows(village, lists.list_ids(village, cid, grid, [C.PENDING]))
    tails = [r.id_number[-6:] for r in rows if r.id_number]
    batch = [(r, t) for r, t in zip(rows, tails, strict=False) if tails.count(t) == 1][:40]
    assert len(batch) == 40
    pane.find_box.setFocus()
    for row, tail in batch:
        qtbot.keyClicks(pane.find_box, tail)
        assert pane.model.rowCount() == 1 and pane.model.row_of(0).id == row.id
        qtbot.keyClick(pane.find_box, Qt.Key.Key_Return)
        assert pane.focusWidget() is pane.view
        qtbot.keyClick(pane.view, Qt.Key.Key_Return)
        assert pane.focusWidget() is pane.find_box and pane.find_box.text() == ""
    done = lists.rows(village, [r.id for r, _t in batch])
    assert [r.state for r in done] == [C.HANDED] * 40
    assert {r.handed_by_id for r in done} <= team
    assert lists.coverage(village, cid).overall.handed == 40


def test_quick_find_searches_the_chosen_grid_unless_the_whole_campaign_is_asked(qtbot, village):
    pane, cid = _pane(qtbot, village)
    third = _choose_grid_by_keyboard(qtbot, pane, "第3微网格")
    first_grid_person = lists.rows(village, lists.list_ids(village, cid, _grid(pane, "第1微网格")))[0]
    qtbot.keyClicks(pane.find_box, first_grid_person.id_number[-6:])
    assert pane.model.rowCount() == 0
    assert "在第3微网格查找" in pane.list_title.text()
    pane.whole_box.setChecked(True)
    assert pane.model.rowCount() == 1 and pane.model.row_of(0).id == first_grid_person.id
    assert third != first_grid_person.grid_id


def _grid(pane, name):
    return next(pane.coverage_model.row(r).grid_id for r in range(pane.coverage_model.rowCount())
                if pane.coverage_model.row(r).name == name)
