"""``gridoffice medicine``: in, list, out to a resident, the log per grid and month; giving more
than the box holds is one sentence, exit 2, nothing written."""

import datetime as dt
import json

from gridoffice.cli import main

PERSON = "510112197809255087"  # 朱华素 in the demo village


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_in_list_out_and_log(capsys, village_path, monkeypatch):
    monkeypatch.setenv("GRIDOFFICE_OPERATOR", "测试员")
    db = str(village_path)
    _, out, _ = run(capsys, "medicine", "list", "--db", db, "--all", "--json")
    before = {r["id"] for r in json.loads(out)["items"]}
    code, out, err = run(capsys, "medicine", "in", "--db", db, "--item", "连花清瘟胶囊", "--spec", "0.35g×24粒",
                         "--qty", "6", "--expiry", "2099-06-30", "--from", "爱心药店", "--by", "李梅")
    assert code == 0, err
    assert "连花清瘟胶囊" in out
    soon = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    code, _, err = run(capsys, "medicine", "in", "--db", db, "--item", "连花清瘟胶囊", "--spec", "0.35g×24粒",
                       "--qty", "2", "--expiry", soon, "--from-person", PERSON)
    assert code == 0, err
    _, out, _ = run(capsys, "medicine", "list", "--db", db, "--json")
    items = [r for r in json.loads(out)["items"] if r["id"] not in before]
    assert [(r["stock"], r["state"]) for r in items] == [(2, "临期"), (6, "正常")]
    _, out, _ = run(capsys, "medicine", "list", "--db", db, "--expiring", "--json")
    assert [r["stock"] for r in json.loads(out)["items"] if r["id"] not in before] == [2]
    code, out, err = run(capsys, "medicine", "out", "--db", db, "--item", "连花清瘟胶囊", "--qty", "2",
                         "--to-person", PERSON, "--by", "李梅")
    assert code == 0, err
    code, _, err = run(capsys, "medicine", "out", "--db", db, "--item", "连花清瘟胶囊", "--qty", "7",
                       "--to-person", PERSON)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "不够" in err
    _, out, _ = run(capsys, "medicine", "list", "--db", db, "--json")
    assert sorted(r["stock"] for r in json.loads(out)["items"] if r["id"] not in before) == [6]  # FEFO: the 2 went
    code, out, _ = run(capsys, "medicine", "log", "--db", db, "--json")
    data = json.loads(out)
    mine = [m for m in data["moves"] if m["item"].startswith("连花清瘟胶囊")]
    assert [m["kind"] for m in mine] == ["发放", "入库", "入库"]
    assert mine[0]["who"] == "朱华素" and mine[0]["grid"]
    assert sum(m["times"] for m in data["months"]) >= 1
    code, _, err = run(capsys, "medicine", "log", "--db", db, "--from", "2023-02-01", "--to", "2023-01-01")
    assert code == 2 and len(err.strip().splitlines()) == 1
