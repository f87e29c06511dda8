"""A chart (domain/chart_spec.py) drawn with QPainter: the primitives of domain/chart_layout.py,
the same ones the PDFs draw with reportlab (exports/chart_pdf.py). Clicking a bar emits the
kind and key of its category (``bar_clicked(kind, key)``, kind as ``ChartSpec.key_kind``), and
``clicked(kind, key, series key)`` with the key of its series (男/女, a key population, 新增/办结);
a click in a line chart's column is its point's."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from gridoffice.domain.chart_layout import (
    SMALL,
    Box,
    Item,
    Label,
    Marker,
    Path,
    hatch_lines,
    height_for,
    layout,
)
from gridoffice.domain.chart_spec import ChartSpec


def _grey(level: float) -> QColor:
    v = max(0, min(255, round(level * 255)))
    return QColor(v, v, v)


class ChartView(QWidget):
    """One chart; ``set_spec`` replaces it. Sizes are in points of the layout scaled to the
    widget's font (9 pt text reads as the application's font)."""

    bar_clicked = Signal(str, object)
    clicked = Signal(str, object, object)  # kind, the category's key, the series' key (or None)

    def __init__(self, parent: QWidget | None = None, least_height: int = 150) -> None:
        super().__init__(parent)
        self.spec: ChartSpec | None = None
        self._items: list[Item] = []
        self._laid_for: tuple[float, float] | None = None
        self.least_height = least_height  # pixels, whatever the chart
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, least_height)

    def sizeHint(self) -> QSize:
        return QSize(420, 230)

    def set_spec(self, spec: ChartSpec | None) -> None:
        self.spec = spec
        self._laid_for = None
        self.setToolTip(spec.title if spec else "")
        self._fit_height()
        self.update()

    def _fit_height(self) -> None:
        """At least ``least_height``, and tall enough to name every category of a horizontal
        chart at the present width (labels wrap less on a wider chart): set with each chart and
        again whenever the width changes."""
        self.setMinimumHeight(max(self.least_height, self.height_needed()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    def _scale(self) -> float:
        """Layout points → pixels: 9 pt of the layout is the widget font's size."""
        return max(0.8, QFontMetricsF(self.font()).height() / 12.0)

    def _font(self, size: float, bold: bool) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(6, round(size * self._scale() * 1.2)))
        font.setBold(bold)
        return font

    def _measure(self, text: str, size: float, bold: bool) -> float:
        return QFontMetricsF(self._font(size, bold)).horizontalAdvance(text) / self._scale()

    def height_needed(self) -> int:
        """Pixels at which every category of a horizontal chart is named (0: any height)."""
        if self.spec is None:
            return 0
        k = self._scale()
        # a row as tall as the label's text drawn here (1.2 × its points, see ``_font``) and a gap:
        # at SMALL + 1 points a row, 18 communities' names touched on screen
        row = QFontMetricsF(self._font(SMALL, False)).ascent() / k + 2
        return round(height_for(self.spec, self.width() / k, self._measure, row=row) * k)

    def items(self) -> list[Item]:
        if self.spec is None:
            return []
        k = self._scale()
        size = (self.width() / k, self.height() / k)
        if self._laid_for != size:
            self._items = layout(self.spec, size[0], size[1], self._measure)
            self._laid_for = size
        return self._items

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), _grey(1.0))
        k = self._scale()
        h = self.height() / k
        p.scale(k, k)

        def pt(x: float, y: float) -> QPointF:
            return QPointF(x, h - y)

        for item in self.items():
            if isinstance(item, Box):
                rect = QRectF(pt(item.x, item.y + item.h), pt(item.x + item.w, item.y)).normalized()
                if rect.width() < 0.01 or rect.height() < 0.01:
                    continue
                p.setPen(QPen(_grey(item.stroke), 0.5) if item.outline else Qt.PenStyle.NoPen)
                p.setBrush(_grey(item.grey))
                p.drawRect(rect)
                p.setPen(QPen(_grey(0.2), 0.5))
                for x1, y1, x2, y2 in hatch_lines(item):
                    p.drawLine(pt(x1, y1), pt(x2, y2))
            elif isinstance(item, Label):
                font = self._font(item.size, item.bold)
                p.setFont(font)
                p.setPen(_grey(1.0 if item.white else 0.1))
                width = QFontMetricsF(font).horizontalAdvance(item.text) / k
                x = item.x - {"middle": width / 2, "end": width}.get(item.anchor, 0.0)
                p.save()
                p.translate(pt(x, item.y))
                p.scale(1 / k, 1 / k)
                p.drawText(QPointF(0, 0), item.text)
                p.restore()
            elif isinstance(item, Path):
                pen = QPen(_grey(item.grey), item.width)
                if item.dash:
                    pen.setDashPattern([d / item.width for d in item.dash])
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPolyline(QPolygonF([pt(x, y) for x, y in item.points]))
            elif isinstance(item, Marker):
                self._marker(p, item, pt)
        p.end()

    @staticmethod
    def _marker(p: QPainter, m: Marker, pt) -> None:  # type: ignore[no-untyped-def]
        r = m.size / 2
        p.setPen(QPen(_grey(0.0), 0.6))
        p.setBrush(_grey(m.grey))
        if m.kind == "square":
            p.drawRect(QRectF(pt(m.x - r, m.y + r), pt(m.x + r, m.y - r)))
        elif m.kind in ("triangle", "diamond"):
            corners = ([(-r, -r), (r, -r), (0, r)] if m.kind == "triangle"
                       else [(0, -r), (r, 0), (0, r), (-r, 0)])
            p.drawPolygon(QPolygonF([pt(m.x + dx, m.y + dy) for dx, dy in corners]))
        else:
            p.drawEllipse(pt(m.x, m.y), r, r)

    def key_at(self, x: float, y: float) -> object:
        """The key of the bar under a widget position (None: no bar)."""
        return self.hit(x, y)[0]

    def hit(self, x: float, y: float) -> tuple[object, int]:
        """The key and series index of the bar under a widget position, or of a line's point in
        that column ((None, -1): nothing there)."""
        k = self._scale()
        px, py = x / k, (self.height() - y) / k
        points = []
        for item in self.items():
            if isinstance(item, Box) and item.key is not None:
                x0, x1 = sorted((item.x, item.x + item.w))
                y0, y1 = sorted((item.y, item.y + item.h))
                if x0 <= px <= x1 and y0 <= py <= y1:
                    return item.key, item.series
            elif isinstance(item, Marker) and item.key is not None:
                points.append(item)
        if points:  # a line chart: the column's point nearest to the click
            near = min(points, key=lambda m: (abs(m.x - px), abs(m.y - py)))
            column = min((abs(a.x - b.x) for a, b in pairwise(points) if a.x != b.x),
                         default=20.0) / 2
            if abs(near.x - px) <= column:
                return near.key, near.series
        return None, -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        key, series = self.hit(event.position().x(), event.position().y())
        if key is not None and self.spec is not None:
            self.bar_clicked.emit(self.spec.key_kind, key)
            keys = self.spec.series_keys
            self.clicked.emit(self.spec.key_kind, key, keys[series] if 0 <= series < len(keys) else None)
        super().mousePressEvent(event)
