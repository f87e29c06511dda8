"""Filtered lists: everyone, an age group, a key population, or the returnees present on a day,
within the grid picked in the tree (or opened from a bar of the overview's charts: a key
population of a grid, an age band and sex), with the count per micro-grid. The filter is a
``services.scope.Scope``, the same one every export uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.population import CATEGORIES
from gridoffice.i18n import tr
from gridoffice.services.errors import ServiceError
from gridoffice.services.roster import lists as roster_lists
from gridoffice.services.roster import memberships
from gridoffice.services.scope import CHILDREN, Scope
from gridoffice.store import StoreError
from gridoffice.ui.actions import raise_pane
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import show_error
from gridoffice.ui.ops import Loader
from gridoffice.ui.roster.person_form import PersonForm
from gridoffice.ui.widgets import columns as columns_fit
from gridoffice.ui.widgets import masking
from gridoffice.ui.widgets.lazy_model import PAGE, ColumnSpec, LazyTableModel
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.qdates import to_date

RETURNEES = "__returnees__"
RETURNEES_GONE = "__returnees_gone__"  # expected departure past, departure not recorded
FIRST_ROWS = PAGE  # ids read first, painted while the whole list is read (one page of rows)


class PopulationListsPane(ReloadWhenShown):
    load_when_first_shown = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("populationLists")
        self.context = context
        self.grid_id: int | None = context.current_grid
        self.kind = QComboBox(self)
        self.kind.setObjectName("listKind")
        self.kind.addItem(self.tr("全部在册人员"), None)
        self.kind.addItem(self.tr("60 岁以上"), "aged_60_plus")
        self.kind.addItem(self.tr("80 岁以上"), "aged_80_plus")
        self.kind.addItem(self.tr("未成年人"), CHILDREN)
        for code, cat in CATEGORIES.items():
            self.kind.addItem(tr(cat.label), code)
        self.kind.addItem(self.tr("返乡人员（在乡）"), RETURNEES)
        self.kind.addItem(self.tr("返乡人员（预计已离开，待确认）"), RETURNEES_GONE)
        self.on = QDateEdit(QDate.currentDate(), self)
        self.on.setObjectName("listDate")
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setCalendarPopup(True)
        self.inactive = QCheckBox(self.tr("含迁出、死亡"), self)
        self.total = QLabel(self)
        self.total.setObjectName("listTotal")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("名单："), self))
        bar.addWidget(self.kind)
        bar.addWidget(QLabel(self.tr("日期："), self))
        bar.addWidget(self.on)
        bar.addWidget(self.inactive)
        # an age band and sex from the overview's pyramid, shown with its 清除
        self.band: tuple[tuple[int, int | None], str | None] | None = None
        self.band_button = QPushButton(self)
        self.band_button.setObjectName("listBand")
        self.band_button.setToolTip(self.tr("点击清除这个年龄段条件"))
        self.band_button.setVisible(False)
        self.band_button.clicked.connect(lambda: self.set_band(None))
        bar.addWidget(self.band_button)
        bar.addWidget(self.total, 1)
        self.confirm = QPushButton(self.tr("确认已离开"), self)
        self.confirm.setObjectName("confirmDeparture")
        self.confirm.setToolTip(self.tr("把所选人员的离开日期登记为预计离开日期（可撤销）"))
        self.confirm.clicked.connect(self.confirm_departures)
        bar.addWidget(self.confirm)
        columns = [
            ColumnSpec(self.tr("姓名"), lambda r: r.name, "name"),
            ColumnSpec(self.tr("性别"), lambda r: r.sex),
            ColumnSpec(self.tr("年龄"), lambda r: r.age, "age", align_right=True),
            ColumnSpec(self.tr("身份证号"), lambda r: masking.display_id(r.id_number) or self.tr("（无）")),
            ColumnSpec(self.tr("电话"), lambda r: masking.display_phone(r.phone)),
            ColumnSpec(self.tr("与户主关系"), lambda r: r.relation),
            ColumnSpec(self.tr("户号"), lambda r: r.household_number, "household"),
            ColumnSpec(self.tr("住址"), lambda r: r.address),
            ColumnSpec(self.tr("微网格"), lambda r: r.grid, "grid"),
            ColumnSpec(self.tr("状态"), self._status, "status"),
            ColumnSpec(self.tr("重点人群"), lambda r: r.categories),
        ]
        self.model = LazyTableModel(
            columns, lambda key, desc: roster_lists.person_ids(self.context.db, self.scope(), self.day(),
                                                               key or "household", desc),
            lambda ids: roster_lists.person_rows(self.context.db, ids, self.day()), self)
        self.model.sort_in_background = self.reload  # a header click: sorted in the loader thread
        self.view = QTableView(self)
        self.view.setObjectName("persons")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(6, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((70, 40, 45, 160, 100, 75, 100, 200, 120, 70)):
            self.view.horizontalHeader().resizeSection(col, max(width, self.view.horizontalHeader().sectionSizeHint(col)))
        self.view.doubleClicked.connect(self._open)
        self.counts = QTableWidget(0, 2, self)
        self.counts.setObjectName("gridCounts")
        self.counts.setHorizontalHeaderLabels([self.tr("微网格"), self.tr("人数")])
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.verticalHeader().setVisible(False)
        self.counts.horizontalHeader().setStretchLastSection(True)
        columns_fit.mark(self.view, free_text=(7, 10), scroll_from=8)  # grid, status, categories may scroll
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.view)
        split.addWidget(self.counts)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 0)
        self.split = split
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.loader = Loader(self, self._show, self._failed)
        self._rest: Callable[[], tuple] = lambda: ((None, False), [], [])  # the whole list, after its first rows
        self.loader.loading.connect(self._on_loading)
        self.kind.currentIndexChanged.connect(lambda _i: self.request_reload())
        self.kind.currentIndexChanged.connect(lambda _i: self._update_confirm())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_confirm())
        self._update_confirm()
        self.on.dateChanged.connect(lambda _d: self.request_reload())
        self.inactive.toggled.connect(lambda _v: self.request_reload())
        context.grid_selected.connect(self._on_grid)
        context.navigate.connect(self._navigate)
        context.database_changed.connect(lambda: self._on_grid(None))
        context.data_changed.connect(self._on_data_changed)

    def day(self) -> dt.date:
        return to_date(self.on.date())

    def scope(self) -> Scope:
        kind = self.kind.currentData()
        ages, sex = self.band or (None, None)
        return Scope(grid_id=self.grid_id, category=None if kind in (None, RETURNEES, RETURNEES_GONE) else kind,
                     returnees_on=self.day() if kind == RETURNEES else None,
                     returnees_gone_on=self.day() if kind == RETURNEES_GONE else None,
                     include_inactive=self.inactive.isChecked(), ages=ages, sex=sex)

    def set_band(self, band: tuple[tuple[int, int | None], str | None] | None) -> None:
        self.band = band
        if band is not None:
            (youngest, oldest), sex = band
            ages = (self.tr("{a}–{b} 岁").format(a=youngest, b=oldest) if oldest is not None
                    else self.tr("{a} 岁以上").format(a=youngest))
            self.band_button.setText(f"{ages}{' · ' + tr(sex) if sex else ''} ✕")
        self.band_button.setVisible(band is not None)
        self.request_reload()

    def _navigate(self, kind: str, target: object) -> None:
        """A bar of the overview's charts: {"grid": id, "on": date, and "category": a key
        population, or "ages": (from, to) with "sex"}: that list, in that grid, on that day."""
        if kind != "population" or not isinstance(target, dict):
            return
        raise_pane(self)
        if "grid" in target:
            self.grid_id = target["grid"]
        for widget in (self.kind, self.on):
            widget.blockSignals(True)
        if "on" in target:
            day = target["on"]
            self.on.setDate(QDate(day.year, day.month, day.day))
        self.set_kind(target.get("category"))
        for widget in (self.kind, self.on):
            widget.blockSignals(False)
        self._update_confirm()
        self.set_band((target["ages"], target.get("sex")) if "ages" in target else None)

    def _status(self, row) -> str:  # type: ignore[no-untyped-def]
        return self.tr("预计已离开") if self.kind.currentData() == RETURNEES_GONE else row.status

    def _selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [pid for pid in (self.model.id_at(r) for r in rows) if pid is not None]

    def _update_confirm(self) -> None:
        gone = self.kind.currentData() == RETURNEES_GONE
        self.confirm.setVisible(gone)
        self.confirm.setEnabled(gone and bool(self._selected_ids()))

    def confirm_departures(self) -> None:
        """One click: the selected persons left on the day they said they would."""
        ids = self._selected_ids()
        if not ids:
            return
        try:
            change = memberships.confirm_departures(self.context.db, ids, self.day())
        except (ServiceError, StoreError) as exc:
            show_error(self, exc)
            return
        self.context.apply(change)

    def set_kind(self, code: str | None) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(code), 0))

    def _on_grid(self, grid_id: object) -> None:
        self.grid_id = grid_id if isinstance(grid_id, int) else None
        self.request_reload()

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or {"person", "household", "key_membership", "returnee_stay"} & set(tables):
            self.request_reload()

    def reload(self) -> None:
        """Read the list's ids and the per-grid counts in a pool thread (0.5–1.5 s for a whole
        street): first the ids of the first screen (``FIRST_ROWS``, painted at once), then the
        whole list and the counts (appended under what is shown); the rows on screen are fetched
        page by page as before."""
        db, scope, day = self.context.db, self.scope(), self.day()
        order = key, descending = self.model.sort_order()
        sort = key or "household"

        def rest() -> tuple:  # the whole list and the per-grid counts
            return order, roster_lists.person_ids(db, scope, day, sort, descending), \
                roster_lists.counts_per_grid(db, scope, day)

        self._rest = rest
        self.loader.request(lambda: (order, roster_lists.person_ids(db, scope, day, sort, descending,
                                                                    limit=FIRST_ROWS), None))

    def busy(self) -> bool:
        return self.loader.busy()

    def _on_loading(self, loading: bool) -> None:
        if loading:
            self.total.setText(self.tr("正在读取名单…"))

    def _show(self, result: tuple[tuple[str | None, bool], list[int], list[tuple[int | None, str, int]] | None]) -> None:
        order, ids, rows = result
        if order != self.model.sort_order():  # a column header was clicked meanwhile
            self.reload()
            return
        if rows is None:  # the first screen: painted now, the rest read next
            self.model.set_ids(ids)
            self.total.setText(self.tr("正在读取名单…"))
            self.loader.request(self._rest)
            return
        self.model.extend_ids(ids)
        self.counts.setRowCount(len(rows))
        for i, (_gid, name, n) in enumerate(rows):
            self.counts.setItem(i, 0, QTableWidgetItem(name))
            item = QTableWidgetItem(f"{n:,}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.setItem(i, 1, item)
        self._fit_counts()
        self.total.setText(self.tr("共 {n} 人，{g} 个微网格").format(n=f"{self.model.rowCount():,}", g=len(rows)))

    def _fit_counts(self) -> None:
        """The per-grid counts as wide as their names (community · grid), the list gets the rest."""
        need = (sum(columns_fit.content_width(self.counts, col) for col in range(2))
                + self.counts.verticalScrollBar().sizeHint().width() + 2 * self.counts.frameWidth())
        columns_fit.fit(self.counts)
        total = sum(self.split.sizes())
        if total > need:
            self.split.setSizes([total - need, need])

    def _failed(self, exc: BaseException) -> None:
        self.total.setText(self.tr("名单没有读出来。"))
        show_error(self, exc, self.tr("名单没有读出来。"))

    def _open(self, index) -> None:  # type: ignore[no-untyped-def]
        pid = self.model.id_at(index.row())
        if pid is not None:
            PersonForm(self.context, pid, parent=self).open()
