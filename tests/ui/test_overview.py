import datetime as dt

from PySide6.QtCore import QDate, QPoint, Qt

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


def test_recounting_says_so_instead_of_showing_old_figures_as_current(qtbot, village, monkeypatch):
    import threading

    from gridoffice.services import stats

    pane = OverviewPane(AppContext(village))
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: not pane.busy())
    release, real = threading.Event(), stats.counts
    monkeypatch.setattr(stats, "counts", lambda *a: release.wait(10) and real(*a))
    pane.context.notify({"person"})
    assert pane.busy() and pane.subtitle.text() == "正在统计…"
    assert not pane.tiles["persons"].value.isEnabled()  # the old figure is greyed meanwhile
    release.set()
    qtbot.waitUntil(lambda: not pane.busy())
    assert pane.tiles["persons"].value.isEnabled() and "截至" in pane.subtitle.text()


def test_a_pane_closed_while_counting_takes_no_result(qtbot, village, monkeypatch):
    """The window destroyed mid-load: the result finds no pane and is dropped quietly (it
    used to print "Signal source has been deleted")."""
    import threading

    from gridoffice.services import stats
    from gridoffice.ui import ops

    release, real = threading.Event(), stats.counts
    monkeypatch.setattr(stats, "counts", lambda *a: release.wait(10) and real(*a))
    pane = OverviewPane(AppContext(village))
    pane.show()
    assert pane.busy()
    pane.deleteLater()
    qtbot.waitUntil(lambda: not ops._live or all(not op._parent_alive() for op in ops._live))
    release.set()
    qtbot.waitUntil(lambda: ops.running() == 0 and not ops._live)


def test_the_dashboard_draws_the_selected_grid_and_a_bar_selects_its_grid(qtbot, village_year):
    from gridoffice.domain.chart_layout import Box
    from gridoffice.services.grids import core as grids

    context = AppContext(village_year)
    pane = OverviewPane(context)
    qtbot.addWidget(pane)
    pane.resize(1010, 640)
    pane.show()
    pane.on.setDate(QDate(2023, 1, 7))
    qtbot.waitUntil(lambda: not pane.busy() and "2023-01-07" in pane.subtitle.text(), timeout=30_000)
    assert all(v.spec is None for v in pane.charts)  # nothing read until asked for
    qtbot.mouseClick(pane.show_charts, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pane.busy() and pane.charts[3].spec is not None, timeout=30_000)
    titles = [v.spec.title for v in pane.charts if v.spec is not None]
    assert len(titles) == 5 and "人口年龄结构（2023-01-07）" in titles
    assert "全部网格" in pane.scope.text()
    population = pane.charts[1]
    assert population.spec.key_kind == "grid"
    with village_year.reading() as s:
        table = grids.catalogue(s)
    assert [table[k].level for k in population.spec.keys] == ["general"] * 4
    coverage = pane.charts[2]  # a grid's bar (a key population's segment opens its list: test_dashboard_clicks)
    assert coverage.spec.key_kind == "grid" and not coverage.spec.series_keys
    bar = next(i for i in coverage.items() if isinstance(i, Box) and i.key == coverage.spec.keys[1])
    k = coverage._scale()
    pos = QPoint(round((bar.x + bar.w / 2) * k), round(coverage.height() - (bar.y + bar.h / 2) * k))
    with qtbot.waitSignal(context.grid_selected):
        qtbot.mouseClick(coverage, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: not pane.busy() and table[population.spec.keys[0]].level == "micro", timeout=30_000)
    assert table[bar.key].name in pane.scope.text()


def test_a_chart_chain_waits_while_hidden_and_goes_on_when_shown(qtbot, village_year, slow_spy):
    from gridoffice.ui import overview
    from tests.held import delivered

    pane = OverviewPane(AppContext(village_year))
    qtbot.addWidget(pane)
    pane.resize(1010, 640)
    pane.show()
    pane.on.setDate(QDate(2023, 1, 7))
    qtbot.waitUntil(lambda: not pane.busy(), timeout=30_000)
    spy = slow_spy(overview, "_load_chart")
    qtbot.mouseClick(pane.show_charts, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: spy.calls == 1)
    pane.hide()  # mid-load: the first chart is being read
    spy.release.set()
    qtbot.waitUntil(lambda: pane.charts[0].spec is not None and not pane.busy(), timeout=30_000)
    delivered(qtbot)
    assert spy.calls == 1 and all(v.spec is None for v in pane.charts[1:])  # waits, the pool stays free
    pane.show()
    qtbot.waitUntil(lambda: not pane.busy() and all(v.spec is not None for v in pane.charts), timeout=60_000)
    assert spy.calls == len(pane.charts)


def test_the_charts_stay_as_the_clerk_left_them_and_the_button_says_what_it_does(qtbot, village):
    context = AppContext(village)
    pane = OverviewPane(context)
    qtbot.addWidget(pane)
    assert not pane.show_charts.isChecked() and pane.show_charts.text() == "显示图表"
    qtbot.mouseClick(pane.show_charts, Qt.MouseButton.LeftButton)
    assert pane.show_charts.text() == "隐藏图表" and pane.charts
    qtbot.waitUntil(lambda: not pane.busy(), timeout=30_000)
    again = OverviewPane(context)  # the next start
    qtbot.addWidget(again)
    assert again.show_charts.isChecked() and again.show_charts.text() == "隐藏图表" and again.charts
    qtbot.mouseClick(again.show_charts, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not again.busy(), timeout=30_000)
    third = OverviewPane(context)
    qtbot.addWidget(third)
    assert not third.show_charts.isChecked() and not third.charts
