"""Reading blank forms and writing rows into them, keeping the form (tests/data/fill_*.xlsx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from gridoffice.services.fill import form_fields, form_reader, form_writer
from gridoffice.services.fill.form_writer import FillColumn, FillData, _Shift

DATA = Path(__file__).resolve().parents[1] / "data"


def layout_of(name: str):  # type: ignore[no-untyped-def]
    form = form_reader.open_form(DATA / name)
    return form, form_reader.analyse(form)


def test_two_row_merged_header_and_footer_rows_are_found():
    _form, layout = layout_of("fill_persons.xlsx")
    assert layout.header_rows == (3, 4)
    headers = [c.header for c in layout.columns]
    assert headers[:6] == ["序号", "姓名", "性别", "公民身份号码", "出生年月", "联系方式 / 联系电话"]
    assert layout.data_rows == [5, 6, 7]
    assert layout.footer_rows == [8, 9]
    assert layout.total_row is None and not layout.filled_rows
    assert layout.mode == form_fields.PERSON


def test_statistics_form_is_recognised_with_its_total_row():
    _form, layout = layout_of("fill_grids.xlsx")
    assert layout.mode == form_fields.COUNT
    assert layout.data_rows == [5] and layout.total_row == 6 and layout.footer_rows == [6, 7]
    keys = [form_fields.match_column(c.sub, c.group, layout.mode) for c in layout.columns]
    assert keys == ["serial", "micro_grid", "leader", "households", "persons", "male", "female", "aged_60",
                    "aged_80", "count:dibao", "returnees"]


def test_household_form_and_vocabulary():
    _form, layout = layout_of("fill_households.xlsx")
    assert layout.mode == form_fields.HOUSEHOLD
    assert form_fields.match("公民身份号码") == "id_number"
    assert form_fields.match("联系方式") == "phone"
    assert form_fields.match("是否低保") == "is:dibao"
    assert form_fields.match("低保", form_fields.COUNT) == "count:dibao"
    assert form_fields.match("残疾等级") == "disability_grade"
    assert form_fields.match_column("应发", "健康爱心包", form_fields.COUNT) == "kits_due"
    assert form_fields.match("随便写的列") is None
    assert {f["key"] for f in form_fields.listing()} >= {"name", "households", "aged_60", "serial"}


def test_xls_form_is_rebuilt_and_said_so():
    form, layout = layout_of("fill_persons.xls")
    assert form.rebuilt_from == ".xls" and form.notes
    assert layout.header_rows == (3, 4) and layout.footer_rows[-2:] == [8, 9]


def person_rows(n: int) -> list[list[object]]:
    return [[i + 1, f"人{i}", "男", f"51011219500101{i:04d}", dt.date(1950, 1, 1), "13800000000"] for i in range(n)]


PERSON_COLUMNS = [FillColumn(1, "serial"), FillColumn(2), FillColumn(3), FillColumn(4, "id"),
                  FillColumn(5, "month"), FillColumn(6, "phone")]


def test_rows_inserted_keep_the_first_data_rows_look_and_move_what_is_below(tmp_path):
    form, layout = layout_of("fill_persons.xlsx")
    ws = form.book[layout.sheet]
    template = {c: (ws.cell(5, c).border.left.style, ws.cell(5, c).font.name, ws.cell(5, c).number_format)
                for c in range(1, 11)}
    result = form_writer.fill(ws, layout, FillData(PERSON_COLUMNS, person_rows(100)))
    assert (result.first_row, result.last_row, result.inserted) == (5, 104, 97)
    out = tmp_path / "filled.xlsx"
    form.book.save(out)
    ws = openpyxl.load_workbook(out)[layout.sheet]
    for r in (5, 50, 104):
        for c in range(1, 11):
            cell = ws.cell(r, c)
            assert (cell.border.left.style, cell.font.name, cell.number_format) == template[c], (r, c)
        assert ws.row_dimensions[r].height == 20
    assert ws["D104"].value == "51011219500101" + "0099" and ws["D104"].data_type == "s"
    assert ws["E50"].is_date and ws["A104"].value == 100
    assert ws["A105"].value.startswith("填表人") and ws["A106"].value.startswith("注：")
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A105:J105", "A106:J106", "F3:G3", "A3:A4"} <= merged and "A8:J8" not in merged
    assert ws.print_area == "'老年人信息'!$A$1:$J$106" and ws.print_title_rows == "$3:$4"
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["C5:C104"]
    assert ws.page_setup.orientation == "landscape" and ws.column_dimensions["D"].width == 22


def test_fewer_rows_than_blank_rows_leave_the_rest_blank():
    form, layout = layout_of("fill_persons.xlsx")
    ws = form.book[layout.sheet]
    result = form_writer.fill(ws, layout, FillData(PERSON_COLUMNS, person_rows(2)))
    assert result.inserted == 0 and ws["B6"].value == "人1" and ws["B7"].value is None
    assert ws["A8"].value.startswith("填表人")


def test_formula_totals_are_extended_and_merges_moved(tmp_path):
    form, layout = layout_of("fill_grids.xlsx")
    ws = form.book[layout.sheet]
    columns = [FillColumn(1, "serial"), FillColumn(2), FillColumn(8, "int", total=True)]
    rows = [[i + 1, f"第{i + 1}微网格", 10 * i] for i in range(12)]
    result = form_writer.fill(ws, layout, FillData(columns, rows, add_total=True))
    assert result.total_row == 17
    assert ws["H17"].value == "=SUM(H5:H16)" and ws["D17"].value == "=SUM(D5:D16)"
    assert "A17:C17" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["A18"].value.startswith("填表人")


@pytest.mark.parametrize(("formula", "expected"), [
    ("=SUM(D5:D7)", "=SUM(D5:D17)"),
    ("=SUM($D$5:$D$7)+D9", "=SUM($D$5:$D$17)+D19"),
    ("=A1+B4", "=A1+B4"),
    ("=COUNTA(其他!D5:D7)", "=COUNTA(其他!D5:D7)"),
    ("=SUM(9:9)", "=SUM(19:19)"),
])
def test_formula_references_follow_inserted_rows(formula, expected):
    assert form_writer.shift_formula(formula, _Shift(8, 10, 5), "表") == expected


def test_add_total_row_when_the_form_has_none(tmp_path):
    form, layout = layout_of("fill_households.xlsx")
    ws = form.book[layout.sheet]
    columns = [FillColumn(1, "serial"), FillColumn(3), FillColumn(5, "int", total=True)]
    result = form_writer.fill(ws, layout, FillData(columns, [[1, "甲", 3], [2, "乙", 4]], add_total=True))
    assert result.total_row == 6 and ws["C6"].value == "合计" and ws["E6"].value == "=SUM(E4:E5)"
    assert ws["A7"].value.startswith("填表人")


def test_conditional_formats_follow_the_data_area():
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    form, layout = layout_of("fill_persons.xlsx")
    ws = form.book[layout.sheet]
    red = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
    ws.conditional_formatting.add("B5:B7", CellIsRule(operator="equal", formula=['"人3"'], fill=red))
    ws.conditional_formatting.add("A9:B9", CellIsRule(operator="equal", formula=['"注"'], fill=red))
    form_writer.fill(ws, layout, FillData(PERSON_COLUMNS, person_rows(10)))
    assert {str(cf.sqref) for cf in ws.conditional_formatting} == {"B5:B14", "A16:B16"}


def test_a_column_merged_across_two_cells_is_one_column_and_new_rows_get_the_merge(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    for col, text in ((1, "序号"), (2, "姓名"), (3, "家庭住址"), (5, "联系电话")):
        ws.cell(1, col, text)
    ws.merge_cells("C1:D1")
    ws.merge_cells("C2:D2")
    ws["A3"] = "填表人："
    book.save(tmp_path / "form.xlsx")
    form = form_reader.open_form(tmp_path / "form.xlsx")
    layout = form_reader.analyse(form)
    assert [c.header for c in layout.columns] == ["序号", "姓名", "家庭住址", "联系电话"]
    ws = form.book.active
    columns = [FillColumn(1, "serial"), FillColumn(2), FillColumn(3), FillColumn(5, "phone")]
    form_writer.fill(ws, layout, FillData(columns, [[i, f"人{i}", f"{i}号", "13800000000"] for i in (1, 2, 3)]))
    assert {"C2:D2", "C3:D3", "C4:D4"} <= {str(m) for m in ws.merged_cells.ranges}
    assert ws["C4"].value == "3号" and ws["A5"].value == "填表人："
