"""The service-team box of the selected grid: everyone with a post there, who is on the
3–4-person service team, and whom residents should call."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.codes import SERVICE_TEAM_SIZE, GridLevel
from gridoffice.services.grids import structure
from gridoffice.services.staff import core as staff
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.staff.dialogs import PostDialog, StaffDialog
from gridoffice.ui.widgets.rows_model import SORT_ROLE, RowsModel, compact


class TeamBox(QGroupBox):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("岗位与服务团队"), parent)
        self.setObjectName("teamBox")
        self.context = context
        self.grid_id: int | None = None
        self.level: str | None = None
        self.call = QLabel(self)
        self.call.setObjectName("whomToCall")
        font = self.call.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.call.setFont(font)
        self.call.setWordWrap(True)
        self.team_size = QLabel(self)
        self.model = RowsModel([self.tr("联系顺序"), self.tr("岗位"), self.tr("姓名"), self.tr("电话"),
                                self.tr("服务团队")], self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        self.view.setObjectName("teamTable")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        compact(self.view)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self.open_staff)
        self.add_button = QPushButton(self.tr("任命…"), self)
        self.remove_button = QPushButton(self.tr("免去"), self)
        self.team_button = QPushButton(self.tr("加入 / 退出服务团队"), self)
        self.first_button = QPushButton(self.tr("设为首要联系人"), self)
        self.staff_button = QPushButton(self.tr("查看网格员"), self)
        self.add_button.clicked.connect(self.add_post)
        self.remove_button.clicked.connect(self.remove_post)
        self.team_button.clicked.connect(self.toggle_team)
        self.first_button.clicked.connect(self.make_first)
        self.staff_button.clicked.connect(self.open_staff)
        buttons = QGridLayout()
        for i, b in enumerate((self.add_button, self.remove_button, self.staff_button, self.team_button,
                               self.first_button)):
            buttons.addWidget(b, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.call)
        layout.addWidget(self.team_size)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()  # later refreshes come from the grid pane (when it is shown)

    def refresh(self) -> None:
        db = self.context.db
        info = structure.get_grid(db, self.context.current_grid) if self.context.current_grid else None
        self.grid_id = info.id if info else None
        self.level = info.level if info else None
        if info is None:
            self.model.set_rows([], [])
            self.call.setText(self.tr("选一个网格查看它的岗位和服务团队。"))
            self.team_size.clear()
            self._update_buttons()
            return
        posts = staff.grid_posts(db, info.id)
        team_ids = {p.id for p in staff.service_team(db, info.id)}
        rows = []
        for order, p in enumerate(posts, start=1):
            state = self.tr("离任") if not p.active else (self.tr("是") if p.id in team_ids else "")
            rows.append((order, p.role, p.staff_name, p.phone, state))
        self.model.set_rows(rows, [p.id for p in posts])
        self.model.numeric_columns = {0}
        contact = staff.whom_to_call(db, info.id)
        if contact is not None:
            self.call.setText(self.tr("居民请拨打：{name}（{role}）{phone}").format(
                name=contact.staff_name, role=contact.role, phone=contact.phone))
        else:
            self.call.setText(self.tr("居民请拨打：（还没有留了电话的联系人）"))
        if info.level in (GridLevel.MICRO, GridLevel.DEDICATED):
            lo, hi = SERVICE_TEAM_SIZE
            n = len(team_ids)
            ok = lo <= n <= hi
            self.team_size.setText(self.tr("服务团队 {n} 人（应为 {lo}–{hi} 人）").format(n=n, lo=lo, hi=hi))
            self.team_size.setStyleSheet("" if ok else "color: #b00;")
        else:
            self.team_size.setText(self.tr("{name}的岗位").format(name=info.name))
            self.team_size.setStyleSheet("")
        self._update_buttons()

    def _current_post(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_id(self.proxy.mapToSource(rows[0]).row())

    def _update_buttons(self) -> None:
        has = self._current_post() is not None
        self.add_button.setEnabled(self.grid_id is not None)
        for b in (self.remove_button, self.team_button, self.first_button, self.staff_button):
            b.setEnabled(has)

    def add_post(self, select_staff: int | None = None) -> None:
        if self.grid_id is None:
            return
        dialog = PostDialog(self.context.db, grid_id=self.grid_id, select_staff=select_staff, parent=self)
        try:
            result = dialog.exec()
            if result == PostDialog.NEW_PERSON:
                new_id = self._new_staff()
                if new_id is not None:
                    self.add_post(select_staff=new_id)  # back to the post, the new person chosen
                return
            if result != QDialog.DialogCode.Accepted:
                return
            sid = dialog.staff_id()
            if sid is None:
                QMessageBox.warning(self, self.tr("无法完成"), self.tr("请从列表里选一位网格员，新人请点“新增网格员…”。"))
                return
            db, grid_id, role = self.context.db, self.grid_id, dialog.role.currentData()
            team, phone = dialog.team.isChecked(), dialog.work_phone.text() or None  # read here: the write runs in the pool
            ops.start(self, self.context, lambda: staff.assign_post(
                db, sid, grid_id, role, in_service_team=team, work_phone=phone))
        finally:
            dialog.deleteLater()

    def _new_staff(self) -> int | None:
        dialog = StaffDialog(parent=self)
        try:
            while dialog.exec() == QDialog.DialogCode.Accepted:  # a refused value keeps the dialog open
                change = ops.apply(self, self.context, lambda: staff.add_staff(self.context.db, dialog.values()))
                if change is not None:
                    return next(iter(change.rows["staff"]))
            return None
        finally:
            dialog.deleteLater()

    def remove_post(self) -> None:
        pid = self._current_post()
        if pid is not None:
            db = self.context.db
            ops.start(self, self.context, lambda: staff.remove_post(db, pid))

    def toggle_team(self) -> None:
        pid = self._current_post()
        if pid is None:
            return
        on = next(p.in_service_team for p in staff.grid_posts(self.context.db, self.grid_id or 0) if p.id == pid)
        db = self.context.db
        ops.start(self, self.context, lambda: staff.update_post(db, pid, in_service_team=not on))

    def make_first(self) -> None:
        pid = self._current_post()
        if pid is not None:
            db = self.context.db
            ops.start(self, self.context, lambda: staff.set_first_contact(db, pid))

    def open_staff(self) -> None:
        pid = self._current_post()
        if pid is None:
            return
        post = next((p for p in staff.grid_posts(self.context.db, self.grid_id or 0) if p.id == pid), None)
        if post is not None:
            self.context.navigate.emit("staff", post.staff_id)
