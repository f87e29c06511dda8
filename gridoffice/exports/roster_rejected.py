"""The rejected rows, written back as they were plus a 原因 column, so the clerk fixes them
and imports that file again (its header is the original header, so it maps the same way)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from gridoffice.i18n import tr


def _as_text(ws) -> None:  # type: ignore[no-untyped-def]
    """Text that starts with = stays text, never a formula."""
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def write(path: str | Path, header: Sequence[object], rows: Sequence[tuple[int, Sequence[object], str]],
          text_columns: Sequence[int] = (), title: str | None = None) -> Path:
    """``rows``: (original row number, cells, reasons). ``text_columns`` (IDs, phones) are
    written as text cells so Excel cannot damage them again."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = tr("未导入")
    width = max([len(header)] + [len(cells) for _, cells, _ in rows])
    head = [*list(header), *[""] * (width - len(header)), tr("原行号"), tr("原因")]
    ws.append([tr("未导入的行（改正后可再次导入）") if title is None else title])
    ws.append(head)
    _as_text(ws)
    bold = Font(bold=True)
    for cell in ws[2]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    ws["A1"].font = Font(bold=True, size=13)
    for number, cells, reasons in rows:
        values: list[object] = []
        for col in range(width):
            value = cells[col] if col < len(cells) else ""
            if col in text_columns and value not in ("", None) and not isinstance(value, str):
                value = _number_text(value)
            values.append(value)
        ws.append([*values, number, reasons])
        _as_text(ws)
    for col in text_columns:
        for row in ws.iter_rows(min_row=3, min_col=col + 1, max_col=col + 1):
            for cell in row:
                cell.number_format = "@"
    for col in range(1, width + 2):
        texts = [str(c.value) for c in ws[get_column_letter(col)][1:] if c.value is not None]
        longest = max((_display_width(t) for t in texts), default=4)
        ws.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 6), 40)
    ws.column_dimensions[get_column_letter(width + 2)].width = 60
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "2:2"
    for row in ws.iter_rows(min_row=3, min_col=width + 2, max_col=width + 2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, dt.datetime | dt.date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A3"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _number_text(value: object) -> str:
    """A number cell shown as Excel shows it: 5.101241962020301e+17 → 510124196202030000."""
    from decimal import Decimal

    if isinstance(value, float) and value.is_integer():
        return str(int(Decimal(f"{value:.14e}")))
    if isinstance(value, int):
        return str(value)
    return str(value)


def _display_width(text: str) -> int:
    """Columns a text needs: CJK characters count twice."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
