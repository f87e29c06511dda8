from gridoffice.services.changes import Change
from gridoffice.ui.context import AppContext


def test_context_apply_pushes_an_undoable_change_and_refreshes(qtbot, db):
    context = AppContext(db)
    state = {"v": 1}

    def set_v(value: int) -> Change:
        old = state["v"]
        state["v"] = value
        return Change.of("改值", {"setting": [1]}, undo=lambda: set_v(old))

    with qtbot.waitSignal(context.data_changed) as blocker:
        context.apply(set_v(2))
    assert blocker.args == [{"setting"}]
    assert context.undo_stack.count() == 1 and context.undo_stack.undoText() == "改值"
    context.undo_stack.undo()
    assert state["v"] == 1
    context.undo_stack.redo()
    assert state["v"] == 2


def test_an_undo_the_data_no_longer_allows_says_why_and_leaves_the_stack(qtbot, db, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gridoffice.services.errors import ServiceError

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[1:]))
    context = AppContext(db)

    def refuse() -> Change:
        raise ServiceError("这个身份证号已经登记在另一个人名下")

    context.apply(Change.of("改身份证号", {"person": [1]}, undo=refuse))
    context.undo_stack.undo()
    assert shown == [("无法撤销", "这个身份证号已经登记在另一个人名下")]
    assert context.undo_stack.count() == 0  # the stale step is dropped, not left to fail again


def test_a_duplicate_id_race_is_a_sentence(db):
    import sqlite3

    from sqlalchemy.exc import IntegrityError

    from gridoffice.store.errors import Conflict, translate

    exc = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: person.id_number"))
    known = translate(exc)
    assert isinstance(known, Conflict) and "身份证号" in str(known) and "UNIQUE" not in str(known)
