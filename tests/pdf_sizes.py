"""Font sizes read back from a PDF: every text run with the size it is printed at."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader


def runs(path: str | Path, page: int = 0) -> list[tuple[str, float]]:
    """(text, size in pt) of every text run drawn on ``page`` (the Tf size times the text and
    current transformation scale)."""
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, _font, size):  # type: ignore[no-untyped-def]
        if text.strip():
            scale = (abs(tm[0] * cm[0] + tm[1] * cm[2]) ** 2 + abs(tm[0] * cm[1] + tm[1] * cm[3]) ** 2) ** 0.5
            found.append((text.strip(), round(size * (scale or 1.0), 2)))

    PdfReader(str(path)).pages[page].extract_text(visitor_text=visit)
    return found


def size_of(path: str | Path, text: str, page: int = 0) -> list[float]:
    """The sizes ``text`` is printed at (each run that contains it)."""
    return [size for run, size in runs(path, page) if text in run]
