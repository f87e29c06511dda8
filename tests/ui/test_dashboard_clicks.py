"""Clicking a bar of the overview's dashboard opens the list behind it, and the list holds as many
as the bar says: a key population's segment, an age band and sex, a month's 新增/办结, a week."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from gridoffice.domain.chart_layout import Box, Marker
from gridoffice.ui.main_window import MainWindow
from gridoffice.ui.widgets.lazy_pane import find_pane

ON = dt.date(2023, 1, 7)


@pytest.fixture
def window(qtbot, village_year):  # type: ignore[no-untyped-def]
    window = MainWindow(village_year)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    pane = window.overview
    pane.on.setDate(QDate(ON.year, ON.month, ON.day))
    qtbot.mouseClick(pane.show_charts, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pane.busy() and all(v.spec is not None for v in pane.charts), timeout=60_000)
    return window


def click(qtbot, window, index: int, pick):  # type: ignore[no-untyped-def]
    """Click the first item of chart ``index`` that ``pick`` accepts; returns it."""
    window.tabs.setCurrentWidget(window.overview)
    view = window.overview.charts[index]
    view.parentWidget().parentWidget().parentWidget().ensureWidgetVisible(view)  # the charts scroll
    item = next(i for i in view.items() if pick(i))
    k = view._scale()
    x, y = (item.x + item.w / 2, item.y + item.h / 2) if isinstance(item, Box) else (item.x, item.y)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(round(x * k), round(view.height() - y * k)))
    return view, item


def shown(window, name: str):  # type: ignore[no-untyped-def]
    pane = find_pane(window, name)
    assert window.tabs.currentWidget().isAncestorOf(pane)
    return pane


def test_a_key_population_segment_opens_that_list_in_its_grid(qtbot, window):
    view, box = click(qtbot, window, 1, lambda i: isinstance(i, Box) and i.series == 1 and i.key is not None)
    spec = view.spec
    assert spec.series_keys[1] == "disabled"
    pane = shown(window, "populationLists")
    qtbot.waitUntil(lambda: not pane.busy(), timeout=30_000)
    assert (pane.kind.currentData(), pane.grid_id, pane.day()) == ("disabled", box.key, ON)
    assert pane.model.rowCount() == spec.series[1].values[spec.keys.index(box.key)]
    assert window.context.current_grid == box.key  # the tree and every pane are on the segment's grid


def test_an_age_band_opens_the_persons_of_that_band_and_sex(qtbot, window):
    view, _box = click(qtbot, window, 0, lambda i: isinstance(i, Box) and i.key == 60 and i.series == 1)
    pane = shown(window, "populationLists")
    qtbot.waitUntil(lambda: not pane.busy(), timeout=30_000)
    assert pane.band == ((60, 69), "女") and pane.kind.currentData() is None
    assert "60–69 岁 · 女" in pane.band_button.text()
    assert pane.model.rowCount() == view.spec.series[1].values[view.spec.keys.index(60)] > 0
    qtbot.mouseClick(pane.band_button, Qt.MouseButton.LeftButton)  # 清除: everyone again
    qtbot.waitUntil(lambda: not pane.busy() and pane.model.rowCount() > 1000, timeout=30_000)


@pytest.mark.parametrize("series", [0, 1])
def test_a_month_opens_its_new_or_closed_matters(qtbot, window, series):
    view, _box = click(qtbot, window, 4, lambda i: isinstance(i, Box) and i.key == "2022-12" and i.series == series)
    pane = shown(window, "mattersPane")
    qtbot.waitUntil(lambda: not pane.busy() and pane.period is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not pane.busy(), timeout=30_000)
    assert pane.period[0] == ("new", "closed")[series]
    assert pane.period_button.text().startswith("2022年12月" + ("新增", "办结")[series])
    assert pane.model.rowCount() == view.spec.series[series].values[view.spec.keys.index("2022-12")] > 0


def test_a_week_opens_the_visits_pane_at_that_week(qtbot, window):
    view, point = click(qtbot, window, 3, lambda i: isinstance(i, Marker) and i.key is not None and i.series == 0)
    pane = shown(window, "visitsPane")
    assert pane.on == point.key == view.spec.keys[0]
    qtbot.waitUntil(lambda: not pane.busy(), timeout=60_000)
