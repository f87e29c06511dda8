"""新建发放活动: name, reference date, eligibility (age, categories, grids) with the eligible
count per micro-grid shown before the list is made, and the kit's contents."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.codes import GridLevel
from gridoffice.domain.population import CATEGORIES
from gridoffice.i18n import tr
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns.core import WINDOW_DAYS
from gridoffice.services.grids import core as grids
from gridoffice.store import Database
from gridoffice.ui.campaigns.form import AddPersonDialog
from gridoffice.ui.errors import sentence
from gridoffice.ui.widgets import screen_fit
from gridoffice.ui.widgets.qdates import to_date, to_qdate


class CampaignDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignDialog")
        self.setWindowTitle(self.tr("新建发放活动"))
        self.db = db
        self.spec: campaigns.CampaignSpec | None = None
        today = today or dt.date.today()

        self.name = QLineEdit(self.tr("健康爱心包"), self)
        self.reference = QDateEdit(to_qdate(today), self)
        self.reference.setCalendarPopup(True)
        self.reference.setDisplayFormat("yyyy-MM-dd")
        self.use_window = QCheckBox(self.tr("补发截止"), self)
        self.use_window.setChecked(True)
        self.use_window.setToolTip(self.tr("在这一天之前年满最低年龄、新迁入的人，刷新名单时加入补发"))
        self.window_end = QDateEdit(to_qdate(today + dt.timedelta(days=WINDOW_DAYS)), self)
        self.window_end.setCalendarPopup(True)
        self.window_end.setDisplayFormat("yyyy-MM-dd")
        self.use_age = QCheckBox(self.tr("最低年龄"), self)
        self.use_age.setChecked(True)
        self.min_age = QSpinBox(self)
        self.min_age.setRange(0, 120)
        self.min_age.setValue(60)
        self.min_age.setSuffix(self.tr(" 岁（基准日当天已满）"))

        self.categories = QListWidget(self)
        self.categories.setObjectName("campaignCategories")
        choices = [("aged_60_plus", self.tr("60 岁以上")), ("aged_80_plus", self.tr("80 岁以上")),
                   ("children", self.tr("未成年人"))]
        choices += [(code, tr(cat.label)) for code, cat in CATEGORIES.items()]
        for code, label in choices:
            item = QListWidgetItem(label, self.categories)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.categories.setMaximumHeight(150)

        self.grid_tree = QTreeWidget(self)
        self.grid_tree.setObjectName("campaignGrids")
        self.grid_tree.setHeaderHidden(True)
        self.grid_tree.setMaximumHeight(150)
        for root in grids.tree(db):  # the village (or street) itself is "all grids"
            for child in root.children:
                self._add_grid(child, self.grid_tree.invisibleRootItem())
        self.grid_tree.expandToDepth(0)

        self.kit = QTableWidget(0, 3, self)
        self.kit.setObjectName("campaignKit")
        self.kit.setHorizontalHeaderLabels([self.tr("物资"), self.tr("每份数量"), self.tr("单位")])
        self.kit.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.kit.verticalHeader().setVisible(False)
        self.kit.verticalHeader().setDefaultSectionSize(26)
        self.kit.setMinimumHeight(26 * 7 + 30)
        for line in campaigns.DEFAULT_KIT:
            self.add_kit_line(line.name, line.quantity, line.unit)
        add = QPushButton(self.tr("添加物资"), self)
        add.clicked.connect(lambda: self.add_kit_line("", 1, ""))
        remove = QPushButton(self.tr("删除所选"), self)
        remove.clicked.connect(self._remove_kit_line)

        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("previewTotal")
        font = self.preview_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.preview_label.setFont(font)
        self.preview = QTableWidget(0, 3, self)
        self.preview.setObjectName("campaignPreview")
        self.preview.setHorizontalHeaderLabels([self.tr("一般网格"), self.tr("微网格"), self.tr("符合条件")])
        self.preview.verticalHeader().setVisible(False)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        self.adjustments: list[tuple[campaigns.Adjustment, str]] = []
        self.adjust_table = QTableWidget(0, 3, self)
        self.adjust_table.setObjectName("campaignAdjustments")
        self.adjust_table.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("调整"), self.tr("原因")])
        self.adjust_table.verticalHeader().setVisible(False)
        self.adjust_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.adjust_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.adjust_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.adjust_table.setMaximumHeight(120)
        include_button = QPushButton(self.tr("手工加入…"), self)
        include_button.clicked.connect(lambda: self.ask_adjustment(True))
        exclude_button = QPushButton(self.tr("手工排除…"), self)
        exclude_button.clicked.connect(lambda: self.ask_adjustment(False))
        drop_button = QPushButton(self.tr("删除所选"), self)
        drop_button.clicked.connect(self._drop_adjustment)

        form = QFormLayout()
        form.addRow(self.tr("活动名称"), self.name)
        form.addRow(self.tr("基准日期"), self.reference)
        age_row = QHBoxLayout()
        age_row.addWidget(self.use_age)
        age_row.addWidget(self.min_age, 1)
        form.addRow(self.tr("年龄"), age_row)
        window_row = QHBoxLayout()
        window_row.addWidget(self.use_window)
        window_row.addWidget(self.window_end, 1)
        form.addRow(self.tr("补发"), window_row)
        who = QGroupBox(self.tr("发给谁（不勾选 = 不限）"), self)
        who_layout = QGridLayout(who)
        who_layout.addWidget(QLabel(self.tr("重点人群（符合任一类即可）"), who), 0, 0)
        who_layout.addWidget(QLabel(self.tr("网格"), who), 0, 1)
        who_layout.addWidget(self.categories, 1, 0)
        who_layout.addWidget(self.grid_tree, 1, 1)
        kit_box = QGroupBox(self.tr("每份物资"), self)
        kit_layout = QVBoxLayout(kit_box)
        kit_layout.addWidget(self.kit)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        kit_layout.addLayout(buttons_row)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(who)
        left.addWidget(kit_box)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("生成名单前的预览（各微网格符合条件人数）"), self))
        right.addWidget(self.preview_label)
        right.addWidget(self.preview, 1)
        adjust_box = QGroupBox(self.tr("手工加入或排除（须写原因）"), self)
        adjust_layout = QVBoxLayout(adjust_box)
        adjust_layout.addWidget(self.adjust_table)
        adjust_buttons = QHBoxLayout()
        for b in (include_button, exclude_button, drop_button):
            adjust_buttons.addWidget(b)
        adjust_buttons.addStretch(1)
        adjust_layout.addLayout(adjust_buttons)
        right.addWidget(adjust_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("新建并生成名单"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        screen_fit.fit(self, 1000, 700)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.update_preview)
        for signal in (self.reference.dateChanged, self.min_age.valueChanged, self.use_age.toggled,
                       self.categories.itemChanged, self.grid_tree.itemChanged):
            signal.connect(self._timer.start)
        self.reference.dateChanged.connect(lambda d: self.window_end.setDate(d.addDays(WINDOW_DAYS)))
        self.use_age.toggled.connect(self.min_age.setEnabled)
        self.use_window.toggled.connect(self.window_end.setEnabled)
        self.update_preview()

    def _add_grid(self, node: grids.GridNode, parent: QTreeWidgetItem) -> None:
        item = QTreeWidgetItem(parent, [node.name])
        item.setData(0, Qt.ItemDataRole.UserRole, node.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Unchecked)
        if node.level != GridLevel.MICRO:
            for child in node.children:
                self._add_grid(child, item)

    # ---- kit ------------------------------------------------------------------------------
    def add_kit_line(self, name: str, quantity: int, unit: str) -> None:
        row = self.kit.rowCount()
        self.kit.insertRow(row)
        self.kit.setItem(row, 0, QTableWidgetItem(name))
        spin = QSpinBox(self.kit)
        spin.setRange(1, 9999)
        spin.setValue(quantity)
        self.kit.setCellWidget(row, 1, spin)
        self.kit.setItem(row, 2, QTableWidgetItem(unit))

    def _remove_kit_line(self) -> None:
        for row in sorted({i.row() for i in self.kit.selectedIndexes()}, reverse=True):
            self.kit.removeRow(row)

    def kit_lines(self) -> tuple[campaigns.KitLine, ...]:
        lines = []
        for row in range(self.kit.rowCount()):
            name = (self.kit.item(row, 0).text() if self.kit.item(row, 0) else "").strip()  # type: ignore[union-attr]
            unit = (self.kit.item(row, 2).text() if self.kit.item(row, 2) else "").strip()  # type: ignore[union-attr]
            spin = self.kit.cellWidget(row, 1)
            quantity = spin.value() if isinstance(spin, QSpinBox) else 1
            if name:
                lines.append(campaigns.KitLine(name, quantity, unit))
        return tuple(lines)

    # ---- eligibility ------------------------------------------------------------------------
    def checked_categories(self) -> tuple[str, ...]:
        return tuple(self.categories.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.categories.count())
                     if self.categories.item(i).checkState() == Qt.CheckState.Checked)

    def checked_grids(self) -> tuple[int, ...]:
        found: list[int] = []

        def walk(item: QTreeWidgetItem) -> None:
            for i in range(item.childCount()):
                child = item.child(i)
                if child.checkState(0) == Qt.CheckState.Checked:  # type: ignore[union-attr]
                    found.append(child.data(0, Qt.ItemDataRole.UserRole))  # type: ignore[union-attr]
                else:
                    walk(child)  # type: ignore[arg-type]

        walk(self.grid_tree.invisibleRootItem())
        return tuple(found)

    def criteria(self) -> campaigns.Criteria:
        reference = to_date(self.reference.date())
        return campaigns.Criteria(
            reference_date=reference,
            min_age=self.min_age.value() if self.use_age.isChecked() else None,
            categories=self.checked_categories(),
            grid_ids=self.checked_grids(),
            window_end=to_date(self.window_end.date()) if self.use_window.isChecked() else None,
        )

    # ---- manual adjustments ---------------------------------------------------------------
    def ask_adjustment(self, include: bool) -> None:
        dialog = AddPersonDialog(self.db, to_date(self.reference.date()), self, include=include)
        if dialog.exec() and dialog.person_id() is not None:
            pid = dialog.person_id()
            assert pid is not None
            self.add_adjustment(campaigns.Adjustment(pid, include, dialog.reason.text().strip()),
                                dialog.person_name())

    def add_adjustment(self, adjustment: campaigns.Adjustment, name: str) -> None:
        self.adjustments = [(a, n) for a, n in self.adjustments if a.person_id != adjustment.person_id]
        self.adjustments.append((adjustment, name))
        self._show_adjustments()

    def _drop_adjustment(self) -> None:
        rows = {i.row() for i in self.adjust_table.selectedIndexes()}
        self.adjustments = [x for i, x in enumerate(self.adjustments) if i not in rows]
        self._show_adjustments()

    def _show_adjustments(self) -> None:
        self.adjust_table.setRowCount(len(self.adjustments))
        for row, (a, name) in enumerate(self.adjustments):
            self.adjust_table.setItem(row, 0, QTableWidgetItem(name))
            self.adjust_table.setItem(row, 1, QTableWidgetItem(self.tr("加入") if a.include else self.tr("排除")))
            self.adjust_table.setItem(row, 2, QTableWidgetItem(a.reason))
        self.update_preview()

    def update_preview(self) -> None:
        result = campaigns.preview(self.db, self.criteria(), [a for a, _n in self.adjustments])
        self.preview_label.setText(self.tr("符合条件：{n} 人").format(n=f"{result.total:,}"))
        self.preview.setRowCount(len(result.grids))
        for row, g in enumerate(result.grids):
            count = QTableWidgetItem(str(g.count))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.preview.setItem(row, 0, QTableWidgetItem(g.parent_label))
            self.preview.setItem(row, 1, QTableWidgetItem(g.name))
            self.preview.setItem(row, 2, count)
        self.preview_total = result.total

    def accept(self) -> None:
        spec = campaigns.CampaignSpec(self.name.text(), self.criteria(), self.kit_lines(),
                                      tuple(a for a, _n in self.adjustments))
        try:
            campaigns.check_spec(spec)
        except campaigns.CampaignError as exc:
            QMessageBox.warning(self, self.tr("请检查"), sentence(exc))
            return
        self.spec = spec
        super().accept()
