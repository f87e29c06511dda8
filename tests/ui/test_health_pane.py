"""The 健康服务 pane (issue 21) on the demo village: the tier counts per child grid add up to the
village's residents 65+, a count opens the residents behind it, the trend follows the snapshots
(拍快照), a daily call is recorded with one click and undone, a card sheet is printed through the
GUI path into the preview."""

import datetime as dt
import sqlite3

from PySide6.QtCore import QDate, Qt

from gridoffice.domain import health_tiers as ht
from gridoffice.domain.ages import latest_birth_for_age
from gridoffice.services.grids import core as grids
from gridoffice.services.health import tiers as health_tiers
from gridoffice.ui.context import AppContext
from gridoffice.ui.health.pane import HealthPane

ON = dt.date(2023, 1, 7)


def _aged_65(path) -> int:
    """Independently, straight from the file: the village's active residents 65+ in a grid."""
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id"
            " WHERE p.status = '在册' AND p.deleted_at IS NULL AND h.deleted_at IS NULL"
            " AND h.grid_id IS NOT NULL AND p.birth_date <= ?", (latest_birth_for_age(65, ON).isoformat(),)
        ).fetchone()[0]


def _pane(qtbot, village, grid_id=None):
    context = AppContext(village)
    if grid_id is not None:
        context.grid_selected.emit(grid_id)
    pane = HealthPane(context)
    qtbot.addWidget(pane)
    pane.on.setDate(QDate(ON))
    pane.resize(1100, 650)
    pane.show()
    qtbot.waitUntil(lambda: not pane.busy() and pane.data is not None and pane.data.on == ON)
    return pane


def _cell(pane, row, col):
    return pane.counts_model.index(row, col).data()


def test_counts_add_up_to_the_villages_65_plus_and_open_their_persons(qtbot, qtmodeltester, village, village_path):
    pane = _pane(qtbot, village)
    qtmodeltester.check(pane.counts_model)
    model = pane.counts_model
    last = model.rowCount() - 1
    assert _cell(pane, last, 0) == "合计"
    expected = _aged_65(village_path)
    assert int(_cell(pane, last, 5).replace(",", "")) == expected == len(pane.data.persons)
    for col in range(1, 6):  # every tier column, and the 65+ column, add up down the lines
        assert sum(int(_cell(pane, r, col).replace(",", "")) for r in range(last)) == int(
            _cell(pane, last, col).replace(",", ""))
    assert sum(int(_cell(pane, last, c).replace(",", "")) for c in range(1, 5)) == expected
    assert f"65岁以上 {expected:,}".replace(",", "") in pane.title.text().replace(",", "")
    # a click on the first line's 红 opens those residents
    red = int(_cell(pane, 0, 1))
    rect = pane.counts_view.visualRect(model.index(0, 1))
    qtbot.mouseClick(pane.counts_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert pane.tabs.currentWidget() is pane.lists
    qtmodeltester.check(pane.lists.model)
    assert pane.lists.model.rowCount() == red > 0
    assert {pane.lists.model.index(r, 0).data() for r in range(red)} == {"红"}
    assert f"红 {red} 人" in pane.lists.title.text()
    pane.show_mobile()  # the mobile-vaccination list is cut from the same figures
    assert all(pane.lists.model.index(r, 8).data() == "是" for r in range(pane.lists.model.rowCount()))
    assert pane.lists.dose_button.isVisible()


def test_the_trend_follows_the_snapshots(qtbot, village):
    pane = _pane(qtbot, village)
    assert pane.chart.isHidden() and not pane.chart_note.isHidden()
    health_tiers.snapshot(village, ON - dt.timedelta(days=7))
    qtbot.mouseClick(pane.snapshot_button, Qt.MouseButton.LeftButton)  # this week's, as one undo step
    qtbot.waitUntil(lambda: not pane.busy() and pane.chart.spec is not None)
    spec = pane.chart.spec
    assert spec.kind == "line" and spec.keys == (dt.date(2022, 12, 26), dt.date(2023, 1, 2))
    red = next(s for s in spec.series if s.name == "红")
    assert red.values[-1] == pane.data.total.counts[ht.RED]
    assert not pane.chart.isHidden() and pane.chart_note.isHidden()
    assert pane.context.undo_stack.count() == 1
    pane.context.undo_stack.undo()
    qtbot.waitUntil(lambda: not pane.busy() and pane.chart.spec is not None and len(pane.chart.spec.keys) == 1)


def test_a_call_is_recorded_with_one_click_and_undone(qtbot, qtmodeltester, village):
    pane = _pane(qtbot, village)
    calls = pane.calls
    pane.tabs.setCurrentWidget(calls)
    qtmodeltester.check(calls.model)
    assert calls.model.rowCount() == pane.data.total.counts[ht.RED] > 1
    assert "本周打过电话 0 人" in calls.status.text()
    calls.view.selectRow(0)
    first = calls.current()
    calls.note.setText("血压平稳")
    qtbot.mouseClick(calls.reached, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pane.busy() and "本周打过电话 1 人" in calls.status.text())
    row = calls.model.row_of(first)
    assert calls.model.index(row, 4).data() == "已打通"
    assert "六√" in calls.model.index(row, 3).data() and calls.model.index(row, 6).data() == "血压平稳"
    assert calls.model.index(row, 5).data() == "测试员"
    assert calls.current() != first  # the next resident is selected for the next click
    assert pane.counts_model.index(pane.counts_model.rowCount() - 1, 10).data().startswith("1/")
    assert calls.undo.isEnabled()
    qtbot.mouseClick(calls.undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pane.busy() and "本周打过电话 0 人" in calls.status.text())
    assert calls.model.index(calls.model.row_of(first), 4).data() == ""


def test_cards_are_printed_for_the_selected_micro_grid_into_the_preview(qtbot, village, monkeypatch):
    from pypdf import PdfReader

    from gridoffice.ui.widgets import pdf_preview

    micro = next(n for root in grids.tree(village) for n in root.walk() if n.level == "micro")
    shown = []
    monkeypatch.setattr(pdf_preview, "preview", lambda path, title, parent: shown.append((path, title)))
    pane = _pane(qtbot, village, micro.id)
    assert pane.cards_button.isEnabled()
    cards = [t for t in health_tiers.tiers(village, micro.id, ON) if t.tier in (ht.RED, ht.YELLOW)]
    qtbot.mouseClick(pane.cards_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    path, title = shown[0]
    assert path == pane.last_output and path.exists() and "床头联系卡" in title
    assert len(PdfReader(str(path)).pages) == (len(cards) + 3) // 4
    qtbot.mouseClick(pane.sheet_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) == 2)
    assert "每日电话随访表" in shown[1][1]
