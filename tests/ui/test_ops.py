"""ui/ops.Op: progress after a delay, cancel, error routing, the undo push; the progress dialog
survives a finish delivered while it repaints."""

from PySide6.QtWidgets import QWidget

from gridoffice.ui import ops
from gridoffice.ui.ops import Op


def test_finish_arriving_during_a_progress_update_is_no_error(qtbot):
    """Issue 16: ``QProgressDialog.setValue`` on a modal dialog processes events; a finish queued
    behind a progress report was delivered inside it, set the dialog to None, and the next line
    (``setLabelText``) failed with "'NoneType' object has no attribute 'setLabelText'"."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    task = Op(parent, lambda: 42, text="正在导入…", show_after_ms=0)
    ops._live.add(task)
    results = []
    task.done.connect(results.append)
    task._show_dialog()  # the job is slow enough for the dialog to be up
    assert task._dialog is not None
    # Both reports queued on the GUI thread, in this order, before it looks at its events again.
    task.job.signals.progress.emit("第 2 步", 0.5)
    task.job.signals.progress.emit("第 3 步", 0.9)
    task.job.result = 42
    task.job.signals.ended.emit()
    qtbot.waitUntil(lambda: results == [42] and task not in ops._live)  # let go once ended
    assert task._dialog is None and not task.is_running()


def test_progress_updates_the_dialog(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    task = Op(parent, lambda: None, text="正在导入…", show_after_ms=0)
    task._show_dialog()
    dialog = task._dialog
    task._on_progress("一半了", 0.5)
    assert dialog.value() == 50 and dialog.labelText() == "一半了"
    task.cancel()


# ---- the one operation runner ---------------------------------------------------------------
import logging  # noqa: E402
import threading  # noqa: E402

from PySide6.QtWidgets import QMessageBox, QProgressDialog  # noqa: E402

from gridoffice.domain.errors import Refusal  # noqa: E402
from gridoffice.services.changes import Change  # noqa: E402
from gridoffice.ui.context import AppContext  # noqa: E402


def _shown(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    return parent


def _slow(result=None, error=None):
    gate = threading.Event()

    def fn():
        assert gate.wait(30)
        if error is not None:
            raise error
        return result

    return gate, fn


def test_progress_shows_only_after_the_delay_and_a_quick_call_shows_none(qtbot):
    parent = _shown(qtbot)
    results = []
    ops.Op(parent, lambda: 7, text="正在统计…").success(results.append).run()
    qtbot.waitUntil(lambda: results == [7])
    assert parent.findChild(QProgressDialog) is None  # done before ~300 ms: no dialog at all

    gate, fn = _slow(8)
    op = ops.Op(parent, fn, text="正在统计…", show_after_ms=50).success(results.append).run()
    assert op._dialog is None  # not at once
    qtbot.waitUntil(lambda: op._dialog is not None and op._dialog.isVisible())
    gate.set()
    qtbot.waitUntil(lambda: results == [7, 8])
    assert not any(d.isVisible() for d in parent.findChildren(QProgressDialog))


def test_cancelling_a_read_drops_its_result(qtbot):
    parent = _shown(qtbot)
    gate, fn = _slow(1)
    done, cancelled = [], []
    button = QWidget(parent)
    op = ops.Op(parent, fn, text="x", cancellable=True, disable=[button]).success(done.append)
    op.cancelled.connect(lambda: cancelled.append(True))
    op.run()
    assert not button.isEnabled()
    op.cancel()
    assert cancelled == [True] and button.isEnabled() and not op.is_running()
    gate.set()
    qtbot.waitUntil(lambda: ops.running() == 0)  # its result is queued to the GUI thread by now…
    after = []
    ops.Op(parent, lambda: "next").success(after.append).run()
    qtbot.waitUntil(lambda: after == ["next"])  # …and handled before this later one
    assert done == []  # dropped


def test_a_refusal_is_its_sentence_and_a_bug_the_error_dialog_and_the_log(qtbot, monkeypatch, caplog):
    parent = _shown(qtbot)
    warned, critical = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[1:3]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: critical.append(a[2]))
    ops.Op(parent, lambda: (_ for _ in ()).throw(Refusal("没有这个网格。")), title="不能登记").run()
    qtbot.waitUntil(lambda: bool(warned))
    assert warned == [("不能登记", "没有这个网格。")] and critical == []
    with caplog.at_level(logging.ERROR):
        ops.Op(parent, lambda: 1 / 0).run()
        qtbot.waitUntil(lambda: bool(critical))
    assert "意外错误" in critical[0] and "ZeroDivisionError" in caplog.text
    handled = []
    ops.Op(parent, lambda: 1 / 0).failure(handled.append).run()  # the caller shows it itself
    qtbot.waitUntil(lambda: bool(handled))
    assert len(critical) == 1 and isinstance(handled[0], ZeroDivisionError)


def _change(log):
    def undo():
        log.append("undone")
        return Change.of("再做", tables=["person"], undo=undo)

    return Change.of("改名", rows={"person": [1]}, undo=undo)


def test_a_write_pushes_one_undo_step_and_announces_one_change(qtbot, village):
    parent = _shown(qtbot)
    context = AppContext(village)
    seen, log = [], []
    context.data_changed.connect(seen.append)
    results = []
    ops.Op(parent, lambda: (42, _change(log)), context=context).success(results.append).run()
    qtbot.waitUntil(lambda: bool(results))
    assert results[0][0] == 42 and context.undo_stack.count() == 1 and seen == [{"person"}]
    context.undo_stack.undo()
    assert log == ["undone"]
    assert ops.apply(parent, context, lambda: _change(log)) is not None  # a short write, same routing
    assert context.undo_stack.index() == 1 and context.undo_stack.canUndo() and len(seen) == 3


def test_a_write_that_finished_although_cancelled_is_still_recorded(qtbot, village):
    parent = _shown(qtbot)
    context = AppContext(village)
    gate, fn = _slow(_change([]))
    op = ops.Op(parent, fn, context=context, text="x", cancellable=True, show_after_ms=0).run()
    qtbot.waitUntil(lambda: op._dialog is not None)
    op.cancel()  # a write is asked to stop; it completes anyway
    assert op.is_running() and op.job.cancelled()
    gate.set()
    qtbot.waitUntil(lambda: context.undo_stack.count() == 1)


def test_an_error_after_cancel_is_the_cancel(qtbot, village):
    parent = _shown(qtbot)
    context = AppContext(village)
    gate, fn = _slow(error=RuntimeError("stopped half-way"))
    cancelled = []
    op = ops.Op(parent, fn, context=context).failure(lambda exc: cancelled.append(exc))
    op.cancelled.connect(lambda: cancelled.append("cancelled"))
    op.run()
    op.cancel()
    gate.set()
    qtbot.waitUntil(lambda: bool(cancelled))
    assert cancelled == ["cancelled"] and context.undo_stack.count() == 0
