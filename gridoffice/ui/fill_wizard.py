"""文件 → 按上级表格填报…: the form → the column mapping with a preview → whom and where →
fill → open the filled form or its folder. Everything goes through ``services.fill.core`` (and
``fill_profiles``); filling runs on a pool thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
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

from gridoffice.domain.errors import Refusal
from gridoffice.domain.population import CATEGORIES, category_label
from gridoffice.services.fill import core as fill
from gridoffice.services.fill import profiles as fill_profiles
from gridoffice.services.grids import core as grids
from gridoffice.ui import export_folder
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence, show_error
from gridoffice.ui.ops import run_in_background
from gridoffice.ui.widgets import screen_fit

PREVIEW_ROWS = 3


class FillWizard(QWizard):
    """Holds the plan and the options the pages share."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fillWizard")
        self.context = context
        self.plan: fill.FillPlan | None = None
        self.options = fill.FillOptions()  # type: ignore[assignment, method-assign]
        self.setWindowTitle(self.tr("按上级表格填报"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.form_page = FormPage(self)
        self.mapping_page = MappingPage(self)
        self.who_page = WhoPage(self)
        self.fill_page = FillPage(self)
        for page in (self.form_page, self.mapping_page, self.who_page, self.fill_page):
            self.addPage(page)
        screen_fit.fit(self, 960, 620)

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.context.db


class FormPage(QWizardPage):
    def __init__(self, wizard: FillWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("选择上级发来的空白表格"))
        self.setSubTitle(self.tr("支持 .xlsx、.xls、.ods。原表不会被改动，填好的表格另存为新文件。"))
        self.path = QLineEdit()
        self.path.setObjectName("fillFormPath")
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.profile = QComboBox()
        self.profile.setObjectName("fillProfile")
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.info = QLabel()
        self.info.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("表格文件："), row)
        form.addRow(self.tr("填报方案："), self.profile)
        form.addRow(self.tr("按哪一天统计："), self.on)
        form.addRow(self.info)
        self.path.textChanged.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.profile.clear()
        self.profile.addItem(self.tr("（不用方案）"), None)
        for name in fill_profiles.names(self.w.db):
            self.profile.addItem(name, name)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择表格"), str(export_folder.folder_for("fill")),
                                              self.tr("Excel 表格 (*.xlsx *.xls *.ods)"))
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        try:
            plan = fill.open_form(self.path.text().strip())
        except Refusal as exc:
            self.info.setText(sentence(exc))
            return False
        day = self.on.date()
        options = fill.FillOptions(on=dt.date(day.year(), day.month(), day.day()))
        name = self.profile.currentData()
        if name:
            profile = fill_profiles.load(self.w.db, name)
            if profile is not None:
                changed = fill_profiles.differences(profile, plan)
                if changed and QMessageBox.question(
                        self, self.tr("表头变了"),
                        self.tr("这张表格与方案“{name}”保存时不同：\n{what}\n\n仍按方案填写吗？").format(
                            name=name, what="\n".join(changed))) != QMessageBox.StandardButton.Yes:
                    return False
                plan, options = fill_profiles.apply(profile, plan, options, force=True)
        self.w.plan, self.w.options = plan, options  # type: ignore[assignment, method-assign]
        layout = plan.layout
        notes = list(plan.form.notes)
        notes.insert(0, self.tr("表头在第 {a}–{b} 行，{n} 列；空白数据行 {d} 行。").format(
            a=layout.header_rows[0], b=layout.header_rows[1], n=len(layout.columns), d=len(layout.data_rows)))
        self.info.setText("\n".join(notes))
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: FillWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("核对每一列填什么"))
        self.setSubTitle(self.tr("按表头自动对应了字段，可逐列改正；“（不填）”的列留空。"))
        self.table = QTableWidget(0, 2 + PREVIEW_ROWS)
        self.table.setObjectName("fillMapping")
        self.table.setHorizontalHeaderLabels([self.tr("表头"), self.tr("填写字段")]
                                             + [self.tr("第{n}行").format(n=i + 1) for i in range(PREVIEW_ROWS)])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setVisible(False)
        self.unknown = QLabel()
        self.unknown.setWordWrap(True)
        refresh = QPushButton(self.tr("刷新预览"))
        refresh.clicked.connect(self.refresh_preview)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.unknown, 1)
        row.addWidget(refresh)
        box.addLayout(row)
        self._combos: dict[int, QComboBox] = {}

    def initializePage(self) -> None:
        plan = self.w.plan
        assert plan is not None
        fields = fill.list_fields()
        self.table.setRowCount(len(plan.layout.columns))
        self._combos.clear()
        for i, column in enumerate(plan.layout.columns):
            self.table.setItem(i, 0, QTableWidgetItem(column.header))
            combo = QComboBox()
            combo.addItem(self.tr("（不填）"), None)
            for f in fields:
                combo.addItem(f"{f['label']}（{f['group']}）", f["key"])
            index = combo.findData(plan.mapping.get(column.column))
            combo.setCurrentIndex(max(0, index))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(i, 1, combo)
            self._combos[column.column] = combo
        self.table.setColumnWidth(0, 170)
        self.table.setColumnWidth(1, 170)
        self._changed()
        self.refresh_preview()

    def mapping(self) -> dict[int, str | None]:
        return {col: combo.currentData() for col, combo in self._combos.items()}

    def _changed(self) -> None:
        plan = self.w.plan
        assert plan is not None
        self.w.plan = plan = fill.FillPlan(plan.form, plan.layout, self.mapping())
        empty = plan.unmapped()
        self.unknown.setText(self.tr("不填的列：{names}").format(names="、".join(empty)) if empty else "")

    def refresh_preview(self) -> None:
        plan, options = self.w.plan, self.w.options
        assert plan is not None
        db = self.w.db

        def work() -> list[list[Any]]:
            return fill.preview(db, plan, options, PREVIEW_ROWS)  # type: ignore[arg-type]

        def show(rows: list[list[Any]]) -> None:
            columns = [c for c, _k in plan.mapped()]
            index = {c: i for i, c in enumerate(columns)}
            for r, column in enumerate(plan.layout.columns):
                for n in range(PREVIEW_ROWS):
                    value = rows[n][index[column.column]] if n < len(rows) and column.column in index else None
                    self.table.setItem(r, 2 + n, QTableWidgetItem("" if value is None else _text(value)))

        run_in_background(self, work, show, on_failed=lambda exc: self.unknown.setText(sentence(exc)))

    def validatePage(self) -> bool:
        self._changed()
        return True


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    return str(value)


