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
