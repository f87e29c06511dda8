"""An empty 回收站 or backup list says why it is empty and what fills it (issue 18 review)."""

from __future__ import annotations

import pytest

from gridoffice.ui.context import AppContext
from gridoffice.ui.recycle_bin import RecycleBinPane
from gridoffice.ui.safety.pane import SafetyPane


@pytest.fixture
def context(db):  # type: ignore[no-untyped-def]
    return AppContext(db)


def test_an_empty_recycle_bin_says_what_it_holds(qtbot, context):  # type: ignore[no-untyped-def]
    pane = RecycleBinPane(context)
    qtbot.addWidget(pane)
    pane.resize(900, 500)
    pane.show()
    pane.reload()
    hint = pane.table.viewport().findChild(type(pane.note), "emptyHint")
    assert pane.table.rowCount() == 0 and hint.isVisible() and "回收站是空的" in hint.text()
    pane.table.setRowCount(1)
    pane.empty_hint.update()
    assert not hint.isVisible()


def test_an_empty_backup_list_says_how_to_make_one(qtbot, context):  # type: ignore[no-untyped-def]
    pane = SafetyPane(context)
    qtbot.addWidget(pane)
    pane.resize(1000, 700)
    pane.show()
    pane.refresh()
    hint = pane.backup_hint.label
    assert pane.backups.rowCount() == 0 and hint.isVisible() and "立即备份" in hint.text()
