"""The staff directory: every staff member with phone, background and posts; add, edit, leave;
the posts of the selected person (one person may hold posts in several grids)."""

from __future__ import annotations

from collections.abc import Collection

import shiboken6
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain import phone as phones
from gridoffice.i18n import tr
from gridoffice.services.staff import core as staff
from gridoffice.ui import ops
from gridoffice.ui.actions import raise_pane
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import Loader
from gridoffice.ui.staff.dialogs import PostDialog, StaffDialog
from gridoffice.ui.widgets import columns as columns_fit
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown
from gridoffice.ui.widgets.rows_model import SORT_ROLE, RowsModel, compact, fit_to_text


def _table(parent: QWidget, model) -> tuple[QTableView, QSortFilterProxyModel]:  # type: ignore[no-untyped-def]
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    compact(view, sortable=True)  # columns fitted to the text when rows arrive (fit_to_text)
    view.horizontalHeader().setStretchLastSection(True)
    return view, proxy


class StaffPane(ReloadWhenShown):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffPane")
        self.context = context
        self.loader = Loader(self, self._show_rows)
        self._wanted: int | None = None  # a person to select once the list that holds them is shown
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("按姓名、拼音首字母、电话或身份查找"))
        self.search.textChanged.connect(self.refresh)
        self.show_inactive = QCheckBox(self.tr("含离任"), self)
        self.show_inactive.toggled.connect(self.refresh)
        self.count = QLabel(self)
        self.model = RowsModel([self.tr("姓名"), self.tr("性别"), self.tr("电话"), self.tr("身份"),
                                self.tr("党员"), self.tr("状态"), self.tr("岗位")], self)
        self.view, self.proxy = _table(self, self.model)
        self.view.setObjectName("staffTable")
        self.view.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        columns_fit.mark(self.view, free_text=(6,))  # the posts: elided, whole in the tooltip
        self.view.doubleClicked.connect(self.edit)
        self.add_button = QPushButton(self.tr("新增…"), self)
        self.edit_button = QPushButton(self.tr("编辑…"), self)
        self.leave_button = QPushButton(self.tr("离任 / 复任"), self)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.leave_button.clicked.connect(self.toggle_active)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.leave_button)
        # posts of the selected person
        self.posts_box = QGroupBox(self.tr("岗位"), self)
        self.posts_model = RowsModel([self.tr("网格"), self.tr("编码"), self.tr("岗位"), self.tr("服务团队"),
                                      self.tr("联系电话")], self)
        self.posts_view, self.posts_proxy = _table(self, self.posts_model)
        self.posts_view.setObjectName("staffPostsTable")
        self.posts_view.doubleClicked.connect(self.show_grid)
        self.post_add = QPushButton(self.tr("任命岗位…"), self)
        self.post_remove = QPushButton(self.tr("免去"), self)
        self.post_grid = QPushButton(self.tr("转到网格"), self)
        self.post_add.clicked.connect(self.add_post)
        self.post_remove.clicked.connect(self.remove_post)
        self.post_grid.clicked.connect(self.show_grid)
        post_buttons = QHBoxLayout()
        for b in (self.post_add, self.post_remove, self.post_grid):
            post_buttons.addWidget(b)
        post_buttons.addStretch(1)
        box_layout = QVBoxLayout(self.posts_box)
        box_layout.addWidget(self.posts_view)
        box_layout.addLayout(post_buttons)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.posts_box)
        splitter.setSizes([400, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_posts())
        self.posts_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        context.database_changed.connect(self.refresh)
        context.data_changed.connect(self._on_data_changed)
        context.navigate.connect(self._navigate)
        # when shown: a table sized to its contents while hidden measures every row (3,125)
        self.refresh_or_defer(self.refresh)

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        if tables is None or {"staff", "post", "grid"} & set(tables):
            self.refresh_or_defer(self.refresh)

    def refresh(self) -> None:
        """Read the list in the pool (a street's 3,125 staff); the selection is kept."""
        if self._wanted is None:
            self._wanted = self.current_staff()
        db, text, inactive = self.context.db, self.search.text(), self.show_inactive.isChecked()
        self.loader.request(lambda: staff.list_staff(db, text, include_inactive=inactive))

    def busy(self) -> bool:
        """Still reading (tests wait on this)."""
        return self.loader.busy()

    def _show_rows(self, rows: list[staff.StaffRow]) -> None:
        if not shiboken6.isValid(self.view):  # the pane is being torn down: nothing to show
            return
        bad = 0
        cells, tips = [], []
        for r in rows:
            problem = phones.check(r.phone).problem if r.phone else None
            bad += problem is not None
            cells.append((r.name, r.sex, r.phone, r.background, self.tr("是") if r.party_member else "",
                          "" if r.active else self.tr("离任"), r.posts))
            tips.append(problem or "")
        self.model.set_rows(cells, [r.id for r in rows], tips)
        fit_to_text(self.view, self.model)  # 3,125 street staff: Qt's sizing to contents froze the window
        self.count.setText(self.tr("共 {n} 人").format(n=len(rows))
                           + (self.tr("，{k} 人电话有误").format(k=bad) if bad else ""))
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            self.select_staff(wanted)
        self._show_posts()

    def current_staff(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_id(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def select_staff(self, staff_id: int) -> bool:
        """Select a person now when the list shows them; else once the list that holds them is
        read (the search cleared and 含离任 ticked, or the reload after an add). True: selected now."""
        row = self.model.row_of(staff_id)
        if row < 0 or self.loader.busy():
            self._wanted = staff_id
            if row < 0 and (self.search.text() or not self.show_inactive.isChecked()):
                self.search.blockSignals(True)
                self.search.clear()
                self.search.blockSignals(False)
                self.show_inactive.blockSignals(True)
                self.show_inactive.setChecked(True)
                self.show_inactive.blockSignals(False)
                self.refresh()
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True

    def _navigate(self, kind: str, target: object) -> None:
        if kind == "staff" and isinstance(target, int):
            raise_pane(self)
            self.select_staff(target)

    def _show_posts(self) -> None:
        sid = self.current_staff()
        if sid is None:
            self.posts_model.set_rows([], [])
            self.posts_box.setTitle(self.tr("岗位"))
        else:
            posts = staff.staff_posts(self.context.db, sid)
            self.posts_model.set_rows([(p.grid_name, p.grid_code, tr(p.role), self.tr("是") if p.in_service_team else "",
                                        p.phone) for p in posts], [p.id for p in posts])
            name = self.model.row_values(self.model.row_of(sid))[0]
            self.posts_box.setTitle(self.tr("{name}的岗位（{n} 个）").format(name=name, n=len(posts)))
        fit_to_text(self.posts_view, self.posts_model)
        self._update_buttons()

    def _current_post(self) -> int | None:
        rows = self.posts_view.selectionModel().selectedRows()
        return self.posts_model.row_id(self.posts_proxy.mapToSource(rows[0]).row()) if rows else None

    def _update_buttons(self) -> None:
        has_staff = self.current_staff() is not None
        for b in (self.edit_button, self.leave_button, self.post_add):
            b.setEnabled(has_staff)
        has_post = self._current_post() is not None
        self.post_remove.setEnabled(has_post)
        self.post_grid.setEnabled(has_post)

    def add(self) -> None:
        dialog = StaffDialog(parent=self)
        try:
            while dialog.exec() == QDialog.DialogCode.Accepted:  # a refused value keeps the dialog open
                change = ops.apply(self, self.context, lambda: staff.add_staff(self.context.db, dialog.values()))
                if change is not None:  # the list is being read again: select the new person in it
                    self.select_staff(next(iter(change.rows["staff"])))
                    return
        finally:
            dialog.deleteLater()

    def edit(self) -> None:
        sid = self.current_staff()
        row = staff.get_staff(self.context.db, sid) if sid is not None else None
        if row is None:
            return
        dialog = StaffDialog(row, self)
        try:
            while dialog.exec() == QDialog.DialogCode.Accepted:  # a refused value keeps the dialog open
                if ops.apply(self, self.context, lambda: staff.update_staff(self.context.db, row.id, dialog.values())):
                    return
        finally:
            dialog.deleteLater()

    def toggle_active(self) -> None:
        sid = self.current_staff()
        row = staff.get_staff(self.context.db, sid) if sid is not None else None
        if row is not None:
            db, sid, active = self.context.db, row.id, not row.active
            ops.start(self, self.context, lambda: staff.set_active(db, sid, active))

    def add_post(self) -> None:
        sid = self.current_staff()
        if sid is None:
            return
        dialog = PostDialog(self.context.db, staff_id=sid, grid_id=None, parent=self)
        try:
            dialog.grid.setEnabled(True)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.grid.grid_id() is None:
                return
            db, gid, role = self.context.db, dialog.grid.grid_id(), dialog.role.currentData()
            team, phone = dialog.team.isChecked(), dialog.work_phone.text() or None  # read here: the write runs in the pool
            ops.start(self, self.context, lambda: staff.assign_post(
                db, sid, gid, role, in_service_team=team, work_phone=phone))  # type: ignore[arg-type]
        finally:
            dialog.deleteLater()

    def remove_post(self) -> None:
        pid = self._current_post()
        if pid is not None:
            db = self.context.db
            ops.start(self, self.context, lambda: staff.remove_post(db, pid))

    def show_grid(self) -> None:
        pid = self._current_post()
        sid = self.current_staff()
        if pid is None or sid is None:
            return
        post = next((p for p in staff.staff_posts(self.context.db, sid) if p.id == pid), None)
        if post is not None:
            self.context.grid_selected.emit(post.grid_id)
            self.context.navigate.emit("grid", post.grid_id)
