"""Write a ``Ledger`` as an .xlsx workbook the way a county office prints it (domain.md §5).

Each sheet: row 1 the merged title (office + ledger); row 2 填报单位（盖章） left, "内部资料 注意保密"
in the middle on internal ledgers, 填报日期 right; row 3 the header with 序号 first; then the rows
with thin borders (a heavier line where a new household starts), IDs and phones as text cells,
dates as dates; the 合计 row; a 填表人 / 审核人 / 负责人 / 联系电话 line under the table.
Printing: A4 landscape, one page wide, rows 1–3 repeated on every page, footer 第&P页 共&N页,
header frozen.

Written in openpyxl's write-only mode (rows stream straight to disk) into a temporary file next
to the target, renamed over it only when complete: a cancelled or failed export leaves nothing
behind. OSError (disk full, no permission) is raised as is; services.ledgers turns it into a
sentence.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from gridoffice.exports import layout
from gridoffice.exports import xlsx_style as st
from gridoffice.exports.errors import ExportCancelled
from gridoffice.exports.ledger import (
    Cancelled,
    Column,
    Ledger,
    Progress,
    Sheet,
    WriteResult,
    header_line,
    heading,
    note_of,
    public_value,
    signature_labels,
    total_values,
    visible_columns,
)
from gridoffice.i18n import tr

HEADER_ROW = 3
FIRST_DATA_ROW = 4
PROGRESS_EVERY = 500
INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def write_ledger(ledger: Ledger, path: str | os.PathLike[str], progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> WriteResult:
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=".~" + target.stem[:40] + ".", suffix=".xlsx.tmp",
                                    dir=target.parent if str(target.parent) else ".")
    os.close(fd)
    tmp = Path(tmp_name)
    wb = Workbook(write_only=True)
    try:
        _set_properties(wb, ledger)
        expected = _expected_rows(ledger)
        written = 0
        used_names: set[str] = set()
        for sheet in ledger.sheets:
            ws = wb.create_sheet(_sheet_name(sheet.name, used_names))
            written = _write_sheet(ws, ledger, sheet, written, expected, progress, cancelled)
        if not ledger.sheets:
            ws = wb.create_sheet(_sheet_name(ledger.title, used_names))
            _write_sheet(ws, ledger, Sheet(ledger.title, ledger.title, [], iter(())), 0, 0, None, None)
        _save(wb, tmp)
        os.replace(tmp, target)
    except BaseException:
        _discard(wb, ledger)
        tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(written, expected)
    return WriteResult(target, max(len(ledger.sheets), 1), written)


def _save(wb: Workbook, path: Path) -> None:
    """``wb.save(path)``, except that a failed write (a full disk) closes the zip file at once:
    openpyxl leaves it to ``ZipFile.__del__``, which fails again later and prints "Exception
    ignored…" with a traceback on stderr."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()


def _discard(wb: Workbook, ledger: Ledger) -> None:
    """After a failure or a cancel: close the row generators (and their database sessions) and
    remove openpyxl's per-sheet temporary files."""
    for sheet in ledger.sheets:
        close = getattr(sheet.rows, "close", None)
        if close is not None:
            close()
    for ws in wb.worksheets:
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        try:
            if rows is not None:
                rows.close()
            if writer is not None:
                writer.close()
        except Exception:  # the stream is being thrown away anyway
            pass
        if writer is not None:
            Path(writer.out).unlink(missing_ok=True)


def title_text(ledger: Ledger, sheet: Sheet) -> str:
    return heading(ledger, sheet)


SEQ = Column("序号", 6, "seq")  # type: ignore[arg-type]
_CJK = layout.cjk_measure(layout.BODY)
SAFETY = 1.02  # Excel / LibreOffice round column widths to whole pixels: keep 2% in hand


def measure(text: str) -> float:
    return _CJK(text) * SAFETY

LINE = 13.5  # the height of one line of 10 pt 宋体 in Excel / LibreOffice (pt)
PAPER_SIZES = {"A4": 9, "A3": 8}


