import contextlib
import json
import subprocess
import sys

import pytest

from gridoffice.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_stats_json_on_the_demo_village(capsys, village_path):
    code, out, _ = run(capsys, "stats", "--db", str(village_path), "--on", "2023-01-07", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["micro_grids"] == 32
    assert data["aged_60_plus"] == 1008
    assert set(data) >= {"communities", "general_grids", "micro_grids", "staff", "households", "persons", "aged_60_plus"}


def test_stats_text(capsys, village_path):
    code, out, _ = run(capsys, "stats", "--db", str(village_path), "--on", "2023-01-07")
    assert code == 0 and "微网格\t32" in out


def test_demo_then_stats_via_environment(capsys, tmp_path, monkeypatch):
    path = tmp_path / "v.db"
    code, out, _ = run(capsys, "demo", "--scale", "village", "--db", str(path))
    assert code == 0 and "1600 户" in out
    monkeypatch.setenv("GRIDOFFICE_DB", str(path))
    code, out, _ = run(capsys, "stats", "--json", "--on", "2023-01-07")
    assert json.loads(out)["households"] == 1600


def test_demo_twice_is_a_clear_error(capsys, village_path):
    code, _, err = run(capsys, "demo", "--db", str(village_path))
    assert code == 2
    assert "已有网格数据" in err and "Traceback" not in err


def test_demo_of_a_named_village_at_a_day(capsys, tmp_path):
    path = tmp_path / "hxc.db"
    code, out, _ = run(capsys, "demo", "--code", "HXC", "--name", "红星村", "--on", "2025-03-12", "--db", str(path))
    assert code == 0 and "1600 户" in out
    code, out, _ = run(capsys, "stats", "--db", str(path), "--on", "2023-01-07", "--json")
    assert json.loads(out)["aged_60_plus"] == 1008
    code, out, _ = run(capsys, "campaign", "list", "--db", str(path))
    assert code == 0 and "健康爱心包" in out
    code, out, _ = run(capsys, "audit", "--db", str(path), "--json", "--limit", "50")
    operators = {e["operator"] for e in json.loads(out)["events"]} if code == 0 else set()
    assert operators == {"演示员"}, operators  # never the OS login


@pytest.mark.parametrize("argv", [("--scale", "street", "--code", "DW"), ("--code", "A-1"), ("--on", "2025-13-40")])
def test_demo_options_refused_in_one_line(capsys, tmp_path, argv):
    with pytest.raises(SystemExit) if "--on" in argv else contextlib.nullcontext():
        code, _, err = run(capsys, "demo", *argv, "--db", str(tmp_path / "x.db"))
        assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()


def test_missing_database_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "stats", "--db", str(tmp_path / "missing.db"))
    assert code == 2
    assert err.strip().count("\n") == 0 and "不存在" in err


def test_bad_date_is_a_usage_error(capsys, village_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--db", str(village_path), "--on", "2023-02-30"])
    assert exit_info.value.code == 2
    assert "“2023-02-30”不是日期：日期格式应为 2023-01-07 这样的年-月-日" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "said"), [
    (["audit", "--limit", "abc"], "“abc”不是整数"),
    (["campaign", "status", "x"], "参数 ID：“x”不是整数"),
    (["matters", "add", "--category", "求助", "--description", "x", "--at", "2023-13-01"], "时间格式应为"),
])
def test_type_errors_read_as_chinese_sentences(capsys, village_path, argv, said):  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--db", str(village_path)])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and said in err and "int" not in err


def test_export_help_lists_every_ledger_and_both_formats(capsys):  # type: ignore[no-untyped-def]
    from gridoffice.services import ledgers

    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert all(f"{key}  " in out and entry.label in out for key, entry in ledgers.available().items())
    assert ".xlsx" in out and ".pdf" in out


def test_a_pdf_export_counts_tables_not_worksheets(capsys, village_path, tmp_path):  # type: ignore[no-untyped-def]
    assert main(["export", "staff", "--db", str(village_path), "--out", str(tmp_path / "s.pdf")]) == 0
    out = capsys.readouterr().out
    assert "张表" in out and "工作表" not in out


def test_db_version_and_upgrade(capsys, village_path):
    from gridoffice.store import migrate

    code, out, _ = run(capsys, "db", "version", "--db", str(village_path))
    assert code == 0 and migrate.head() in out
    code, out, _ = run(capsys, "db", "upgrade", "--db", str(village_path))
    assert code == 0 and "最新" in out


def test_python_dash_m_and_version():
    result = subprocess.run([sys.executable, "-m", "gridoffice", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("GridOffice ")


def test_output_piped_into_a_reader_that_stops_is_not_a_traceback(village_path):
    result = subprocess.run(
        f'"{sys.executable}" -m gridoffice stats --db "{village_path}" --on 2023-01-07 | head -n 1',
        shell=True, capture_output=True, text=True,
    )
    assert "Traceback" not in result.stderr
