from sqlmodel import select

from gridoffice.store.models import AuditEvent, Grid


def test_orm_changes_are_audited_with_operator_old_and_new(db):
    with db.session() as s:
        grid = Grid(level="community", code="A", name="甲村")
        s.add(grid)
    with db.session() as s:
        g = s.get(Grid, grid.id)
        g.name = "乙村"
    with db.reading() as s:
        events = s.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["insert", "update"]
    update = events[1]
    assert (update.table_name, update.row_id, update.field, update.old, update.new) == ("grid", grid.id, "name", "甲村", "乙村")
    assert update.operator == "测试员"


def test_inserts_and_deletes_carry_the_row_id_and_values(db):
    import json

    from gridoffice.store.models import Person

    with db.session() as s:
        p = Person(name="王秀英", id_number="510124195001011234", phone="13812345678")
        s.add(p)
    with db.session() as s:
        s.delete(s.get(Person, p.id))
    with db.reading() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.table_name == "person").order_by(AuditEvent.id)).all()
    insert, delete = events
    assert (insert.action, insert.row_id, delete.action, delete.row_id) == ("insert", p.id, "delete", p.id)
    assert json.loads(insert.new)["name"] == "王秀英"
    assert json.loads(delete.old)["id_number"] == "510124195001011234", "a deleted row can be read back"
    assert insert.operator == delete.operator == "测试员"


def test_core_bulk_writes_are_recorded(db):
    from sqlalchemy import insert as core_insert
    from sqlalchemy import select as core_select

    from gridoffice.store import audit
    from gridoffice.store.models import Person

    with db.session() as s:
        s.connection().execute(core_insert(Person.__table__), [dict(name=f"导入{i}") for i in range(5)])
        ids = [r[0] for r in s.connection().execute(core_select(Person.id)).all()]
        audit.record_rows(s, "person", "insert", ids, note="导入 花名册.xlsx")
    with db.reading() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.table_name == "person")).all()
    assert sorted(e.row_id for e in events) == sorted(ids)
    assert {e.new for e in events} == {"导入 花名册.xlsx"} and {e.operator for e in events} == {"测试员"}
