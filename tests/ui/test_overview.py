import datetime as dt

from PySide6.QtCore import QDate, Qt

from gridoffice.ui.context import AppContext
from gridoffice.ui.overview import OverviewPane


def test_the_overview_counts_on_the_day_the_clerk_picks(qtbot, village):
    pane = OverviewPane(AppContext(village))
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: not pane.busy())
    assert pane.day() == dt.date.today() and dt.date.today().isoformat() in pane.subtitle.text()
    today_60 = pane.tiles["aged_60_plus"].value.text()
    pane.on.setDate(QDate(2023, 1, 7))  # the seed's day
    qtbot.waitUntil(lambda: not pane.busy() and "2023-01-07" in pane.subtitle.text())
    assert pane.tiles["aged_60_plus"].value.text() == "1,008"
    assert pane.tiles["households"].value.text() == "1,600"
    assert today_60 != "1,008"  # the residents have grown older since
    qtbot.mouseClick(pane.today, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pane.busy() and dt.date.today().isoformat() in pane.subtitle.text())
    assert pane.tiles["aged_60_plus"].value.text() == today_60
