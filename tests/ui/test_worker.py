"""ui/worker.Task: the progress dialog survives a finish delivered while it repaints."""

from PySide6.QtWidgets import QWidget

from gridoffice.ui.worker import Task


def test_finish_arriving_during_a_progress_update_is_no_error(qtbot):
    """Issue 16: ``QProgressDialog.setValue`` on a modal dialog processes events; a finish queued
    behind a progress report was delivered inside it, set the dialog to None, and the next line
    (``setLabelText``) failed with "'NoneType' object has no attribute 'setLabelText'"."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    task = Task(parent, lambda: 42, text="正在导入…", show_after_ms=0)
    results = []
    task.done.connect(results.append)
    task._show_dialog()  # the job is slow enough for the dialog to be up
    assert task._dialog is not None
    # Both reports queued on the GUI thread, in this order, before it looks at its events again.
    task.job.signals.progress.emit("第 2 步", 0.5)
    task.job.signals.progress.emit("第 3 步", 0.9)
    task.job.signals.done.emit(42)
    deleted = []
    task.destroyed.connect(lambda: deleted.append(True))
    qtbot.waitUntil(lambda: results == [42] and bool(deleted))
    assert task._dialog is None and not task.is_running()


def test_progress_updates_the_dialog(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    task = Task(parent, lambda: None, text="正在导入…", show_after_ms=0)
    task._show_dialog()
    dialog = task._dialog
    task._on_progress("一半了", 0.5)
    assert dialog.value() == 50 and dialog.labelText() == "一半了"
    task.cancel()