class WhoPage(QWizardPage):
    def __init__(self, wizard: FillWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("填哪些人、哪个网格"))
        self.who = QComboBox()
        self.who.setObjectName("fillWho")
        for key, label in (("all", self.tr("全部在册居民")), ("households", self.tr("每户一行")),
                           ("staff", self.tr("网格员")), ("returnees", self.tr("返乡人员（在村）")),
                           ("age", self.tr("某年龄以上的人")), ("campaign", self.tr("某次发放活动的名单")),
                           ("grids", self.tr("每个微网格一行（统计表）")), ("grids:general", self.tr("每个一般网格一行（统计表）")),
                           ("communities", self.tr("每个社区一行（统计表）"))):
            self.who.addItem(label, key)
        for code in CATEGORIES:
            self.who.addItem(self.tr("重点人群：{label}").format(label=category_label(code)), code)
        self.number = QSpinBox()
        self.number.setRange(1, 99999)
        self.number.setValue(60)
        self.grid = QComboBox()
        self.public = QCheckBox(self.tr("公示版（身份证号、手机号打码，敏感列不填）"))
        self.existing = QComboBox()
        self.existing.addItem(self.tr("接在已有数据后面填"), "below")
        self.existing.addItem(self.tr("替换已有的数据行"), "replace")
        self.save_as = QLineEdit()
        self.save_as.setPlaceholderText(self.tr("填一个名字，下次同一张表一步填好（可不填）"))
        form = QFormLayout(self)
        form.addRow(self.tr("填写对象："), self.who)
        form.addRow(self.tr("年龄 / 活动编号："), self.number)
        form.addRow(self.tr("网格："), self.grid)
        form.addRow(self.public)
        form.addRow(self.tr("表格已有数据时："), self.existing)
        form.addRow(self.tr("保存为方案："), self.save_as)
        self.who.currentIndexChanged.connect(self._who_changed)

    def initializePage(self) -> None:
        plan, options = self.w.plan, self.w.options
        assert plan is not None
        self.grid.clear()
        self.grid.addItem(self.tr("（全部）"), None)
        for root in grids.tree(self.w.db):
            for node in root.walk():
                self.grid.addItem(f"{node.name}（{node.code}）", node.code)
        default = fill.default_who(plan)
        who = options.who or default  # type: ignore[attr-defined]
        head, _, number = who.partition(":")
        key = head if head in ("age", "campaign") else who
        self.who.setCurrentIndex(max(0, self.who.findData(key)))
        if number.isdigit():
            self.number.setValue(int(number))
        self.grid.setCurrentIndex(max(0, self.grid.findData(options.grid_code)))  # type: ignore[attr-defined]
        self.public.setChecked(options.public)  # type: ignore[attr-defined]
        self.existing.setEnabled(bool(plan.layout.filled_rows))
        self._who_changed()

    def _who_changed(self) -> None:
        self.number.setEnabled(self.who.currentData() in ("age", "campaign"))

    def who_text(self) -> str:
        key = self.who.currentData()
        return f"{key}:{self.number.value()}" if key in ("age", "campaign") else key

    def validatePage(self) -> bool:
        self.w.options = fill.FillOptions(  # type: ignore[assignment, method-assign]
            who=self.who_text(), grid_code=self.grid.currentData(), on=self.w.options.on,  # type: ignore[attr-defined]
            public=self.public.isChecked(), existing=self.existing.currentData() if self.existing.isEnabled() else None,
            campaign_id=self.w.options.campaign_id)  # type: ignore[attr-defined]
        return True


