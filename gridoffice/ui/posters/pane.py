"""The 公示牌与打印 pane: notice boards for one grid or all of them (A4 / A3), the grid
structure chart, the office's poster wording, and a preview with Print for any PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridoffice import paths
from gridoffice.domain.codes import GridLevel, grid_level_label
from gridoffice.services import posters
from gridoffice.services.grids import core as grids
from gridoffice.store import StoreError
from gridoffice.ui import ops
from gridoffice.ui.context import AppContext
from gridoffice.ui.errors import sentence
from gridoffice.ui.ops import Loader, Op
from gridoffice.ui.posters.texts import PosterTextsDialog
from gridoffice.ui.widgets.pdf_preview import preview

ALL = "__all__"


class PostersPane(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postersPane")
        self.context = context
        self.grid_combo = QComboBox(self)
        self.grid_combo.setObjectName("gridCombo")
        self.grid_combo.setMinimumContentsLength(16)
        self.grid_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.paper_combo = QComboBox(self)
        self.paper_combo.setObjectName("paperCombo")
        self.paper_combo.addItem(self.tr("A4 纵向"), "A4")
        self.paper_combo.addItem(self.tr("A3 纵向"), "A3")
        self.poster_button = QPushButton(self.tr("生成公示牌并预览"), self)
        self.poster_button.setObjectName("posterButton")
        self.poster_button.clicked.connect(self.make_posters)
        self.chart_button = QPushButton(self.tr("生成网格架构图并预览"), self)
        self.chart_button.setObjectName("chartButton")
        self.chart_button.clicked.connect(self.make_chart)
        self.folder_button = QPushButton(self.tr("全部导出为单独文件…"), self)
        self.folder_button.setObjectName("folderButton")
        self.folder_button.clicked.connect(self.export_folder)
        self.texts_button = QPushButton(self.tr("公示牌文字…"), self)
        self.texts_button.setObjectName("textsButton")
        self.texts_button.clicked.connect(self.edit_texts)
        self.open_button = QPushButton(self.tr("预览并打印其他 PDF…"), self)
        self.open_button.setObjectName("openButton")
        self.open_button.clicked.connect(self.open_pdf)
        self.status = QLabel(self)
        self.status.setObjectName("postersStatus")
        self.status.setWordWrap(True)

        board = QGroupBox(self.tr("网格信息公示牌"), self)
        form = QFormLayout(board)
        form.addRow(self.tr("范围"), self.grid_combo)
        form.addRow(self.tr("纸张"), self.paper_combo)
        row = QHBoxLayout()
        row.addWidget(self.poster_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.texts_button)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(self._note(self.tr("每个微网格一张：总网格长 → 一般网格长 → 微网格长、微网格员，"
                                   "家庭医生、网格指导员、社区民警，服务清单、转诊路径、监督电话和二维码。"
                                   "选上级网格时打印其下全部微网格。"), board))
        chart = QGroupBox(self.tr("网格架构图（A3 横向）"), self)
        chart_row = QHBoxLayout(chart)
        chart_row.addWidget(self._note(self.tr("所选村（社区）的总网格 → 一般网格 → 微网格，各级网格长及电话。"), chart), 1)
        chart_row.addWidget(self.chart_button)
        other = QHBoxLayout()
        other.addWidget(self.open_button)
        other.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(board)
        layout.addWidget(chart)
        layout.addLayout(other)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.last_output: Path | None = None
        self.last_files: list[Path] = []
        self.last_preview = None
        context.grid_selected.connect(self.select_grid)
        context.database_changed.connect(self.reload)
        context.data_changed.connect(self._on_data_changed)
        self.tree_loader = Loader(self, self._fill, self._tree_failed)
        self.reload()
        self.select_grid(context.current_grid)  # built on first show: the grid chosen before that

    @staticmethod
    def _note(text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setWordWrap(True)
        return label

    # ---- the grid list --------------------------------------------------------------------
    def reload(self) -> None:
        """The grid list read at once (the pane's first show)."""
        try:
            roots = grids.tree(self.context.db)
        except StoreError as exc:
            self.status.setText(sentence(exc))
            return
        self._fill(roots)

    def _tree_failed(self, exc: BaseException) -> None:
        if isinstance(exc, StoreError):  # a locked or lost database: said where the pane speaks
            self.status.setText(sentence(exc))
            return
        from gridoffice.ui.errors import show_error

        show_error(self, exc)  # anything else: the error dialog and the log, as every Loader does

    def _fill(self, roots: list[grids.GridNode]) -> None:
        current = self.grid_combo.currentData()
        self.grid_combo.clear()
        self.grid_combo.addItem(self.tr("全部微网格"), ALL)
        self._levels: dict[str, str] = {}
        self._community_of: dict[str, str | None] = {}
        self._code_of_id: dict[int, str] = {}

        def add(node: grids.GridNode, depth: int, community: str | None) -> None:
            if node.level == GridLevel.COMMUNITY:
                community = node.code
            label = f"{'    ' * depth}{node.name}（{grid_level_label(node.level)} {node.code}）"
            self.grid_combo.addItem(label, node.code)
            self._levels[node.code] = node.level
            self._community_of[node.code] = community
            self._code_of_id[node.id] = node.code
            for child in node.children:
                add(child, depth + 1, community)

        for root in roots:
            add(root, 0, None)
        index = self.grid_combo.findData(current)
        self.grid_combo.setCurrentIndex(max(index, 0))

    def select_grid(self, grid_id: object) -> None:
        if not isinstance(grid_id, int):
            return
        index = self.grid_combo.findData(self._code_of_id.get(grid_id))
        if index >= 0:
            self.grid_combo.setCurrentIndex(index)

    def _on_data_changed(self, tables: Collection[str] | None) -> None:
        """A grid change (or a restore) reads the grid list in the pool: on the GUI thread it was
        a stall after every restore of a street."""
        if tables is None or "grid" in tables:  # type: ignore[operator, unused-ignore]
            db = self.context.db
            self.tree_loader.request(lambda: grids.tree(db))

    def selected_code(self) -> str | None:
        code = self.grid_combo.currentData()
        return None if code in (None, ALL) else str(code)

    # ---- making PDFs ----------------------------------------------------------------------
    def _output(self, name: str) -> Path:
        folder = paths.data_dir() / "prints"  # the program's own folder for previews: made here
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{name}-{dt.datetime.now():%Y%m%d-%H%M%S}.pdf"

    def _op(self, fn, text: str, title: str, on_done: Callable[[object], None]) -> Op:  # type: ignore[no-untyped-def]
        """Run ``fn(step, cancelled)`` in the pool; a progress dialog with 取消 after ~300 ms.
        ``step(done, total)`` is the posters' count, turned into the one progress shape."""
        def run(progress: ops.ProgressFn, cancelled: ops.CancelledFn) -> object:
            def step(done: int, total: int | None) -> None:
                progress(self.tr("{text}（{done}/{total}）").format(text=text, done=done, total=total or "?"),
                         done / total if total else -1.0)

            return fn(step, cancelled)

        self.status.setText(text)
        op = Op(self, run, text=text, cancellable=True, with_progress=True, title=title, waits=True,
                disable=(self.poster_button, self.folder_button, self.chart_button))
        op.cancelled.connect(lambda: self.status.setText(self.tr("已取消。")))
        return op.success(on_done).run()

    def make_posters(self) -> Op:
        code = self.selected_code()
        paper = self.paper_combo.currentData()
        out = self._output(f"{self.tr('公示牌')}-{code or self.tr('全部')}-{paper}")
        db = self.context.db

        def done(pages: object) -> None:
            self.status.setText(self.tr("已生成 {n} 张公示牌：{path}").format(n=pages, path=out))
            self._show(out, self.tr("网格信息公示牌"))

        op = self._op(lambda step, cancelled: posters.write_posters_file(
            db, code, out, paper, progress=step, cancelled=cancelled), self.tr("正在生成公示牌…"),
            self.tr("没有生成公示牌"), done)
        op.cancelled.connect(lambda: out.unlink(missing_ok=True))  # the writer has stopped (it is waited for)
        return op

    def export_folder(self) -> Op | None:
        """Every micro-grid's poster as its own PDF (CODE-名称.pdf) in a folder the user picks."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存公示牌的文件夹"), str(Path.home()))
        if not folder:
            return None
        paper = self.paper_combo.currentData()
        db = self.context.db

        def done(files: object) -> None:
            self.last_files = list(files)  # type: ignore[call-overload]
            self.status.setText(self.tr("已导出 {n} 个公示牌文件到 {folder}").format(n=len(self.last_files),
                                                                                 folder=folder))

        return self._op(lambda step, cancelled: posters.write_posters_folder(
            db, Path(folder), paper, progress=step, cancelled=cancelled), self.tr("正在导出公示牌…"),
            self.tr("导出中断"), done)

    def make_chart(self) -> Op:
        code = self.selected_code()
        community = self._community_of.get(code) if code else None
        out = self._output(f"{self.tr('网格架构图')}-{community or self.tr('全部')}")
        db = self.context.db

        def done(pages: object) -> None:
            self.status.setText(self.tr("已生成网格架构图 {n} 页：{path}").format(n=pages, path=out))
            self._show(out, self.tr("网格架构图"))

        return self._op(lambda _step, _cancelled: posters.write_chart_file(db, community, out),
                        self.tr("正在生成网格架构图…"), self.tr("没有生成架构图"), done)

    def _show(self, path: Path, title: str) -> Path:
        self.last_output = path
        self.last_preview = preview(path, title, self)  # type: ignore[assignment]
        return path

    def open_pdf(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择 PDF"), str(paths.data_dir() / "prints"),
                                              self.tr("PDF 文件 (*.pdf)"))
        if path:
            self._show(Path(path), Path(path).name)

    def edit_texts(self) -> None:
        dialog = PosterTextsDialog(posters.load_settings(self.context.db), self)
        if dialog.exec() != PosterTextsDialog.DialogCode.Accepted:
            return
        if ops.apply(self, self.context, lambda: posters.save_settings(self.context.db, dialog.value()),
                     title=self.tr("没有保存")) is None:
            return
        self.status.setText(self.tr("公示牌文字已保存。"))
