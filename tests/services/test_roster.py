import datetime as dt

import pytest
from sqlalchemy import select

from gridoffice.domain.idcard import make_id
from gridoffice.services.roster import households as rh
from gridoffice.services.roster import lists as rl
from gridoffice.services.roster import persons as rp
from gridoffice.services.roster.core import DuplicateId, RosterError, ValidationFailed
from gridoffice.services.scope import Scope
from gridoffice.store.models import Grid, Household, Person

ON = dt.date(2023, 1, 7)


def micro_grids(db):
    with db.reading() as s:
        return list(s.scalars(select(Grid.id).where(Grid.level == "micro").order_by(Grid.id)))


def new_household(db, number="T-001", grid=None):
    grid = grid or micro_grids(db)[0]
    change = rh.add_household(db, rh.HouseholdInput(number=number, grid_id=grid, village_group="一组", door="8号"))
    return change.rows["household"].__iter__().__next__(), change


def test_add_household_and_members_with_undo_redo(village):
    hid, change = new_household(village)
    assert rh.get_household(village, hid).address == "禹庙村一组8号"  # the community's name in front
    redo = change.undo()
    with village.reading() as s:
        assert s.get(Household, hid) is None
    redo.undo()
    assert rh.get_household(village, hid).number == "T-001"
    head_id = next(iter(rp.add_person(village, rp.PersonInput(
        "王秀英", hid, "户主", make_id("510124", dt.date(1950, 3, 2), 2))).rows["person"]))
    head = rp.get_person(village, head_id)
    assert (head.birth_date, head.sex, head.name_initials, head.relation) == (dt.date(1950, 3, 2), "女", "wxy", "02")
    # no ID number is allowed; a clerk's relation word is understood
    kid = rp.add_person(village, rp.PersonInput("张伟", hid, "儿子", "", sex="男", birth_date="2010.5.1"))
    assert rp.get_person(village, next(iter(kid.rows["person"]))).id_number is None
    rows = rl.household_rows(village, [hid], ON)[hid]
    assert rows.members == 2 and rows.head == "王秀英" and "缺身份证×1" in rows.flags
    kid_id = next(iter(kid.rows["person"]))
    kid.undo()
    with village.reading() as s:
        assert s.get(Person, kid_id) is None


def test_invalid_duplicate_and_warning(village):
    hid, _ = new_household(village)
    with pytest.raises(ValidationFailed) as err:
        rp.add_person(village, rp.PersonInput("李四", hid, "户主", "510124195003020021"))
    assert "校验位" in err.value.errors["id_number"]
    with pytest.raises(ValidationFailed) as err:
        rp.add_person(village, rp.PersonInput("李四", hid, "户主", "510124195002300021"))
    assert "出生日期不存在" in err.value.errors["id_number"]
    with pytest.raises(ValidationFailed) as err:
        rp.add_person(village, rp.PersonInput("李四", hid, "户主", 5.10124195003021e17))
    assert "Excel" in err.value.errors["id_number"]
    with village.reading() as s:
        existing = s.scalars(select(Person).where(Person.id_number.is_not(None))).first()
    with pytest.raises(DuplicateId) as dup:
        rp.add_person(village, rp.PersonInput("李四", hid, "户主", existing.id_number))
    assert dup.value.person_id == existing.id and existing.name in str(dup.value)
    checked = rp.check_person(village, rp.PersonInput(existing.name, hid, "子", "", birth_date=existing.birth_date))
    assert checked.ok and checked.warnings and "同名同出生日期" in checked.warnings[0]
    with pytest.raises(ValidationFailed) as err:
        rp.add_person(village, rp.PersonInput("李四", hid, "表哥哥", ""))
    assert "relation" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        rp.add_person(village, rp.PersonInput("李四", hid, "", "", phone="1381234"))
    assert "phone" in err.value.errors


def test_move_household_and_refuse_a_general_grid(village):
    with village.reading() as s:
        h = s.scalars(select(Household).order_by(Household.id)).first()
        general = s.scalars(select(Grid).where(Grid.level == "general")).first()
    target = next(g for g in micro_grids(village) if g != h.grid_id)
    change = rh.move_household(village, h.id, target)
    assert rh.get_household(village, h.id).grid_id == target
    change.undo()
    assert rh.get_household(village, h.id).grid_id == h.grid_id
    with pytest.raises(ValidationFailed):
        rh.move_household(village, h.id, general.id)


def test_deceased_leaves_active_lists_and_undo_brings_back(village):
    ids = rl.person_ids(village, Scope(category="aged_60_plus"), ON)
    assert len(ids) == 1008
    change = rp.set_status(village, ids[0], "死亡", dt.date(2022, 12, 1))
    assert len(rl.person_ids(village, Scope(category="aged_60_plus"), ON)) == 1007
    assert ids[0] in rl.person_ids(village, Scope(category="aged_60_plus", include_inactive=True), ON)
    with pytest.raises(ValidationFailed):
        rp.set_status(village, ids[1], "迁出", None)
    redo = change.undo()
    assert len(rl.person_ids(village, Scope(category="aged_60_plus"), ON)) == 1008
    redo.undo()
    assert rp.get_person(village, ids[0]).status == "死亡"


