import pytest

from gridoffice.services.grids import core as grids
from gridoffice.services.refused import Refused
from gridoffice.services.staff import core as staff
from gridoffice.services.staff import roster as staff_roster


def _node(db, code):
    return next(n for root in grids.tree(db) for n in root.walk() if n.code == code)


def _new(db, name="王芳", phone="138 0013 8000", **kw):
    change = staff.add_staff(db, staff.StaffFields(name, "女", phone, **kw))
    return next(iter(change.rows["staff"]))


def test_add_staff_normalises_phone_and_rejects_bad_ones(village, tmp_path):
    sid = _new(village)
    row = staff.get_staff(village, sid)
    assert row.phone == "13800138000" and row.sex == "女"
    with pytest.raises(Refused, match="手机号"):
        staff.add_staff(village, staff.StaffFields("张三", "男", "1380013"))
    with pytest.raises(Refused, match="照片"):
        staff.add_staff(village, staff.StaffFields("张三", photo_path=str(tmp_path / "none.jpg")))
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"\xff\xd8")
    change = staff.update_staff(village, sid, staff.StaffFields("王芳", "女", "028-87654321", photo_path=str(photo)))
    assert staff.get_staff(village, sid).phone == "028-87654321"
    change.undo()
    assert staff.get_staff(village, sid).phone == "13800138000"
    assert staff.list_staff(village, "wangfang")[0].id == sid


def test_one_person_holds_posts_in_several_grids(village):
    sid = _new(village)
    g12, g11 = _node(village, "YMC-02-04"), _node(village, "YMC-02-03")
    first = staff.assign_post(village, sid, g12.id, "家庭医生")
    staff.assign_post(village, sid, g11.id, "家庭医生")
    assert {p.grid_code for p in staff.staff_posts(village, sid)} == {"YMC-02-04", "YMC-02-03"}
    assert "第12微网格 家庭医生" in staff.get_staff(village, sid).posts
    team = staff.service_team(village, g12.id)
    assert [p.role for p in team] == ["微网格长", "微网格员", "家庭医生"]
    with pytest.raises(Refused, match="已经是"):
        staff.assign_post(village, sid, g12.id, "家庭医生")
    with pytest.raises(Refused, match="只能设在"):
        staff.assign_post(village, sid, g12.id, "一般网格长")
    (pid,) = first.rows["post"]
    undone = first.undo()
    assert len(staff.service_team(village, g12.id)) == 2
    undone.undo()  # redo: the same post again
    assert pid in {p.id for p in staff.service_team(village, g12.id)}


def test_team_membership_first_contact_and_whom_to_call(village):
    g1 = _node(village, "YMC-01-01")
    team = staff.service_team(village, g1.id)
    assert staff.whom_to_call(village, g1.id).id == team[0].id  # the leader by default
    doctor = next(p for p in team if p.role == "家庭医生")
    change = staff.set_first_contact(village, doctor.id)
    assert staff.whom_to_call(village, g1.id).id == doctor.id
    change.undo()
    assert staff.whom_to_call(village, g1.id).id == team[0].id
    off = staff.update_post(village, doctor.id, in_service_team=False)
    assert len(staff.service_team(village, g1.id)) == 2
    off.undo()
    assert len(staff.service_team(village, g1.id)) == 3
    leaving = staff.set_active(village, team[0].staff_id, False)
    assert staff.whom_to_call(village, g1.id).staff_id != team[0].staff_id
    leaving.undo()
    with pytest.raises(Refused):
        staff.update_post(village, doctor.id, work_phone="12345")


def test_staff_roster_for_the_village(village):
    ((cid, name),) = staff_roster.communities(village)
    assert name == "禹庙村"
    rows = staff_roster.staff_roster(village, cid)
    assert rows[0].post == "总网格长" and rows[0].households == 1600
    assert rows[3].grid_level == "一般网格" and rows[3].households == 456
    seventh = [r for r in rows if r.grid == "第7微网格"]
    assert {r.post for r in seventh} == {"微网格长", "微网格员", "家庭医生"}
    assert all(r.households == 106 and r.service_team for r in seventh)
    assert len(staff_roster.roster_cells(rows[0])) == len(staff_roster.roster_headers())
    with pytest.raises(Refused):
        staff_roster.staff_roster(village, _node(village, "YMC-01").id)


def test_undoing_a_new_staff_member_who_since_got_a_post_is_refused(village):
    from gridoffice.store import StoreError

    change = staff.add_staff(village, staff.StaffFields("新来的", "女", "13800138001"))
    (sid,) = change.rows["staff"]
    staff.assign_post(village, sid, _node(village, "YMC-01-01").id, "家庭医生")
    with pytest.raises(StoreError, match="用到"):
        change.undo()
    assert staff.get_staff(village, sid) is not None
