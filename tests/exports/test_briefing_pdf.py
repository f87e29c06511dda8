"""The briefing's table layout (exports/briefing_pdf.py)."""

from __future__ import annotations

import io
from types import SimpleNamespace

from reportlab.pdfgen.canvas import Canvas

from gridoffice.exports import briefing_pdf, fonts
from gridoffice.exports.ledger import Column


def test_a_total_never_stands_alone_on_a_page():
    fonts.register()
    columns = [Column("网格", 14, "name"), Column("新增", 8, "int")]
    rows = [[f"第{i}网格", i] for i in range(40)] + [["合计", 780]]  # longer than half a page
    for start in range(300, 800, 4):  # the table begins lower and lower on the page
        pages, seen = drawn(start)
        pages.table(columns, rows, bold_last=True)
        last_page = [name for page, name in seen if page == pages.page]
        assert len(last_page) >= 2 and last_page[-1] == "合计", (start, last_page)


def drawn(start: float):  # type: ignore[no-untyped-def]
    """A page set whose table rows are recorded as (page, first cell), starting at ``start``."""
    pages = briefing_pdf._Pages(Canvas(io.BytesIO()), SimpleNamespace(public=False, title="简报"))
    pages.y = start
    seen: list[tuple[int, str]] = []
    draw = pages._row

    def row(cells, *a, **k):  # type: ignore[no-untyped-def]
        seen.append((pages.page, cells[0]))
        draw(cells, *a, **k)

    pages._row = row  # type: ignore[method-assign]
    return pages, seen


def test_a_long_header_takes_two_lines_clear_of_the_borders():
    fonts.register()
    lines = briefing_pdf._header_text("超30天未办结（件）", 95, 10)
    assert len(lines) == 2 and "".join(lines) == "超30天未办结（件）"
