"""Filling upper-level forms from the demo village (services/fill/core.py), read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from gridoffice.services import stats
from gridoffice.services.fill import core as fill
from gridoffice.services.fill import profiles as fill_profiles
from gridoffice.services.fill.core import FillError, FillOptions
from gridoffice.services.grids import core as grids

DATA = Path(__file__).resolve().parents[1] / "data"
DAY = dt.date(2023, 1, 7)


def form(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copyfile(DATA / name, path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def filled(village, tmp_path: Path, name: str, **options):  # type: ignore[no-untyped-def]
    source = form(tmp_path, name)
    before = digest(source)
    plan = fill.open_form(source)
    report = fill.fill(village, plan, FillOptions(on=DAY, **options), tmp_path / "out.xlsx")
    assert digest(source) == before  # the form itself is never changed
    return report, openpyxl.load_workbook(tmp_path / "out.xlsx")[report.sheet]


def test_statistics_form_per_micro_grid_adds_up_to_1008_aged_60(village, tmp_path):
    report, ws = filled(village, tmp_path, "fill_grids.xlsx")
    assert report.who == "grids" and report.rows == 32 and report.total_row == 37
    aged = [ws.cell(r, 8).value for r in range(5, 37)]
    assert ws["H37"].value == "=SUM(H5:H36)" and sum(aged) == 1008
    with village.reading() as s:
        names = {g.name for g in grids.catalogue(s).values() if g.level == "micro"}
    assert {ws.cell(r, 2).value for r in range(5, 37)} <= names
    assert [ws.cell(r, 1).value for r in (5, 36)] == [1, 32]
    assert sum(ws.cell(r, 6).value + ws.cell(r, 7).value for r in range(5, 37)) == sum(
        ws.cell(r, 5).value for r in range(5, 37))  # 男 + 女 = 总人口
    assert ws["A38"].value.startswith("填表人") and ws.print_area == "'网格统计'!$A$1:$K$38"


def test_statistics_form_per_general_grid_and_for_one_grid(village, tmp_path):
    report, ws = filled(village, tmp_path, "fill_grids.xlsx", who="grids:general")
    rows = range(5, 5 + report.rows)
    assert sum(ws.cell(r, 8).value for r in rows) == 1008
    report, ws = filled(village, tmp_path, "fill_grids.xlsx", grid_code="YMC-01")
    assert 1 <= report.rows < 32 and ws.cell(5, 2).value == "第1微网格"


def test_public_statistics_hide_small_sensitive_counts(village, tmp_path):
    report, ws = filled(village, tmp_path, "fill_grids.xlsx", public=True)
    dibao = [ws.cell(r, 10).value for r in range(5, 5 + report.rows)]
    assert "<3" in dibao and not any(v in (1, 2) for v in dibao)
    assert not str(ws.cell(report.total_row, 10).value).startswith("=")


def test_person_list_aged_80_keeps_the_form(village, tmp_path):
    report, ws = filled(village, tmp_path, "fill_persons.xlsx", who="age:80")
    n = report.rows
    assert n > 100 and report.first_row == 5 and report.empty_columns == []
    last = 4 + n
    assert ws.cell(last + 1, 1).value.startswith("填表人") and ws.cell(last + 2, 1).value.startswith("注：")
    for r in (5, last):
        assert ws.cell(r, 4).data_type == "s" and len(ws.cell(r, 4).value) == 18
        assert ws.cell(r, 5).is_date and ws.cell(r, 5).number_format == 'yyyy"年"m"月"'
        assert ws.cell(r, 5).value.date() <= dt.date(1943, 1, 7)
        assert ws.cell(r, 4).border.left.style == "thin" and ws.cell(r, 2).font.name == "宋体"
    assert f"A{last + 1}:J{last + 1}" in {str(m) for m in ws.merged_cells.ranges}


def test_public_person_list_masks_ids_and_leaves_sensitive_columns_empty(village, tmp_path):
    report, ws = filled(village, tmp_path, "fill_persons.xlsx", who="age:60", public=True)
    ids = [ws.cell(r, 4).value for r in range(5, 5 + report.rows)]
    assert all("********" in v for v in ids)
    assert all(ws.cell(r, 5).value is None for r in range(5, 5 + report.rows))  # 出生年月 gives the ID back
    phones = [ws.cell(r, 6).value for r in range(5, 5 + report.rows) if ws.cell(r, 6).value]
    assert phones and all("****" in p for p in phones)


def test_household_list_one_row_per_household(village, tmp_path):
    report, ws = filled(village, tmp_path, "fill_households.xlsx")
    assert report.who == "households" and report.rows == 1600
    numbers = [ws.cell(r, 2).value for r in range(4, 1604)]
    assert len(set(numbers)) == 1600 and ws.cell(4, 2).data_type == "s"
    assert sum(ws.cell(r, 5).value for r in range(4, 1604)) == stats.counts(village, DAY).persons
    assert ws["A1604"].value.startswith("填表人")


def test_xls_form_is_written_back_as_xlsx(village, tmp_path):
    report, ws = filled(village, tmp_path, "fill_persons.xls", who="age:90")
    assert report.notes and ".xls" in report.notes[0]
    assert ws.cell(4 + report.rows + 1, 1).value.startswith("填表人")


def test_refusals_leave_the_form_unchanged(village, tmp_path):
    source = form(tmp_path, "fill_grids.xlsx")
    out = tmp_path / "out.xlsx"
    plan = fill.open_form(source)
    fill.fill(village, plan, FillOptions(on=DAY), out)
    refilled = fill.open_form(out)  # a form already holding rows: below or replace, asked
    with pytest.raises(FillError, match="已经有数据"):
        fill.fill(village, refilled, FillOptions(on=DAY), tmp_path / "again.xlsx")
    assert not (tmp_path / "again.xlsx").exists()
    report = fill.fill(village, fill.open_form(out), FillOptions(on=DAY, existing="replace"), tmp_path / "again.xlsx")
    assert report.rows == 32 and report.total_row == 37
    with pytest.raises(FillError, match="指定了两次"):
        fill.with_map(plan, ["网格长=name", "网格长=households"])
    with pytest.raises(FillError, match="没有“电话号”"):
        fill.with_map(plan, ["电话号=phone"])
    book = openpyxl.load_workbook(source)
    book.active.protection.sheet = True
    book.save(tmp_path / "locked.xlsx")
    with pytest.raises(FillError, match="保护"):
        fill.fill(village, fill.open_form(tmp_path / "locked.xlsx"), FillOptions(on=DAY), tmp_path / "l.xlsx")
    blank = openpyxl.Workbook()
    blank.active["A1"] = "随便什么"
    blank.save(tmp_path / "blank.xlsx")
    with pytest.raises(fill.FormError, match="没有找到表头"):
        fill.open_form(tmp_path / "blank.xlsx")


def test_map_moves_a_field_and_lists_empty_columns(village, tmp_path):
    plan = fill.with_map(fill.open_form(form(tmp_path, "fill_persons.xlsx")), ["备注=", "户主姓名=relation"])
    report = fill.fill(village, plan, FillOptions(on=DAY, who="age:95"), tmp_path / "o.xlsx")
    assert report.empty_columns == ["备注"] and report.mapping["网格信息 / 户主姓名"] == "relation"


def test_profile_saved_with_fingerprint_and_changed_header_is_said(village, tmp_path):
    plan = fill.with_map(fill.open_form(form(tmp_path, "fill_persons.xlsx")), ["备注="])
    fill_profiles.save(village, "老人月报", plan, FillOptions(who="age:80", grid_code="YMC-01"))
    profile = fill_profiles.load(village, "老人月报")
    assert profile is not None and fill_profiles.names(village) == ["老人月报"]
    again, options = fill_profiles.apply(profile, fill.open_form(DATA / "fill_persons.xlsx"), FillOptions(on=DAY))
    assert options.who == "age:80" and options.grid_code == "YMC-01" and again.mapping[10] is None
    other = fill.open_form(DATA / "fill_households.xlsx")
    with pytest.raises(FillError, match="新增列"):
        fill_profiles.apply(profile, other, FillOptions(on=DAY))
    assert fill_profiles.differences(profile, other)
    fill_profiles.apply(profile, other, FillOptions(on=DAY), force=True)


def persons_form_with(tmp_path: Path, headers: list[str]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = "上级表"
    for col, header in enumerate(headers, start=1):
        ws.cell(2, col, header)
    path = tmp_path / "form.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(("who", "headers", "check"), [
    ("staff", ["序号", "姓名", "职务", "联系电话", "所属网格"], lambda rows: {"微网格长", "总网格长"} <= {r[2] for r in rows}),
    ("returnees", ["姓名", "身份证号", "返乡日期", "从何地返回"], lambda rows: all(r[2] for r in rows)),
    ("dibao", ["姓名", "公民身份号码", "是否低保", "人员类别"], lambda rows: {r[2] for r in rows} == {"是"}),
    ("disabled", ["姓名", "残疾类别", "残疾等级"], lambda rows: all(r[1] and r[2] for r in rows)),
    ("campaign:1", ["姓名", "身份证号", "领取日期", "领取方式"], lambda rows: len(rows) == 1008),
    ("communities", ["网格", "户数", "60岁以上"], lambda rows: [r[2] for r in rows] == [1008]),
])
def test_whom_a_form_lists(village, tmp_path, who, headers, check):
    if who.startswith("campaign"):
        from gridoffice.services.campaigns import core as campaigns

        campaign_id, _ = campaigns.create(village, campaigns.CampaignSpec("健康爱心包", campaigns.Criteria(DAY, min_age=60)))
        who = f"campaign:{campaign_id}"
    plan = fill.open_form(persons_form_with(tmp_path, headers))
    report = fill.fill(village, plan, FillOptions(on=DAY, who=who), tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3, max_row=2 + report.rows)]
    assert report.rows and check(rows), rows[:3]


def test_refusals_say_a_sentence_and_a_hint_per_surface(village, tmp_path):
    """The GUI shows ``for_gui()``: the wizard's own words, never a flag; the CLI's line keeps
    the flag to type."""
    plan = fill.open_form(form(tmp_path, "fill_grids.xlsx"))
    out = tmp_path / "out.xlsx"
    fill.fill(village, plan, FillOptions(on=DAY), out)
    with pytest.raises(FillError) as held:
        fill.fill(village, fill.open_form(out), FillOptions(on=DAY), tmp_path / "again.xlsx")
    assert "--" not in str(held.value) and "--existing below" in held.value.for_cli()
    assert "“表格已有数据时：”" in held.value.for_gui() and "--" not in held.value.for_gui()
    empty = fill.FillPlan(plan.form, plan.layout, {c: None for c in plan.mapping})
    with pytest.raises(FillError) as nothing:
        fill.fill(village, empty, FillOptions(on=DAY), tmp_path / "none.xlsx")
    assert "--map" in nothing.value.for_cli() and "“核对每一列填什么”" in nothing.value.for_gui()
    with pytest.raises(FillError) as twice:
        fill.with_map(plan, ["网格长=name", "网格长=households"])
    assert twice.value.for_gui() == str(twice.value) and "--map" in twice.value.for_cli()
