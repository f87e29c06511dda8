import datetime as dt

import pytest
from sqlmodel import select

from gridoffice.services.audit import core as audit
from gridoffice.store import Database
from gridoffice.store.models import AuditEvent, Household, KeyMembership, Person


@pytest.fixture
def edited(village):
    """Changes by two operators on the demo village: a rename, a phone, a key-population entry,
    a household moved to another grid."""
    with village.reading() as s:
        p1, p2 = s.exec(select(Person).where(Person.household_id.is_not(None)).limit(2)).all()
        hh = s.get(Household, p1.household_id)
        other_grid = s.exec(select(Household.grid_id).where(Household.grid_id != hh.grid_id)).first()
    with village.session() as s:
        s.get(Person, p1.id).name = "王秀英"
        s.get(Person, p1.id).phone = "13912345678"
        s.add(KeyMembership(person_id=p1.id, category="elderly_alone"))
    other = Database.open(village.url, operator="李四")
    try:
        with other.session() as s:
            s.get(Household, hh.id).grid_id = other_grid
            s.get(Person, p2.id).note = "李四备注"
    finally:
        other.close()
    return village, p1, p2, hh, other_grid


def test_every_field_change_is_there_with_operator_old_and_new(edited):
    db, p1, *_ = edited
    rows = audit.page(db, audit.AuditFilter(person_ids=(p1.id,)))
    by_field = {r.field: r for r in rows if r.table == "person"}
    assert by_field["name"].old == p1.name and by_field["name"].new == "王秀英"
    assert by_field["name"].operator == "测试员" and by_field["name"].subject == "王秀英"
    assert by_field["phone"].new == "13912345678"
    assert any(r.table == "key_membership" and r.action == "insert" for r in rows), "rows that belong to the person"


def test_filters_by_operator_household_grid_and_date(edited):
    db, _p1, _p2, hh, other_grid = edited
    assert {r.operator for r in audit.page(db, audit.AuditFilter(operator="李四"))} == {"李四"}
    assert audit.count(db, audit.AuditFilter(operator="李四")) == 2
    in_household = audit.page(db, audit.AuditFilter(household_ids=(hh.id,)))
    assert {"household", "person", "key_membership"} <= {r.table for r in in_household}
    moved = [r for r in in_household if r.field == "grid_id"]
    assert moved and moved[0].new == str(other_grid)
    grid_rows = audit.page(db, audit.AuditFilter(grid_id=other_grid))
    assert any(r.table == "household" and r.row_id == hh.id for r in grid_rows)
    today = dt.date.today()
    assert audit.count(db, audit.AuditFilter(since=today, until=today)) == audit.count(db, audit.AuditFilter())
    assert audit.count(db, audit.AuditFilter(until=today - dt.timedelta(days=1))) == 0
    assert audit.count(db, audit.AuditFilter(person_ids=())) == 0, "a search that found nobody shows nothing"
    assert set(audit.operators(db)) == {"李四", "测试员"}


def test_paging_is_newest_first_and_complete(edited):
    db, *_ = edited
    total = audit.count(db, audit.AuditFilter())
    pages = [audit.page(db, audit.AuditFilter(), offset, 2) for offset in range(0, total, 2)]
    ids = [r.id for p in pages for r in p]
    assert ids == sorted(ids, reverse=True) and len(ids) == total == len(set(ids))


def test_find_persons_by_id_number_or_name(edited):
    db, p1, *_ = edited
    with db.reading() as s:
        person = s.get(Person, p1.id)
    assert audit.find_persons(db, person.id_number) == (p1.id,)
    assert p1.id in audit.find_persons(db, "王秀英")
    assert audit.find_persons(db, "不存在的人") == ()


def test_deleted_row_is_named_from_its_old_values(village):
    with village.session() as s:
        p = Person(name="临时录错")
        s.add(p)
    with village.session() as s:
        s.delete(s.get(Person, p.id))
    rows = audit.page(village, audit.AuditFilter(person_ids=(p.id,)))
    assert [r.action for r in rows] == ["delete", "insert"]
    assert rows[0].subject == "临时录错"


def test_mask_value_masks_ids_and_phones_also_inside_row_json():
    assert audit.mask_value("id_number", "510124195001011234") == "510124********1234"
    assert audit.mask_value("phone", "13912345678") == "139****5678"
    masked = audit.mask_value("", '{"id_number": "510124195001011234", "name": "王秀英", "phone": "13912345678"}')
    assert "195001011" not in masked and "12345678" not in masked and "王秀英" in masked
    assert audit.mask_value("note", "x") == "x"


def test_audit_table_is_never_audited_itself(db):
    with db.session() as s:
        s.add(AuditEvent(action="restore", table_name="database"))
    assert audit.count(db, audit.AuditFilter()) == 1


def test_readable_rows_for_the_clerk():
    row = '{"id_number": "510124195001011234", "name": "王秀英", "phone": "13912345678"}'
    assert audit.readable("", row) == "身份证号：510124195001011234；名称：王秀英；电话：13912345678"
    masked = audit.readable("", row, masked=True)
    assert "510124********1234" in masked and "139****5678" in masked
    assert audit.readable("phone", "13912345678", masked=True) == "139****5678"
    assert audit.readable("note", None) == ""
