"""Pieces of the campaigns pane: the hand-out form, the packing-list dialog and the dialog that
adds a person to a list by hand."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
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
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain import privacy
from gridoffice.i18n import N_, tr
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import handouts, lists
from gridoffice.store import Database
from gridoffice.ui.widgets import screen_fit

RELATIONS = (N_("配偶"), N_("儿子"), N_("女儿"), N_("儿媳"), N_("女婿"), N_("孙子女"), N_("兄弟姐妹"), N_("邻居"), N_("其他亲属"))


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class HandoutForm(QGroupBox):
    """Date, handed by, 领取 / 上门, the person or a proxy; and the other outcomes."""

    record_requested = Signal()
    mark_requested = Signal(str)  # declined / unreachable
    clear_requested = Signal()
    exclude_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("登记（对勾选的人；没有勾选时对选中的行）"))
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(QDate.currentDate())
        self.staff = QComboBox(self)
        self.staff.setObjectName("handoutStaff")
        self.staff.setMinimumContentsLength(8)
        self.staff.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.collected = QRadioButton(self.tr("到村委会领取"), self)
        self.delivered = QRadioButton(self.tr("上门送达"), self)
        self.collected.setChecked(True)
        methods = QButtonGroup(self)
        methods.addButton(self.collected)
        methods.addButton(self.delivered)
        self.self_received = QRadioButton(self.tr("本人领取"), self)
        self.by_proxy = QRadioButton(self.tr("代领"), self)
        self.self_received.setChecked(True)
        receivers = QButtonGroup(self)
        receivers.addButton(self.self_received)
        receivers.addButton(self.by_proxy)
        self.proxy_name = QLineEdit(self)
        self.proxy_name.setPlaceholderText(self.tr("代领人姓名"))
        self.proxy_relation = QComboBox(self)
        self.proxy_relation.setEditable(True)
        self.proxy_relation.addItems([tr(r) for r in RELATIONS])
        self.proxy_relation.setCurrentText("")
        self.proxy_relation.lineEdit().setPlaceholderText(self.tr("与本人关系"))  # type: ignore[union-attr]
        for w in (self.proxy_name, self.proxy_relation):
            w.setEnabled(False)
        self.by_proxy.toggled.connect(self.proxy_name.setEnabled)
        self.by_proxy.toggled.connect(self.proxy_relation.setEnabled)
        self.record_button = QPushButton(self.tr("登记发放"), self)
        self.record_button.setObjectName("recordHandout")
        self.record_button.setDefault(True)
        self.record_button.clicked.connect(self.record_requested)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("原因（拒领、联系不上、移出时必填）"))
        declined = QPushButton(self.tr("拒领"), self)
        declined.setToolTip(self.tr("标记为拒领（须写原因）"))
        declined.clicked.connect(lambda: self.mark_requested.emit(campaigns.DECLINED))
        unreachable = QPushButton(self.tr("联系不上"), self)
        unreachable.clicked.connect(lambda: self.mark_requested.emit(campaigns.UNREACHABLE))
        self.clear_button = QPushButton(self.tr("改回待发"), self)
        self.clear_button.setToolTip(self.tr("把登记错的发放、拒领、联系不上改回待发"))
        self.clear_button.clicked.connect(self.clear_requested)
        exclude = QPushButton(self.tr("移出"), self)
        exclude.setToolTip(self.tr("手工排除（须写原因），记录保留"))
        exclude.clicked.connect(self.exclude_requested)
        self.declined_button, self.unreachable_button, self.exclude_button = declined, unreachable, exclude

        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("发放日期"), self), 0, 0)
        grid.addWidget(self.date, 0, 1)
        grid.addWidget(QLabel(self.tr("发放人"), self), 0, 2)
        grid.addWidget(self.staff, 0, 3)
        methods_row = QHBoxLayout()
        methods_row.addWidget(self.collected)
        methods_row.addWidget(self.delivered)
        grid.addLayout(methods_row, 0, 4)
        receivers_row = QHBoxLayout()
        receivers_row.addWidget(self.self_received)
        receivers_row.addWidget(self.by_proxy)
        grid.addLayout(receivers_row, 1, 0, 1, 2)
        proxy_row = QHBoxLayout()
        proxy_row.addWidget(self.proxy_name, 2)
        proxy_row.addWidget(self.proxy_relation, 1)
        grid.addLayout(proxy_row, 1, 2, 1, 2)
        grid.addWidget(self.record_button, 1, 4)
        outcomes = QHBoxLayout()
        outcomes.addWidget(self.reason, 1)
        for b in (declined, unreachable, exclude, self.clear_button):
            outcomes.addWidget(b)
        grid.addLayout(outcomes, 2, 0, 1, 5)
        self.elsewhere = QLabel("", self)  # kits already handed in another village (the street's list)
        self.elsewhere.setObjectName("handedElsewhereWarning")
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setStyleSheet("color: #b00020;")
        self.elsewhere.setVisible(False)
        self.elsewhere_dialog: QDialog | None = None  # while asking for the reason (tests answer it)
        grid.addWidget(self.elsewhere, 3, 0, 1, 5)
        grid.setColumnStretch(3, 1)
        self.record_button.setMinimumHeight(30)

    def set_staff(self, options: list[lists.StaffOption]) -> None:
        keep = self.staff.currentData()
        self.staff.blockSignals(True)
        self.staff.clear()
        for o in options:
            label = f"{o.name}（{tr(o.role)}）" if o.role else o.name
            self.staff.addItem(label, o.id)
        team = sum(1 for o in options if o.in_team)
        if 0 < team < len(options):  # the grid's own team first, then a line, then everyone else
            self.staff.insertSeparator(team)
        # a micro-grid's list: its team leader unless a team member was already chosen;
        # otherwise keep the choice
        allowed = [o.id for o in options if o.in_team] or [o.id for o in options]
        index = self.staff.findData(keep) if keep in allowed else -1
        self.staff.setCurrentIndex(max(index, 0))
        self.staff.blockSignals(False)

    def handout(self) -> handouts.Handout | None:
        staff_id = self.staff.currentData()
        if staff_id is None:
            return None
        proxy = self.by_proxy.isChecked()
        return handouts.Handout(
            on=to_date(self.date.date()), staff_id=int(staff_id),
            method=campaigns.DELIVERED if self.delivered.isChecked() else campaigns.COLLECTED,
            proxy_name=self.proxy_name.text() if proxy else "",
            proxy_relation=self.proxy_relation.currentText() if proxy else "")

    def show_elsewhere(self, found: list[tuple[str, str]]) -> None:
        """The persons about to be handed a kit whom the street's list shows handed one elsewhere."""
        text = "\n".join(f"{name}：{sentence}" for name, sentence in found[:3])
        if len(found) > 3:
            text += "\n" + self.tr("……共 {n} 人").format(n=len(found))
        self.elsewhere.setText(text)
        self.elsewhere.setVisible(bool(found))

    def after_record(self) -> None:
        """Ready for the next sheet: back to the person themselves."""
        self.self_received.setChecked(True)
        self.proxy_name.clear()
        self.proxy_relation.setCurrentText("")


