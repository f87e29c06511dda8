"""Writing rows into an upper level's form, keeping the form.

Rows go into the form's data area; when there are more rows than the form has blank ones, rows
are inserted before the rows below (合计, 填表人…), and everything openpyxl's ``insert_rows``
leaves behind is moved here: merged ranges, row heights, data validations, conditional formats,
the print area, and cell references in formulas (a range ending on the data area's last row is
extended: ``SUM(D5:D5)`` → ``SUM(D5:D104)``). A new row takes the first data row's styles,
height and merges. IDs and phones are text cells, dates date cells in the form's own format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from gridoffice.i18n import tr
from gridoffice.services.fill.form_reader import FormLayout

_REF = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$")
_ROWS = re.compile(r"^(\$?)(\d+)$")


@dataclass
class FillColumn:
    column: int  # 1-based sheet column
    kind: str = "text"  # text / id / phone / date / month / int / serial
    total: bool = False  # summed in the 合计 row (count columns)


@dataclass
class FillData:
    columns: list[FillColumn]
    rows: Sequence[Sequence[Any]]  # one value per column
    replace: bool = False  # the form's rows holding data are cleared first (else: filled below)
    add_total: bool = False  # add a 合计 row when the form has none
    totals: dict[int, Any] = field(default_factory=dict)  # column → a literal total (public counts)


@dataclass
class FillResult:
    first_row: int
    last_row: int  # last written row (first_row - 1 when no row)
    inserted: int
    total_row: int | None


@dataclass(frozen=True)
class _Shift:
    at: int  # first row that moves
    by: int
    data_start: int  # first row of the data area (ranges from here ending at at-1 are extended)

    def span(self, r0: int, r1: int, *, extend: bool = True) -> tuple[int, int]:
        if r0 >= self.at:
            return r0 + self.by, r1 + self.by
        if r1 >= self.at or (extend and r1 == self.at - 1 and r0 >= self.data_start):
            return r0, r1 + self.by
        return r0, r1


def fill(ws: Any, layout: FormLayout, data: FillData) -> FillResult:
    """Write ``data.rows`` into the form's data area of ``ws`` (see the module doc)."""
    free = list(layout.data_rows)
    if layout.filled_rows and not data.replace:
        free = [r for r in free if r > layout.filled_rows[-1]]
    template = layout.data_rows[0] if layout.data_rows else None
    start = free[0] if free else (layout.filled_rows[-1] + 1 if layout.filled_rows else layout.header_rows[1] + 1)
    rows = data.rows
    n = len(rows)
    extra = max(0, n - len(free))
    if extra:
        at = free[-1] + 1 if free else start
        shift = _Shift(at, extra, layout.data_rows[0] if layout.data_rows else start)
        insert_rows(ws, shift)
    total_row = layout.total_row
    if total_row is not None and extra and total_row >= start:
        total_row += extra
    styles = _row_styles(ws, template, layout, data.columns)
    height = ws.row_dimensions[template].height if template else None
    row_merges = _template_merges(ws, template)
    written = set(free[:n])
    to_clear = set(layout.filled_rows) if data.replace else set()
    to_clear |= set(free[n:])
    for r in sorted(to_clear - set(range(start, start + n))):
        for c in data.columns:
            ws.cell(r, c.column).value = None
    for i, values in enumerate(rows):
        r = start + i
        fresh = r not in written
        if fresh and template is not None:
            for col in range(layout.first_column, layout.last_column + 1):
                ws.cell(r, col)._style = copy(styles.get(col) or ws.cell(template, col)._style)
            if height is not None:
                ws.row_dimensions[r].height = height
            for c0, c1 in row_merges:
                ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c1)
        for c, value in zip(data.columns, values, strict=True):
            cell = ws.cell(r, c.column)
            if not fresh and c.column in styles:
                cell._style = copy(styles[c.column])
            cell.value = _cell_value(value, c.kind)
    last = start + n - 1
    if data.add_total and total_row is None and n:
        total_row = _add_total_row(ws, layout, data, last, template)
    if total_row is not None and n:
        _fill_totals(ws, total_row, data, start, last)
    return FillResult(start, last, extra, total_row)


