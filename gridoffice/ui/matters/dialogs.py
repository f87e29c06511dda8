"""Dialogs of the matters pane: the matter form (log / edit), the close and transfer forms, the
medians view and the category list."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QSortFilterProxyModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.codes import GridLevel
from gridoffice.services.changes import Change
from gridoffice.services.grids import core as grids
from gridoffice.services.matters import core as matters
from gridoffice.services.matters import stats as matter_stats
from gridoffice.store import StoreError
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence, show_error
from gridoffice.ui.ops import run_in_background
from gridoffice.ui.widgets import screen_fit
from gridoffice.ui.widgets.rows_model import SORT_ROLE, RowsModel


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("取消"))
    buttons.rejected.connect(dialog.reject)
    return buttons


def _datetime_edit(parent: QWidget, value: dt.datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime(value.date(), value.time()), parent)  # type: ignore[call-overload]
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    return edit


class MatterDialog(QDialog):
    """Log a new matter (``row`` None) or edit one."""

    def __init__(self, context: AppContext, grid_id: int | None, row: matters.MatterRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matterDialog")
        self.context = context
        self.row = row
        self.change: Change | None = None
        db = context.db
        self.setWindowTitle(self.tr("登记事项") if row is None else self.tr("修改事项 {id}").format(id=row.id))
        now = dt.datetime.now().replace(second=0, microsecond=0)
        self.reported_at = _datetime_edit(self, row.reported_at if row else now)
        self.reported_at.setObjectName("matterReportedAt")
        self.reporter = QLineEdit(row.reporter if row else "", self)
        self.reporter.setObjectName("matterReporter")
        self.reporter.setMaxLength(matters.LIMITS["reporter_name"])
        self.grid = QComboBox(self)
        self.grid.setObjectName("matterGrid")
        self.grid.addItem(self.tr("（未指定）"), None)
        for root in grids.tree(db):
            for node in root.walk():
                if node.level != GridLevel.STREET:
                    indent = {"community": "", "general": "  ", "micro": "    "}.get(node.level, "    ")
                    self.grid.addItem(f"{indent}{node.name}  {node.code}", node.id)
        chosen = row.grid_id if row else grid_id
        if chosen is not None and self.grid.findData(chosen) >= 0:
            self.grid.setCurrentIndex(self.grid.findData(chosen))
        self.address = QLineEdit(row.address if row else "", self)
        self.address.setMaxLength(matters.LIMITS["address"])
        self.category = QComboBox(self)
        self.category.setObjectName("matterCategory")
        self.category.addItems(matters.categories(db))
        if row and self.category.findText(row.category) < 0:
            self.category.addItem(row.category)
        if row:
            self.category.setCurrentText(row.category)
        self.urgency = QComboBox(self)
        self.urgency.addItems(matters.URGENCIES)
        if row:
            self.urgency.setCurrentText(row.urgency)
        self.handler = QComboBox(self)
        self.handler.setObjectName("matterHandler")
        self.handler.addItem(self.tr("（未指定）"), None)
        for sid, name in matters.handlers(db, grid_id):
            self.handler.addItem(name, sid)
        if row and row.handler_staff_id is not None:
            if self.handler.findData(row.handler_staff_id) < 0:
                self.handler.addItem(row.handler, row.handler_staff_id)
            self.handler.setCurrentIndex(self.handler.findData(row.handler_staff_id))
        self.description = QPlainTextEdit(row.description if row else "", self)
        self.description.setObjectName("matterDescription")
        self.description.setPlaceholderText(self.tr("反映的问题、诉求"))
        form = QFormLayout()
        form.addRow(self.tr("反映时间："), self.reported_at)
        form.addRow(self.tr("反映人："), self.reporter)
        form.addRow(self.tr("网格："), self.grid)
        form.addRow(self.tr("地点："), self.address)
        form.addRow(self.tr("类别："), self.category)
        form.addRow(self.tr("紧急程度："), self.urgency)
        form.addRow(self.tr("办理人："), self.handler)
        form.addRow(self.tr("事项内容："), self.description)
        buttons = _buttons(self, self.tr("保存"))
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        screen_fit.fit(self, 520, 460)

    def save(self) -> None:
        values = dict(
            reported_at=self.reported_at.dateTime().toPython(), category=self.category.currentText(),
            description=self.description.toPlainText(), grid_id=self.grid.currentData(),
            address=self.address.text(), reporter_name=self.reporter.text().strip(),
            urgency=self.urgency.currentText(), handler_staff_id=self.handler.currentData())
        try:
            if self.row is None:
                change = matters.add_matter(self.context.db, matters.MatterInput(**values))
            else:
                if self.row.reporter == values["reporter_name"]:
                    values.pop("reporter_name")  # shown from the linked resident / staff: keep as is
                change = matters.edit_matter(self.context.db, self.row.id, **values)
        except (matters.MatterError, StoreError) as exc:
            QMessageBox.warning(self, self.tr("不能保存"), sentence(exc))
            return
        self.change = self.context.apply(change)
        self.accept()


class MoveDialog(QDialog):
    """Close (办理结果) or transfer (转到哪里) a matter, or start handling it, at a time."""

    def __init__(self, context: AppContext, row: matters.MatterRow, state: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moveDialog")
        self.context, self.row, self.state = context, row, state
        self.change: Change | None = None
        titles = {matters.IN_PROGRESS: self.tr("开始办理"), matters.CLOSED: self.tr("办结事项"),
                  matters.TRANSFERRED: self.tr("转办事项")}
        self.setWindowTitle(titles.get(state, state) + f" {row.id}")
        self.at = _datetime_edit(self, dt.datetime.now().replace(second=0, microsecond=0))
        self.at.setObjectName("moveAt")
        self.text = QPlainTextEdit(row.outcome if state == matters.CLOSED else "", self)
        self.text.setObjectName("moveText")
        form = QFormLayout()
        summary = QLabel(" ".join(row.description.split())[:80], self)
        summary.setWordWrap(True)
        form.addRow(self.tr("事项："), summary)
        form.addRow(self.tr("时间："), self.at)
        if state == matters.CLOSED:
            form.addRow(self.tr("办理结果："), self.text)
        elif state == matters.TRANSFERRED:
            self.text.setPlaceholderText(self.tr("如：街道综治中心、区住建局"))
            self.text.setMaximumHeight(60)
            form.addRow(self.tr("转到："), self.text)
        else:
            self.text.hide()
        buttons = _buttons(self, titles.get(state, self.tr("确定")))
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        screen_fit.fit(self, 460, 280)

    def save(self) -> None:
        text = self.text.toPlainText()
        try:
            change = matters.move(
                self.context.db, self.row.id, self.state, at=self.at.dateTime().toPython(),  # type: ignore[arg-type]
                outcome=text if self.state == matters.CLOSED else "",
                transferred_to=text if self.state == matters.TRANSFERRED else "")
        except (matters.MatterError, StoreError) as exc:
            QMessageBox.warning(self, self.tr("不能办理"), sentence(exc))
            return
        self.change = self.context.apply(change)
        self.accept()


class MediansDialog(QDialog):
    """Response time and time to close: medians per month and per grid for the grid in view.
    The medians are computed in a pool thread (a street's year of matters: about a second); the
    dialog opens at once and says it is counting."""

    def __init__(self, context: AppContext, grid_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediansDialog")
        self.setWindowTitle(self.tr("事项办理用时（中位数）"))
        headers = [self.tr("事项数"), self.tr("未办结"), self.tr("已办结"), self.tr("转办"),
                   self.tr("响应用时中位数（小时）"), self.tr("办结用时中位数（天）")]
        self.tabs = QTabWidget(self)
        self.models: dict[str, RowsModel] = {}
        self.views: dict[str, QTableView] = {}
        for by, label in (("month", self.tr("按月")), ("grid", self.tr("按网格"))):
            model = RowsModel([self.tr("月份") if by == "month" else self.tr("网格"), *headers], self, counts=True)
            proxy = QSortFilterProxyModel(self)
            proxy.setSourceModel(model)
            proxy.setSortRole(SORT_ROLE)
            view = QTableView(self)
            view.setObjectName(f"medians_{by}")
            view.setModel(proxy)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.horizontalHeader().setMinimumSectionSize(64)
            self.models[by] = model
            self.views[by] = view
            self.tabs.addTab(view, label)
        self.status = QLabel(self.tr("正在统计，请稍候…"), self)
        self.status.setObjectName("mediansStatus")
        note = QLabel(self.tr("响应用时：登记到开始办理（或转办、办结）；办结用时：登记到办结，只计已办结的事项。"), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs)
        layout.addWidget(note)
        layout.addWidget(buttons)
        screen_fit.fit(self, 720, 480)
        db = context.db

        def compute():  # type: ignore[no-untyped-def]
            total = matter_stats.overall(db, grid_id)
            return {by: [*matter_stats.medians(db, by, grid_id), total] for by in ("month", "grid")}

        self.task = run_in_background(self, compute, self._show, on_failed=self._failed)

    def busy(self) -> bool:
        return self.task.is_running()

    def _show(self, rows: dict[str, list[matter_stats.MedianRow]]) -> None:
        for by, model in self.models.items():
            model.set_rows([[r.label, r.matters, r.open, r.closed, r.transferred, r.median_response_hours,
                             r.median_close_days] for r in rows[by]])
        self.status.hide()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("没有统计出来。"))
        show_error(self, exc, self.tr("没有统计出来。"))

    def done(self, result: int) -> None:
        self.task.cancel()  # closed before the figures came: they are not wanted any more
        super().done(result)


class CategoriesDialog(QDialog):
    """The office's matter categories, one a line."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoriesDialog")
        self.setWindowTitle(self.tr("事项类别"))
        self.context = context
        self.change: Change | None = None
        self.edit = QPlainTextEdit("\n".join(matters.categories(context.db)), self)
        hint = QLabel(self.tr("每行一个类别。已登记事项的类别不会改变。"), self)
        buttons = _buttons(self, self.tr("保存"))
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        screen_fit.fit(self, 320, 360)

    def save(self) -> None:
        try:
            change = matters.set_categories(self.context.db, self.edit.toPlainText().splitlines())
        except (matters.MatterError, StoreError) as exc:
            QMessageBox.warning(self, self.tr("不能保存"), sentence(exc))
            return
        self.change = self.context.apply(change)
        self.accept()

