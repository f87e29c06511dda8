import json

import pytest

from gridoffice.cli import main
from gridoffice.store import Database
from tests.visit_office import build


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def office_path(db_path):
    db = Database.open(str(db_path))
    try:
        ids = build(db)
    finally:
        db.close()
    return str(db_path), ids


def test_visits_due_json_and_text(capsys, office_path):
    path, _ids = office_path
    code, out, _ = run(capsys, "visits", "due", "--db", path, "--week", "2023-01-07", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["week"] == {"monday": "2023-01-02", "sunday": "2023-01-08"}
    names = {p["name"]: p for p in data["persons"]}
    assert set(names) == {"张大爷", "刘大妈", "陈婆婆", "赵师傅"}
    assert names["赵师傅"]["status"] == "due" and names["张大爷"]["status"] == "overdue"
    assert names["陈婆婆"]["categories"] == ["老年人", "独居老人"]
    code, out, _ = run(capsys, "visits", "due", "--db", path, "--week", "2023-01-07", "--grid", "T-01-02")
    assert code == 0 and "应访或逾期 1 人" in out and "赵师傅" in out


def test_visits_record_then_not_due(capsys, office_path):
    path, _ = office_path
    db = Database.open(path)
    from gridoffice.store.models import Person
    with db.session() as s:
        s.get(Person, 3).id_number = "360426199101010071"  # the widow gets an ID number
    db.close()
    code, out, err = run(capsys, "visits", "record", "--db", path, "--person", "360426199101010071",
                         "--date", "2023-01-05", "--visitor", "李组长", "--visitor", "社区志愿者",
                         "--needs", "换灯泡")
    assert code == 0, err
    assert "陈婆婆" in out
    code, out, _ = run(capsys, "visits", "due", "--db", path, "--week", "2023-01-07", "--json")
    assert "陈婆婆" not in {p["name"] for p in json.loads(out)["persons"]}


def test_visits_record_errors_are_one_line(capsys, office_path):
    path, _ = office_path
    code, _, err = run(capsys, "visits", "record", "--db", path, "--household", "T001", "--date", "2023-01-05")
    assert code == 2 and "走访人" in err and err.strip().count("\n") == 0
    code, _, err = run(capsys, "visits", "record", "--db", path, "--household", "NOPE", "--visitor", "x")
    assert code == 2 and "没有户号" in err
    code, _, err = run(capsys, "visits", "due", "--db", path, "--grid", "XX")
    assert code == 2 and "没有编码为 XX 的网格" in err


def test_visit_rules(capsys, office_path):
    path, _ = office_path
    code, out, _ = run(capsys, "visits", "rules", "--db", path, "--set", "elderly", "-", "14")
    assert code == 0 and "每 14 天" in out
    code, out, _ = run(capsys, "visits", "rules", "--db", path, "--json")
    rules = {(r["category"], r["risk_level"]): r for r in json.loads(out)}
    assert rules[("elderly", "")]["interval_days"] == 14 and not rules[("elderly", "")]["default"]
    code, _, err = run(capsys, "visits", "rules", "--db", path, "--set", "elderly", "高", "lots")
    assert code == 2 and "天数" in err


def test_matters_add_list_close(capsys, office_path):
    path, _ = office_path
    code, out, err = run(capsys, "matters", "add", "--db", path, "--category", "设施报修", "--description",
                         "3栋电梯困人", "--grid", "T-01-01", "--reporter", "王大姐", "--handler", "李组长",
                         "--at", "2023-01-05 09:30")
    assert code == 0, err
    assert "事项编号 1" in out
    code, out, _ = run(capsys, "matters", "list", "--db", path, "--state", "待处理", "--json")
    rows = json.loads(out)
    assert [(r["id"], r["handler"], r["grid"], r["old"]) for r in rows] == [(1, "李组长", "第1微网格", True)]
    code, _, err = run(capsys, "matters", "close", "1", "--db", path, "--outcome", "已解救", "--at", "2023-01-04 10:00")
    assert code == 2 and "早于登记时间" in err
    code, out, _ = run(capsys, "matters", "close", "1", "--db", path, "--outcome", "已解救",
                       "--at", "2023-01-05 10:00")
    assert code == 0 and "已办结" in out
    code, _, err = run(capsys, "matters", "start", "1", "--db", path)
    assert code == 2 and "已办结的事项不能再改状态" in err
    code, out, _ = run(capsys, "matters", "list", "--db", path, "--state", "open")
    assert "共 0 件" in out
    code, out, _ = run(capsys, "matters", "stats", "--db", path, "--json")
    data = json.loads(out)
    assert data[0]["key"] == "2023-01" and data[0]["median_response_hours"] == 0.5
    code, out, _ = run(capsys, "matters", "stats", "--db", path, "--by", "grid")
    assert code == 0 and "第一网格" in out


def test_matters_transfer_needs_where(capsys, office_path):
    path, _ = office_path
    run(capsys, "matters", "add", "--db", path, "--category", "矛盾纠纷", "--description", "邻里纠纷",
        "--at", "2023-01-05 09:30")
    code, out, _ = run(capsys, "matters", "transfer", "1", "--db", path, "--to", "街道综治中心",
                       "--at", "2023-01-05 12:00")
    assert code == 0 and "转办" in out
    code, _, err = run(capsys, "matters", "add", "--db", path, "--category", "求助", "--description", " ")
    assert code == 2 and "事项内容" in err
    code, _, err = run(capsys, "matters", "list", "--db", path, "--handler", "无此人")
    assert code == 2 and "没有 无此人" in err
