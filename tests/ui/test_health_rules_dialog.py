"""The tier score dialog and the tier column of the visits pane (issue 21)."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from gridoffice.domain import health_tiers as ht
from gridoffice.services.health import rules as health_rules
from gridoffice.services.health import tiers as health_tiers
from gridoffice.services.scope import grid_id_by_code
from gridoffice.ui.context import AppContext
from gridoffice.ui.health.rules_dialog import HealthRulesDialog
from gridoffice.ui.visits.pane import COL_TIER, VisitsPane

ON = dt.date(2023, 1, 7)


def _reds(db):
    return sum(1 for t in health_tiers.tiers(db, None, ON) if t.tier == ht.RED)


def test_dialog_saves_points_and_crossing_thresholds_in_one_undo(qtbot, village):
    context = AppContext(village)
    before = _reds(village)
    dialog = HealthRulesDialog(context)
    qtbot.addWidget(dialog)
    dialog.spins[(ht.VACCINE, ht.VACCINE_PARTIAL)].setValue(3)
    dialog.spins[(ht.THRESHOLD, ht.YELLOW)].setValue(5)  # above the old red start: saved after it
    dialog.spins[(ht.THRESHOLD, ht.RED)].setValue(6)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    rules = health_rules.load(village)
    assert (rules.value(ht.THRESHOLD, ht.YELLOW), rules.value(ht.THRESHOLD, ht.RED)) == (5, 6)
    assert _reds(village) != before
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert all(r.is_default for r in health_rules.load(village).rows())
    assert _reds(village) == before


def test_visits_pane_shows_the_tier_red_first(qtbot, village):
    context = AppContext(village)
    pane = VisitsPane(context)
    qtbot.addWidget(pane)
    pane.week_edit.setDate(QDate(ON.year, ON.month, ON.day))
    pane.show()
    context.grid_selected.emit(grid_id_by_code(village, "YMC-01-01"))
    qtbot.waitUntil(lambda: not pane.busy())
    tiers = [pane.proxy.index(r, COL_TIER).data() for r in range(pane.proxy.rowCount())]
    assert tiers and tiers[0] == "红" and "绿" in tiers
    assert tiers.index("绿") > max(i for i, t in enumerate(tiers) if t == "红")
    assert pane.proxy.headerData(COL_TIER, Qt.Orientation.Horizontal) == "分级"
