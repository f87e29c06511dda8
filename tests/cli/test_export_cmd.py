import openpyxl

from gridoffice.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_roster(capsys, village_path, tmp_path):
    out_file = tmp_path / "花名册.xlsx"
    code, out, err = run(capsys, "export", "roster", "--db", str(village_path), "--out", str(out_file),
                         "--on", "2023-01-07", "--grid", "YMC-01-01")
    assert code == 0 and not err
    assert "住户人口花名册" in out and str(out_file) in out
    ws = openpyxl.load_workbook(out_file).active
    assert ws["A1"].value == "禹庙村第一网格第1微网格住户人口花名册"


def test_export_public_summary(capsys, village_path, tmp_path):
    out_file = tmp_path / "s.xlsx"
    code, _, _ = run(capsys, "export", "summary", "--db", str(village_path), "--out", str(out_file), "--public")
    # one bracket for the sheet's note and the public mark, never two stacked
    assert code == 0 and openpyxl.load_workbook(out_file).active["A1"].value.endswith("（按微网格，公示）")


def test_user_errors_are_one_line_exit_2(capsys, village_path, tmp_path):
    out_file = tmp_path / "x.xlsx"
    for argv in (
        ("export", "nope", "--out", str(out_file)),
        ("export", "roster", "--grid", "NOPE", "--out", str(out_file)),
        ("export", "key-populations", "--public", "--out", str(out_file)),
        ("export", "roster", "--out", str(tmp_path / "missing" / "x.xlsx")),
    ):
        code, _out, err = run(capsys, *argv[:2], "--db", str(village_path), *argv[2:])
        assert code == 2, argv
        assert err.startswith("错误：") and err.count("\n") == 1, err
    assert not out_file.exists()