def _cell_value(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind in ("id", "phone"):
        return str(value)
    return value


def _row_styles(ws: Any, template: int | None, layout: FormLayout, columns: list[FillColumn]) -> dict[int, Any]:
    """column → the style array a filled cell gets: the template cell's, with the number format
    a value of the column's kind needs (text for IDs, a date format when the form has none)."""
    styles: dict[int, Any] = {}
    if template is None:
        return styles
    probe = ws.cell(template, layout.first_column)
    keep_style, keep_value = probe._style, probe.value
    from openpyxl.styles.numbers import is_date_format

    for c in columns:
        source = ws.cell(template, c.column)
        fmt = source.number_format
        want = None
        if c.kind in ("id", "phone"):
            want = "@"
        elif c.kind in ("date", "month") and not is_date_format(fmt):
            want = "yyyy-mm" if c.kind == "month" else "yyyy-mm-dd"
        if want is None:
            styles[c.column] = source._style
            continue
        probe._style = copy(source._style)
        probe.number_format = want
        styles[c.column] = probe._style
    probe._style, probe.value = keep_style, keep_value
    return styles


def _template_merges(ws: Any, template: int | None) -> list[tuple[int, int]]:
    if template is None:
        return []
    return [(m.min_col, m.max_col) for m in ws.merged_cells.ranges
            if m.min_row == m.max_row == template and m.max_col > m.min_col]


def _add_total_row(ws: Any, layout: FormLayout, data: FillData, last: int, template: int | None) -> int:
    row = last + 1
    insert_rows(ws, _Shift(row, 1, layout.data_rows[0] if layout.data_rows else row))
    from openpyxl.styles import Font

    for col in range(layout.first_column, layout.last_column + 1):
        cell = ws.cell(row, col)
        if template is not None:
            cell._style = copy(ws.cell(template, col)._style)
            cell.font = Font(name=cell.font.name, size=cell.font.size, bold=True)
    label_col = next((c.column for c in data.columns if c.kind not in ("serial", "int")), layout.first_column)
    ws.cell(row, label_col).value = tr("合计")
    if template is not None and ws.row_dimensions[template].height:
        ws.row_dimensions[row].height = ws.row_dimensions[template].height
    return row


def _fill_totals(ws: Any, total_row: int, data: FillData, first: int, last: int) -> None:
    """The 合计 row's count cells: a literal total when given, a formula kept (its range was
    extended when rows were inserted), an empty cell gets ``SUM`` over the filled rows."""
    from openpyxl.utils import get_column_letter

    for c in data.columns:
        if not c.total:
            continue
        cell = ws.cell(total_row, c.column)
        if c.column in data.totals:
            cell.value = data.totals[c.column]
        elif cell.value in (None, ""):
            letter = get_column_letter(c.column)
            cell.value = f"=SUM({letter}{first}:{letter}{last})"


# ---- inserting rows -----------------------------------------------------------------------------
def insert_rows(ws: Any, shift: _Shift) -> None:
    """``ws.insert_rows`` and everything it does not move."""
    merges = [(m, m.min_row, m.max_row) for m in list(ws.merged_cells.ranges)]
    heights = {r: d for r, d in ws.row_dimensions.items() if r >= shift.at}
    ws.insert_rows(shift.at, shift.by)
    for m, r0, r1 in merges:
        n0, n1 = shift.span(r0, r1, extend=False)
        if (n0, n1) == (r0, r1):
            continue
        if n0 != r0:
            m.shift(row_shift=shift.by)
        else:
            ws.merged_cells.remove(m)
            ws.merge_cells(start_row=n0, start_column=m.min_col, end_row=n1, end_column=m.max_col)
    for r in sorted(heights, reverse=True):
        dim = ws.row_dimensions.pop(r)
        dim.index = r + shift.by
        ws.row_dimensions[r + shift.by] = dim
    for cell in ws._cells.values():
        if cell.data_type == "f" and isinstance(cell.value, str):
            cell.value = shift_formula(cell.value, shift, ws.title)
    _shift_validations(ws, shift)
    _shift_conditional(ws, shift)
    _shift_print_area(ws, shift)


def shift_range(ref: str, shift: _Shift) -> str:
    """An A1 reference (``D5``, ``$D$5:D9``, ``3:4``) after rows were inserted."""
    parts = ref.split(":")
    if len(parts) > 2:
        return ref
    cells = [_REF.match(p) for p in parts]
    if all(cells):
        rows = [int(m.group(4)) for m in cells]  # type: ignore[union-attr]
        r0, r1 = shift.span(min(rows), max(rows), extend=len(parts) == 2)
        new = [r0, r1] if rows[0] <= rows[-1] else [r1, r0]
        out = [f"{m.group(1)}{m.group(2)}{m.group(3)}{row}" for m, row in zip(cells, new, strict=False)]  # type: ignore[union-attr]
        return ":".join(out)
    rows_only = [_ROWS.match(p) for p in parts]
    if len(parts) == 2 and all(rows_only):
        r0, r1 = shift.span(int(rows_only[0].group(2)), int(rows_only[1].group(2)))  # type: ignore[union-attr]
        return f"{rows_only[0].group(1)}{r0}:{rows_only[1].group(1)}{r1}"  # type: ignore[union-attr]
    return ref


def shift_formula(formula: str, shift: _Shift, sheet: str) -> str:
    from openpyxl.formula.tokenizer import Tokenizer

    try:
        tok = Tokenizer(formula)
    except Exception:  # a formula openpyxl cannot parse is left as the form had it
        return formula
    changed = False
    for item in tok.items:
        if item.type != "OPERAND" or item.subtype != "RANGE":
            continue
        prefix, _, ref = item.value.rpartition("!")
        if prefix and prefix.strip("'") != sheet:
            continue
        new = shift_range(ref, shift)
        if new != ref:
            item.value = f"{prefix}!{new}" if prefix else new
            changed = True
    return tok.render() if changed else formula


def _shift_sqref(sqref: Any, shift: _Shift) -> str:
    return " ".join(shift_range(str(r.coord), shift) for r in sqref.ranges)


def _shift_validations(ws: Any, shift: _Shift) -> None:
    from openpyxl.worksheet.cell_range import MultiCellRange

    for dv in ws.data_validations.dataValidation:
        dv.sqref = MultiCellRange(_shift_sqref(dv.sqref, shift))


def _shift_conditional(ws: Any, shift: _Shift) -> None:
    from openpyxl.formatting.formatting import ConditionalFormattingList

    old = ws.conditional_formatting
    if not len(old):
        return
    new = ConditionalFormattingList()
    for cf in old:
        for rule in cf.rules:
            new.add(_shift_sqref(cf.sqref, shift), rule)
    ws.conditional_formatting = new


def _shift_print_area(ws: Any, shift: _Shift) -> None:
    area = ws.print_area
    if not area:
        return
    refs = []
    for part in str(area).split(","):
        ref = part.rpartition("!")[2].replace("$", "")
        r = shift_range(ref, _Shift(shift.at, shift.by, 1))
        refs.append(r)
    ws.print_area = refs if len(refs) > 1 else refs[0]


def date_kind(header: str, fmt_default: str = "date") -> str:
    """出生年月 is a month; anything else a day."""
    return "month" if "年月" in header and "日" not in header else fmt_default


def as_date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None