def excel_width(points: float) -> float:
    """Points → Excel's column width unit (max-digit widths of the default 11 pt font, 7 px,
    plus 5 px of padding)."""
    return round(max(points / 0.75 - 5, 7) / 7, 2)


def printed_width(width: float) -> float:
    """Excel's column width unit → points (the inverse of ``excel_width``)."""
    return (width * 7 + 5) * 0.75


def _public_row(values: Sequence[Any], keep: Sequence[int], columns: Sequence[Column], public: bool) -> list[Any]:
    if not public:
        return [values[i] for i in keep]
    return [public_value(c, values[i]) for i, c in zip(keep, columns, strict=True)]


# ---- one sheet ---------------------------------------------------------------------------------
def _write_sheet(ws: Any, ledger: Ledger, sheet: Sheet, written: int, expected: int | None,
                 progress: Progress | None, cancelled: Cancelled | None) -> int:
    keep = visible_columns(sheet, ledger.public)
    columns = [sheet.columns[i] for i in keep]
    ncols = len(columns) + 1  # 序号
    last = get_column_letter(ncols)
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, layout.SAMPLE_ROWS))
    shown = [[n, *_public_row(v, keep, columns, ledger.public)] for n, v in enumerate(sample, start=1)]
    if sheet.total is not None:
        shown.append([tr("合计"), *total_values(sheet, keep)])
    plan = layout.plan([SEQ, *columns], shown, measure, row_min_mm=sheet.row_mm)
    _page_setup(ws, ledger, plan)
    for i, points in enumerate(plan.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = excel_width(points)
    title_text_ = title_text(ledger, sheet)
    title_lines = 2 if measure(title_text_) * 1.6 > sum(plan.widths) else 1
    ws.row_dimensions[1].height = 32 if title_lines == 1 else 48
    ws.row_dimensions[2].height = 20
    ws.row_dimensions[HEADER_ROW].height = plan.header_lines * LINE + 8
    # Rows are handed to openpyxl as ready cells (see xlsx_style): skip its per-value conversion.
    ws._values_to_row = lambda cells, _row: cells

    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    title = st.styled_cell(ws, 1, font=st.TITLE_FONT, alignment=center)
    title._value, title.data_type = title_text_, "s"
    ws.append([title])
    if ncols > 1:
        ws.merged_cells.add(CellRange(f"A1:{last}1"))
    ws.append(_info_row(ws, ledger, ncols, plan.widths))

    header = []
    for i, text in enumerate([tr("序号"), *(c.header for c in columns)], start=1):
        cell = st.styled_cell(ws, i, font=st.HEADER_FONT, border=st.BORDER, alignment=center, fill=st.HEADER_FILL)
        cell._value, cell.data_type, cell.row = text, "s", HEADER_ROW
        header.append(cell)
    ws.append(header)

    seq = st.ColumnCells(ws, 1, "seq")
    cells = [st.ColumnCells(ws, i, kind, wrap) for i, (kind, wrap)
             in enumerate(zip(plan.kinds[1:], plan.wrap[1:], strict=True), start=2)]
    wrapping = [(j, plan.widths[j + 1]) for j, w in enumerate(plan.wrap[1:]) if w]
    row_min = plan.row_min * SAFETY
    dims = ws.row_dimensions
    row_no = FIRST_DATA_ROW
    count = 0
    key_index = _household_key(sheet)
    previous_key: Any = object()
    for values in itertools.chain(sample, rows):
        count += 1
        start = False
        if key_index is not None:
            key = values[key_index]
            start = count > 1 and key != previous_key
            previous_key = key
        # the public version runs every cell through the one policy: ID / phone columns, and ID
        # numbers or mobiles typed into free text (a matter's description)
        picked = _public_row(values, keep, columns, ledger.public)
        out = [seq.cell(count, row_no, start)]
        out += [cells[j].cell(value, row_no, start) for j, value in enumerate(picked)]
        height = row_min
        for j, width in wrapping:
            value = picked[j]
            if isinstance(value, str) and len(value) * layout.BODY > width - 2 * layout.PAD:
                height = max(height, layout.lines_needed(value, width, measure) * LINE + 4)
        if height > LINE + 2:
            dims[row_no].height = round(height, 1)
            ws.append(out)
            del dims[row_no]
        else:
            ws.append(out)
        row_no += 1
        if count % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled(tr("已取消导出，没有生成文件。"))
            if progress is not None:
                progress(written + count, expected)
    if count == 0:
        ws.append(_empty_row(ws, ncols, row_no))
        if ncols > 1:
            ws.merged_cells.add(CellRange(f"A{row_no}:{last}{row_no}"))
        row_no += 1
    if sheet.total is not None:
        ws.append(_total_row(ws, sheet, keep, columns, plan.kinds[1:], row_no))
        row_no += 1
    note = note_of(ledger, sheet)
    if note:  # what "<3" and "*" mean on a public sheet
        cell = st.styled_cell(ws, 1, font=st.INFO_FONT,
                              alignment=Alignment(horizontal="left", vertical="center", wrap_text=True))
        cell._value, cell.data_type, cell.row = note, "s", row_no
        ws.append([cell])
        ws.row_dimensions[row_no].height = 30
        if ncols > 1:
            ws.merged_cells.add(CellRange(f"A{row_no}:{last}{row_no}"))
        row_no += 1
    ws.append([])  # a blank line before the signatures
    row_no += 1
    sign = st.styled_cell(ws, 1, font=st.SIGN_FONT,
                          alignment=Alignment(horizontal="left", vertical="center"))
    sign._value, sign.data_type, sign.row = _signature_text(ledger), "s", row_no
    ws.row_dimensions[row_no].height = 24
    ws.append([sign])
    if ncols > 1:
        ws.merged_cells.add(CellRange(f"A{row_no}:{last}{row_no}"))
    return written + count


def _household_key(sheet: Sheet) -> int | None:
    """Index of the column whose change starts a new household (a heavier line above it)."""
    for i, column in enumerate(sheet.columns):
        if column.groups:
            return i
    return None


INFO_SCALE = 11 / layout.BODY  # row 2 is set in 11 pt


def _info_row(ws: Any, ledger: Ledger, ncols: int, widths: Sequence[float] = ()) -> list[Any]:
    """填报单位（盖章） left, 内部资料 注意保密 middle, 填报日期 right, each over a third — or, on a
    sheet of a few narrow columns, over as many columns as the office and the date need (the mark
    goes when no column is left between them: it is in the page header too)."""
    left = Alignment(horizontal="left", vertical="center")
    right = Alignment(horizontal="right", vertical="center")
    mid = Alignment(horizontal="center", vertical="center")
    line = header_line(ledger)
    if ncols >= 3:
        a = max(1, ncols // 3)
        b = max(a + 1, ncols - ncols // 3)
        if len(widths) == ncols:
            while a < ncols - 1 and sum(widths[:a]) < measure(line.office) * INFO_SCALE:
                a += 1
            b = max(a, min(b, ncols - 1))
            while b > a and sum(widths[b:]) < measure(line.date) * INFO_SCALE:
                b -= 1
        spans: list[tuple[int, int] | None] = [(1, a), (a + 1, b) if b > a else None, (b + 1, ncols)]
    else:  # too narrow for three parts: office left, date right, the mark goes in the page header
        spans = [(1, 1), None, (2, 2)] if ncols == 2 else [(1, 1), None, None]
    texts = [(line.office, st.INFO_FONT, left), (line.secret, st.SECRET_FONT, mid),
             (line.date, st.INFO_FONT, right)]
    row: list[Any] = []
    if spans[2] is None:  # one column: office and date in one cell
        texts = [(texts[0][0] + "\u3000" + texts[2][0], st.INFO_FONT, left), ("", st.INFO_FONT, left),
                 ("", st.INFO_FONT, left)]
    for span, (text, font, align) in zip(spans, texts, strict=True):
        if span is None or not text:
            continue
        first, end = span
        cell = st.styled_cell(ws, first, font=font, alignment=align)
        cell._value, cell.data_type, cell.row = text, "s", 2
        row.append(cell)
        if end > first:
            ws.merged_cells.add(CellRange(f"{get_column_letter(first)}2:{get_column_letter(end)}2"))
    row.sort(key=lambda c: c.column)
    return row


def _empty_row(ws: Any, ncols: int, row_no: int) -> list[Any]:
    cells = []
    for i in range(1, ncols + 1):
        cell = st.styled_cell(ws, i, font=st.BODY_FONT, border=st.BORDER,
                              alignment=Alignment(horizontal="center", vertical="center"))
        cell._value, cell.data_type, cell.row = (tr("（无符合条件的记录）") if i == 1 else None), "s", row_no
        if i > 1:
            cell.data_type = "n"
        cells.append(cell)
    return cells


def _total_row(ws: Any, sheet: Sheet, keep: Sequence[int], columns: Sequence[Any], kinds: Sequence[str],
               row_no: int) -> list[Any]:
    assert sheet.total is not None
    total = total_values(sheet, keep)
    out = []
    first = st.styled_cell(ws, 1, font=st.TOTAL_FONT, border=st.BORDER,
                           alignment=Alignment(horizontal="center", vertical="center"))
    first._value, first.data_type, first.row = tr("合计"), "s", row_no
    out.append(first)
    for j, (value, kind) in enumerate(zip(total, kinds, strict=True), start=2):
        cells = st.ColumnCells(ws, j, kind)
        for c in (cells.plain, cells.plain_safe):
            c.font = st.TOTAL_FONT
            c._sid = ws.parent._cell_styles.add(c._style)
        out.append(cells.cell(value, row_no, False))
    return out


def _signature_text(ledger: Ledger) -> str:
    gap = "\u3000" * 6
    return "\u3000\u3000".join(label + gap for label in signature_labels(ledger))


# ---- workbook and page -------------------------------------------------------------------------
def _page_setup(ws: Any, ledger: Ledger, plan: layout.Plan) -> None:
    """The paper and scale the layout chose: one page wide (fit to width, which is then the
    layout's scale, ≥ 9 pt body), or, when even A3 is too narrow, page widths side by side with
    序号 … 姓名 repeated."""
    ws.page_setup.orientation = "landscape" if plan.landscape else "portrait"
    ws.page_setup.paperSize = PAPER_SIZES[plan.paper]
    if plan.split:
        ws.page_setup.scale = 100
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
        repeated = set.intersection(*(set(band) for band in plan.bands))
        last = 0
        while last + 1 in repeated:
            last += 1
        ws.print_title_cols = f"A:{get_column_letter(last + 1)}"  # 序号 (and 姓名 when next to it)
        for band in plan.bands[1:]:
            starts = [i for i in band if i not in repeated]
            if starts:
                ws.col_breaks.append(Break(id=starts[0]))
    else:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages tall as needed
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = layout.MARGIN / 72
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.oddFooter.center.text = tr("第&P页 共&N页")
    ws.oddFooter.center.font = f"{st.SONG},Regular"
    ws.oddFooter.center.size = 9
    if ledger.internal and not ledger.public:
        ws.oddHeader.right.text = tr("内部资料 注意保密")
        ws.oddHeader.right.font = f"{st.HEI},Regular"
        ws.oddHeader.right.size = 9


def _set_properties(wb: Workbook, ledger: Ledger) -> None:
    wb.properties.title = f"{ledger.office}{ledger.title}"
    wb.properties.creator = tr("网格办公")
    wb.properties.subject = ledger.key


def _expected_rows(ledger: Ledger) -> int | None:
    counts = [s.row_count for s in ledger.sheets]
    if any(c is None for c in counts):
        return None
    return sum(c for c in counts if c is not None)


def _sheet_name(name: str, used: set[str]) -> str:
    base = (name.translate(INVALID_SHEET_CHARS).strip("'") or "Sheet")[:31]
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f"({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate

