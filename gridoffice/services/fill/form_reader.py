"""Reading an upper level's blank form: where its header is, its data area and the rows below.

    form = form_reader.open_form("表.xlsx")     # openpyxl workbook (an .xls / .ods is rebuilt)
    layout = form_reader.analyse(form)          # header rows, columns, data rows, footer rows

The header is the row (among the first ones) naming most known fields (``form_fields``); a
row above or below joined to it by a vertical merge (序号 spanning two rows) is its group row,
so a two-row merged header reads as 群组 + 列名. The data area runs from under the header to
the first footer row (合计, 填表人 / 审核人 / 联系电话, 注：…) or the sheet's end. A data row with
anything but its 序号 filled is data already in the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridoffice.i18n import tr
from gridoffice.services.fill import form_fields
from gridoffice.services.importing.mapping import HEADER_SEARCH_ROWS, normalize_header
from gridoffice.services.importing.reader import RosterFileError, read_workbook

FOOTER_WORDS = ("合计", "总计", "填表人", "填报人", "制表人", "审核人", "负责人", "联系电话", "填表日期", "填报日期",
                "注：", "注:", "说明：", "说明:", "备注：", "备注:", "单位负责人", "统计人")
TOTAL_WORDS = ("合计", "总计")
_SPACE = re.compile(r"[\s\u3000]+")


class FormError(RosterFileError):
    """The form cannot be filled as it is; ``str(err)`` says why in one sentence."""

    def __reduce__(self) -> tuple[object, ...]:
        return (FormError, (self.code, self.message, self.detail), self.__dict__)  # the hints too


@dataclass
class FormColumn:
    column: int  # 1-based sheet column
    header: str  # the header as written (group / sub joined with " / ")
    group: str = ""
    sub: str = ""


@dataclass
class FormLayout:
    sheet: str
    header_rows: tuple[int, int]  # first and last header row (1-based)
    columns: list[FormColumn]
    data_rows: list[int]  # the rows between header and footer (may be empty)
    filled_rows: list[int]  # those holding data already
    footer_rows: list[int]  # 合计 / 填表人 / notes
    total_row: int | None  # the 合计 row, when there is one
    mode: str  # what the form looks like: person / household / staff / count
    rebuilt_from: str = ""  # ".xls" / ".ods" when the form was rebuilt as .xlsx
    protected: bool = False

    span: tuple[int, int] = (0, 0)  # first and last column of the table

    @property
    def first_column(self) -> int:
        return self.span[0]

    @property
    def last_column(self) -> int:
        return self.span[1]

    def fingerprint(self) -> dict[str, Any]:
        """Sheet name and header cells: what a saved profile is checked against."""
        return {"sheet": self.sheet, "headers": [c.header for c in self.columns]}

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "header_rows": list(self.header_rows),
                "columns": [{"column": c.column, "header": c.header} for c in self.columns],
                "data_rows": len(self.data_rows), "rows_with_data": len(self.filled_rows),
                "footer_rows": self.footer_rows, "total_row": self.total_row, "kind": self.mode,
                "rebuilt_from": self.rebuilt_from}


@dataclass
class Form:
    path: Path
    book: Any  # openpyxl Workbook
    rebuilt_from: str = ""
    notes: list[str] = field(default_factory=list)


def open_form(path: str | Path) -> Form:
    """The form as an openpyxl workbook. An .xls / .ods form is read with calamine and rebuilt
    as .xlsx (values and merges; its fonts and print setup are not kept), and said so."""
    import openpyxl

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods"):
        raw = read_workbook(path)  # raises RosterFileError with a sentence
        return Form(path, _rebuild(raw), suffix, [tr("{suffix} 表格已按 .xlsx 重建后填写（原表的字体和打印设置未保留），请核对格式。")
                                                 .format(suffix=suffix)])
    read_workbook(path)  # the same refusals as the importer (missing, empty, password, damaged)
    try:
        book = openpyxl.load_workbook(path)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:
        raise FormError("damaged", tr("无法用 Excel 格式打开这个表格，请在 Excel 或 WPS 里另存为 .xlsx 再试。")) from exc
    return Form(path, book)


def _rebuild(raw: Any) -> Any:
    """An openpyxl workbook with the cells and merges of a calamine-read workbook; the header
    and data cells get thin borders so filled rows look like a table."""
    import openpyxl
    from openpyxl.styles import Border, Side

    book = openpyxl.Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for sheet in raw.sheets:
        ws = book.create_sheet(sheet.name[:31] or "Sheet1")
        for row_number, cells in sheet.rows:
            for col, value in enumerate(cells, start=1):
                if value not in ("", None):
                    ws.cell(row_number, col, value)
        for (r0, c0), (r1, c1) in sheet.merged:
            if (r0, c0) != (r1, c1):
                ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        try:
            layout = analyse_sheet(ws)
        except FormError:
            continue
        widths: dict[int, int] = {}
        for row in range(layout.header_rows[0], (layout.data_rows or [layout.header_rows[1]])[-1] + 1):
            for c in layout.columns:
                cell = ws.cell(row, c.column)
                cell.border = border
                widths[c.column] = max(widths.get(c.column, 6), len(str(cell.value or "")) * 2 + 2)
        from openpyxl.utils import get_column_letter

        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = min(width, 30)
    return book


def text_of(value: object) -> str:
    return _SPACE.sub("", str(value)) if value not in (None, "") else ""


def _merged_owner(ws: Any) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """(row, col) of every merged cell → its range (min_row, min_col, max_row, max_col)."""
    owner = {}
    for rng in ws.merged_cells.ranges:
        box = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        for r in range(rng.min_row, min(rng.max_row, rng.min_row + 200) + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                owner[(r, c)] = box
    return owner


def _value(ws: Any, owner: dict, row: int, col: int) -> str:
    box = owner.get((row, col))
    if box is not None:
        return text_of(ws.cell(box[0], box[1]).value)
    return text_of(ws.cell(row, col).value)


def _score(ws: Any, row: int, width: int) -> tuple[int, str]:
    best = (0, form_fields.PERSON)
    texts = [text_of(ws.cell(row, c).value) for c in range(1, width + 1)]
    for mode in (form_fields.PERSON, form_fields.COUNT, form_fields.STAFF):
        keys = {form_fields.match(t, mode) for t in texts if t} - {None, "serial", "note"}
        if len(keys) > best[0]:
            best = (len(keys), mode)
    return best


def analyse(form: Form, sheet: str | None = None) -> FormLayout:
    """The layout of ``sheet`` (default: the first sheet whose header is found)."""
    names = [sheet] if sheet else form.book.sheetnames
    if sheet and sheet not in form.book.sheetnames:
        raise FormError("no_such_sheet", tr("表格里没有名为“{name}”的工作表。").format(name=sheet))
    last: FormError | None = None
    for name in names:
        try:
            layout = analyse_sheet(form.book[name])
        except FormError as exc:
            last = exc
            continue
        layout.rebuilt_from = form.rebuilt_from
        return layout
    raise last or FormError("no_header", tr("表格里没有找到表头。"))


def analyse_sheet(ws: Any) -> FormLayout:
    width = min(ws.max_column, 80)
    scored = [(_score(ws, r, width), r) for r in range(1, min(ws.max_row, HEADER_SEARCH_ROWS) + 1)]
    (score, mode), row = max(scored, key=lambda item: (item[0][0], -item[1]), default=((0, ""), 0))
    if score < 2:
        raise FormError("no_header", tr("在工作表“{sheet}”的前 {n} 行里没有找到表头（例如 姓名、身份证号、户数 这样的列名），"
                                        "请检查表格。").format(sheet=ws.title, n=HEADER_SEARCH_ROWS))
    owner = _merged_owner(ws)
    first, last = row, row
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.max_row > rng.min_row and rng.max_row - rng.min_row <= 2:
            first, last = min(first, rng.min_row), max(last, rng.max_row)
    cols = [c for c in range(1, width + 1) if any(_value(ws, owner, r, c) for r in range(first, last + 1))]
    if not cols:
        raise FormError("no_header", tr("表头是空的。"))
    columns = []
    for c in range(cols[0], cols[-1] + 1):
        box = owner.get((last, c))
        if box is not None and box[1] != c and box[0] >= first:
            continue  # the second cell of a header merged across columns
        group = _value(ws, owner, first, c) if last > first else ""
        sub = _value(ws, owner, last, c)
        if group == sub:
            group = ""
        header = f"{group} / {sub}" if group and sub else (sub or group)
        columns.append(FormColumn(c, header, group, sub))
    if mode == form_fields.PERSON and _household_form(columns):
        mode = form_fields.HOUSEHOLD
    data_rows, footer, total = _body(ws, last, cols[0], cols[-1], owner)
    filled = [r for r in data_rows if _holds_data(ws, r, columns)]
    return FormLayout(ws.title, (first, last), columns, data_rows, filled, footer, total, mode,
                      protected=bool(ws.protection.sheet), span=(cols[0], cols[-1]))


def _household_form(columns: list[FormColumn]) -> bool:
    keys = {form_fields.match(c.sub or c.group) for c in columns}
    return "head_name" in keys and "name" not in keys


def is_footer(texts: list[str]) -> bool:
    line = "".join(texts)
    return any(line.startswith(w) or w in texts for w in FOOTER_WORDS) or any(
        t.startswith(w) for t in texts[:2] for w in FOOTER_WORDS)


def _body(ws: Any, header_end: int, c0: int, c1: int, owner: dict) -> tuple[list[int], list[int], int | None]:
    data: list[int] = []
    footer: list[int] = []
    total = None
    for r in range(header_end + 1, ws.max_row + 1):
        texts = [text_of(ws.cell(r, c).value) for c in range(c0, c1 + 1)]
        texts = [t for t in texts if t]
        if footer or (texts and is_footer(texts)):
            footer.append(r)
            if total is None and any(t in TOTAL_WORDS or t.startswith(TOTAL_WORDS) for t in texts[:3]):
                total = r
            continue
        data.append(r)
    # with nothing below, trailing rows with neither a border nor a value are not the data area
    while not footer and len(data) > 1 and not _styled(ws, data[-1], c0, c1):
        data.pop()
    return data, footer, total


def _styled(ws: Any, row: int, c0: int, c1: int) -> bool:
    for c in range(c0, c1 + 1):
        cell = ws.cell(row, c)
        if cell.value not in (None, "") or (cell.has_style and cell.border.left.style):
            return True
    return False


def _holds_data(ws: Any, row: int, columns: list[FormColumn]) -> bool:
    for c in columns:
        value = ws.cell(row, c.column).value
        if value in (None, ""):
            continue
        if form_fields.match(c.sub or c.group) == "serial":
            continue
        if isinstance(value, str) and value.startswith("="):
            continue
        return True
    return False


def normalized(text: str) -> str:
    return normalize_header(text)