class PackingDialog(QDialog):
    def __init__(self, packing: lists.PackingList, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("装包清单 — {title}").format(title=title))
        kit = packing.kit
        self.table = QTableWidget(len(packing.grids) + 1, len(kit) + 3, self)
        self.table.setObjectName("packingTable")
        headers = [self.tr("一般网格"), self.tr("微网格"), self.tr("份数")]
        headers += [f"{k.name}\n（{k.quantity}{k.unit}/份）" for k in kit]
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        def put(row: int, col: int, value: object) -> None:
            item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
            if isinstance(value, int):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)

        for row, g in enumerate(packing.grids):
            put(row, 0, g.parent_label)
            put(row, 1, g.name)
            put(row, 2, g.count)
            for col, amount in enumerate(packing.amounts(g.count), start=3):
                put(row, col, amount)
        last = len(packing.grids)
        put(last, 0, self.tr("合计"))
        put(last, 1, "")
        put(last, 2, packing.kits)
        for col, amount in enumerate(packing.amounts(packing.kits), start=3):
            put(last, col, amount)
        font = self.table.font()
        font.setBold(True)
        for col in range(self.table.columnCount()):
            item = self.table.item(last, col)
            if item is not None:
                item.setFont(font)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        self.summary = QLabel(self.tr("合计 {kits} 份：").format(kits=f"{packing.kits:,}") + "，".join(
            f"{k.name} {amount:,} {k.unit}" for k, amount in zip(kit, packing.amounts(packing.kits), strict=True)), self)
        self.summary.setObjectName("packingSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("物资总数 = 份数 × 每份数量（已移出名单的人不计）"), self))
        layout.addWidget(self.table)
        layout.addWidget(close)
        screen_fit.fit(self, 1000, 600)


class AddPersonDialog(QDialog):
    """Find a resident in the whole roster and add them to the list, with the reason."""

    def __init__(self, db: Database, on: dt.date, parent: QWidget | None = None, include: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("手工加入名单") if include else self.tr("手工排除"))
        self.db, self.on = db, on
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("姓名、拼音首字母或身份证号后几位"))
        self.results = QListWidget(self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("例如：独居困难户，经两委研究同意"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("加入名单") if include else self.tr("排除"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("查找"), self.search)
        form.addRow(self.results)
        form.addRow(self.tr("原因"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self.update_results)
        self.results.itemSelectionChanged.connect(self._update_ok)
        self.reason.textChanged.connect(self._update_ok)
        self._update_ok()
        screen_fit.fit(self, 520, 420)

    def update_results(self) -> None:
        self.results.clear()
        for hit in lists.find_persons(self.db, self.search.text(), self.on):
            age = "" if hit.age is None else self.tr("{age}岁").format(age=hit.age)
            text = f"{hit.name}  {hit.sex}  {age}  {privacy.mask_id(hit.id_number)}  {hit.grid_name}  {hit.address}"
            item = QListWidgetItem(text, self.results)
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
        if self.results.count() == 1:
            self.results.setCurrentRow(0)

    def person_name(self) -> str:
        item = self.results.currentItem()
        return item.text().split()[0] if item is not None else ""

    def person_id(self) -> int | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.person_id() is not None and bool(self.reason.text().strip()))
