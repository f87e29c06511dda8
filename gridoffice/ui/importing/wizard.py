"""The roster import wizard: choose the file → check the column mapping → see the report →
import. All reading and writing goes through ``services.importing.importer``; the commit runs on a pool
thread with a progress bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from gridoffice.services.importing import importer
from gridoffice.services.importing.grids import GridChoiceError
from gridoffice.services.importing.importer import (
    FIELDS,
    RosterFileError,
    field_label,
    sheet_names,
    text_of,
)
from gridoffice.services.scope import UnknownGrid
from gridoffice.store.errors import StoreError
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence, show_error
from gridoffice.ui.importing.report import CommitPage, ReportPage
from gridoffice.ui.ops import Op
from gridoffice.ui.widgets import screen_fit
from gridoffice.ui.widgets.qdates import to_date

SAMPLE_ROWS = 3


class ImportWizard(QWizard):
    """Holds the plan the pages share."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.context = context
        self.plan: importer.ImportPlan | None = None
        self._task: Op | None = None
        self.setWindowTitle(self.tr("导入花名册"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.report_page = ReportPage(self)
        self.commit_page = CommitPage(self)
        for page in (self.file_page, self.mapping_page, self.report_page, self.commit_page):
            self.addPage(page)
        screen_fit.fit(self, 920, 640)
        if parent is not None:  # opened from the menu: gone once closed
            self.finished.connect(self.deleteLater)

    def analysing(self) -> bool:
        return self._task is not None and self._task.is_running()

    def analyse(self, mapping, then) -> None:  # type: ignore[no-untyped-def]
        """(Re)read and check the file in a pool thread (tens of seconds for a community's roster
        on a street database), with a progress dialog and 取消; ``then()`` once the plan is in.
        A known problem is shown as its sentence and the wizard stays on the page."""
        if self.analysing():
            return
        options = importer.ImportOptions(on=self.file_page.on_date(), sheet=self.file_page.sheet(),
                                         within=self.file_page.within(), header_row=self.file_page.header_row(),
                                         read_apart=True)
        db, path = self.context.db, self.file_page.path()

        def done(plan: importer.ImportPlan) -> None:
            self.plan = plan
            then()

        self._task = Op(self, lambda progress, _cancelled: importer.analyse(
            db, path, mapping=mapping, options=options, progress=progress, allow_incomplete=mapping is None),
            text=self.tr("正在读取并检查花名册…"), cancellable=True, with_progress=True,
            disable=[self.button(b) for b in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton)])
        self._task.success(done).failure(self._analyse_failed).run()

    def _analyse_failed(self, exc: BaseException) -> None:
        if isinstance(exc, RosterFileError | GridChoiceError | UnknownGrid | StoreError):
            QMessageBox.warning(self, self.tr("无法读取花名册"), sentence(exc))
        else:
            show_error(self, exc, self.tr("无法读取花名册。"))

    def reject(self) -> None:
        if self._task is not None:
            self._task.cancel()  # reading only: nothing to undo
        if self.commit_page.busy():
            self.commit_page.cancel()
            return
        super().reject()


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("第一步：选择花名册文件"))
        self.setSubTitle(self.tr("支持 Excel 表格（.xlsx、.xls）。表头可以不在第一行，列名不必和本程序一样。"))
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("花名册文件的位置"))
        self.path_edit.textChanged.connect(self._path_changed)
        browse = QPushButton(self.tr("选择文件…"), self)
        browse.setObjectName("importBrowse")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("importSheet")
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setObjectName("importOn")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.header_spin = QSpinBox(self)
        self.header_spin.setObjectName("importHeaderRow")
        self.header_spin.setRange(0, 200)
        self.header_spin.setSpecialValueText(self.tr("自动识别"))
        self.header_spin.setToolTip(self.tr("表头（“姓名”“身份证号”等列名）在第几行；认不出时在这里指定"))
        self.within_combo = QComboBox(self)
        self.within_combo.setObjectName("importWithin")
        self.within_combo.addItem(self.tr("整个数据库"), None)
        for code, name in importer.communities(wizard.context.db):
            self.within_combo.addItem(f"{name}（{code}）", code)
        form = QFormLayout()
        form.addRow(self.tr("文件："), row)
        form.addRow(self.tr("工作表："), self.sheet_combo)
        form.addRow(self.tr("表头所在行："), self.header_spin)
        form.addRow(self.tr("核对年龄标记的日期："), self.date_edit)
        form.addRow(self.tr("这是哪个村（社区）的花名册："), self.within_combo)
        if self.within_combo.count() <= 2:  # one village: nothing to choose
            self.within_combo.setCurrentIndex(self.within_combo.count() - 1)
            self.within_combo.hide()
            form.labelForField(self.within_combo).hide()
        hint = QLabel(self.tr(
            "导入前会先检查每一行，并显示哪些行会新增、更新、跳过或不能导入；确认后才写入数据库，"
            "写入前自动备份。身份证号已在库里的人会被更新，不会重复。"), self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(hint)
        layout.addStretch(1)

    def path(self) -> str:
        return self.path_edit.text().strip()

    def sheet(self) -> str | None:
        return self.sheet_combo.currentData()

    def header_row(self) -> int | None:
        return self.header_spin.value() or None

    def within(self) -> str | None:
        return self.within_combo.currentData()

    def on_date(self):  # type: ignore[no-untyped-def]
        return to_date(self.date_edit.date())

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择花名册"), "",
                                              self.tr("Excel 表格 (*.xlsx *.xls *.xlsm *.ods);;所有文件 (*)"))
        if path:
            self.path_edit.setText(path)

    def _path_changed(self) -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItem(self.tr("自动（找到表头的工作表）"), None)
        path = Path(self.path())
        if path.is_file():
            for name in sheet_names(path):  # unreadable: said when the clerk goes on
                self.sheet_combo.addItem(name, name)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.path())

    def validatePage(self) -> bool:
        return analysed_then_next(self, None)


