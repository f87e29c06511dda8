"""``gridoffice fill``: the CLI over services/fill/core.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from gridoffice.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
pytestmark = pytest.mark.sqlite


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def test_list_fields(capsys):
    code, out, _ = run(capsys, "fill", "--list-fields")
    assert code == 0 and "公民身份号码" in out and "aged_60" in out
    code, out, _ = run(capsys, "fill", "--list-fields", "--json")
    assert {f["key"] for f in json.loads(out)} >= {"name", "id_number", "households"}


def test_fill_json_profile_and_refusals(capsys, village_path, tmp_path):
    form = tmp_path / "统计表.xlsx"
    shutil.copyfile(DATA / "fill_grids.xlsx", form)
    db = ["--db", str(village_path)]
    out = tmp_path / "已填.xlsx"
    code, text, err = run(capsys, "fill", str(form), "--out", str(out), "--on", "2023-01-07", "--profile", "月报",
                          "--json", *db)
    assert code == 0, err
    report = json.loads(text)
    assert report["rows_written"] == 32 and report["mapping"]["老年人 / 60岁以上"] == "aged_60"
    assert report["columns_left_empty"] == [] and report["header_rows"] == [3, 4]
    ws = openpyxl.load_workbook(out).active
    assert sum(ws.cell(r, 8).value for r in range(5, 37)) == 1008
    # the filled form holds rows: refused with a sentence until --existing says what to do
    code, _, err = run(capsys, "fill", str(out), "--out", str(tmp_path / "b.xlsx"), *db)
    assert code == 2 and "--existing" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "fill", str(out), "--out", str(tmp_path / "b.xlsx"), "--existing", "below", *db)
    assert code == 0, err
    # another form under the same profile name: the difference is said, --force goes on
    persons = tmp_path / "人员.xlsx"
    shutil.copyfile(DATA / "fill_persons.xlsx", persons)
    code, _, err = run(capsys, "fill", str(persons), "--out", str(tmp_path / "c.xlsx"), "--profile", "月报", *db)
    assert code == 2 and "缺少列" in err and not (tmp_path / "c.xlsx").exists()
    code, _, err = run(capsys, "fill", str(persons), "--out", str(tmp_path / "c.xlsx"), "--map", "姓名=name",
                       "--map", "姓名=sex", *db)
    assert code == 2 and "两次" in err


def test_fill_xls_says_it_was_rebuilt(capsys, village_path, tmp_path):
    form = tmp_path / "老人.xls"
    shutil.copyfile(DATA / "fill_persons.xls", form)
    code, out, err = run(capsys, "fill", str(form), "--out", str(tmp_path / "o.xlsx"), "--who", "age:90",
                         "--on", "2023-01-07", "--db", str(village_path))
    assert code == 0, err
    assert ".xlsx 重建" in out and "已填写" in out
