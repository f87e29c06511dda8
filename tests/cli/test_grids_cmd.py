import json

from gridoffice.cli import main


def test_grids_check_json_lists_the_findings_and_exits_0(village_path, capsys):
    assert main(["grids", "check", "--json", "--db", str(village_path)]) == 0
    out, err = capsys.readouterr()
    findings = json.loads(out)
    assert {(f["kind"], f["grid_code"]) for f in findings} == {
        ("micro_size", "YMC-01-07"), ("no_doctor", "YMC-02-04"), ("team_size", "YMC-02-04")}
    assert all(f["message"] for f in findings)
    assert "共 3 项问题" in err


def test_grids_check_text(village_path, capsys):
    assert main(["grids", "check", "--db", str(village_path)]) == 0
    out = capsys.readouterr().out
    assert "第7微网格有 106 户" in out and out.rstrip().endswith("共 3 项问题")


def test_grids_list_json_is_a_tree_with_counts(village_path, capsys):
    assert main(["grids", "list", "--json", "--db", str(village_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    (root,) = data["grids"]
    assert root["households"] == 1600 and len(root["children"]) == 4
    assert root["children"][0]["children"][6] | {"children": []} == {
        "code": "YMC-01-07", "name": "第7微网格", "level": "micro", "covers": "7组", "households": 106,
        "children": []}
    assert data["unassigned_households"] == 0


def test_grids_assign_moves_by_door_range_and_refuses_bad_input(village_path, capsys):
    args = ["grids", "assign", "--db", str(village_path), "--to", "YMC-01-08", "--group", "7组", "--doors", "101-106"]
    assert main([*args, "--dry-run"]) == 0
    assert "将移动 6 户" in capsys.readouterr().out
    assert main(args) == 0
    assert "把 6 户划入第8微网格" in capsys.readouterr().out
    assert main(["grids", "check", "--json", "--db", str(village_path)]) == 0
    assert "micro_size" not in capsys.readouterr().out
    assert main(["grids", "assign", "--db", str(village_path), "--to", "NOPE", "--group", "1组"]) == 2
    assert "没有编码为 NOPE 的网格" in capsys.readouterr().err
    assert main(["grids", "assign", "--db", str(village_path), "--to", "YMC-01", "--group", "1组"]) == 2
    assert "只能划入" in capsys.readouterr().err
    assert main(["grids", "assign", "--db", str(village_path), "--to", "YMC-01-08", "--doors", "x"]) == 2


def test_grids_roster(village_path, capsys):
    assert main(["grids", "roster", "--db", str(village_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["post"] == "总网格长" and rows[0]["households"] == 1600
    assert main(["grids", "roster", "--db", str(village_path), "--community", "YMC-01"]) == 2


def test_structure_editing_commands(village_path, capsys):
    db = ["--db", str(village_path)]
    assert main(["grids", "add", *db, "--parent", "YMC-01", "--level", "micro", "--code", "YMC-01-09",
                 "--name", "第33微网格", "--covers", "7组后段"]) == 0
    assert "新建微网格“第33微网格”" in capsys.readouterr().out
    assert main(["grids", "split", *db, "YMC-01-07", "--code", "YMC-01-10", "--name", "第7-2微网格",
                 "--doors", "54-106"]) == 0
    assert "拆出“第7-2微网格”（53 户）" in capsys.readouterr().out
    assert main(["grids", "edit", *db, "YMC-01-10", "--name", "第34微网格", "--code", "YMC-01-11"]) == 0
    assert main(["grids", "move", *db, "YMC-01-11", "--to", "YMC-02"]) == 0
    assert main(["grids", "merge", *db, "YMC-01-08", "YMC-01-09"]) == 0
    capsys.readouterr()
    assert main(["grids", "list", "--json", *db]) == 0
    data = json.loads(capsys.readouterr().out)
    (root,) = data["grids"]
    assert root["households"] == 1600
    second = root["children"][1]
    assert second["households"] == 374 + 53 and second["children"][-1]["code"] == "YMC-01-11"
    # refusals: one line, exit 2
    assert main(["grids", "add", *db, "--parent", "YMC", "--level", "micro", "--code", "X", "--name", "X"]) == 2
    assert "微网格不能放在总网格下面" in capsys.readouterr().err
    assert main(["grids", "merge", *db, "YMC-01", "YMC-01-01"]) == 2
    assert main(["grids", "edit", *db, "YMC-01-01"]) == 2
    assert main(["grids", "split", *db, "YMC-01-01", "--code", "Z", "--name", "Z"]) == 2