def test_change_head(village):
    with village.reading() as s:
        spouse = s.scalars(select(Person).where(Person.relation == "10", Person.status == "在册")).first()
        head = s.scalars(select(Person).where(Person.household_id == spouse.household_id,
                                              Person.relation == "02")).first()
    change = rp.change_head(village, spouse.id, "配偶")
    assert rp.get_person(village, spouse.id).relation == "02" and rp.get_person(village, head.id).relation == "10"
    change.undo()
    assert rp.get_person(village, spouse.id).relation == "10" and rp.get_person(village, head.id).relation == "02"
    with pytest.raises(RosterError):
        rp.change_head(village, head.id)


def test_recycle_bin_restore_and_purge(village):
    hid, _ = new_household(village, "T-BIN")
    pid = next(iter(rp.add_person(village, rp.PersonInput("赵一", hid, "户主", "")).rows["person"]))
    rh.remove_household(village, hid)
    assert hid not in rl.household_ids(village, None)
    items = rl.recycle_bin(village)
    assert [(i.kind, i.id) for i in items] == [("household", hid)]
    rh.restore_household(village, hid)
    assert rp.get_person(village, pid).deleted_at is None
    with pytest.raises(RosterError):
        rp.purge_person(village, pid)  # not in the bin
    rp.remove_person(village, pid)
    assert [(i.kind, i.id) for i in rl.recycle_bin(village)] == [("person", pid)]
    rp.purge_person(village, pid)
    with village.reading() as s:
        assert s.get(Person, pid) is None
    rh.remove_household(village, hid)
    rh.purge_household(village, hid)
    assert rl.recycle_bin(village) == []


def test_counts_per_grid_and_lists(village):
    counts = rl.counts_per_grid(village, Scope(category="aged_60_plus"), ON)
    assert sum(n for _, _, n in counts) == 1008 and len(counts) == 32
    ids = rl.household_ids(village, None, "members", descending=True)
    rows = rl.household_rows(village, ids[:5], ON)
    assert rows[ids[0]].members >= rows[ids[4]].members
    people = rl.person_rows(village, rl.person_ids(village, Scope(category="disabled"), ON)[:3], ON)
    assert all("残疾人" in r.categories for r in people.values())


@pytest.mark.sqlite
def test_planner_statistics_are_made_once(village):
    with village.engine.connect() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS sqlite_stat1")
        conn.commit()
    rl.person_ids(village, Scope(grid_id=micro_grids(village)[0]), ON)
    with village.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'person'").scalar() > 0


def test_pinyin_is_spelled_only_for_a_new_name(village, monkeypatch):
    """A save that keeps the name never loads pypinyin's dictionary (about a second, holding the
    interpreter lock, on the GUI's first save); a new name is spelled again."""
    from gridoffice.domain import pinyin

    with village.reading() as s:
        p = s.scalars(select(Person).where(Person.deleted_at.is_(None), Person.household_id.is_not(None))
                      .order_by(Person.id)).first()
    form = rp.as_input(rp.get_person(village, p.id))
    form.note = "只改备注"

    def refuse(_name):  # type: ignore[no-untyped-def]
        raise AssertionError("pinyin spelled for an unchanged name")

    with monkeypatch.context() as m:
        m.setattr(pinyin, "full", refuse)
        m.setattr(pinyin, "initials", refuse)
        rp.save_person(village, p.id, form)
    form.name = "王秀英"
    rp.save_person(village, p.id, form)
    assert rp.get_person(village, p.id).name_initials == "wxy"


def test_restoring_a_moved_household_clears_the_move_and_undo_brings_it_back(village):
    """A household sent away with a move package (moved_on / moved_to, the mark at the head of
    its note) no longer says it moved once restored; the undo of the restore says it again."""
    hid, _ = new_household(village, "T-MOVED")
    pid = next(iter(rp.add_person(village, rp.PersonInput("钱二", hid, "户主", "")).rows["person"]))
    on, to = dt.date(2026, 12, 2), "乙村（510124100202）"
    with village.session() as s:  # as services/exchange/moving.send leaves it
        h = s.get(Household, hid)
        h.moved_on, h.moved_to, h.note = on, to, rh.move_mark(on, to) + "老房出租"
    rh.remove_household(village, hid)
    [binned] = [i for i in rl.recycle_bin(village) if i.id == hid]
    assert (binned.moved_on, binned.moved_to) == (on, to)
    change = rh.restore_household(village, hid)
    restored = rh.get_household(village, hid)
    assert (restored.deleted_at, restored.moved_on, restored.moved_to, restored.note) == (None, None, None, "老房出租")
    assert rp.get_person(village, pid).deleted_at is None
    change.undo()
    back = rh.get_household(village, hid)
    assert back.deleted_at is not None and (back.moved_on, back.moved_to) == (on, to)
    assert back.note == rh.move_mark(on, to) + "老房出租"


def test_a_clerks_own_note_is_kept_when_a_moved_household_is_restored():
    on = dt.date(2026, 12, 2)
    assert rh.without_move_mark("迁出：2026-12-02 迁往 乙村。又回来了", on, "乙村") == "又回来了"
    assert rh.without_move_mark("迁出：2026-11-30 迁往 乙村。", on, "乙村") == "迁出：2026-11-30 迁往 乙村。"
    assert rh.without_move_mark("户主在外打工", on, "乙村") == "户主在外打工"
    assert rh.without_move_mark(None, None, None) == ""
