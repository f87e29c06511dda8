"""文件 → 工作简报…: pick the period (this or last month or quarter, or two dates), the grid (the
one selected in the tree, or all) and internal or public; the PDF is written off the GUI thread
into the program's prints folder and opened in the in-app preview (ui/widgets/pdf_preview.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from gridoffice import paths
from gridoffice.services.briefing import core as briefing
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import run_in_background
from gridoffice.ui.widgets.qdates import to_date


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    first = day.replace(day=1)
    for _ in range(back):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


def period_for(choice: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The dates of a named period (None: the clerk's own dates)."""
    if choice == "this_month":
        return _month_start(today), today
    if choice == "last_month":
        start = _month_start(today, 1)
        return start, _month_start(today) - dt.timedelta(days=1)
    quarter = _month_start(today, (today.month - 1) % 3)
    if choice == "this_quarter":
        return quarter, today
    if choice == "last_quarter":
        start = _month_start(quarter, 3)
        return start, quarter - dt.timedelta(days=1)
    return None


class BriefingDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefingDialog")
        self.setWindowTitle(self.tr("工作简报"))
        self.context = context
        self.today = today or dt.date.today()
        self.output: Path | None = None
        self.preview: QWidget | None = None  # a pdf_preview.PdfPreview once written
        self.period = QComboBox(self)
        self.period.setObjectName("briefingPeriod")
        for key, text in (("last_month", self.tr("上月")), ("this_month", self.tr("本月（至今天）")),
                          ("last_quarter", self.tr("上季度")), ("this_quarter", self.tr("本季度（至今天）")),
                          ("custom", self.tr("自定义时段"))):
            self.period.addItem(text, key)
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel(self.tr("至"), self))
        dates.addWidget(self.end)
        dates.addStretch(1)
        choice = briefing.grid_choice(context.db, context.current_grid)
        self.grid_code = choice[0] if choice else None
        self.only_grid = QCheckBox(self.tr("只看 {name}").format(name=choice[1]) if choice else self.tr("全部网格"), self)
        self.only_grid.setChecked(choice is not None)
        self.only_grid.setEnabled(choice is not None)
        self.public = QCheckBox(self.tr("公示版（只有人数件数，小数字隐藏，不列重点人群和网格）"), self)
        form = QFormLayout()
        form.addRow(self.tr("时段："), self.period)
        form.addRow(self.tr("日期："), dates)
        form.addRow(self.tr("范围："), self.only_grid)
        form.addRow("", self.public)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.make = self.buttons.addButton(self.tr("生成并预览"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.make.setObjectName("briefingMake")
        self.buttons.accepted.connect(self.generate)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.period.currentIndexChanged.connect(lambda _i: self._set_dates())
        self._set_dates()

    def _set_dates(self) -> None:
        found = period_for(self.period.currentData(), self.today)
        custom = found is None
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if found is not None:
            self.start.setDate(QDate(found[0]))
            self.end.setDate(QDate(found[1]))

    def dates(self) -> tuple[dt.date, dt.date]:
        return to_date(self.start.date()), to_date(self.end.date())

    def generate(self) -> None:
        start, end = self.dates()
        code = self.grid_code if self.only_grid.isChecked() else None
        public = self.public.isChecked()
        folder = paths.data_dir() / "prints"  # the program's own folder for previews
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"{self.tr('工作简报')}-{start:%Y%m%d}-{end:%Y%m%d}-{dt.datetime.now():%H%M%S}.pdf"
        db = self.context.db
        run_in_background(self, lambda: briefing.write_file(db, start, end, out, code, public),
                          lambda _pages: self._done(out), text=self.tr("正在生成工作简报…"),
                          action=self.tr("没有生成工作简报"), disable=[self.make])

    def _done(self, out: Path) -> None:
        """The preview belongs to the main window (this dialog goes when closed) and is deleted
        when closed (``pdf_preview.preview``): nothing of it is left to the garbage collector."""
        from gridoffice.ui.widgets import pdf_preview

        self.output = out
        self.accept()
        self.preview = pdf_preview.preview(out, self.tr("工作简报 — {name}").format(name=out.name),
                                           self.parentWidget())
