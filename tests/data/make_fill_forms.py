"""Make the blank upper-level forms the fill tests use (committed beside this script).

    python tests/data/make_fill_forms.py              # fill_persons.xlsx, fill_households.xlsx, fill_grids.xlsx
    cd tests/data && libreoffice --headless --convert-to xls fill_persons.xlsx   # then rename: fill_persons.xls

Each looks like what a department sends: a merged title, a 填报单位 line, a header (one or two
rows, merged), blank bordered data rows, footer rows (合计 / 填表人 / 注), its own print setup.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.datavalidation import DataValidation

HERE = Path(__file__).resolve().parent
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _title(ws, text: str, width: int) -> None:  # type: ignore[no-untyped-def]
    ws.cell(1, 1, text).font = Font(name="黑体", size=16)
    ws.cell(1, 1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 30
    ws.cell(2, 1, "填报单位（盖章）：")
    ws.cell(2, width - 2, "填报日期：    年  月  日")


def _header(ws, row: int, cells: list[tuple[int, int, int, int, str]]) -> None:  # type: ignore[no-untyped-def]
    for r0, c0, r1, c1, text in cells:
        ws.cell(r0, c0, text)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                cell = ws.cell(r, c)
                cell.font = Font(name="黑体", size=11, bold=True)
                cell.alignment = CENTER
                cell.border = BOX
        if (r0, c0) != (r1, c1):
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)


def _blank_rows(ws, rows: range, width: int, formats: dict[int, str], height: float) -> None:  # type: ignore[no-untyped-def]
    for r in rows:
        ws.row_dimensions[r].height = height
        for c in range(1, width + 1):
            cell = ws.cell(r, c)
            cell.font = Font(name="宋体", size=10)
            cell.border = BOX
            cell.alignment = Alignment(horizontal="center", vertical="center")
            if c in formats:
                cell.number_format = formats[c]


def _footer(ws, row: int, width: int, text: str) -> None:  # type: ignore[no-untyped-def]
    ws.cell(row, 1, text).font = Font(name="宋体", size=10)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = 24


def _print(ws, area: str, titles: str) -> None:  # type: ignore[no-untyped-def]
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = area
    ws.print_title_rows = titles


def persons() -> openpyxl.Workbook:
    """A person list: two-row merged header, three blank rows, 填表人 and 注 below."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "老年人信息"
    _title(ws, "××街道60岁以上老年人信息登记表", 10)
    _header(ws, 3, [(3, 1, 4, 1, "序号"), (3, 2, 4, 2, "姓名"), (3, 3, 4, 3, "性别"), (3, 4, 4, 4, "公民身份号码"),
                    (3, 5, 4, 5, "出生年月"), (3, 6, 3, 7, "联系方式"), (4, 6, 4, 6, "联系电话"), (4, 7, 4, 7, "家庭住址"),
                    (3, 8, 3, 9, "网格信息"), (4, 8, 4, 8, "所属网格"), (4, 9, 4, 9, "户主姓名"), (3, 10, 4, 10, "备注")])
    _blank_rows(ws, range(5, 8), 10, {4: "@", 5: 'yyyy"年"m"月"', 6: "@"}, 20)
    dv = DataValidation(type="list", formula1='"男,女"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("C5:C7")
    _footer(ws, 8, 10, "填表人：            审核人：            联系电话：")
    _footer(ws, 9, 10, "注：公民身份号码填写18位；出生年月按身份证填写。")
    for col, width in zip("ABCDEFGHIJ", (6, 10, 6, 22, 12, 14, 26, 12, 10, 12), strict=True):
        ws.column_dimensions[col].width = width
    _print(ws, "A1:J9", "3:4")
    return wb


def households() -> openpyxl.Workbook:
    """A household list: one header row, one blank row, a 填表人 line."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "住户"
    _title(ws, "××村住户情况统计表", 8)
    _header(ws, 3, [(3, c, 3, c, t) for c, t in enumerate(
        ("序号", "户号", "户主姓名", "户主身份证号", "家庭人口数", "家庭住址", "所属网格", "联系电话"), start=1)])
    _blank_rows(ws, range(4, 5), 8, {2: "@", 4: "@", 8: "@"}, 18)
    _footer(ws, 5, 8, "填表人：            联系电话：")
    for col, width in zip("ABCDEFGH", (6, 14, 10, 22, 10, 26, 12, 14), strict=True):
        ws.column_dimensions[col].width = width
    _print(ws, "A1:H5", "3:3")
    return wb


def grids() -> openpyxl.Workbook:
    """A statistics form per micro-grid: merged group headers, a 合计 row of SUM formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "网格统计"
    _title(ws, "××村重点人群分网格统计表", 11)
    _header(ws, 3, [(3, 1, 4, 1, "序号"), (3, 2, 4, 2, "网格"), (3, 3, 4, 3, "网格长"), (3, 4, 4, 4, "户数"),
                    (3, 5, 3, 7, "人口"), (4, 5, 4, 5, "总人口"), (4, 6, 4, 6, "男"), (4, 7, 4, 7, "女"),
                    (3, 8, 3, 9, "老年人"), (4, 8, 4, 8, "60岁以上"), (4, 9, 4, 9, "80岁以上"),
                    (3, 10, 4, 10, "低保"), (3, 11, 4, 11, "返乡人员")])
    _blank_rows(ws, range(5, 6), 11, {c: "0" for c in range(4, 12)}, 18)
    _blank_rows(ws, range(6, 7), 11, {}, 18)
    ws.cell(6, 1, "合计")
    ws.merge_cells("A6:C6")
    for c in "DEFGHIJK":
        ws[f"{c}6"] = f"=SUM({c}5:{c}5)"
    _footer(ws, 7, 11, "填表人：            审核人：            联系电话：")
    for col, width in zip("ABCDEFGHIJK", (6, 16, 10, 8, 8, 7, 7, 9, 9, 7, 9), strict=True):
        ws.column_dimensions[col].width = width
    _print(ws, "A1:K7", "3:4")
    return wb


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for name, make in (("fill_persons.xlsx", persons), ("fill_households.xlsx", households),
                       ("fill_grids.xlsx", grids)):
        make().save(out / name)
        print(out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
