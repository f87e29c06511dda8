import json

from sqlalchemy import select

from gridoffice.cli import main
from gridoffice.store import Database
from gridoffice.store.models import Person


def test_find_json_masks_ids(capsys, village_path):
    db = Database.open(str(village_path))
    with db.reading() as s:
        p = s.scalars(select(Person).where(Person.id_number.is_not(None), Person.status == "在册")).first()
    db.close()
    assert main(["find", p.id_number[-6:], "--json", "--db", str(village_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    mine = [r for r in rows if r["name"] == p.name]
    assert mine and mine[0]["id_number"] == p.id_number[:6] + "********" + p.id_number[-4:]
    assert mine[0]["grid"] and mine[0]["address"]
    assert main(["find", p.name, "--limit", "1", "--db", str(village_path)]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1 and p.id_number not in out


def test_find_user_errors(capsys, village_path):
    assert main(["find", " ", "--db", str(village_path)]) == 2
    assert "请给出" in capsys.readouterr().err
    assert main(["find", "不存在的人名", "--db", str(village_path)]) == 0
    assert "没有找到" in capsys.readouterr().out
