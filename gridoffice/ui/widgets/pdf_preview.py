"""In-app preview of any PDF the program makes (QtPdf): pages, zoom, Print and Save as.

Printing goes through the system dialog (QPrintDialog + QPrinter); every page is rendered by
QPdfDocument at the printer's resolution and scaled into the printable area with its aspect
kept, so a poster comes out the way it looks here. No external PDF viewer is needed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QAction, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gridoffice.store import StoreError, outputs
from gridoffice.ui.errors import sentence
from gridoffice.ui.widgets import screen_fit

ZOOM_STEP = 1.25
MAX_PRINT_DPI = 600
BAND = 1024  # rendered pixel rows per band when printing


class PdfPreview(QDialog):
    """Shows ``path``; the file stays where it is (Save as copies it)."""

    def __init__(self, path: str | Path, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.path = Path(path)
        self.setWindowTitle(title or self.tr("打印预览 — {name}").format(name=self.path.name))
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setPageSpacing(12)
        self.toolbar = QToolBar(self)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, shortcut, slot in (
            ("previous", self.tr("上一页"), QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
            ("next", self.tr("下一页"), QKeySequence.StandardKey.MoveToNextPage, self.next_page),
            (None, None, None, None),
            ("zoom_out", self.tr("缩小"), QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            ("zoom_in", self.tr("放大"), QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            ("fit_width", self.tr("适合宽度"), None, self.fit_width),
            ("fit_page", self.tr("整页"), None, self.fit_page),
            (None, None, None, None),
            ("print", self.tr("打印…"), QKeySequence.StandardKey.Print, self.print_dialog),
            ("save", self.tr("另存为…"), QKeySequence.StandardKey.SaveAs, self.save_as),
        ):
            if name is None:
                self.toolbar.addSeparator()
                continue
            action = QAction(text, self)  # type: ignore[arg-type]
            action.setObjectName(f"action_{name}")
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            self.toolbar.addAction(action)
            self.actions_by_name[name] = action
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.page_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._update_label)
        screen_fit.fit(self, 900, 1000)
        self.error = ""
        status = self.document.load(str(self.path))
        if status != QPdfDocument.Error.None_:
            self.error = self.tr("打不开 PDF 文件：{path}").format(path=self.path)
        self._update_label()

    def done(self, result: int) -> None:
        """Closed (or Esc): the document lets go of the file and its pages (the view shows none)."""
        self.document.close()
        super().done(result)

    # ---- navigation and zoom --------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        page = max(0, min(page, self.page_count - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    def previous_page(self) -> None:
        self.go_to(self.current_page() - 1)

    def next_page(self) -> None:
        self.go_to(self.current_page() + 1)

    def zoom_in(self) -> None:
        self._zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(self.view.zoomFactor() / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            factor = self._effective_zoom() * (ZOOM_STEP if factor > self.view.zoomFactor() else 1 / ZOOM_STEP)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.1, min(factor, 8.0)))

    def _effective_zoom(self) -> float:
        """The zoom a fit mode currently shows (so zooming from "fit" starts where the eye is)."""
        if self.page_count == 0:
            return 1.0
        points = self.document.pagePointSize(0)
        pixels = points.width() * self.logicalDpiX() / 72
        return max(0.1, (self.view.viewport().width() - 24) / max(pixels, 1))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def _update_label(self) -> None:
        if self.page_count:
            self.page_label.setText(self.tr("第 {page} / {pages} 页").format(
                page=self.current_page() + 1, pages=self.page_count))
        else:
            self.page_label.setText(self.tr("（没有页面）"))

    # ---- print and save -------------------------------------------------------------------
    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.stem)
        if self.page_count:
            size = self.document.pagePointSize(0)
            printer.setPageSize(QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Point, "",
                                          QPageSize.SizeMatchPolicy.FuzzyMatch))
            printer.setPageOrientation(QPageLayout.Orientation.Landscape if size.width() > size.height()
                                       else QPageLayout.Orientation.Portrait)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.page_count))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        printed = self.print_to(printer)
        if printed == 0:
            QMessageBox.warning(self, self.tr("没有打印"), self.tr("没有可打印的页面，或打印机没有接受任务。"))

    def print_to(self, printer: QPrinter) -> int:
        """Render the chosen pages at the printer's resolution; returns the pages sent."""
        if self.page_count == 0:
            return 0
        first, last = 1, self.page_count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage(), min(printer.toPage() or self.page_count, self.page_count)
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        sent = 0
        try:
            dpi = printer.resolution()
            for number in range(first, last + 1):
                if sent:
                    printer.newPage()
                self._print_page(painter, printer, number - 1, dpi)
                sent += 1
        finally:
            painter.end()
            QApplication.restoreOverrideCursor()
        return sent

    def _print_page(self, painter: QPainter, printer: QPrinter, page: int, dpi: int) -> None:
        """One page scaled into the printable area (aspect kept, centred), rendered at the
        printer's resolution (up to MAX_PRINT_DPI) in horizontal bands, so an A3 page at
        600 dpi never needs one 280 MB bitmap."""
        target = printer.pageLayout().paintRectPixels(dpi)
        points = self.document.pagePointSize(page)
        scale = min(target.width() / points.width(), target.height() / points.height())
        render_scale = min(1.0, MAX_PRINT_DPI / max(dpi, 1))  # device pixels per rendered pixel
        full = QSize(round(points.width() * scale * render_scale), round(points.height() * scale * render_scale))
        x0 = (target.width() - full.width() / render_scale) / 2
        y0 = (target.height() - full.height() / render_scale) / 2
        for top in range(0, full.height(), BAND):
            height = min(BAND, full.height() - top)
            options = QPdfDocumentRenderOptions()
            options.setScaledSize(full)
            options.setScaledClipRect(QRect(0, top, full.width(), height))
            band = self.document.render(page, QSize(full.width(), height), options)
            painter.drawImage(QRectF(x0, y0 + top / render_scale, full.width() / render_scale,
                                     height / render_scale), band)

    def save_as(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), str(Path.home() / self.path.name),
                                                self.tr("PDF 文件 (*.pdf)"))
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            if Path(target).resolve() != self.path.resolve():
                with outputs.atomic_output(target) as tmp:  # never onto a database or a backup
                    shutil.copyfile(self.path, tmp)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("保存失败"), sentence(exc))
            return
        except OSError as exc:
            QMessageBox.warning(self, self.tr("保存失败"),
                                self.tr("无法保存到 {path}：{reason}").format(path=target, reason=exc.strerror or exc))
            return
        self.saved_to = target


def preview(path: str | Path, title: str = "", parent: QWidget | None = None) -> PdfPreview:
    """Open the preview window (non-modal) for ``path``."""
    dialog = PdfPreview(path, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if dialog.error:
        QMessageBox.warning(parent, dialog.tr("打不开"), dialog.error)
    dialog.show()
    return dialog
