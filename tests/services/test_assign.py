import pytest
from sqlalchemy import select

from gridoffice.services.grids import assign
from gridoffice.services.grids import core as grids
from gridoffice.services.refused import Refused
from gridoffice.store.models import AuditEvent


def _node(db, code):
    return next(n for root in grids.tree(db) for n in root.walk() if n.code == code)


def test_find_by_group_and_door_range(village):
    rows = assign.find_households(village, assign.HouseholdQuery(village_group="7组", door_from=10, door_to=19))
    assert [r.door for r in rows] == [f"{i}号" for i in range(10, 20)]
    assert all(r.head for r in rows)  # the head of household is shown
    assert rows[0].grid_name == "第7微网格"
    choices = assign.address_choices(village)
    assert choices.village_groups[:3] == ["1组", "2组", "3组"] and len(choices.village_groups) == 32
    assert assign.door_number("3-101") == 3 and assign.door_number("") is None


def test_bulk_move_is_audited_and_undone(village):
    g7, g8 = _node(village, "YMC-01-07"), _node(village, "YMC-01-08")
    rows = assign.find_households(village, assign.HouseholdQuery(grid_id=g7.id, door_from=91, door_to=106))
    change = assign.move_households(village, [r.id for r in rows], g8.id)
    assert change.description == "把 16 户划入第8微网格"
    assert _node(village, "YMC-01-07").households == 90 and _node(village, "YMC-01-08").households == 54
    with village.reading() as s:
        events = s.execute(select(AuditEvent).where(AuditEvent.field == "grid_id")).scalars().all()
    assert len(events) == 16 and {(e.old, e.new, e.operator) for e in events} == {(str(g7.id), str(g8.id), "测试员")}
    again = change.undo()
    assert _node(village, "YMC-01-07").households == 106
    again.undo()
    assert _node(village, "YMC-01-08").households == 54


def test_move_refuses_wrong_targets(village):
    rows = assign.find_households(village, assign.HouseholdQuery(village_group="1组"))
    with pytest.raises(Refused, match="只能划入"):
        assign.move_households(village, [r.id for r in rows], _node(village, "YMC-01").id)
    with pytest.raises(Refused, match="不存在"):
        assign.move_households(village, [999999], _node(village, "YMC-01-02").id)
    with pytest.raises(Refused):
        assign.move_households(village, [], _node(village, "YMC-01-02").id)