class MappingPage(QWizardPage):
    """One row per column of the file: its header, a few values, and the field it goes to."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("第二步：核对列的对应"))
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels([self.tr("表格中的列"), self.tr("前几行的内容"), self.tr("导入为")])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        self.combos: dict[int, QComboBox] = {}

    def initializePage(self) -> None:
        plan = self._wizard.plan
        assert plan is not None
        self.setSubTitle(self.tr("工作表“{sheet}”，表头在第 {row} 行。请检查每一列导入为什么；不需要的列选“（不导入）”。").format(
            sheet=plan.sheet, row=plan.mapping.header_row))
        width = max([len(plan.header)] + [len(p.raw) for p in plan.rows[:SAMPLE_ROWS * 3]])
        samples = [p.raw for p in plan.rows if p.skip is None][:SAMPLE_ROWS]
        self.table.setRowCount(0)
        self.combos.clear()
        for col in range(width):
            header_text = text_of(plan.header[col]) if col < len(plan.header) else ""
            values = [text_of(r[col]) for r in samples if col < len(r) and text_of(r[col])]
            if not header_text and not values:
                continue
            row = self.table.rowCount()
            self.table.insertRow(row)
            letter = _column_letter(col)
            item = QTableWidgetItem(f"{letter}  {header_text}" if header_text else letter)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, item)
            sample = QTableWidgetItem("；".join(values))
            sample.setFlags(sample.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 1, sample)
            combo = QComboBox(self.table)
            combo.setObjectName(f"mapping_{col}")
            combo.addItem(field_label(None), None)
            for spec in FIELDS:
                combo.addItem(field_label(spec.key), spec.key)
            combo.setCurrentIndex(max(0, combo.findData(plan.mapping.columns.get(col))))
            self.table.setCellWidget(row, 2, combo)
            self.combos[col] = combo
        self.table.resizeColumnToContents(2)
        missing = plan.mapping.missing_required()
        self.info.setText(self.tr("已自动识别 {n} 列。").format(n=len(plan.mapping.columns))
                          + (self.tr("没有识别出“姓名”列，请指定。") if missing else ""))

    def overrides(self) -> dict[int, str | None]:
        return {col: combo.currentData() for col, combo in self.combos.items()}

    def validatePage(self) -> bool:
        chosen = [k for k in self.overrides().values() if k is not None]
        duplicates = sorted({k for k in chosen if chosen.count(k) > 1 and k not in ("serial", "age")})
        if duplicates:
            QMessageBox.warning(self, self.tr("列的对应有重复"), self.tr("这些项目被指定给了不止一列：{names}").format(
                names="、".join(field_label(k) for k in duplicates)))
            return False
        if "name" not in chosen:
            QMessageBox.warning(self, self.tr("缺少姓名列"), self.tr("请指定哪一列是“姓名”。"))
            return False
        plan = self._wizard.plan
        assert plan is not None
        mapping = plan.mapping.with_override({c: None for c in plan.mapping.columns})
        mapping = mapping.with_override({c: k for c, k in self.overrides().items() if k is not None})
        return analysed_then_next(self, mapping)


def analysed_then_next(page: FilePage | MappingPage, mapping) -> bool:  # type: ignore[no-untyped-def]
    """``validatePage`` of a page that needs the file (re)analysed: the first Next starts the
    analysis and stays; when the plan is in, Next is pressed again and this time lets it pass."""
    wizard = page.wizard()
    assert isinstance(wizard, ImportWizard)
    if getattr(page, "_analysed", False):
        page._analysed = False  # type: ignore[union-attr]
        return True
    if not wizard.analysing():

        def go_on() -> None:
            page._analysed = True  # type: ignore[union-attr]
            wizard.next()

        wizard.analyse(mapping, go_on)
    return False


def _column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
