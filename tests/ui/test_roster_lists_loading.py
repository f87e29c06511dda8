"""The roster and the population lists read in the pool: off the GUI thread, the first screen
before the whole list, and the one-click confirmation of returnees gone (split from
test_roster_ui.py)."""

import datetime as dt
import threading

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from gridoffice.services.roster import lists as roster_lists
from gridoffice.ui.context import AppContext
from gridoffice.ui.roster.pane import RosterPane
from gridoffice.ui.roster.population_lists import PopulationListsPane


def settle(qtbot, pane):
    """The lists pane reads its ids in a pool thread: wait until the latest list is shown."""
    qtbot.waitUntil(lambda: not pane.busy())


def _held_in_the_pool(qtbot, slow_spy, read: str, make):  # type: ignore[no-untyped-def]
    """The pane made and shown with ``roster_lists.<read>`` held in a pool thread: its first
    reading is under way, off the GUI thread."""
    spy = slow_spy(roster_lists, read)
    pane = make()
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: len(spy.threads) == 1)
    assert spy.threads[0] is not threading.main_thread()
    return pane, spy


def test_the_list_is_read_off_the_gui_thread(qtbot, village, slow_spy):
    lists, spy = _held_in_the_pool(qtbot, slow_spy, "person_ids", lambda: PopulationListsPane(AppContext(village)))
    assert lists.busy() and lists.total.text() == "正在读取名单…"
    lists.set_kind("aged_60_plus")  # chosen while reading: read once more afterwards, never twice at once
    lists.on.setDate(dt.date(2023, 1, 7))
    spy.release.set()
    settle(qtbot, lists)
    # the first reading's first screen (dropped: the kind changed), then the new kind's first
    # screen and its whole list (population_lists.reload reads the first page first)
    assert len(spy.threads) == 3 and lists.model.rowCount() == 1008 and "1,008" in lists.total.text()


def test_the_roster_is_read_off_the_gui_thread(qtbot, village, slow_spy):
    pane, spy = _held_in_the_pool(qtbot, slow_spy, "household_ids", lambda: RosterPane(AppContext(village)))
    assert pane.title.text() == "正在读取住户…"
    spy.release.set()
    settle(qtbot, pane)
    assert pane.model.rowCount() == 1600 and pane.title.text() == "全部网格：1,600 户"


def test_returnees_expected_gone_confirmed_in_one_click(qtbot, village):
    from PySide6.QtCore import QDate

    from gridoffice.store.models import ReturneeStay
    from gridoffice.ui.roster.population_lists import RETURNEES_GONE

    with village.reading() as s:
        last = s.scalar(select(func.max(ReturneeStay.expected_departure)))
    context = AppContext(village)
    lists = PopulationListsPane(context)
    qtbot.addWidget(lists)
    lists.show()
    lists.on.setDate(QDate(last.year, last.month, last.day).addDays(1))
    lists.set_kind(RETURNEES_GONE)
    settle(qtbot, lists)
    n = lists.model.rowCount()
    assert n > 0 and lists.confirm.isVisible() and not lists.confirm.isEnabled()
    status = next(c for c in range(lists.model.columnCount()) if lists.model.headerData(c, Qt.Orientation.Horizontal) == "状态")
    assert lists.model.index(0, status).data() == "预计已离开"
    lists.view.selectRow(0)
    assert lists.confirm.isEnabled()
    qtbot.mouseClick(lists.confirm, Qt.MouseButton.LeftButton)
    settle(qtbot, lists)
    assert lists.model.rowCount() == n - 1 and context.undo_stack.count() == 1
    lists.set_kind(None)
    assert not lists.confirm.isVisible()


def test_the_first_screen_is_shown_before_the_whole_list(qtbot, village):
    """The whole list's first page is painted from a first short read; the rest is appended under
    it (the row in view and the selection stay)."""
    from gridoffice.ui.roster import population_lists

    lists = PopulationListsPane(AppContext(village))
    qtbot.addWidget(lists)
    shown: list[int] = []
    lists.model.modelReset.connect(lambda: shown.append(lists.model.rowCount()))
    lists.show()
    settle(qtbot, lists)
    assert shown[0] == population_lists.FIRST_ROWS, "the first screen first"
    whole = roster_lists.person_ids(village, lists.scope(), lists.day())
    assert lists.model.ids() == whole and len(whole) > population_lists.FIRST_ROWS
    assert "共" in lists.total.text()

