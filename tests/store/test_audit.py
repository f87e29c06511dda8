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
