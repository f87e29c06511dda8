import json

from gridoffice.cli import main
from gridoffice.store import Database
from gridoffice.store.models import Person


def test_audit_lists_changes_made_through_the_cli_environment(capsys, village_path, monkeypatch):
    db = Database.open(str(village_path), operator="王书记")
    with db.session() as s:
        p = s.get(Person, 1)
        p.phone = "13912345678"
        name, id_number = p.name, p.id_number
    db.close()
    assert main(["audit", "--db", str(village_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1 and data["events"][0]["operator"] == "王书记"
    assert data["events"][0]["new"] == "13912345678" and data["events"][0]["subject"] == name
    assert main(["audit", "--db", str(village_path), "--person", id_number, "--masked"]) == 0
    out = capsys.readouterr().out
    assert "139****5678" in out and "13912345678" not in out and "共 1 条" in out
    assert main(["audit", "--db", str(village_path), "--operator", "别人"]) == 0
    assert "共 0 条" in capsys.readouterr().out
    assert main(["audit", "--db", str(village_path), "--grid", "没有"]) == 2
    assert "没有编码为 没有 的网格" in capsys.readouterr().err
