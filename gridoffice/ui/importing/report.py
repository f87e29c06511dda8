"""The import wizard's last two pages: the report (what would happen, row by row; what to do
with unknown micro-grids) and the commit (progress, result)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from gridoffice.services.importing import importer
from gridoffice.store.errors import StoreError
from gridoffice.ui.errors import sentence, show_error
from gridoffice.ui.ops import Op

if TYPE_CHECKING:
    from gridoffice.ui.importing.wizard import ImportWizard

_Index = QModelIndex | QPersistentModelIndex


FROM_FILE = "<from-file>"  # the parent combo's item: build the structure from the roster's columns

def _health_line(r: dict[str, Any]) -> str:
    """The health records the import adds or updates (a line of its own when there are any)."""
    added, updated = r.get("health_records_added", 0), r.get("health_records_updated", 0)
    if not (added or updated):
        return ""
    return "\n" + QCoreApplication.translate("", "健康信息：新增 {added} 人，更新 {updated} 人（文件里给出且不同的项）。").format(
        added=added, updated=updated)


class IssueTableModel(QAbstractTableModel):
    """Rows of the report of one kind (rejected / skipped / warnings): 行号, 姓名, 原因."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._items: list[tuple[int, str, str]] = []
        self._headers = [self.tr("行号"), self.tr("姓名"), self.tr("原因")]

    def load(self, items: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._items = []
        for item in items:
            why = "；".join(item["messages"]) if "messages" in item else item.get("message", "")
            self._items.append((int(item["row"]), str(item.get("name", "")), why))
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._items[index.row()][index.column()]
            return str(value)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return self._items[index.row()][2]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            return self._headers[section]
        return None


class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("第三步：检查结果"))
        self.setSubTitle(self.tr("还没有写入数据库。请看一下不能导入和需要留意的行，再点“开始导入”。"))
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.models: dict[str, IssueTableModel] = {}
        for kind in ("rejected", "skipped", "warnings"):
            model = IssueTableModel(self)
            view = QTableView(self)
            view.setObjectName(f"issues_{kind}")
            view.setModel(model)
            view.verticalHeader().setVisible(False)
            view.setWordWrap(False)
            view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
            view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            view.horizontalHeader().setStretchLastSection(True)
            self.models[kind] = model
            self.tabs.addTab(view, "")
        self.save_button = QPushButton(self.tr("保存未导入的行…"), self)
        self.save_button.setObjectName("saveRejected")
        self.save_button.clicked.connect(self.save_rejected)
        self.grid_box = QGroupBox(self.tr("这些微网格在数据库里找不到（或有多个同名的）"), self)
        self.grid_list = QLabel(self.grid_box)
        self.grid_list.setWordWrap(True)
        self.leave_radio = QRadioButton(self.tr("这些住户暂不分配网格（以后再调整）"), self.grid_box)
        self.create_radio = QRadioButton(self.tr("新建找不到的微网格，放在一般网格："), self.grid_box)
        self.leave_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.leave_radio)
        group.addButton(self.create_radio)
        self.parent_combo = QComboBox(self.grid_box)
        self.parent_combo.setObjectName("gridParent")
        create_row = QHBoxLayout()
        create_row.addWidget(self.create_radio)
        create_row.addWidget(self.parent_combo, 1)
        box_layout = QVBoxLayout(self.grid_box)
        box_layout.addWidget(self.grid_list)
        box_layout.addWidget(self.leave_radio)
        box_layout.addLayout(create_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        layout.addWidget(self.grid_box)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("开始导入"))

    def initializePage(self) -> None:
        plan = self._wizard.plan
        assert plan is not None
        r = plan.report("gui")
        self.summary.setText(self.tr(
            "读取 {rows} 行（工作表“{sheet}”，表头在第 {header} 行）。\n"
            "将新增 {added} 人、{households} 户；更新 {updated} 人；已在库且无变化 {same} 人。\n"
            "不能导入 {rejected} 行，跳过 {skipped} 行，需留意 {warned} 行。").format(
            rows=r["rows_read"], sheet=r["sheet"], header=r["header_row"], added=r["persons_added"],
            households=r["households_added"], updated=r["persons_updated"], same=r["persons_unchanged"],
            rejected=len(r["rejected"]), skipped=len(r["skipped"]), warned=len(r["warnings"]))
            + _health_line(r)
            + "".join("\n" + self.tr("表头“{column}”（第 {n} 列）与第 {kept_n} 列“{kept}”是同一项，这一列没有导入；"
                                      "要导入它，请回上一步改列的对应。").format(
                column=d["column"], n=d["column_number"], kept_n=d["kept_number"], kept=d["kept"])
                for d in r.get("duplicate_columns", [])))
        titles = {"rejected": self.tr("不能导入（{n}）"), "skipped": self.tr("跳过（{n}）"), "warnings": self.tr("需留意（{n}）")}
        for i, (kind, model) in enumerate(self.models.items()):
            model.load(r[kind])
            self.tabs.setTabText(i, titles[kind].format(n=len(r[kind])))
        self.save_button.setEnabled(bool(r["rejected"]))
        unmatched = r["unmatched_grids"]
        self.grid_box.setVisible(bool(unmatched))
        lines = []
        for g in unmatched:
            extra = ""
            if g["ambiguous"]:
                codes = "、".join(g["ambiguous"][:3]) + ("…" if len(g["ambiguous"]) > 3 else "")
                extra = self.tr("（库里有 {n} 个同名网格：{codes}，请在第一步选定村或社区）").format(
                    n=len(g["ambiguous"]), codes=codes)
            lines.append(self.tr("“{name}”{households} 户{extra}").format(name=g["name"], households=g["households"], extra=extra))
        self.grid_list.setText("；".join(lines))
        self.parent_combo.clear()
        plan = self._wizard.plan
        if plan is not None and plan.mapping.column_of("general_grid") is not None:
            # the roster names 社区 / 一般网格: build the missing ones from its columns
            self.parent_combo.addItem(self.tr("按花名册的社区、一般网格列新建"), FROM_FILE)
        for _gid, code, name in importer.grids_for_new(self._wizard.context.db):
            self.parent_combo.addItem(f"{name}（{code}）", code)
        can_create = self.parent_combo.count() > 0
        self.create_radio.setEnabled(can_create)
        self.parent_combo.setVisible(can_create)
        self.create_radio.setText(self.tr("新建找不到的微网格，放在一般网格：") if can_create
                                  else self.tr("新建这些微网格（数据库里还没有一般网格，请先建立网格）"))
        if not can_create:
            self.leave_radio.setChecked(True)

    def save_rejected(self) -> None:
        plan = self._wizard.plan
        assert plan is not None
        default = str(plan.path.with_name(plan.path.stem + "_未导入.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存未导入的行"), default, self.tr("Excel 表格 (*.xlsx)"))
        if not path:
            return
        try:
            importer.write_rejected(plan, path, self._wizard.context.db)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), self.tr("无法写入 {path}：{error}").format(
                path=path, error=exc.strerror or exc))
            return
        except StoreError as exc:  # the roster itself, the database or a backup (store/outputs.py)
            QMessageBox.warning(self, self.tr("无法保存"), sentence(exc))
            return
        QMessageBox.information(self, self.tr("已保存"), self.tr("未导入的行已保存到：\n{path}\n改正后可以再次导入这个文件。").format(path=path))

    def validatePage(self) -> bool:
        plan = self._wizard.plan
        assert plan is not None
        create = self.create_radio.isChecked() and self.grid_box.isVisible()
        choice = self.parent_combo.currentData() if create else None
        plan.options.create_grids_from_file = choice == FROM_FILE
        plan.options.create_grids_under = choice if choice != FROM_FILE else None
        return True


class CommitPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("第四步：导入"))
        self.setSubTitle(self.tr("写入前先自动备份；整个导入一次写入，中途出错或取消时数据库保持原样。"))
        self.status = QLabel(self)
        self.status.setObjectName("commitStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("commitProgress")
        self.progress.setRange(0, 100)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        self._job: Op | None = None
        self._done = False
        self.result: importer.ImportResult | None = None
        self.setFinalPage(True)

    def busy(self) -> bool:
        return self._job is not None and not self._done

    def cancel(self) -> None:
        if self._job is not None:
            self._job.ask_to_stop()  # the commit rolls back or finishes; its outcome still arrives
            self.status.setText(self.tr("正在取消…"))

    def initializePage(self) -> None:
        plan = self._wizard.plan
        assert plan is not None
        db = self._wizard.context.db
        self._done = False
        self.status.setText(self.tr("正在备份并写入数据库，请稍候…"))
        self.progress.setValue(0)
        # the page shows its own bar (no dialog); the import's change is recorded by the op
        self._job = Op(self, lambda progress, cancelled: importer.commit(db, plan, progress, cancelled),
                       with_progress=True, context=self._wizard.context)
        self._job.progress.connect(self._on_progress)
        self._job.cancelled.connect(lambda: self._on_failed(importer.Cancelled()))
        self._job.success(self._on_done).failure(self._on_failed).run()

    def _on_progress(self, text: str, share: float) -> None:
        self.status.setText(text)
        self.progress.setValue(int(share * 100))

    def _on_done(self, result: importer.ImportResult) -> None:
        self.result = result
        self._done = True
        self.progress.setValue(100)
        r = result.report
        text = self.tr("导入完成：新增 {added} 人、{households} 户，更新 {updated} 人。").format(
            added=r["persons_added"], households=r["households_added"], updated=r["persons_updated"])
        text += _health_line(r)
        unassigned = sum(g["households"] for g in r["unmatched_grids"]) if not r["grids_created"] else 0
        if unassigned:
            text += "\n" + self.tr("{n} 户的微网格在数据库里找不到，暂未分配网格。").format(n=unassigned)
        if r["grids_created"]:
            text += "\n" + self.tr("新建微网格：{names}").format(names="、".join(r["grids_created"]))
        if result.backup:
            text += "\n" + self.tr("导入前的数据已备份到：{path}").format(path=result.backup)
        self.status.setText(text)
        self.completeChanged.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self._done = True
        self.completeChanged.emit()
        if isinstance(exc, importer.Cancelled):
            self._wizard.done(QWizard.DialogCode.Rejected)
            return
        self.status.setText(self.tr("导入没有完成，数据库保持原样。"))
        self.progress.setValue(0)
        if isinstance(exc, StoreError):
            QMessageBox.warning(self, self.tr("导入没有完成"), sentence(exc))
        else:
            show_error(self, exc, self.tr("导入没有完成，数据库保持原样。"))

    def isComplete(self) -> bool:
        return self._done
