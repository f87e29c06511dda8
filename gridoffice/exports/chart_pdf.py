"""A chart (domain/chart_spec.py) drawn with reportlab.graphics, for PDFs: the primitives of
domain/chart_layout.py as a ``Drawing`` (the GUI draws the same primitives with QPainter)."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from gridoffice.domain.chart_layout import Box, Label, Marker, Path, hatch_lines, layout
from gridoffice.domain.chart_spec import ChartSpec
from gridoffice.exports import fonts
from gridoffice.exports.pdfkit import width


def _grey(level: float) -> Color:
    return Color(level, level, level)


def _measure(text: str, size: float, bold: bool) -> float:
    return width(text, fonts.BOLD if bold else fonts.REGULAR, size)


def drawing(spec: ChartSpec, w: float, h: float) -> Drawing:
    fonts.register()
    d = Drawing(w, h)
    for item in layout(spec, w, h, _measure):
        if isinstance(item, Box):
            if abs(item.w) < 0.01 or abs(item.h) < 0.01:
                continue
            d.add(Rect(item.x, item.y, item.w, item.h, fillColor=_grey(item.grey),
                       strokeColor=_grey(item.stroke) if item.outline else None, strokeWidth=0.5))
            for x1, y1, x2, y2 in hatch_lines(item):
                d.add(Line(x1, y1, x2, y2, strokeColor=_grey(0.2), strokeWidth=0.5))
        elif isinstance(item, Label):
            d.add(String(item.x, item.y, item.text, fontName=fonts.BOLD if item.bold else fonts.REGULAR,
                         fontSize=item.size, textAnchor=item.anchor, fillColor=_grey(1.0 if item.white else 0.1)))
        elif isinstance(item, Path):
            points = [c for p in item.points for c in p]
            d.add(PolyLine(points, strokeColor=_grey(item.grey), strokeWidth=item.width,
                           strokeDashArray=list(item.dash) or None))
        elif isinstance(item, Marker):
            d.add(_marker(item))
    return d


def _marker(m: Marker):  # type: ignore[no-untyped-def]
    r = m.size / 2
    kw = dict(fillColor=_grey(m.grey), strokeColor=_grey(0.0), strokeWidth=0.6)
    if m.kind == "square":
        return Rect(m.x - r, m.y - r, 2 * r, 2 * r, **kw)
    if m.kind == "triangle":
        return Polygon([m.x - r, m.y - r, m.x + r, m.y - r, m.x, m.y + r], **kw)
    if m.kind == "diamond":
        return Polygon([m.x, m.y - r, m.x + r, m.y, m.x, m.y + r, m.x - r, m.y], **kw)
    return Circle(m.x, m.y, r, **kw)


def draw(c: Canvas, spec: ChartSpec, x: float, y: float, w: float, h: float) -> None:
    """Draw the chart with its bottom-left corner at (x, y)."""
    renderPDF.draw(drawing(spec, w, h), c, x, y)
