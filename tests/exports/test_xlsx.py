"""The writer on a hand-made ledger: read the file back and check what an office would."""

import datetime as dt
import os
import re
import zipfile

import openpyxl
import pytest

from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.exports.xlsx import ExportCancelled, printed_width, write_ledger

ON = dt.date(2023, 1, 7)
COLUMNS = [
    Column("户号", 12, groups=True),
    Column("姓名", 8, "name"),
    Column("公民身份号码", 21, "id"),
    Column("出生日期", 11, "date"),
    Column("年龄", 5, "int"),
    Column("联系电话", 13, "phone"),
    Column("备注", 12),
    Column("重点人群", 12, sensitive=True),
]
ROWS = [
    ["H001", "张三", "360426199101010071", dt.date(1991, 1, 1), 32, "13812345678", "=SUM(A1:A9)", "残疾人"],
    ["H001", "李四", "51012419900101123X", dt.date(1990, 1, 1), 33, "028-87654321", "+86 138", ""],
    ["H002", "王五", "510124195001010018", dt.date(1950, 1, 1), 73, None, "-1", "老年人"],
    ["H002", "赵六", "510124195001010026", None, None, "13900001111", "@cmd", None],
]


def ledger(public=False, rows=ROWS, total=None):
    sheet = Sheet("花名册", "住户人口花名册", COLUMNS, iter(list(rows)), total=total, row_count=len(rows))
    return Ledger("roster", "住户人口花名册", "禹庙村", ON, [sheet], public=public)


def read(path):
    return openpyxl.load_workbook(path)


def test_layout_title_info_header_and_signature(tmp_path):
    path = tmp_path / "r.xlsx"
    result = write_ledger(ledger(), path)
    assert result.rows == 4 and result.sheets == 1
    ws = read(path)["花名册"]
    assert ws["A1"].value == "禹庙村住户人口花名册"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:I1" in merged
    assert ws["A1"].font.name == "黑体" and ws["A1"].font.b
    assert ws["A2"].value.startswith("填报单位（盖章）：禹庙村")
    row2 = [c.value for c in ws[2] if c.value]
    assert "内部资料 注意保密" in row2 and row2[-1] == "填报日期：2023年1月7日"
    assert [c.value for c in ws[3]] == ["序号", "户号", "姓名", "公民身份号码", "出生日期", "年龄", "联系电话", "备注", "重点人群"]
    assert ws["A3"].border.left.style == "thin" and ws["A3"].fill.fgColor.rgb.endswith("D9D9D9")
    assert [ws.cell(r, 1).value for r in range(4, 8)] == [1, 2, 3, 4]
    assert ws["B4"].font.name == "宋体" and ws["B4"].border.bottom.style == "thin"
    # a new household starts with a heavier line
    assert ws["B6"].border.top.style == "medium" and ws["B5"].border.top.style == "thin"
    last = ws.max_row
    assert ws.cell(last, 1).value.startswith("填表人：") and "审核人：" in ws.cell(last, 1).value
    assert "联系电话：" in ws.cell(last, 1).value
    assert f"A{last}:I{last}" in merged


def test_ids_and_phones_are_text_dates_are_dates(tmp_path):
    path = tmp_path / "r.xlsx"
    write_ledger(ledger(), path)
    ws = read(path).active
    assert ws["D4"].data_type == "s" and ws["D4"].value == "360426199101010071"
    assert ws["D4"].number_format == "@"
    assert ws["G4"].data_type == "s" and ws["G4"].value == "13812345678"
    assert ws["E4"].is_date and ws["E4"].value.date() == dt.date(1991, 1, 1)
    assert ws["E4"].number_format == "yyyy-mm-dd"
    assert ws["F4"].data_type == "n" and ws["F4"].value == 32
    assert ws["E7"].value is None and ws["E7"].border.left.style == "thin"  # empty cells keep the border


def test_formula_looking_text_stays_text(tmp_path):
    path = tmp_path / "r.xlsx"
    write_ledger(ledger(), path)
    ws = read(path).active
    for ref, text in (("H4", "=SUM(A1:A9)"), ("H5", "+86 138"), ("H6", "-1"), ("H7", "@cmd")):
        assert ws[ref].value == text and ws[ref].data_type == "s"
        assert ws[ref].quotePrefix
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


def test_print_settings(tmp_path):
    path = tmp_path / "r.xlsx"
    write_ledger(ledger(), path)
    ws = read(path).active
    assert ws.page_setup.orientation == "portrait"  # eight narrow columns fit A4 upright
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$3"
    assert ws.freeze_panes == "A4"
    assert ws.oddFooter.center.text == "第&P页 共&N页"
    assert ws.oddHeader.right.text == "内部资料 注意保密"
    # the ID column holds 18 digits of 10 pt 宋体 (5 pt each) and its padding, on one line
    assert printed_width(ws.column_dimensions["D"].width) >= 18 * 5 + 6
    assert not ws["D4"].alignment.wrap_text and not ws["G4"].alignment.wrap_text


