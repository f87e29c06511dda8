"""After start-up the program takes this week's health-tier snapshot when the week has none, in
the pool, without an undo step of the clerk's; a week that has one is left alone."""

import datetime as dt
import threading

from gridoffice.services.health import tiers as health_tiers
from gridoffice.ui.context import AppContext
from gridoffice.ui.health import weekly
from tests.held import delivered


def test_the_weeks_snapshot_is_taken_once_in_the_pool(qtbot, village, slow_spy):
    from PySide6.QtWidgets import QWidget

    threads = slow_spy(health_tiers, "weekly_snapshot", held=False).threads
    window = QWidget()
    qtbot.addWidget(window)
    context = AppContext(village)
    heard = []
    context.data_changed.connect(heard.append)
    weekly.snapshot_in_background(context, window)
    qtbot.waitUntil(lambda: bool(heard))
    assert heard == [{"health_tier_snapshot"}]
    assert threads and threads[0] is not threading.main_thread()
    assert health_tiers.has_snapshot(village, dt.date.today())
    assert context.undo_stack.count() == 0  # not the clerk's step
    weekly.snapshot_in_background(context, window)  # the week has one: nothing taken again
    delivered(qtbot)
    assert heard == [{"health_tier_snapshot"}]
