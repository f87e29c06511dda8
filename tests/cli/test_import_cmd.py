import json
from pathlib import Path

from openpyxl import load_workbook

from gridoffice.cli import main

DATA = Path(__file__).parent.parent / "data"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_json_then_import_then_again(capsys, tmp_path, sample_roster):
    db = str(tmp_path / "new.db")
    code, out, _ = run(capsys, "import", str(sample_roster), "--db", db, "--dry-run", "--json", "--on", "2023-01-07")
    assert code == 0
    report = json.loads(out)
    assert report["dry_run"] is True and report["rows_read"] == 139
    assert {"rows_read", "persons_added", "persons_updated", "households_added", "rejected", "skipped",
            "warnings"} <= set(report)
    assert report["rejected"][0] == {"row": 5, "name": "袁昌丽", "reasons": ["id_numeric_precision_lost"],
                                     "messages": [report["rejected"][0]["messages"][0]]}
    assert report["skipped"][0] == {"row": 101, "reason": "blank", "message": "空行"}
    code, out, _ = run(capsys, "stats", "--db", db, "--json")
    assert json.loads(out)["persons"] == 0
    rejected = tmp_path / "rejected.xlsx"
    code, out, _ = run(capsys, "import", str(sample_roster), "--db", db, "--rejected", str(rejected))
    assert code == 0 and "新增 123 人" in out and "第5行" in out and "导入前的备份" in out
    assert load_workbook(rejected).active.max_row == 2 + 13
    code, out, _ = run(capsys, "import", str(sample_roster), "--db", db, "--json")
    again = json.loads(out)
    assert (again["persons_added"], again["persons_updated"], again["persons_unchanged"]) == (0, 0, 123)


def test_create_grids_under_a_general_grid(capsys, village_path, roster_file):
    rows = [[1, "Z1", "东片1号", "王大", "户主", "男", "360426199101010071", "", "", "", "东片区"]]
    path = roster_file(rows)
    code, out, _ = run(capsys, "import", str(path), "--db", str(village_path), "--dry-run")
    assert code == 0 and "找不到网格“东片区”" in out
    code, _, err = run(capsys, "import", str(path), "--db", str(village_path), "--create-grids")
    assert code == 2 and "--under" in err
    code, out, _ = run(capsys, "import", str(path), "--db", str(village_path), "--create-grids", "--under", "YMC-04", "--json")
    assert code == 0 and json.loads(out)["grids_created"] == ["东片区"]


def test_map_option_corrects_a_column(capsys, tmp_path, roster_file):
    path = roster_file([["甲", "360426199101010071", "028-87654321", "13812345678"]],
                       header=["姓名", "身份证号", "电话", "本人手机"])
    db = str(tmp_path / "m.db")
    code, out, _ = run(capsys, "import", str(path), "--db", db, "--map", "本人手机=phone", "--json")
    assert code == 0 and json.loads(out)["mapping"]["本人手机"] == "phone"
    code, _, err = run(capsys, "import", str(path), "--db", db, "--map", "本人手机=nonsense")
    assert code == 2 and "未知字段" in err


def test_bad_files_are_one_line_exit_2(capsys, tmp_path):
    db = str(tmp_path / "b.db")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a spreadsheet")
    for path in (bad, DATA / "roster_password.xlsx", tmp_path / "missing.xlsx"):
        code, _, err = run(capsys, "import", str(path), "--db", db)
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
