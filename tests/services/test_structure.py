import pytest
from sqlalchemy import func, select

from gridoffice.domain.codes import GridLevel
from gridoffice.services.grids import core as grids
from gridoffice.services.grids import structure
from gridoffice.services.refused import Refused
from gridoffice.services.staff import core as staff
from gridoffice.store.history import HistoryConflict
from gridoffice.store.models import AuditEvent, Grid, Household, Post


def _node(db, code):
    return next(n for root in grids.tree(db) for n in root.walk() if n.code == code)


def _total(db):
    return sum(r.households for r in grids.tree(db)) + grids.unassigned_households(db)


def _snapshot(db):
    with db.reading() as s:
        hh = dict(s.execute(select(Household.id, Household.grid_id)).all())
        gs = s.execute(select(Grid.id, Grid.parent_id, Grid.code, Grid.covers, Grid.deleted_at)
                       .order_by(Grid.id)).all()
        posts = s.execute(select(Post.id, Post.staff_id, Post.grid_id, Post.role).order_by(Post.id)).all()
    return hh, [tuple(g) for g in gs], [tuple(p) for p in posts]


def test_add_rename_recode_and_undo(db):
    root = structure.add_grid(db, None, GridLevel.COMMUNITY, "C1", "新村").rows["grid"]
    (cid,) = root
    change = structure.add_grid(db, cid, GridLevel.GENERAL, "C1-01", "第一网格", covers="1–4组")
    (gid,) = change.rows["grid"]
    with pytest.raises(Refused, match="不能重复"):
        structure.add_grid(db, cid, GridLevel.GENERAL, "C1-01", "重复")
    with pytest.raises(Refused, match="微网格不能放在总网格下面"):
        structure.add_grid(db, cid, GridLevel.MICRO, "C1-99", "错层")
    renamed = structure.update_grid(db, gid, name="一组片区", code="C1-A")
    assert structure.get_grid(db, gid).name == "一组片区"
    assert structure.get_grid(db, gid).code == "C1-A"
    back = renamed.undo()
    assert (structure.get_grid(db, gid).name, structure.get_grid(db, gid).code) == ("第一网格", "C1-01")
    again = back.undo()
    assert structure.get_grid(db, gid).code == "C1-A"
    with pytest.raises(HistoryConflict):  # out of order: the rename made since would be lost
        change.undo()
    again.undo()
    undone = change.undo()
    assert structure.get_grid(db, gid) is None
    undone.undo()  # redo brings the same grid back
    assert structure.get_grid(db, gid).covers == "1–4组"
    assert structure.child_levels(GridLevel.COMMUNITY) == [GridLevel.GENERAL, GridLevel.DEDICATED]


def test_move_grid_respects_levels_and_cycles(village):
    micro = _node(village, "YMC-01-08")
    target = _node(village, "YMC-02")
    change = structure.move_grid(village, micro.id, target.id)
    assert _node(village, "YMC-01").households == 456 - 38
    assert _node(village, "YMC-02").households == 374 + 38
    with pytest.raises(Refused):
        structure.move_grid(village, micro.id, _node(village, "YMC").id)  # a micro-grid under the village
    with pytest.raises(Refused, match="自己"):
        structure.move_grid(village, target.id, micro.id)
    change.undo()
    assert _node(village, "YMC-01").households == 456


def test_merge_conserves_households_and_undo_restores_everything(village):
    before = _snapshot(village)
    total = _total(village)
    g7, g8 = _node(village, "YMC-01-07"), _node(village, "YMC-01-08")
    change = structure.merge_grids(village, g8.id, [g7.id])
    merged = _node(village, "YMC-01-08")
    assert merged.households == 106 + 38 == 144
    assert _total(village) == total == 1600
    assert all(n.code != "YMC-01-07" for r in grids.tree(village) for n in r.walk())
    assert merged.covers == "8组、7组"
    # posts of 第7微网格 moved; its doctor is the same person as 第8's and is not doubled
    roles = [p.role for p in staff.grid_posts(village, g8.id)]
    assert roles.count("微网格长") == 2 and roles.count("家庭医生") == 1
    # the code of the merged grid can be used again
    assert structure.get_grid(village, g7.id) is None
    inverse = change.undo()
    assert _snapshot(village) == before
    inverse.undo()
    assert _node(village, "YMC-01-08").households == 144
    with village.reading() as s:
        events = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.table_name == "household", AuditEvent.field == "grid_id"))
    assert events == 106 * 3  # merge, undo, redo: each household each time


def test_merge_general_grids_moves_the_micro_grids(village):
    g1, g2 = _node(village, "YMC-01"), _node(village, "YMC-02")
    structure.merge_grids(village, g1.id, [g2.id])
    assert _node(village, "YMC-01").households == 456 + 374
    assert len(_node(village, "YMC-01").children) == 16
    assert _total(village) == 1600
    with pytest.raises(Refused, match="同一层级"):
        structure.merge_grids(village, g1.id, [_node(village, "YMC-01-01").id])


def test_split_moves_the_chosen_households_and_undo_deletes_the_new_grid(village):
    before = _snapshot(village)
    g7 = _node(village, "YMC-01-07")
    with village.reading() as s:
        ids = s.scalars(select(Household.id).where(Household.grid_id == g7.id).order_by(Household.id)).all()
    change = structure.split_grid(village, g7.id, "YMC-01-09", "第7-2微网格", ids[53:], covers="7组53号以后")
    assert _node(village, "YMC-01-07").households == 53
    new = _node(village, "YMC-01-09")
    assert new.households == 53 and new.level == GridLevel.MICRO and new.parent_id == g7.parent_id
    assert _total(village) == 1600
    with pytest.raises(Refused, match="不在"):
        structure.split_grid(village, g7.id, "X", "X", [ids[60]])
    inverse = change.undo()
    assert _snapshot(village) == before
    inverse.undo()
    assert _node(village, "YMC-01-09").id == new.id and _node(village, "YMC-01-09").households == 53


def test_split_general_grid_takes_micro_grids(village):
    g1 = _node(village, "YMC-01")
    kids = [c.id for c in g1.children[4:]]
    structure.split_grid(village, g1.id, "YMC-05", "第五网格", child_ids=kids)
    assert len(_node(village, "YMC-05").children) == 4
    assert _node(village, "YMC-01").households + _node(village, "YMC-05").households == 456
    assert _total(village) == 1600


def test_remove_only_empty_grids(village):
    g7 = _node(village, "YMC-01-07")
    with pytest.raises(Refused, match="住户"):
        structure.remove_grid(village, g7.id)
    (gid,) = structure.add_grid(village, g7.parent_id, GridLevel.MICRO, "YMC-01-10", "空网格").rows["grid"]
    sid = next(iter(staff.add_staff(village, staff.StaffFields("李四", "男", "13800001111")).rows["staff"]))
    staff.assign_post(village, sid, gid, "微网格长")
    change = structure.remove_grid(village, gid)
    assert structure.get_grid(village, gid) is None
    structure.add_grid(village, g7.parent_id, GridLevel.MICRO, "YMC-01-10", "同码新网格").undo()  # code free again
    change.undo()
    assert structure.get_grid(village, gid).code == "YMC-01-10"
    assert [p.staff_name for p in staff.grid_posts(village, gid)] == ["李四"]
