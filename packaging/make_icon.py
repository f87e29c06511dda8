"""Draw the application icon (a 3 x 3 grid, the centre cell highlighted: one micro-grid within
the grid) and write resources/icons/gridoffice.png / .ico. Run once; the files are committed."""

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    outer = QPainterPath()
    outer.addRoundedRect(QRectF(0, 0, size, size), size * 0.18, size * 0.18)
    p.fillPath(outer, QColor("#c0392b"))
    margin, gap = size * 0.16, size * 0.05
    cell = (size - 2 * margin - 2 * gap) / 3
    for row in range(3):
        for col in range(3):
            rect = QRectF(margin + col * (cell + gap), margin + row * (cell + gap), cell, cell)
            colour = QColor("#f7d774") if (row, col) == (1, 1) else QColor(255, 255, 255, 230)
            path = QPainterPath()
            path.addRoundedRect(rect, cell * 0.15, cell * 0.15)
            p.fillPath(path, colour)
    p.end()
    return image


def main() -> None:
    QGuiApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "gridoffice.png"))
    draw(256).save(str(OUT / "gridoffice.ico"))
    print(OUT)


if __name__ == "__main__":
    main()
