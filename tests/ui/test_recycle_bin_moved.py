"""The recycle bin and a household sent away with a move package (issue 19)."""

import datetime as dt

from PySide6.QtWidgets import QMessageBox

from gridoffice.services.roster import households as roster_households
from gridoffice.services.roster import lists as roster_lists
from gridoffice.store.models import Household
from gridoffice.ui.context import AppContext
from gridoffice.ui.recycle_bin import RecycleBinPane


def test_restoring_a_moved_household_says_what_it_does_and_asks(qtbot, village, monkeypatch):
    """A household sent away with a move package: the bin says the move is undone and the members
    stay 迁出, and restores only on yes — then it no longer says it moved."""
    context = AppContext(village)
    bin_pane = RecycleBinPane(context)
    qtbot.addWidget(bin_pane)
    bin_pane.show()
    hid = roster_lists.household_ids(village, None)[0]
    with village.session() as s:
        h = s.get(Household, hid)
        h.moved_on, h.moved_to = dt.date(2026, 12, 2), "乙村（510124100202）"
    context.apply(roster_households.remove_household(village, hid))
    qtbot.waitUntil(lambda: bin_pane.table.rowCount() == 1)
    assert bin_pane.table.item(0, 5).text() == "乙村（510124100202）"
    asked: list[str] = []

    def answer(button):  # type: ignore[no-untyped-def]
        def ask(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
            asked.append(text)
            return button
        return ask

    bin_pane.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    bin_pane.restore()
    assert "2026-12-02" in asked[0] and "乙村" in asked[0] and "恢复在册" in asked[0]
    assert roster_households.get_household(village, hid).deleted_at is not None
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    bin_pane.restore()
    qtbot.waitUntil(lambda: bin_pane.table.rowCount() == 0)
    back = roster_households.get_household(village, hid)
    assert (back.deleted_at, back.moved_on, back.moved_to) == (None, None, None)
