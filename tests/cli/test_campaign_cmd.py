import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from gridoffice.cli import main
from gridoffice.store import Database
from gridoffice.store.models import Entitlement, Person, Post, Staff


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def campaign(capsys, village_path):
    code, out, _ = run(capsys, "campaign", "create", "--db", str(village_path), "--name", "健康爱心包",
                       "--min-age", "60", "--on", "2023-01-07", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["eligible"] == 1008
    return village_path, data["id"]


def someone_on_the_list(path):
    db = Database.open(str(path))
    try:
        with db.reading() as s:
            person, grid_id = s.execute(
                select(Person, Entitlement.grid_id).join(Entitlement, Entitlement.person_id == Person.id)
                .order_by(Entitlement.id).limit(1)).one()
            staff = s.scalars(select(Staff).join(Post, Post.staff_id == Staff.id)
                              .where(Post.grid_id == grid_id, Post.in_service_team.is_(True))).first()
            return person, staff
    finally:
        db.close()


def test_create_status_and_packing(capsys, campaign):
    path, cid = campaign
    code, out, _ = run(capsys, "campaign", "packing", str(cid), "--db", str(path), "--json")
    assert code == 0
    data = json.loads(out)
    masks = next(i for i in data["items"] if i["name"] == "口罩")
    assert masks["total"] == 10080 and data["kits"] == 1008
    assert len(data["micro_grids"]) == 32 and sum(g["kits"] for g in data["micro_grids"]) == 1008
    code, out, _ = run(capsys, "campaign", "status", str(cid), "--db", str(path), "--json")
    data = json.loads(out)
    assert (data["eligible"], data["handed"], data["pending"]) == (1008, 0, 1008)
    assert len(data["micro_grids"]) == 32 and data["micro_grids"][0]["grid"] == "第1微网格"
    code, out, _ = run(capsys, "campaign", "list", "--db", str(path))
    assert code == 0 and "健康爱心包" in out and "应发 1008" in out
    code, out, _ = run(capsys, "campaign", "packing", str(cid), "--db", str(path))
    assert "口罩\t10080 只" in out


def test_handout_then_second_handout_is_refused(capsys, campaign):
    path, cid = campaign
    person, staff = someone_on_the_list(path)
    code, out, err = run(capsys, "campaign", "handout", str(cid), "--db", str(path), "--person",
                         person.id_number, "--by", staff.name, "--proxy", "李四", "--relation", "儿子",
                         "--delivered", "--date", "2023-01-08")
    assert code == 0, err
    assert person.name in out and "上门" in out
    code, out, _ = run(capsys, "campaign", "status", str(cid), "--db", str(path), "--json")
    assert json.loads(out)["handed"] == 1
    code, _, err = run(capsys, "campaign", "handout", str(cid), "--db", str(path), "--person",
                       person.id_number, "--by", staff.name)
    assert code == 2
    assert f"{person.name}已于 2023-01-08 由{staff.name}发放（上门）" in err and "不能重复发放" in err
    assert err.strip().count("\n") == 0 and "Traceback" not in err


def test_unknown_person_staff_and_campaign_are_one_line(capsys, campaign):
    path, cid = campaign
    person, _staff = someone_on_the_list(path)
    code, _, err = run(capsys, "campaign", "handout", str(cid), "--db", str(path), "--person",
                       "360426199101010071", "--by", "无名氏")
    assert code == 2 and "没有身份证号为 360426199101010071 的人员" in err
    code, _, err = run(capsys, "campaign", "handout", str(cid), "--db", str(path), "--person",
                       person.id_number, "--by", "无名氏")
    assert code == 2 and "没有名为“无名氏”的在岗网格员" in err
    code, _, err = run(capsys, "campaign", "status", "99", "--db", str(path))
    assert code == 2 and "没有编号为 99 的发放活动" in err


def test_refresh_reports_who_left(capsys, campaign):
    path, cid = campaign
    person, _staff = someone_on_the_list(path)
    db = Database.open(str(path))
    with db.session() as s:
        p = s.get(Person, person.id)
        p.status = "死亡"
    db.close()
    code, out, _ = run(capsys, "campaign", "refresh", str(cid), "--db", str(path), "--json")
    assert code == 0
    data = json.loads(out)
    assert [r["name"] for r in data["left"]] == [person.name]
    assert data["left"][0]["reason"] == "死亡"
    # the default 补发 window is 30 days: villagers turning 60 by 2023-02-06 join the list
    joined = len(data["joined"])
    db = Database.open(str(path))
    with db.reading() as s:
        expected = s.scalar(select(func.count()).select_from(Person).where(
            Person.status == "在册", Person.birth_date > dt.date(1963, 1, 7), Person.birth_date <= dt.date(1963, 2, 6)))
    db.close()
    assert joined == expected > 0
    code, out, _ = run(capsys, "campaign", "status", str(cid), "--db", str(path), "--json")
    assert json.loads(out)["eligible"] == 1007 + joined


def test_create_with_unknown_grid_is_an_error(capsys, village_path):
    code, _, err = run(capsys, "campaign", "create", "--db", str(village_path), "--name", "x",
                       "--on", "2023-01-07", "--min-age", "60", "--grid", "NOPE")
    assert code == 2 and "NOPE" in err


def test_create_without_a_rule_asks_who_instead_of_listing_everyone(capsys, village_path):
    code, _, err = run(capsys, "campaign", "create", "--db", str(village_path), "--name", "x", "--on", "2023-01-07")
    assert code == 2 and "--everyone" in err
    code, out, _ = run(capsys, "campaign", "create", "--db", str(village_path), "--name", "x", "--on", "2023-01-07",
                       "--everyone", "--json")
    assert code == 0 and json.loads(out)["eligible"] > 4000
