"""Small drawing helpers shared by the PDF writers: fitting text into a box (shrink, then
wrap, never cut), the photo placeholder, and the house colours."""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

RED = HexColor("#B8161C")
DARK_RED = HexColor("#8E1014")
GOLD = HexColor("#F3C969")
CREAM = HexColor("#FFF6EA")
INK = HexColor("#222222")
GREY = HexColor("#666666")
LINE = HexColor("#D9B8A0")
PALE = HexColor("#F2F2F2")
WHITE = HexColor("#FFFFFF")

# Break before none of these (Chinese line-breaking: no closing punctuation at a line start).
NO_LINE_START = set("，。、；：！？）》」』】〕…—·,.;:!?)]%")


@lru_cache(maxsize=65536)
def width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` (by character; Latin words and
    digit runs stay whole when they fit on a line; explicit newlines are kept)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        start = len(lines)
        if width(paragraph, font, size) <= max_width:
            lines.append(paragraph)
            continue
        line = ""
        for token in _tokens(paragraph):
            candidate = line + token
            if width(candidate, font, size) <= max_width or (line and token in NO_LINE_START):
                line = candidate
                continue
            if width(token, font, size) > max_width:  # a long Latin run: break it by character
                for ch in token:
                    if line and width(line + ch, font, size) > max_width:
                        lines.append(line)
                        line = ""
                    line += ch
                continue
            carry = _short_tail(line)  # a name of a list stays whole: 赵珍慧、/郭凤洁, not 郭/凤洁
            if carry and width(carry + token, font, size) <= max_width:
                line, token = line[: -len(carry)], carry + token
            if line:
                lines.append(line)
            line = token.lstrip()
        if line:
            lines.append(line)
        _no_orphan(lines, start, font, size, max_width)
    return lines


SEPARATORS = "、，,；;/ "
SHORT_WORD = 3  # a name, a place: the characters after a separator not to be split


def _short_tail(line: str) -> str:
    """The last few characters of ``line`` after a separator (、，；/ space), when they are a
    short word that the break would otherwise cut; "" when there is none."""
    k = max(line.rfind(sep) for sep in SEPARATORS)
    tail = line[k + 1:]
    return tail if 0 < k and 0 < len(tail) <= SHORT_WORD else ""


def _no_orphan(lines: list[str], start: int, font: str, size: float, max_width: float) -> None:
    """The paragraph's last two lines (from ``start``) without a word cut short: a bracketed
    note starts its own line (向丽丽 / （外甥女）), and a last line of one
    character takes characters from the line above (禹庙村1组 / 12号, not 禹庙村1组12 / 号)."""
    if len(lines) - start < 2:
        return
    above, last = lines[-2], lines[-1]
    bracket = above.rfind("（")
    if 0 < bracket and "）" not in above[bracket:] and width(above[bracket:] + last, font, size) <= max_width:
        lines[-2:] = [above[:bracket], above[bracket:] + last]
        return
    while len(last) < 2 and len(above) > 3 and width(above[-1] + last, font, size) <= max_width:
        moved = next((t for t in reversed(_tokens(above)) if t.strip()), "")
        if not moved or len(moved) >= len(above) - 1 or width(moved + last, font, size) > max_width:
            break
        above, last = above[: -len(moved)], moved + last
    lines[-2:] = [above, last]


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    run = ""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "-+_/.@:"):
            run += ch
            continue
        if run:
            tokens.append(run)
            run = ""
        tokens.append(ch)
    if run:
        tokens.append(run)
    return tokens


def fit(text: str, font: str, size: float, max_width: float, max_lines: int = 1,
        min_size: float = 6.0, max_height: float | None = None, leading: float = 1.2
        ) -> tuple[float, list[str]]:
    """The largest size ≤ ``size`` at which ``text`` fits ``max_lines`` lines of
    ``max_width`` (and ``max_height``). Below ``min_size`` it wraps onto as many lines as it
    needs at ``min_size``: text is shrunk or wrapped, never cut."""
    if width(text, font, size) <= max_width and "\n" not in text and (
            max_height is None or size * leading <= max_height):
        return size, [text]
    one_line_floor = max(min_size, size * 0.7)  # a little smaller on one line beats two lines
    full = width(text, font, size)
    if "\n" not in text and full > max_width and full * one_line_floor / size <= max_width:
        current = size * max_width / full * 0.999
        if max_height is None or current * leading <= max_height:
            return current, [text]
    current = size
    while current >= min_size:
        lines = wrap(text, font, current, max_width)
        if len(lines) <= max_lines and (max_height is None or len(lines) * current * leading <= max_height):
            return current, lines
        current = round(current - max(0.5, current * 0.06), 2)
    return min_size, wrap(text, font, min_size, max_width)


def draw_lines(c: Canvas, lines: list[str], font: str, size: float, x: float, top: float,
               align: str = "left", box_width: float = 0.0, leading: float = 1.2,
               color: Color | None = None) -> float:
    """Draw ``lines`` from ``top`` down; returns the y below the last line."""
    if c._fontname != font or c._fontsize != size:
        c.setFont(font, size)
    if color is not None and c._fillColorObj != color:
        c.setFillColor(color)
    y = top - size * 0.92
    for line in lines:
        if align == "center":
            c.drawCentredString(x + box_width / 2, y, line)
        elif align == "right":
            c.drawRightString(x + box_width, y, line)
        else:
            c.drawString(x, y, line)
        y -= size * leading
    return y + size * leading - size * 0.3


def placeholder(c: Canvas, x: float, y: float, w: float, h: float) -> None:
    """A neat grey silhouette where a staff photo would go (drawn once per document as a form
    and reused)."""
    name = "gridoffice_photo_placeholder"
    if not c.hasForm(name):
        c.saveState()  # the form's colours must not leak into the page's remembered state
        c.beginForm(name, lowerx=0, lowery=0, upperx=75, uppery=100)
        c.setFillColor(HexColor("#E9E4DF"))
        c.setStrokeColor(HexColor("#CFC6BE"))
        c.setLineWidth(1)
        c.rect(0, 0, 75, 100, stroke=1, fill=1)
        c.setFillColor(HexColor("#BDB3AA"))
        c.circle(37.5, 64, 16, stroke=0, fill=1)
        p = c.beginPath()
        p.moveTo(8, 0)
        p.curveTo(8, 34, 22, 44, 37.5, 44)
        p.curveTo(53, 44, 67, 34, 67, 0)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
        c.endForm()
        c.restoreState()
    c.saveState()
    c.translate(x, y)
    c.scale(w / 75, h / 100)
    c.doForm(name)
    c.restoreState()


def photo(c: Canvas, path: str | None, x: float, y: float, w: float, h: float) -> None:
    """The staff photo fitted into the box (centred, aspect kept); the placeholder when there
    is none or it cannot be read."""
    if path:
        try:
            c.saveState()
            c.setFillColor(PALE)
            c.rect(x, y, w, h, stroke=0, fill=1)
            c.drawImage(path, x, y, w, h, preserveAspectRatio=True, anchor="c", mask="auto")
            c.restoreState()
            return
        except Exception:  # unreadable or not an image: a placeholder, not a crash
            c.restoreState()
    placeholder(c, x, y, w, h)


def draw_qr(c: Canvas, value: str, x: float, y: float, size: float, quiet: int = 2) -> None:
    """A QR code (error correction M) as filled rectangles, one per run of dark modules: the
    matrix of reportlab's QR encoder without the graphics widget layer (whose renderer adds an
    unembedded Helvetica to the page)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    n = code.getModuleCount()
    unit = size / (n + 2 * quiet)
    c.saveState()
    c.setFillColor(WHITE)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(HexColor("#000000"))
    path = c.beginPath()
    for row in range(n):
        col = 0
        while col < n:
            if code.isDark(row, col):
                start = col
                while col < n and code.isDark(row, col):
                    col += 1
                path.rect(x + (quiet + start) * unit, y + size - (quiet + row + 1) * unit,
                          (col - start) * unit + 0.01, unit + 0.01)
            else:
                col += 1
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


class MeasuringCanvas(Canvas):
    """A canvas that draws nothing: a layout pass (the posters' A4-or-A3 check: fits, wraps, the
    chain's plan) without building a content stream nobody reads (that stream was two thirds of
    the check). Colours are only remembered (``draw_lines`` compares the current one)."""

    def _nothing(self, *_args: object, **_kwargs: object) -> None:
        return None

    drawString = drawCentredString = drawRightString = drawText = _nothing
    rect = roundRect = line = lines = circle = drawPath = doForm = drawImage = _nothing

    def setFillColor(self, aColor: object, alpha: object = None) -> None:
        self._fillColorObj = aColor

    def setStrokeColor(self, aColor: object, alpha: object = None) -> None:
        self._strokeColorObj = aColor
