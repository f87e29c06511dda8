"""数据交换 → 冲突 (each field changed on both sides: ours and theirs side by side, 保留本地 /
采用对方, each one undo step) and 汇总台 (the street's desk: the offices it expects, what each last
sent, who is late, the months approved — 审批 / 取消审批 —, 更换密钥… for an office whose PC died,
and the consolidated figures of the aggregate packages, adding up to the street total)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridoffice.i18n import tr
from gridoffice.services.exchange import approval, consolidated, desk, review
from gridoffice.ui.context import AppContext
from gridoffice.ui.exchange import rekey as rekey_dialog
from gridoffice.ui.exchange.dialog import fill_table, fit_columns
from gridoffice.ui.ops import Loader, Op
from gridoffice.ui.widgets import masking
from gridoffice.ui.widgets.rows_model import ROW_ID_ROLE, RowsModel


def shown(field: str, value: Any) -> str:
    """A conflict's value as the screen shows values (IDs and phones masked when the masked
    display is on)."""
    if value is None or value == "":
        return QCoreApplication.translate("ConflictsTab", "（空）")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return masking.display_field(field, str(value)) or str(value)


class ConflictsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = RowsModel([self.tr("编号"), self.tr("来自"), self.tr("表"), self.tr("记录"), self.tr("字段"),
                                self.tr("本地的值"), self.tr("对方的值")], self)
        self.view = QTableView(self)
        self.view.setObjectName("conflictsTable")
        self.view.setModel(self.model)
        fill_table(self.view)
        self.hint = QLabel("", self)
        self.hint.setWordWrap(True)
        self.ours = QPushButton(self.tr("保留本地"), self)
        self.ours.setObjectName("keepOurs")
        self.theirs = QPushButton(self.tr("采用对方"), self)
        self.theirs.setObjectName("takeTheirs")
        self.ours.clicked.connect(lambda: self.resolve("ours"))
        self.theirs.clicked.connect(lambda: self.resolve("theirs"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.ours)
        buttons.addWidget(self.theirs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.loader = Loader(self, self._show)
        masking.switch().changed.connect(self._masking_changed)

    def busy(self) -> bool:
        return self.loader.busy()

    def _masking_changed(self, _on: bool) -> None:
        self.reload()

    def reload(self) -> None:
        db = self.context.db
        self.loader.request(lambda: review.open_conflicts(db))

    def _show(self, found: list[dict[str, Any]]) -> None:
        self.model.set_rows([(c["id"], c["from"], c["table_label"], c["record"], c["field_label"],
                              shown(c["field"], c["ours"]), shown(c["field"], c["theirs"])) for c in found], ids=[c["id"] for c in found])
        self.view.resizeColumnsToContents()
        self.hint.setText(self.tr("双方都改了同一字段：逐条选择保留本地的值或采用对方的值（每一步都可撤销）。")
                          if found else self.tr("没有待处理的冲突。"))
        for b in (self.ours, self.theirs):
            b.setEnabled(bool(found))
        if found:
            self.view.selectRow(0)

    def selected(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ROW_ID_ROLE) if rows else None

    def resolve(self, keep: str) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        db = self.context.db
        Op(self, lambda: review.resolve(db, conflict, keep), context=self.context,
           disable=[self.ours, self.theirs]).run()


def last_month(today: dt.date | None = None) -> str:
    first = (today or dt.date.today()).replace(day=1)
    return (first - dt.timedelta(days=1)).strftime("%Y-%m")


class DeskTab(QWidget):
    LATE_COLUMN = 6

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.peers: list[dict[str, Any]] = []
        self.model = RowsModel([self.tr("单位"), self.tr("行政区划代码"), self.tr("已登记"), self.tr("最近包序号"),
                                self.tr("最近报送"), self.tr("行数"), self.tr("逾期"), self.tr("冲突"),
                                self.tr("已审批月份")], self, counts=True,
                               highlight=lambda row: {self.LATE_COLUMN} if row[self.LATE_COLUMN] else set())
        self.view = QTableView(self)
        self.view.setObjectName("deskTable")
        self.view.setModel(self.model)
        fill_table(self.view)
        self.late = QLabel("", self)
        # a month is picked, not typed: year and month step with the arrows or the wheel, and a
        # month still running cannot be approved
        self.period = QDateEdit(QDate.fromString(last_month() + "-01", "yyyy-MM-dd"), self)
        self.period.setObjectName("approvePeriod")
        self.period.setDisplayFormat("yyyy-MM")
        self.period.setMinimumDate(QDate(2000, 1, 1))
        self._latest_month()
        self.period.setToolTip(self.tr("要审批（或取消审批）的月份；审批后，这个月的走访、事项、发放和服务记录不再接受修改"))
        self.approve = QPushButton(self.tr("审批并锁定"), self)
        self.approve.setObjectName("approveButton")
        self.unapprove = QPushButton(self.tr("取消审批"), self)
        self.unapprove.setObjectName("unapproveButton")
        self.approve.clicked.connect(lambda: self.set_approval(undo=False))
        self.unapprove.clicked.connect(lambda: self.set_approval(undo=True))
        self.rekey = QPushButton(self.tr("更换密钥…"), self)
        self.rekey.setObjectName("rekeyButton")
        self.rekey.setToolTip(self.tr("选中的单位换了电脑、生成了新密钥：读它的新数据包或公钥文件，电话核对新指纹后更换"))
        self.rekey.clicked.connect(lambda: self.change_key())
        row = QHBoxLayout()
        row.addWidget(self.late, 1)
        row.addWidget(self.rekey)
        row.addWidget(QLabel(self.tr("月份："), self))
        row.addWidget(self.period)
        row.addWidget(self.approve)
        row.addWidget(self.unapprove)
        headers = [tr(label) for _k, label in consolidated.FIGURES]
        self.summary = RowsModel([self.tr("单位"), self.tr("月份"), self.tr("社区"), *headers, self.tr("发放覆盖率")],
                                 self, counts=True)
        self.summary_view = QTableView(self)
        self.summary_view.setObjectName("deskSummary")
        self.summary_view.setModel(self.summary)
        self.summary.numeric_columns = {3 + len(headers)}
        fill_table(self.summary_view, stretch_last=False)
        top, bottom = QWidget(self), QWidget(self)
        upper = QVBoxLayout(top)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(self.view, 1)
        upper.addLayout(row)
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(QLabel(self.tr("各村（社区）统计包汇总（合计为全街道）："), self))
        lower.addWidget(self.summary_view, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.loader = Loader(self, self._show)

    def busy(self) -> bool:
        return self.loader.busy()

    def reload(self) -> None:
        db = self.context.db
        self.loader.request(lambda: (desk.status(db), consolidated.summary(db)))

    def _show(self, found: tuple[dict[str, Any], dict[str, Any]]) -> None:
        status, summary = found
        self.peers = status["peers"]
        yes, no = self.tr("是"), self.tr("否")
        self.model.set_rows([(p["office"], p["code"], yes if p["registered"] else no, p["last_seq"] or None,
                              (p["last_at"] or "")[:10] or self.tr("未报送"), p["rows"] or None,
                              self.tr("逾期") if p["late"] else "", p["conflicts"] or None,
                              "、".join(p["approved"])) for p in self.peers])
        fit_columns(self.view)
        late = sum(1 for p in self.peers if p["late"])
        self.late.setText(self.tr("应报 {n} 个单位，{late} 个超过 {days} 天未报送。").format(
            n=len(self.peers), late=late, days=status["late_after_days"]))
        lines = consolidated.rows(summary)
        self.summary.set_rows([(r["office"], r["period"], r["community"],
                                *(r[k] for k, _l in consolidated.FIGURES),
                                f"{r['coverage']:.1%}" if r["coverage"] is not None else None) for r in lines])
        fit_columns(self.summary_view)
        if self.peers and not self.view.selectionModel().selectedRows():
            self.view.selectRow(0)

    def selected_code(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.peers):
            return None
        peer = self.peers[rows[0].row()]
        return peer["code"] or peer["uuid"] if peer["registered"] else None

    def change_key(self, path: Path | None = None) -> None:
        """更换密钥… for the office selected: its new key read from ``path`` (or a file chosen)."""
        office = self.selected_code()
        if office is None:
            self.late.setText(self.tr("请先在表中选择一个已登记的单位。"))
            return
        path = path or rekey_dialog.choose_file(self)
        if path is not None:
            rekey_dialog.ask(self, self.context, office, path, disable=[self.rekey])

    def _latest_month(self) -> None:
        """Up to this month (an approval of a month still running is refused by the service,
        with its sentence; taking one back is not), set again whenever the tab is shown: a PC
        left on past the end of a month."""
        today = dt.date.today()
        self.period.setMaximumDate(QDate(today.year, today.month, 1))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._latest_month()

    def set_approval(self, *, undo: bool) -> None:
        office = self.selected_code()
        if office is None:
            self.late.setText(self.tr("请先在表中选择一个已登记的单位。"))
            return
        db, period = self.context.db, self.period.date().toString("yyyy-MM")
        Op(self, lambda: approval.approve(db, office, period, undo=undo), context=self.context,
           disable=[self.approve, self.unapprove]).run()
