"""文件 → 数据交换…: one window with four tabs — 发送 (a package: level, all or the changes,
the cover sheet, where to save; what will go, rows per table; 密钥… for the office's and the
street's keys), 接收 (a package's dry-run report,
then 导入 as one undo step; registering an unknown sender; forcing a held package; a receipt),
冲突 (ours / theirs per field) and 汇总台 (the street's desk, approvals, the consolidated
figures). Every service call goes through ui/ops.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridoffice import paths
from gridoffice.services.exchange import cover, desk
from gridoffice.services.exchange import export as exporting
from gridoffice.services.field_labels import table_label
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import Loader, Op
from gridoffice.ui.widgets.rows_model import RowsModel, compact


def table_name(name: str) -> str:
    return table_label(name) if name != "tombstones" else QCoreApplication.translate("ExchangeDialog", "删除记录")


def fill_table(view: QTableView, *, stretch_last: bool = True) -> None:
    """The exchange tables' look: compact rows, whole rows selected, the last column (free text)
    taking the rest of the width — or, for a table of figures, none."""
    compact(view)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)


def fit_columns(view: QTableView) -> None:
    """Columns sized to their contents, a figure's column never narrower than 6 digits."""
    view.resizeColumnsToContents()
    least = view.fontMetrics().horizontalAdvance("000,000") + 16
    model = view.model()
    assert isinstance(model, RowsModel)
    rows = [model.row_values(r) for r in range(model.rowCount())]
    for column in range(1, model.columnCount()):
        figures = any(isinstance(r[column], int) and not isinstance(r[column], bool) for r in rows)
        if figures and view.columnWidth(column) < least:
            view.setColumnWidth(column, least)


class SendTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.level = QComboBox(self)
        self.level.setObjectName("sendLevel")
        for key, text in (("aggregate", self.tr("统计数（只有各网格的人数、户数，向上报送用）")),
                          ("pseudonymous", self.tr("化名（居民以化名键代替身份证号）")),
                          ("full", self.tr("全部（迁户、街道备份用）"))):
            self.level.addItem(text, key)
        self.delta = QRadioButton(self.tr("上次回执以来的变化"), self)
        self.full = QRadioButton(self.tr("全部记录"), self)
        self.delta.setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.delta)
        scope.addButton(self.full)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.delta)
        scope_row.addWidget(self.full)
        scope_row.addStretch(1)
        self.cover = QCheckBox(self.tr("同时打印报送封面（PDF，盖章后随包报送）"), self)
        self.target = QLineEdit(self)
        self.target.setObjectName("sendTarget")
        folder = paths.data_dir() / "packages"
        self.target.setText(str(folder / self.tr("{office}-数据包.gopkg").format(office=desk.office_name(context.db)
                                                                             or self.tr("本单位"))))
        browse = QPushButton(self.tr("另存为…"), self)
        browse.clicked.connect(self.choose_target)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(browse)
        self.keys = QPushButton(self.tr("密钥…"), self)
        self.keys.setObjectName("sendKeys")
        self.keys.setToolTip(self.tr("本单位签名密钥（换电脑时导出、导入）和街道下发的化名密钥"))
        self.keys.clicked.connect(lambda: self.show_keys())
        level_row = QHBoxLayout()
        level_row.addWidget(self.level, 1)
        level_row.addWidget(self.keys)
        form = QFormLayout()
        form.addRow(self.tr("数据级别："), level_row)
        form.addRow(self.tr("范围："), scope_row)
        form.addRow("", self.cover)
        form.addRow(self.tr("保存到："), target_row)
        self.model = RowsModel([self.tr("表"), self.tr("将发送的行数")], self, counts=True)
        self.view = QTableView(self)
        self.view.setObjectName("sendTable")
        self.view.setModel(self.model)
        fill_table(self.view, stretch_last=False)
        self.result = QLabel("", self)
        self.result.setWordWrap(True)
        self.send = QPushButton(self.tr("导出数据包"), self)
        self.send.setObjectName("sendButton")
        self.send.clicked.connect(self.export)
        bottom = QHBoxLayout()
        bottom.addWidget(self.result, 1)
        bottom.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("将发送的内容："), self))
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.loader = Loader(self, self._show)
        self.level.currentIndexChanged.connect(lambda _i: self.reload())
        self.full.toggled.connect(lambda _on: self.reload())

    def busy(self) -> bool:
        return self.loader.busy()

    def reload(self) -> None:
        db, full, level = self.context.db, self.full.isChecked(), str(self.level.currentData())
        self.loader.request(lambda: exporting.pending(db, full=full, level=level))

    def _show(self, counts: dict[str, int]) -> None:
        shown = [(table_name(t), n) for t, n in counts.items() if n]
        total = sum(counts.values())
        self.model.set_rows([*shown, (self.tr("合计"), total)])
        fit_columns(self.view)

    def show_keys(self) -> QDialog:
        from gridoffice.ui.exchange.keys_dialog import KeysDialog

        dialog = KeysDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def choose_target(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("数据包保存到"), self.target.text(),
                                              self.tr("数据包 (*.gopkg)"))
        if path:
            self.target.setText(path if path.endswith(".gopkg") else path + ".gopkg")

    def export(self) -> None:
        target = Path(self.target.text().strip())
        target.parent.mkdir(parents=True, exist_ok=True)
        db, full, level = self.context.db, self.full.isChecked(), str(self.level.currentData())
        pdf = target.with_suffix(".封面.pdf") if self.cover.isChecked() else None

        def run() -> Any:
            done = exporting.export(db, target, full=full, level=level)
            if pdf is not None:
                cover.write(db, done, desk.office_name(db), pdf)
            return done

        Op(self, run, text=self.tr("正在导出数据包…"), disable=[self.send],
           action=self.tr("没有导出数据包")).success(lambda done: self._sent(done, pdf)).run()

    def _sent(self, done: exporting.Exported, pdf: Path | None) -> None:
        text = self.tr("已导出第 {seq} 号数据包：{file}，共 {rows} 行；校验值 {sha}…").format(
            seq=done.seq, file=done.path, rows=sum(done.counts.values()), sha=done.sha256[:16])
        if pdf is not None:
            text += self.tr("　封面：{pdf}").format(pdf=pdf.name)
        self.result.setText(text)
        self.reload()


class ExchangeDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from gridoffice.ui.exchange.desk import ConflictsTab, DeskTab
        from gridoffice.ui.exchange.receive import ReceiveTab

        self.setObjectName("exchangeDialog")
        self.setWindowTitle(self.tr("数据交换"))
        self.context = context
        self.tabs = QTabWidget(self)
        self.send = SendTab(context, self)
        self.receive = ReceiveTab(context, self)
        self.conflicts = ConflictsTab(context, self)
        self.desk = DeskTab(context, self)
        for tab, title in ((self.send, self.tr("发送")), (self.receive, self.tr("接收")),
                           (self.conflicts, self.tr("冲突")), (self.desk, self.tr("汇总台"))):
            self.tabs.addTab(tab, title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(900, 600)
        context.data_changed.connect(self._changed)
        self.tabs.currentChanged.connect(lambda _i: self._reload_current())
        self._reload_current()

    def busy(self) -> bool:
        return any(t.busy() for t in (self.send, self.receive, self.conflicts, self.desk))

    def _reload_current(self) -> None:
        tab = self.tabs.currentWidget()
        reload = getattr(tab, "reload", None)
        if reload is not None:
            reload()

    def _changed(self, _tables: object) -> None:
        for tab in (self.conflicts, self.desk, self.send):
            tab.reload()
