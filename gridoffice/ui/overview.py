"""The overview pane: the numbers of the open database on a date the clerk picks (today unless
changed): ages are counted on that date, so the demo village shows the seed's 1,008 aged 60+ on
2023-01-07 and more today, as its residents have grown older since. Under them, the dashboard of
the grid selected in the tree (the whole database when none): age pyramid, key populations, kit
coverage, visits per week and matters per month (services/briefing/charts.py, drawn by
ui/widgets/chart_view.py). Clicking a bar opens the list behind it (``_open``). Everything is read off the GUI thread
in ``_load`` (the one place that knows how the pane loads)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.chart_spec import ChartSpec
from gridoffice.services import settings as office_settings
from gridoffice.services import stats
from gridoffice.services.grids import core as grids
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import Loader
from gridoffice.ui.settings import window_state
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.qdates import to_date

if TYPE_CHECKING:
    from gridoffice.store import Database
    from gridoffice.ui.widgets.chart_view import ChartView

CHART_COLUMNS = 3
CHART_HEIGHT = 210  # pixels, at least
CHARTS_KEY = "overview/charts"  # the charts shown or not, as the clerk left them


def _load_counts(db: Database, day: dt.date) -> tuple[dt.date, dict[str, object], str | None]:
    """The tiles, read in a pool thread (never touches a widget)."""
    return day, stats.counts(db, day).as_dict(), office_settings.get(db, office_settings.OFFICE_NAME)


def _load_scope(db: Database, grid_id: int | None) -> str:
    return grids.labels(db).get(grid_id, "") if grid_id is not None else ""


def _load_chart(db: Database, grid_id: int | None, day: dt.date, index: int) -> ChartSpec | None:
    """One chart of the dashboard, read in a pool thread (each chart on its own, so the quick
    ones show while the visits of a street's 33,000 key persons are still being counted)."""
    from gridoffice.services.briefing import charts as briefing_charts

    return briefing_charts.DASHBOARD[index](db, grid_id, day)


class _Tile(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("overviewTile")
        self.value = QLabel("—", self)
        self.value.setObjectName("tileValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        caption = QLabel(label, self)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(caption)


class OverviewPane(ReloadWhenShown):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.title = QLabel(self)
        self.title.setObjectName("overviewTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("overviewDate")
        self.on = QDateEdit(QDate.currentDate(), self)
        self.on.setObjectName("overviewOn")
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setCalendarPopup(True)
        self.on.setToolTip(self.tr("按这一天计算年龄和人数"))
        self.today = QPushButton(self.tr("今天"), self)
        self.today.setObjectName("overviewToday")
        self.today.clicked.connect(lambda: self.on.setDate(QDate.currentDate()))
        bar = QHBoxLayout()
        bar.addWidget(self.subtitle)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("统计日期："), self))
        bar.addWidget(self.on)
        bar.addWidget(self.today)
        self.show_charts = QPushButton(self.tr("显示图表"), self)
        self.show_charts.setObjectName("overviewShowCharts")
        self.show_charts.setCheckable(True)
        self.show_charts.setToolTip(self.tr("按所选网格和统计日期画出图表（街道全部网格要几秒钟）"))
        bar.addWidget(self.show_charts)
        labels = {
            "communities": self.tr("村（社区）"),
            "general_grids": self.tr("一般网格"),
            "micro_grids": self.tr("微网格"),
            "staff": self.tr("网格员"),
            "households": self.tr("户数"),
            "persons": self.tr("在册人口"),
            "aged_60_plus": self.tr("60 岁以上"),
            "aged_80_plus": self.tr("80 岁以上"),
        }
        self.tiles: dict[str, _Tile] = {}
        grid = QGridLayout()
        for i, (key, label) in enumerate(labels.items()):
            tile = _Tile(label, self)
            self.tiles[key] = tile
            grid.addWidget(tile, 0, i)
        self.scope = QLabel(self)
        self.scope.setObjectName("overviewScope")
        self.charts: list[ChartView] = []  # made when first shown (``_make_charts``)
        board = QWidget(self)
        self._board_layout = QGridLayout(board)
        self._board_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setObjectName("overviewCharts")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(board)
        self.board = scroll
        scroll.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addLayout(grid)
        layout.addWidget(self.scope)
        layout.addWidget(scroll, 1)
        # the room below the tiles while the charts are hidden (else the title and the tiles were
        # spread over the pane's height); it gives the room up to the charts when they show
        layout.addStretch(1)
        self._layout = layout
        self.loader = Loader(self, self._show)
        self.scope_loader = Loader(self, self._show_scope)
        self.chart_loader = Loader(self, self._chart_arrived)  # one chart at a time: the pool stays free
        self._charts_wanted: list[int] = []
        self._generation = 0
        self._parked: tuple[Database, int | None, dt.date] | None = None  # the chain, while hidden
        self.loader.loading.connect(self._on_loading)
        context.database_changed.connect(lambda: self.refresh_or_defer(self.refresh))
        context.data_changed.connect(lambda _tables: self.refresh_or_defer(self.refresh))
        context.grid_selected.connect(lambda _gid: self.refresh_or_defer(self.refresh_charts))
        self.show_charts.toggled.connect(self._charts_toggled)
        self.on.dateChanged.connect(lambda _d: self.refresh())
        if window_state().value(CHARTS_KEY, False, type=bool):  # the clerk's last choice
            self.show_charts.setChecked(True)
        self.refresh()

    def busy(self) -> bool:
        return self.loader.busy() or self.scope_loader.busy() or self.chart_loader.busy()

    def refresh(self) -> None:
        """Count in a pool thread (about a second on a street database); a change while the pane
        is hidden is counted when it is shown (``ReloadWhenShown``)."""
        db, day = self.context.db, self.day()
        self.loader.request(lambda: _load_counts(db, day))
        self.refresh_charts()

    def _charts_toggled(self, on: bool) -> None:
        if on:
            self._make_charts()
        self.board.setVisible(on)
        self._layout.setStretch(self._layout.count() - 1, 0 if on else 1)
        self.show_charts.setText(self.tr("隐藏图表") if on else self.tr("显示图表"))
        state = window_state()
        state.setValue(CHARTS_KEY, on)
        state.sync()
        self.refresh_charts()

    def _make_charts(self) -> None:
        """The chart views, made (and the chart code imported) when the clerk first asks for the
        charts: the first screen needs neither (issue 17)."""
        if self.charts:
            return
        from gridoffice.services.briefing import charts as briefing_charts
        from gridoffice.ui.widgets.chart_view import ChartView

        board = self._board_layout.parentWidget()
        for i in range(len(briefing_charts.DASHBOARD)):
            view = ChartView(board, least_height=CHART_HEIGHT)
            view.clicked.connect(self._open)
            self.charts.append(view)
            self._board_layout.addWidget(view, i // CHART_COLUMNS, i % CHART_COLUMNS)

    def refresh_charts(self) -> None:
        """The charts are read only once the clerk asks for them (a street's whole dashboard
        takes seconds of the worker pool, which every pane shares)."""
        if not self.show_charts.isChecked():
            return
        from gridoffice.services.briefing import charts as briefing_charts

        self._make_charts()
        db, day, grid_id = self.context.db, self.day(), self.context.current_grid
        self.scope_loader.request(lambda: _load_scope(db, grid_id))
        slow = briefing_charts.SLOWEST
        self._generation += 1
        self._parked = None
        self._charts_wanted = [*(k for k in range(len(self.charts)) if k != slow), slow]
        self._next_chart(db, grid_id, day)

    def _next_chart(self, db: Database, grid_id: int | None, day: dt.date) -> None:
        """Ask for the next chart of the current generation (each shows as soon as it is read).
        While the pane is hidden the chain waits (the pool serves the pane in view) and goes on
        when it is shown again (``showEvent``)."""
        if not self._charts_wanted:
            return
        if not self.isVisible():
            self._parked = (db, grid_id, day)
            return
        index, generation = self._charts_wanted.pop(0), self._generation
        self.chart_loader.request(lambda: (generation, index, _load_chart(db, grid_id, day, index),
                                           (db, grid_id, day)))

    def _chart_arrived(self, result: tuple[int, int, ChartSpec | None, tuple]) -> None:
        generation, index, spec, args = result
        if generation != self._generation:
            return  # a chart of a grid or day no longer shown
        self._show_chart(index, spec)
        self._next_chart(*args)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # what changed while hidden first: it may start a new chain
        parked, self._parked = self._parked, None
        if parked is not None:
            self._next_chart(*parked)

    def day(self) -> dt.date:
        return to_date(self.on.date())

    def _on_loading(self, loading: bool) -> None:
        """While recounting the old figures are greyed and the date line says so (they used to
        stand as if current for the second a street takes)."""
        if loading:
            self.subtitle.setText(self.tr("正在统计…"))
        for tile in self.tiles.values():
            tile.value.setEnabled(not loading)

    def _show(self, result: tuple[dt.date, dict[str, int], str | None]) -> None:
        day, data, office = result
        for key, tile in self.tiles.items():
            tile.value.setText(f"{data[key]:,}")
            tile.value.setEnabled(True)
        self.title.setText(office or self.tr("（未设置单位名称）"))
        self.subtitle.setText(self.tr("截至 {date}").format(date=day.isoformat()))

    def _show_scope(self, scope: str) -> None:
        self.scope.setText(self.tr("图表范围：{scope}（在左侧选择网格；点击网格的柱条查看该网格）").format(
            scope=scope or self.tr("全部网格")))

    def _show_chart(self, index: int, spec: ChartSpec | None) -> None:
        view = self.charts[index]
        view.set_spec(spec)
        view.setVisible(spec is not None)  # no campaign: no coverage chart (its height: ChartView, on every resize)

    def _open(self, kind: str, key: object, series: object = None) -> None:
        """A click on a chart opens the list behind it (the panes answer ``context.navigate``):
        a grid's bar selects that grid, a key population's segment selects its grid and opens that
        list there, an age band and sex the persons list, a month the matters of it (新增 or 办结),
        a week the visits pane at that week."""
        day, grid_id = self.day(), self.context.current_grid
        if kind == "grid" and isinstance(key, int):
            if isinstance(series, str):  # the tree (and every pane) on the grid the list is of
                self.context.grid_selected.emit(key)
                self.context.navigate.emit("population", {"grid": key, "on": day, "category": series})
                return
            self.context.navigate.emit("grid", key)
            self.context.grid_selected.emit(key)
        elif kind == "age" and isinstance(key, int):
            from gridoffice.services.briefing import charts as briefing_charts

            last = briefing_charts.AGE_BANDS[-1]
            ages = (key, None if key >= last else key + 9)
            self.context.navigate.emit("population", {"grid": grid_id, "on": day, "ages": ages, "sex": series})
        elif kind == "month" and isinstance(key, str):
            self.context.navigate.emit("matters", (key, series if series == "closed" else "new"))
        elif kind == "week" and isinstance(key, dt.date):
            self.context.navigate.emit("visits", key)
