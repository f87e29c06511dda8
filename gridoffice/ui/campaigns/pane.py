"""The campaigns pane (物资发放): pick or create a campaign, see coverage per grid, open a
micro-grid's list, tick the persons whose signed sheets are on the desk and record the
hand-out; find a person by name / initials / ID tail; refresh the list (补发)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import lists
from gridoffice.services.campaigns import refresh as campaign_refresh
from gridoffice.services.changes import Change
from gridoffice.ui.campaigns import handing, loading
from gridoffice.ui.campaigns import keys as keyboard_entry
from gridoffice.ui.campaigns.coverage import CoverageTable
from gridoffice.ui.campaigns.dialog import CampaignDialog
from gridoffice.ui.campaigns.form import HandoutForm
from gridoffice.ui.campaigns.loading import ALL, REISSUE, Loaded
from gridoffice.ui.campaigns.models import EntitlementModel
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence, show_error
from gridoffice.ui.ops import Loader, Op, run_in_background
from gridoffice.ui.widgets import columns as columns_fit
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown

if TYPE_CHECKING:
    from gridoffice.store import Database

WATCHED = {"campaign", "entitlement", "kit_item", "campaign_adjustment", "person", "household", "staff", "post"}


class CampaignsPane(ReloadWhenShown):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignsPane")
        self.context = context
        self.campaign_id: int | None = None
        self.grid_id: int | None = None  # the coverage row chosen (None = the whole campaign)
        self._task: Op | None = None
        self._loader = Loader(self, self._show_loaded)
        self._coverage_due = True
        self._asked: tuple[object, ...] = ()

        self.campaign_box = QComboBox(self)
        self.campaign_box.setObjectName("campaignBox")
        self.campaign_box.setMinimumContentsLength(12)
        self.new_button = QPushButton(self.tr("新建活动…"), self)
        self.refresh_button = QPushButton(self.tr("刷新名单（补发）"), self)
        self.refresh_button.setToolTip(self.tr("新符合条件的人加入待发（补发）；迁出、死亡的人移出，记录保留"))
        self.packing_button = QPushButton(self.tr("装包清单"), self)
        self.add_button = QPushButton(self.tr("手工加入…"), self)
        self.more_button = QPushButton(self.tr("更多"), self)
        more = QMenu(self.more_button)
        self.close_action = more.addAction(self.tr("结束活动（不再登记发放）"))
        self.close_action.triggered.connect(self.toggle_closed)
        self.delete_action = more.addAction(self.tr("删除活动…"))
        self.delete_action.triggered.connect(self.delete_campaign)
        self.more_button.setMenu(more)
        self.undo_button = QPushButton(self.tr("撤销"), self)
        self.undo_button.setObjectName("campaignUndo")
        self.undo_button.setEnabled(context.undo_stack.canUndo())
        self.undo_button.clicked.connect(context.undo_stack.undo)
        context.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        context.undo_stack.undoTextChanged.connect(self._on_undo_text)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("发放活动"), self))
        top.addWidget(self.campaign_box, 1)
        for w in (self.new_button, self.refresh_button, self.packing_button, self.add_button,
                  self.more_button, self.undo_button):
            top.addWidget(w)
        self.summary = QLabel(self)
        self.summary.setObjectName("campaignSummary")
        font = self.summary.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)

        self.coverage_view = CoverageTable(self)
        self.coverage_model = self.coverage_view.coverage_model

        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("campaignFind")
        self.find_box.setPlaceholderText(self.tr("查找：姓名 / 拼音首字母 / 身份证号后 4 位"))
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMinimumWidth(140)
        self.find_box.setToolTip(self.tr("回车：转到第一个查到的人；在名单里回车：登记发放，然后回到查找框"))
        self.whole_box = QCheckBox(self.tr("全活动"), self)
        self.whole_box.setObjectName("campaignFindWhole")
        self.whole_box.setToolTip(self.tr("勾选后在整个活动中查找；不勾只查所选网格的名单"))
        self.state_box = QComboBox(self)
        for key, label in ((ALL, self.tr("全部")), (campaigns.PENDING, self.tr("待发")),
                           (REISSUE, self.tr("补发（新加入）")), (campaigns.HANDED, self.tr("已发")),
                           (campaigns.DECLINED, self.tr("拒领")), (campaigns.UNREACHABLE, self.tr("联系不上")),
                           (campaigns.WITHDRAWN, self.tr("已移出"))):
            self.state_box.addItem(label, key)
        self.pending_button = QPushButton(self.tr("待发名单"), self)
        self.pending_button.setToolTip(self.tr("只看所选网格还没发的人"))
        self.tick_button = QPushButton(self.tr("勾选待发"), self)
        self.untick_button = QPushButton(self.tr("全不勾"), self)
        self.ticked_label = QLabel(self)
        filters = QHBoxLayout()
        filters.addWidget(self.find_box, 2)
        filters.addWidget(self.whole_box)
        filters.addWidget(self.state_box)
        for w in (self.pending_button, self.tick_button, self.untick_button, self.ticked_label):  # type: ignore[assignment]
            filters.addWidget(w)
        self.list_title = QLabel(self)
        self.list_title.setWordWrap(True)

        self.model = EntitlementModel(lambda ids: lists.rows(self.context.db, ids), self)
        self.view = QTableView(self)
        self.view.setObjectName("entitlementView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((90, 40, 40, 150, 100, 140, 80, 90, 86, 70, 50, 110)):
            self.view.setColumnWidth(col, max(width, self.view.horizontalHeader().sectionSizeHint(col)))
        self.view.horizontalHeader().moveSection(7, 1)  # 状态 next to the name: who has had it shows at once
        columns_fit.mark(self.view, free_text=(5, 12), scroll_from=7)  # 微网格 and the hand-out details may scroll
        self.form = HandoutForm(self)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(filters)
        right_layout.addWidget(self.list_title)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.form)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.coverage_view)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([290, 910])
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        scroll = QScrollArea(self)  # a small window scrolls instead of forcing the window wider
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.campaign_box.currentIndexChanged.connect(self._on_campaign)
        self.coverage_view.grid_chosen.connect(self._on_coverage_row)
        self.find_box.textChanged.connect(self.reload_list)
        self.whole_box.toggled.connect(self.reload_list)
        keyboard_entry.install(self)
        self.state_box.currentIndexChanged.connect(self.reload_list)
        self.pending_button.clicked.connect(self.show_pending)
        self.tick_button.clicked.connect(self.tick_pending)
        self.untick_button.clicked.connect(lambda: self.model.set_checked(self.model.ids(), False))
        self.model.dataChanged.connect(self._update_ticked)
        self.model.modelReset.connect(self._update_ticked)
        self.new_button.clicked.connect(self.new_campaign)
        self.refresh_button.clicked.connect(self.refresh_list)
        self.packing_button.clicked.connect(lambda: handing.show_packing(self))
        self.add_button.clicked.connect(lambda: handing.add_person(self))
        self.form.record_requested.connect(self.record)
        self.form.mark_requested.connect(lambda state: handing.mark(self, state))
        self.form.clear_requested.connect(lambda: handing.clear(self))
        self.form.exclude_requested.connect(lambda: handing.exclude(self))
        self.view.selectionModel().currentRowChanged.connect(self._on_list_row)
        toggle = QShortcut(QKeySequence(Qt.Key.Key_Space), self.view)
        toggle.activated.connect(self.toggle_selected)
        context.grid_selected.connect(self.show_grid)
        context.database_changed.connect(self.reload_campaigns)
        context.data_changed.connect(self._on_data_changed)
        self.reload_campaigns()

    # ---- loading -----------------------------------------------------------------------------
    def reload_campaigns(self, select: int | None = None) -> None:
        keep = select if select is not None else self.campaign_id
        self.campaign_box.blockSignals(True)
        self.campaign_box.clear()
        for cid, name, reference_date in campaigns.choices(self.context.db):
            self.campaign_box.addItem(self.tr("{name}（基准日 {date}）").format(
                name=name, date=reference_date.isoformat()), cid)
        index = self.campaign_box.findData(keep) if keep is not None else -1
        self.campaign_box.setCurrentIndex(index if index >= 0 else 0)
        self.campaign_box.blockSignals(False)
        self._on_campaign()

    def _on_campaign(self) -> None:
        cid = self.campaign_box.currentData()
        if cid != self.campaign_id:
            self.grid_id = None
            self.model.checked.clear()
        self.campaign_id = cid
        for w in (self.refresh_button, self.packing_button, self.add_button, self.more_button, self.form, self.find_box,
                  self.state_box, self.pending_button, self.tick_button, self.untick_button):
            w.setEnabled(cid is not None)
        self.reload_all()

    # Coverage and the list are read in the loader thread (a street's campaign: coverage and a
    # 28,796-person list, 0.4–0.8 s on the GUI thread before); latest request wins, and a list
    # request that supersedes a coverage request still brings the coverage.
    def reload_all(self) -> None:
        self._coverage_due = True
        self.reload_list()

    def reload_list(self) -> None:
        cid, grid_id, db = self.campaign_id, self.grid_id, self.context.db
        text, key = self.find_box.text().strip(), self.state_box.currentData()
        within = None if self.whole_box.isChecked() else grid_id
        self._asked = (cid, text, key, within, grid_id)
        if text:  # the quick find is small and is followed by Enter at once: answered now
            self._show_loaded(loading.read(db, cid, False, text, key, within, grid_id))
            if not self._coverage_due:
                return
        coverage_due, with_list = self._coverage_due, not text

        def read() -> Loaded:
            return loading.read(db, cid, coverage_due, text, key, within, grid_id, with_list)

        self._loader.request(read)

    def _show_loaded(self, loaded: Loaded) -> None:
        if loaded.cid != self.campaign_id:  # switched meanwhile: the next load is on its way
            return
        if loaded.with_coverage:
            self._coverage_due = False
            self._show_coverage(loaded.info, loaded.coverage)
        if not loaded.with_list or loaded.request != self._asked:  # the list asked for since is shown
            return
        if loaded.cid is None:
            self.model.set_ids([])
            self.list_title.setText("")
            return
        ids = loaded.ids
        if loaded.text:
            title = (self.tr("查找“{text}”：{n} 人").format(text=loaded.text, n=len(ids)) if loaded.within is None else
                     self.tr("在{grid}查找“{text}”：{n} 人").format(grid=self._grid_name(), text=loaded.text,
                                                              n=len(ids)))
        else:
            title = self._grid_title(len(ids), loaded.team)
        same_list = ids == self.model.ids()
        position = self.view.verticalScrollBar().value()
        self.model.set_ids(ids)
        if same_list:  # a record was entered: stay where the clerk was in the list
            self.view.verticalScrollBar().setValue(position)
        self.list_title.setText(title)
        self.form.set_staff(loaded.staff)

    def _show_coverage(self, info: campaigns.CampaignInfo | None, coverage: lists.Coverage | None) -> None:
        closed = info is not None and info.state == "closed"
        self.close_action.setText(self.tr("重新开放活动") if closed else self.tr("结束活动（不再登记发放）"))
        self.form.setEnabled(info is not None and not closed)
        self.coverage_view.show_coverage(coverage, self.grid_id)
        if coverage is None:
            self.summary.setText(self.tr("还没有发放活动。点“新建活动…”开始。"))
            return
        o = coverage.overall
        self.summary.setText((self.tr("【已结束】") if closed else "") + self.tr("应发 {eligible} 人 · 已发 {handed} · 未发 {remaining}"
                                     "（拒领 {declined}，联系不上 {unreachable}）· 发放率 {rate:.1%}").format(
            eligible=f"{o.eligible:,}", handed=f"{o.handed:,}", remaining=f"{o.remaining:,}",
            declined=o.declined, unreachable=o.unreachable, rate=o.rate))

    def _grid_name(self) -> str:
        return self.coverage_view.grid_name(self.grid_id)

    def _grid_title(self, n: int, team: list) -> str:
        if self.grid_id is None:
            return self.tr("全部名单：{n} 人").format(n=n)
        text = self.tr("{grid}：{n} 人").format(grid=self._grid_name(), n=n)
        if team:
            text += self.tr("　服务团队：") + "、".join(f"{t.name}（{t.role}）" for t in team)
        return text

    def _on_coverage_row(self, grid_id: int | None) -> None:
        self.grid_id = grid_id
        self.find_box.blockSignals(True)
        self.find_box.clear()
        self.find_box.blockSignals(False)
        self.reload_list()

    def _on_list_row(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        """A person found by the quick-find box: offer their micro-grid's team as handed-by."""
        if current.isValid() and self.find_box.text().strip():
            row = self.model.row_of(current.row())
            self.form.set_staff(lists.staff_options(self.context.db, row.grid_id))

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or WATCHED & set(tables):
            # hidden: reloaded when shown (coverage and a 28,796-person list, on a street)
            if tables is None or "campaign" in set(tables):
                self.refresh_or_defer(self.reload_campaigns)
            else:
                self.refresh_or_defer(self.reload_all)

    def _update_ticked(self, *_args: object) -> None:
        n = len(self.model.checked_ids())
        self.ticked_label.setText(self.tr("已勾选 {n} 人").format(n=n))
        self.form.record_button.setText(self.tr("登记发放（{n} 人）").format(n=n) if n else self.tr("登记发放"))

    def _on_undo_text(self, text: str) -> None:
        self.undo_button.setToolTip(self.tr("撤销：{what}").format(what=text) if text else "")

    def show_grid(self, grid_id: object) -> None:
        """A grid chosen in the tree: open its list when the campaign covers it."""
        self.coverage_view.choose(grid_id)

    # ---- actions --------------------------------------------------------------------------
    def show_pending(self) -> None:
        self.find_box.clear()
        self.state_box.setCurrentIndex(self.state_box.findData(campaigns.PENDING))

    def tick_pending(self) -> None:
        handing.tick_pending(self)

    def toggle_selected(self) -> None:
        handing.toggle_selected(self)

    def _apply(self, make) -> bool:  # type: ignore[no-untyped-def]
        return handing.apply(self, make)

    def record(self, after: Callable[[], None] | None = None) -> bool:
        return handing.record(self, after)

    def toggle_closed(self) -> None:
        cid = self.campaign_id
        if cid is None:
            return
        closed = campaigns.get(self.context.db, cid).state == "closed"
        self._in_pool(lambda db: campaigns.set_state(db, cid, "open" if closed else "closed"), self.tr("不能登记"))

    def delete_campaign(self) -> None:
        cid = self.campaign_id
        if cid is None:
            return
        info = campaigns.get(self.context.db, cid)
        answer = QMessageBox.question(
            self, self.tr("删除活动"),
            self.tr("删除“{name}”和它的名单（应发 {n} 人）？可以用“撤销”恢复。").format(name=info.name, n=info.eligible))
        if answer == QMessageBox.StandardButton.Yes:  # a street's list: 28,000 rows kept for the undo
            self._in_pool(lambda db: campaigns.delete(db, cid), self.tr("删除活动"))

    def _in_pool(self, write: Callable[[Database], Change], title: str) -> None:
        """A campaign-wide write in the pool, the campaign buttons disabled meanwhile; recorded
        as one undo step (refusals as a message titled ``title``)."""
        if self._acting():
            return
        db = self.context.db
        self._task = Op(self, lambda: write(db), context=self.context, title=title,
                        disable=self._campaign_actions()).run()

    # Making a campaign's list and refreshing it read the whole roster (seconds on a street):
    # they run in a pool thread (ui/ops.py) with the campaign buttons disabled meanwhile.
    def busy(self) -> bool:
        """A campaign being made or refreshed, or the pane still reading (tests wait on this)."""
        return self._acting() or self._loader.busy()

    def _acting(self) -> bool:
        return self._task is not None and self._task.is_running()

    def _campaign_actions(self) -> tuple[QWidget, ...]:
        return (self.new_button, self.refresh_button, self.packing_button, self.add_button, self.more_button,
                self.campaign_box)

    def _failed(self, title: str, action: str):  # type: ignore[no-untyped-def]
        def show(exc: BaseException) -> None:
            if isinstance(exc, campaigns.CampaignError):
                QMessageBox.warning(self, title, sentence(exc))
            else:
                show_error(self, exc, action)
        return show

    def new_campaign(self) -> None:
        if self._acting():
            return
        dialog = CampaignDialog(self.context.db, self)
        if dialog.exec() and dialog.spec is not None:
            self.create_campaign(dialog.spec)

    def create_campaign(self, spec: campaigns.CampaignSpec) -> None:
        if self._acting():
            return
        db = self.context.db
        self._task = run_in_background(
            self, lambda: campaigns.create(db, spec), self._created, text=self.tr("正在生成发放名单，请稍候…"),
            on_failed=self._failed(self.tr("不能新建"), self.tr("活动没有建成。")), disable=self._campaign_actions())

    def _created(self, result: tuple[int, Change]) -> None:
        cid, change = result
        self.campaign_id = None
        self.context.apply(change)
        self.reload_campaigns(select=cid)

    def refresh_list(self) -> None:
        cid = self.campaign_id
        if cid is None or self._acting():
            return
        db = self.context.db
        self._task = run_in_background(
            self, lambda: campaign_refresh.refresh(db, cid), self._refreshed, text=self.tr("正在刷新名单，请稍候…"),
            on_failed=self._failed(self.tr("不能刷新"), self.tr("名单没有刷新。")), disable=self._campaign_actions())

    def _refreshed(self, outcome) -> None:  # type: ignore[no-untyped-def]
        result, change = outcome
        self.context.apply(change)
        joined = lists.rows(self.context.db, result.joined)
        left = lists.rows(self.context.db, result.left)
        lines = [self.tr("按 {on} 刷新：新加入 {j} 人（补发），移出 {l} 人。").format(
            on=result.on.isoformat(), j=len(joined), l=len(left))]
        lines += [self.tr("加入：{grid} {name}").format(grid=r.grid_name, name=r.name) for r in joined[:20]]
        lines += [self.tr("移出：{grid} {name}（{reason}）").format(grid=r.grid_name, name=r.name, reason=r.reason)
                  for r in left[:20]]
        if len(joined) > 20 or len(left) > 20:
            lines.append(self.tr("……完整名单见“补发（新加入）”和“已移出”。"))
        if joined:
            self.state_box.setCurrentIndex(self.state_box.findData(REISSUE))
        QMessageBox.information(self, self.tr("刷新名单"), "\n".join(lines))