class FillPage(QWizardPage):
    def __init__(self, wizard: FillWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.result: fill.FillReport | None = None
        self.setTitle(self.tr("填写并保存"))
        self.out = QLineEdit()
        self.out.setObjectName("fillOut")
        browse = QPushButton(self.tr("另存为…"))
        browse.clicked.connect(self._browse)
        self.fill_button = QPushButton(self.tr("填写"))
        self.fill_button.setObjectName("fillButton")
        self.fill_button.clicked.connect(self.start)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.open_button = QPushButton(self.tr("打开填好的表格"))
        self.open_button.clicked.connect(lambda: self._open(False))
        self.folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.folder_button.clicked.connect(lambda: self._open(True))
        row = QHBoxLayout()
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addLayout(buttons)
        box.addWidget(self.status, 1)

    def initializePage(self) -> None:
        plan = self.w.plan
        assert plan is not None
        folder = export_folder.folder_for("fill")
        self.out.setText(str(folder / self.tr("{name}（已填）.xlsx").format(name=plan.path.stem)))
        self.open_button.setVisible(False)
        self.folder_button.setVisible(False)
        self.status.clear()
        self.result = None

    def isComplete(self) -> bool:
        return self.result is not None

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存填好的表格"), self.out.text(),
                                              self.tr("Excel 表格 (*.xlsx)"))
        if path:
            self.out.setText(path)

    def start(self) -> None:
        plan, options, db = self.w.plan, self.w.options, self.w.db
        assert plan is not None
        out = Path(self.out.text().strip())
        name = self.w.who_page.save_as.text().strip()
        if plan.form.book is None:  # filled once already: read the form again
            plan = fill.FillPlan(fill.open_form(plan.path, plan.layout.sheet).form, plan.layout, plan.mapping)
            self.w.plan = plan

        def work() -> fill.FillReport:
            out.parent.mkdir(parents=True, exist_ok=True)
            report = fill.fill(db, plan, options, out)  # type: ignore[arg-type]
            if name:
                fill_profiles.save(db, name, plan, options)  # type: ignore[arg-type]
            return report

        run_in_background(self, work, self._done, text=self.tr("正在填写表格…"), disable=[self.fill_button],
                          on_failed=self._failed)

    def _done(self, report: fill.FillReport) -> None:
        self.result = report
        export_folder.remember("fill", report.path.parent)
        lines = [*report.notes, self.tr("已填写 {rows} 行：{path}").format(rows=report.rows, path=report.path)]
        if report.empty_columns:
            lines.append(self.tr("未填写的列：{names}").format(names="、".join(report.empty_columns)))
        self.status.setText("\n".join(lines))
        self.open_button.setVisible(True)
        self.folder_button.setVisible(True)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Refusal):
            self.status.setText(sentence(exc))
        else:
            show_error(self, exc, self.tr("表格没有填写。"))

    def _open(self, folder: bool) -> None:
        if self.result is None:
            return
        path = self.result.path.parent if folder else self.result.path
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