def test_public_version_masks_and_drops(tmp_path):
    path = tmp_path / "p.xlsx"
    write_ledger(ledger(public=True), path)
    ws = read(path).active
    header = [c.value for c in ws[3]]
    assert "重点人群" not in header and len(header) == 8
    assert ws["A1"].value.endswith("（公示）")
    values = [c.value for row in ws.iter_rows(min_row=4, max_row=7) for c in row]
    assert "360426********0071" in values and "510124********123X" in values
    assert "138****5678" in values and "028-****4321" in values
    assert not any(isinstance(v, str) and ("13812345678" in v or "360426199101010071" in v) for v in values)
    assert "残疾人" not in values and "老年人" not in values
    assert "内部资料 注意保密" not in [c.value for c in ws[2]]
    assert not ws.oddHeader.right.text


def test_total_row_and_empty_sheet(tmp_path):
    path = tmp_path / "t.xlsx"
    write_ledger(ledger(total=[None, None, None, None, 138, None, None, None]), path)
    ws = read(path).active
    assert ws["A8"].value == "合计" and ws["F8"].value == 138 and ws["F8"].font.name == "黑体"
    write_ledger(ledger(rows=[]), path)
    ws = read(path).active
    assert ws["A4"].value == "（无符合条件的记录）" and "A4:I4" in {str(r) for r in ws.merged_cells.ranges}


def test_cancel_leaves_no_file_and_keeps_the_old_one(tmp_path):
    from openpyxl.worksheet import _writer

    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "r.xlsx"
    path.write_bytes(b"old")
    many = [[f"H{i}", "张三", "360426199101010071", None, 1, None, "", ""] for i in range(2000)]
    with pytest.raises(ExportCancelled):
        write_ledger(ledger(rows=many), path, cancelled=lambda: True)
    assert path.read_bytes() == b"old"
    assert list(folder.iterdir()) == [path]
    assert not [f for f in _writer.ALL_TEMP_FILES if os.path.exists(f)]


def test_progress_is_reported(tmp_path):
    seen = []
    many = [[f"H{i}", "张三", None, None, 1, None, "", ""] for i in range(1200)]
    write_ledger(ledger(rows=many), tmp_path / "r.xlsx", progress=lambda n, total: seen.append((n, total)))
    assert seen[0] == (500, 1200) and seen[-1] == (1200, 1200)


def test_illegal_characters_and_long_sheet_names(tmp_path):
    rows = [["H1", "张\x07三", None, None, None, None, "x" * 40000, ""]]
    sheet = Sheet("一个非常非常长的工作表名字：超过三十一个字符的时候要截断[真的]", "标题", COLUMNS, iter(rows))
    second = Sheet("一个非常非常长的工作表名字：超过三十一个字符的时候要截断[真的]", "标题", COLUMNS, iter(rows))
    path = tmp_path / "r.xlsx"
    write_ledger(Ledger("x", "标题", "禹庙村", ON, [sheet, second]), path)
    wb = read(path)
    assert len(wb.sheetnames) == 2 and all(len(n) <= 31 for n in wb.sheetnames)
    ws = wb.worksheets[0]
    assert ws["C4"].value == "张三" and len(ws["H4"].value) == 32767


@pytest.mark.parametrize("ncols", [0, 1, 2, 3])
def test_narrow_and_empty_ledgers_have_no_overlapping_cells(tmp_path, ncols):
    columns = COLUMNS[:ncols]
    sheets = [Sheet("表", "窄表", columns, iter([["x"] * ncols]))] if ncols else []
    path = tmp_path / "n.xlsx"
    write_ledger(Ledger("x", "窄表", "禹庙村", ON, sheets), path)
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    refs = re.findall(r'<c r="([A-Z]+\d+)"', sheet)
    assert len(refs) == len(set(refs))
    ws = read(path).active
    assert ws["A1"].value == "禹庙村窄表"
    assert "填报日期" in " ".join(str(c.value) for c in ws[2] if c.value)


def test_a_sheet_of_few_narrow_columns_gives_the_office_and_the_date_room(tmp_path):
    """Row 2 over thirds of five narrow columns cut 填报单位 off in LibreOffice: the office and the
    date now take the columns they need, the mark in the middle only when one is left over."""
    from gridoffice.exports.xlsx import measure

    columns = [Column("户号", 8, "code"), Column("户数", 5, "int"), Column("人数", 5, "int")]
    sheet = Sheet("统计", "迁出住户", columns, iter([["H1", 1, 2]]), row_count=1)
    path = tmp_path / "n.xlsx"
    write_ledger(Ledger("moved", "迁出住户", "禹庙村村民委员会", ON, [sheet]), path)
    ws = read(path)["统计"]
    spans = {r.min_col: r.max_col for r in ws.merged_cells.ranges if r.min_row == 2}
    widths = [printed_width(ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width)
              for i in range(1, ws.max_column + 1)]
    office, date = ws["A2"].value, next(c.value for c in ws[2] if c.value and "填报日期" in str(c.value))
    assert sum(widths[:spans.get(1, 1)]) >= measure(office) * 1.1 - 1
    date_col = next(c.column for c in ws[2] if c.value == date)
    assert sum(widths[date_col - 1:]) >= measure(date) * 1.1 - 1
