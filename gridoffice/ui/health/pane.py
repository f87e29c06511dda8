"""The 健康服务 pane: the health work of the grid selected in the tree, for the day the clerk
picks (today unless changed) — tier counts 红/黄/绿/未评估 of the residents 65+ per child grid
with the totals, 签约率 (everyone, 65+, key persons), contracts expiring, this week's daily calls,
and the trend of the tier counts week by week (降红降黄); the red residents to call today; the
persons behind any count. Prints the bedside cards and the call sheet into the in-app preview.
Everything is read off the GUI thread in one service call (services/health/summary.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridoffice import paths
from gridoffice.domain import health_tiers as ht
from gridoffice.services.health import cards as health_cards
from gridoffice.services.health import profiles as health_profiles
from gridoffice.services.health import summary as health_summary
from gridoffice.services.health import tiers as health_tiers
from gridoffice.ui.context import AppContext
from gridoffice.ui.health import lists as health_lists
from gridoffice.ui.health.calls_view import CallsView
from gridoffice.ui.ops import Loader, Op
from gridoffice.ui.widgets import rows_model
from gridoffice.ui.widgets.chart_view import ChartView
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown, touches
from gridoffice.ui.widgets.rows_model import RowsModel

WATCHED = ("person", "household", "grid", "key_membership", "staff", "post", "health_profile",
           "health_tier_override", "health_score_rule", "health_tier_snapshot", "doctor_signing", "health_call")
TIER_COLUMNS = {1: ht.RED, 2: ht.YELLOW, 3: ht.GREEN, 4: ht.UNASSESSED, 5: None}  # 5: 65岁以上合计
COL_EXPIRING = 9


def _rate(line: health_summary.Line, group: str) -> str | None:
    r = line.rate(group)
    return None if r is None else f"{r:.0%}"


class HealthPane(ReloadWhenShown):
    load_when_first_shown = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthPane")
        self.context = context
        self.data: health_summary.Summary | None = None
        self.last_output: Path | None = None
        self.last_preview: QWidget | None = None
        self.title = QLabel(self)
        self.title.setObjectName("healthTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.on = QDateEdit(QDate.currentDate(), self)
        self.on.setObjectName("healthDate")
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setCalendarPopup(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel(self.tr("日期"), self))
        top.addWidget(self.on)
        self.cards_button = QPushButton(self.tr("打印床头联系卡…"), self)
        self.sheet_button = QPushButton(self.tr("打印每日电话表…"), self)
        self.mobile_button = QPushButton(self.tr("流动接种名单…"), self)
        self.expiring_button = QPushButton(self.tr("到期签约…"), self)
        self.snapshot_button = QPushButton(self.tr("拍快照"), self)
        self.snapshot_button.setToolTip(self.tr("记下本周各网格红黄绿人数（程序每周启动后也会自动记一次）"))
        actions = QHBoxLayout()
        for name, button in (("healthCards", self.cards_button), ("healthSheet", self.sheet_button),
                             ("healthMobile", self.mobile_button), ("healthExpiring", self.expiring_button),
                             ("healthSnapshot", self.snapshot_button)):
            button.setObjectName(name)
            actions.addWidget(button)
        actions.addStretch(1)

        self.counts_model = RowsModel([self.tr("网格"), self.tr("红"), self.tr("黄"), self.tr("绿"), self.tr("未评估"),
                                       self.tr("65岁以上"), self.tr("签约率"), self.tr("65岁以上签约率"),
                                       self.tr("重点人群签约率"), self.tr("30天内到期"), self.tr("本周电话（红）")],
                                      self, counts=True)
        self.counts_model.numeric_columns = set(range(1, 11))
        self.counts_view = QTableView(self)
        self.counts_view.setObjectName("healthCounts")
        self.counts_view.setModel(self.counts_model)
        self.counts_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.counts_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts_view.setToolTip(self.tr("点人数看名单；双击网格名进入该网格"))
        rows_model.compact(self.counts_view)
        self.counts_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart = ChartView(self)
        self.chart.setObjectName("healthTrend")
        self.chart_note = QLabel(self.tr("还没有记下过哪一周的分级人数：点“拍快照”，以后程序每周会自动记一次。"), self)
        self.chart_note.setWordWrap(True)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.chart_note, 0, Qt.AlignmentFlag.AlignTop)
        lower_layout.addWidget(self.chart, 1)
        overview = QSplitter(Qt.Orientation.Vertical, self)
        overview.addWidget(self.counts_view)
        overview.addWidget(lower)
        overview.setStretchFactor(0, 3)
        overview.setStretchFactor(1, 2)
        self.calls = CallsView(context, self)
        self.lists = health_lists.ListView(context, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("healthTabs")
        self.tabs.addTab(overview, self.tr("分级与签约"))
        self.tabs.addTab(self.calls, self.tr("每日电话"))
        self.tabs.addTab(self.lists, self.tr("名单"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)

        self.counts_view.clicked.connect(self._open_count)
        self.counts_view.doubleClicked.connect(self._enter_grid)
        self.cards_button.clicked.connect(self.print_cards)
        self.sheet_button.clicked.connect(self.print_sheet)
        self.mobile_button.clicked.connect(self.show_mobile)
        self.expiring_button.clicked.connect(lambda: self.show_expiring(None))
        self.snapshot_button.clicked.connect(self.take_snapshot)
        self.on.dateChanged.connect(lambda _d: self.request_reload())
        context.grid_selected.connect(lambda _gid: self.request_reload())
        context.database_changed.connect(self.request_reload)
        context.data_changed.connect(self._on_data_changed)
        self._loader = Loader(self, self._show)
        self._loader.loading.connect(self._on_loading)

    def _on_data_changed(self, changed: object) -> None:
        if touches(changed, WATCHED):
            self.request_reload()

    def _on_loading(self, on: bool) -> None:
        if on:
            self.title.setText(self.tr("正在统计…"))

    # ---- loading --------------------------------------------------------------------------
    def day(self) -> dt.date:
        return self.on.date().toPython()  # type: ignore[return-value]

    def busy(self) -> bool:
        return self._loader.busy()

    def reload(self) -> None:
        db, grid_id, on = self.context.db, self.context.current_grid, self.day()
        self._loader.request(lambda: health_summary.summary(db, grid_id, on))

    def _show(self, data: health_summary.Summary) -> None:
        self.data = data
        total = data.total
        self.title.setText(self.tr("{scope}：65岁以上 {n} 人（红 {red}，黄 {yellow}，绿 {green}，未评估 {none}）").format(
            scope=data.scope or self.tr("全部网格"), n=total.total, red=total.counts[ht.RED],
            yellow=total.counts[ht.YELLOW], green=total.counts[ht.GREEN], none=total.counts[ht.UNASSESSED]))
        lines = [*data.lines, total]
        self._line_keys = [line.grid_id for line in lines]
        self.counts_model.set_rows([(line.label, *(line.counts[t] for t in ht.COUNTED), line.total,
                                     _rate(line, "all"), _rate(line, "aged_65"), _rate(line, "key"), line.expiring,
                                     f"{line.called_week}/{line.red}") for line in lines])
        self.chart.set_spec(data.trend)
        self.chart.setVisible(data.trend is not None)
        self.chart_note.setVisible(data.trend is None)
        self.calls.show_rows(data.calls, data.labels, data.on)
        self.lists.refresh(data)
        self.cards_button.setEnabled(data.code is not None)
        self.sheet_button.setEnabled(data.code is not None)
        tip = "" if data.code else self.tr("先在左边选一个微网格")
        self.cards_button.setToolTip(tip)
        self.sheet_button.setToolTip(tip)

    # ---- the persons behind a count -----------------------------------------------------------
    def line_key(self, row: int) -> int | None:
        return self._line_keys[row]

    def _open_count(self, index: QModelIndex) -> None:
        if self.data is None or not index.isValid():
            return
        line = self.line_key(index.row())
        if index.column() in TIER_COLUMNS:
            self.show_persons(line, TIER_COLUMNS[index.column()])
        elif index.column() == COL_EXPIRING:
            self.show_expiring(line)

    def show_persons(self, line: int | None, tier: str | None) -> None:
        if self.data is not None:
            self.lists.show_persons(self.data, line, tier)
            self.tabs.setCurrentWidget(self.lists)

    def show_expiring(self, line: int | None) -> None:
        if self.data is not None:
            self.lists.show_expiring(self.data, line)
            self.tabs.setCurrentWidget(self.lists)

    def show_mobile(self) -> None:
        if self.data is not None:
            self.lists.show_mobile(self.data)
            self.tabs.setCurrentWidget(self.lists)

    def _enter_grid(self, index: QModelIndex) -> None:
        line = self.line_key(index.row()) if index.isValid() and index.column() == 0 else None
        if line is not None and line != health_summary.OWN and line != self.context.current_grid:
            self.context.grid_selected.emit(line)  # the tree follows; this pane reloads for it

    # ---- actions ------------------------------------------------------------------------------
    def take_snapshot(self) -> Op:
        db, on = self.context.db, self.day()
        return Op(self, lambda: health_tiers.snapshot(db, on), context=self.context, text=self.tr("正在记录分级人数…"),
                  disable=[self.snapshot_button], title=self.tr("没有记下分级人数")).run()

    def record_dose(self, person_id: int) -> Op:
        db, on = self.context.db, self.day()
        return Op(self, lambda: health_profiles.record_dose(db, person_id, on), context=self.context,
                  title=self.tr("没有登记接种")).run()

    def _output(self, name: str) -> Path:
        folder = paths.data_dir() / "prints"  # the program's own folder for previews
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{name}-{dt.datetime.now():%Y%m%d-%H%M%S}.pdf"

    def _print(self, write, name: str, text: str, title: str) -> Op | None:  # type: ignore[no-untyped-def]
        code = self.data.code if self.data is not None else None
        if code is None:
            QMessageBox.information(self, title, self.tr("请先在左边的网格树里选一个微网格。"))
            return None
        db, on = self.context.db, self.day()
        out = self._output(f"{name}-{code}")

        def done(count: object) -> None:
            from gridoffice.ui.widgets.pdf_preview import preview

            self.last_output = out
            self.last_preview = preview(out, f"{name} — {self.data.scope if self.data else code}", self)

        return Op(self, lambda: write(db, code, out, on), text=text, waits=True, title=title,
                  disable=[self.cards_button, self.sheet_button]).success(done).run()

    def print_cards(self) -> Op | None:
        return self._print(health_cards.write_cards_file, self.tr("床头联系卡"), self.tr("正在生成床头联系卡…"),
                           self.tr("没有生成床头联系卡"))

    def print_sheet(self) -> Op | None:
        return self._print(health_cards.write_call_sheet_file, self.tr("每日电话随访表"),
                           self.tr("正在生成每日电话随访表…"), self.tr("没有生成每日电话随访表"))

