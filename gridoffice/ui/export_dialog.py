"""The Export dialog: pick a ledger, the grid (from the tree selection), the date, 公示 or not and
the file; the ledger is written in the pool (ui/ops.py) with a progress bar and a Cancel button. A
cancelled export leaves no file behind (the writer renames a finished temporary file)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridoffice.domain.errors import Refusal
from gridoffice.i18n import tr
from gridoffice.services import ledgers
from gridoffice.services.ledgers import kit as ledgerkit
from gridoffice.store import Database
from gridoffice.store.errors import translate
from gridoffice.ui import export_folder, ops
from gridoffice.ui.context import AppContext

LAST_DIR_KEY = export_folder.LAST_DIR_KEY
FIRST = ("roster", "key-populations", "returnees", "staff", "summary")  # the rest follow by name


PERIOD_LEDGERS = ("visits", "matters")


def _export(db: Database, key: str, options: ledgers.LedgerOptions, path: Path, progress: ops.ProgressFn,
            cancelled: ops.CancelledFn) -> ledgers.WriteResult:
    """Writes one ledger in the pool (``ops.Op``); reports rows written in the one progress shape."""
    def rows(written: int, expected: int | None) -> None:
        if expected:
            progress(tr("已写入 {n} / {total} 行").format(n=written, total=expected), min(1.0, written / expected))
        else:
            progress(tr("已写入 {n} 行").format(n=written), -1.0)

    return ledgers.export(db, key, options, path, progress=rows, cancelled=cancelled)


class ExportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("导出台账"))
        self.context = context
        self.job: ops.Op | None = None
        self.result: ledgers.WriteResult | None = None  # type: ignore[assignment]
        self._entries = ledgers.available()

        self.ledger = QComboBox(self)
        self.ledger.setObjectName("ledgerCombo")
        order = sorted(self._entries, key=lambda k: (FIRST.index(k) if k in FIRST else len(FIRST), k))
        for key in order:
            entry = self._entries[key]
            self.ledger.addItem(tr(entry.label), key)
        self.scope = QCheckBox(self)
        self.scope.setObjectName("scopeCheck")
        self._grid = ledgerkit.grid_choice(context.db, context.current_grid)
        if self._grid is None:
            self.scope.setText(self.tr("全部网格（在左侧网格树中选中一个网格可只导出该网格）"))
            self.scope.setEnabled(False)
        else:
            self.scope.setText(self.tr("只导出所选网格：{name}（{code}）").format(name=self._grid[1], code=self._grid[0]))
            self.scope.setChecked(True)
        self.on = QDateEdit(QDate.currentDate(), self)
        self.on.setObjectName("onDate")
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.public = QCheckBox(self.tr("公示版（身份证号、手机号打码，不含重点人群等敏感信息）"), self)
        self.public.setObjectName("publicCheck")
        self.file = QLineEdit(self)
        self.file.setObjectName("fileEdit")
        self.file.setMinimumWidth(360)
        self.browse = browse = QPushButton(self.tr("浏览…"), self)
        browse.setObjectName("browseButton")
        browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)

        form = QFormLayout()
        form.addRow(self.tr("台账："), self.ledger)
        form.addRow(self.tr("范围："), self.scope)
        form.addRow(self.tr("日期："), self.on)
        self.period = QLabel(self)  # visits and matters: which weeks the ledger covers
        self.period.setObjectName("periodLabel")
        self.period.setWordWrap(True)
        form.addRow("", self.period)
        form.addRow("", self.public)
        form.addRow(self.tr("保存为："), file_row)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%p%"))
        self.status = QLabel(self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("导出"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.cancel_button = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelButton")
        self.open_button = self.buttons.addButton(self.tr("打开文件"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setObjectName("openButton")
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_result)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel_or_close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.ledger.currentIndexChanged.connect(self._ledger_changed)
        self.on.dateChanged.connect(self._suggest_file)
        self.on.dateChanged.connect(self._show_period)
        self.public.toggled.connect(self._suggest_file)
        self.scope.toggled.connect(self._suggest_file)
        self._suggested = ""
        self._ledger_changed()

    # ---- choices -------------------------------------------------------------------------------
    def key(self) -> str:
        return str(self.ledger.currentData())

    def options(self) -> ledgers.LedgerOptions:
        qd = self.on.date()
        return ledgers.LedgerOptions(
            on=dt.date(qd.year(), qd.month(), qd.day()),
            grid_code=self._grid[0] if self._grid is not None and self.scope.isChecked() else None,
            public=self.public.isChecked() and self.public.isEnabled(),
        )

    def _ledger_changed(self) -> None:
        entry = self._entries.get(self.key())
        allowed = entry is None or entry.public
        self.public.setEnabled(allowed)
        if not allowed:
            self.public.setChecked(False)
            self.public.setToolTip(self.tr("这份台账含有敏感信息，不能导出公示版。"))
        else:
            self.public.setToolTip("")
        self._suggest_file()
        self._show_period()

    def _show_period(self) -> None:
        """The period a ledger by period covers (ledgers.period): early in a month, the last
        full month, said here so the clerk is not surprised."""
        if self.key() not in PERIOD_LEDGERS:
            self.period.setVisible(False)
            return
        start, end = ledgers.period(self.options())
        text = self.tr("时段：{start} 至 {end}").format(start=start.isoformat(), end=end.isoformat())
        if end.month != self.options().on.month:
            text += self.tr("（月初第一周导出上个整月）")
        self.period.setText(text)
        self.period.setVisible(True)

    def _suggest_file(self) -> None:
        """A file name like 禹庙村住户人口花名册2023-01-07.xlsx in the folder last used for
        this ledger (at first Documents\\网格办公)."""
        entry = self._entries.get(self.key())
        if entry is None or (self.file.text() and self.file.text() != self._suggested):
            return
        folder = export_folder.folder_for(self.key())
        opts = self.options()
        scope = self._grid[1] if opts.grid_code and self._grid is not None else ledgerkit.office_name(self.context.db)
        name = f"{scope}{tr(entry.label)}{opts.on.isoformat()}"
        if opts.public:
            name += self.tr("（公示）")
        self._suggested = str(folder / f"{name}.xlsx")
        self.file.setText(self._suggested)

    def choose_file(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("保存台账"), self.file.text(),
            self.tr("Excel 工作簿 (*.xlsx);;PDF 文件（直接打印） (*.pdf)"))
        if path:
            if not path.lower().endswith((".xlsx", ".pdf")):
                path += ".pdf" if "pdf" in chosen else ".xlsx"
            self.file.setText(path)

    # ---- running -------------------------------------------------------------------------------
    def start(self) -> None:
        text = self.file.text().strip()
        if not text:
            QMessageBox.warning(self, self.tr("导出台账"), self.tr("请先选择保存的文件。"))
            return
        path = Path(text)
        if path.parent == export_folder.documents_folder():  # Documents\网格办公 is made on first use
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                QMessageBox.warning(self, self.tr("导出台账"), self.tr("不能建立文件夹 {folder}：{error}").format(
                    folder=path.parent, error=exc.strerror or exc))
                return
        if path.exists() and QMessageBox.question(
            self, self.tr("导出台账"), self.tr("文件已存在，要覆盖吗？\n{path}").format(path=path)
        ) != QMessageBox.StandardButton.Yes:
            return
        self.result = None
        self.open_button.setVisible(False)
        db, key, options = self.context.db, self.key(), self.options()
        self.job = ops.Op(self, lambda progress, cancelled: _export(db, key, options, path, progress, cancelled),
                          with_progress=True)
        self.job.progress.connect(self._on_progress)
        self.job.cancelled.connect(self._on_cancelled)
        self.job.success(self._on_done).failure(lambda exc: self._on_error(exc, path))
        self._set_running(True)
        self.progress.setRange(0, 0)  # busy until the first figure arrives
        self.status.setText(self.tr("正在导出…"))
        self.job.run()

    def cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.ask_to_stop()  # the writer removes its temporary file; then ``cancelled`` arrives
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("正在取消…"))
        else:
            self.reject()

    def reject(self) -> None:
        if self.job is not None:  # Esc or the window's close box while running: cancel first
            self.cancel_or_close()
            return
        super().reject()

    def _set_running(self, running: bool) -> None:
        for widget in (self.ledger, self.scope, self.on, self.public, self.file, self.browse, self.export_button):
            widget.setEnabled(not running)
        if not running:
            self.scope.setEnabled(self._grid is not None)
            self._ledger_changed()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("取消") if running else self.tr("关闭"))

    def _finish(self) -> None:
        self.job = None
        self._set_running(False)

    def _on_progress(self, text: str, share: float) -> None:
        if share >= 0:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(share * 100))
        self.status.setText(text)

    def _on_done(self, result: ledgers.WriteResult) -> None:
        self.result = result
        self._finish()
        self.progress.setRange(0, 100)
        self.progress.setValue(100)
        self.status.setText(self.tr("已导出 {rows} 行到 {path}").format(rows=result.rows, path=result.path))
        export_folder.remember(self.key(), result.path.parent)
        self.open_button.setVisible(True)

    def open_result(self) -> None:
        """A PDF opens in the program's own preview (print from there); a workbook in Excel /
        WPS / LibreOffice, whatever opens .xlsx."""
        if self.result is None:
            return
        if self.result.path.suffix.lower() == ".pdf":
            from gridoffice.ui.widgets.pdf_preview import preview

            self.preview = preview(self.result.path, parent=self)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path)))

    def _on_error(self, exc: BaseException, path: Path) -> None:
        known = exc if isinstance(exc, Refusal) else translate(exc, str(path))
        if known is not None:
            self._on_failed(known.for_gui())
        else:
            self._on_crashed(exc)

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status.setText(message)
        QMessageBox.warning(self, self.tr("导出失败"), message)

    def _on_crashed(self, exc: object) -> None:
        from gridoffice.ui.errors import show_error

        self._finish()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status.setText("")
        if isinstance(exc, BaseException):
            show_error(self, exc, self.tr("导出台账"))

    def _on_cancelled(self) -> None:
        self._finish()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status.setText(self.tr("已取消，没有生成文件。"))
