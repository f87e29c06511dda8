from gridoffice.domain.codes import GridLevel
from gridoffice.services import checks
from gridoffice.services.grids import assign, structure
from gridoffice.services.grids import core as grids
from gridoffice.services.staff import core as staff
from gridoffice.store.models import Staff


def _node(db, code):
    return next(n for root in grids.tree(db) for n in root.walk() if n.code == code)


def test_demo_village_untidiness_is_found(village):
    findings = checks.run(village)
    found = {(f.kind, f.grid_code) for f in findings}
    assert found == {
        (checks.MICRO_SIZE, "YMC-01-07"),
        (checks.NO_DOCTOR, "YMC-02-04"),
        (checks.TEAM_SIZE, "YMC-02-04"),
    }
    f = findings[0]
    assert f.message == "第7微网格有 106 户，微网格应为 30–100 户"
    assert f.target_kind == checks.TARGET_GRID and f.target_id == _node(village, "YMC-01-07").id
    assert set(f.as_dict()) >= {"kind", "grid_code", "message"}


def test_fixing_the_village_clears_the_findings(village):
    g7, g8, g12 = (_node(village, c) for c in ("YMC-01-07", "YMC-01-08", "YMC-02-04"))
    rows = assign.find_households(village, assign.HouseholdQuery(grid_id=g7.id, door_from=91))
    assign.move_households(village, [r.id for r in rows], g8.id)
    sid = next(iter(staff.add_staff(village, staff.StaffFields("刘医生", "男", "13900001234")).rows["staff"]))
    staff.assign_post(village, sid, g12.id, "家庭医生")
    assert checks.run(village) == []


def test_every_kind_of_finding(village):
    g1 = _node(village, "YMC-01-01")
    # a micro-grid with no leader, no doctor, no team and no households
    (gid,) = structure.add_grid(village, g1.parent_id, GridLevel.MICRO, "YMC-01-20", "新微网格").rows["grid"]
    leader = next(p for p in staff.grid_posts(village, _node(village, "YMC-02").id) if p.role == "一般网格长")
    staff.remove_post(village, leader.id)
    with village.session() as s:  # an imported phone nobody checked
        s.get(Staff, leader.staff_id).phone = "1234"
    structure.add_grid(village, _node(village, "YMC").id, GridLevel.GENERAL, "YMC-05", "第五网格")
    rows = assign.find_households(village, assign.HouseholdQuery(village_group="1组"))
    with village.session() as s:
        from gridoffice.services.grids.assign import set_household_grids

        set_household_grids(s, {rows[0].id: None, rows[1].id: g1.parent_id})
    findings = checks.run(village)
    kinds = {(f.kind, f.grid_code) for f in findings}
    assert (checks.UNASSIGNED, "") in kinds
    assert (checks.MICRO_SIZE, "YMC-01-20") in kinds
    assert (checks.NO_LEADER, "YMC-01-20") in kinds and (checks.NO_LEADER, "YMC-02") in kinds
    assert (checks.NO_DOCTOR, "YMC-01-20") in kinds and (checks.TEAM_SIZE, "YMC-01-20") in kinds
    assert (checks.GENERAL_SIZE, "YMC-05") in kinds and (checks.NO_LEADER, "YMC-05") in kinds
    bad = [f for f in findings if f.kind == checks.BAD_PHONE]
    assert len(bad) == 1 and bad[0].target_kind == checks.TARGET_STAFF and bad[0].target_id == leader.staff_id
    unassigned = next(f for f in findings if f.kind == checks.UNASSIGNED)
    assert "2 户" in unassigned.message
    assert checks.summary(findings)[checks.NO_LEADER] == 3
    assert gid


def test_messages_name_the_community_when_there_are_several(village):
    root = _node(village, "YMC")
    (cid,) = structure.add_grid(village, None, GridLevel.COMMUNITY, "XC", "新村").rows["grid"]
    structure.add_grid(village, cid, GridLevel.GENERAL, "XC-01", "第一网格")
    messages = {f.grid_code: f.message for f in checks.run(village) if f.kind == checks.MICRO_SIZE}
    assert messages["YMC-01-07"].startswith("第7微网格有 106 户")  # the name is unique: no path
    general = [f.message for f in checks.run(village) if f.kind == checks.GENERAL_SIZE]
    assert general == ["新村 · 第一网格有 0 户，一般网格应为 300–500 户"]  # 禹庙村 has a 第一网格 too
    assert root.households == 1600
