"""Running a long service call off the GUI thread (QThreadPool), with progress and result
delivered back to the GUI thread by signals. The function never touches a widget; the services
it calls open their own short sessions (each session checks out its own pooled connection).

- ``Job``: the runnable (``fn(progress, cancelled)``), used directly by the importer's commit.
- ``Task`` / ``run_in_background``: what a pane uses. It disables the pane's buttons while the
  job runs (a second click starts nothing), shows a progress dialog only when the job takes
  longer than ~300 ms (with 取消 for jobs that only read), and hands the result to ``on_done``
  or the error to ``on_failed`` (default: ``errors.show_error``) on the GUI thread.
- ``wait_all``: closing the window waits for running jobs (cancelling those that may be).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

ProgressFn = Callable[[str, float], None]
CancelledFn = Callable[[], bool]
SHOW_AFTER_MS = 300


class _Signals(QObject):
    progress = Signal(str, float)
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """``fn(progress, cancelled)`` runs in a pool thread; connect to ``signals`` before start."""

    def __init__(self, fn: Callable[[ProgressFn, CancelledFn], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self._fn = fn
        self._cancel = threading.Event()
        self.finished = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            with _gc_paused():
                result = self._fn(lambda text, share: self.signals.progress.emit(text, share), self._cancel.is_set)
        except BaseException as exc:  # delivered to the GUI thread, shown there as a sentence
            self.finished.set()
            self.signals.failed.emit(exc)
            return
        self.finished.set()
        self.signals.done.emit(result)

    def start(self) -> None:
        _running.add(self)
        QThreadPool.globalInstance().start(self)


_gc_lock = threading.Lock()
_gc_jobs = 0


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a job runs. A job reading a street database makes
    hundreds of thousands of objects; Python's full collections over them hold the interpreter
    lock for up to a second each (measured: 11 of them, 4.5 s in all, during one roster check),
    and the GUI thread stands still meanwhile. Memory is freed by reference counting as usual;
    collection resumes when the last job ends."""
    global _gc_jobs
    with _gc_lock:
        _gc_jobs += 1
        if _gc_jobs == 1:
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_jobs -= 1
            if _gc_jobs == 0:
                gc.enable()


_running: set[Job] = set()  # kept alive until finished (the pool does not own them)


def running() -> int:
    """How many jobs are still running (finished ones are forgotten here)."""
    for job in [j for j in _running if j.finished.is_set()]:
        _running.discard(job)
    return len(_running)


def wait_all(cancel: bool = True) -> None:
    """Block until every job has finished (closing the window); cancellable ones are told to stop."""
    if cancel:
        for job in list(_running):
            job.cancel()
    QThreadPool.globalInstance().waitForDone()
    running()


class Task(QObject):
    """One background call started from a widget. ``done(result)`` / ``failed(exc)`` arrive on
    the GUI thread; ``finished`` follows either (and a cancel). A cancelled task's result is
    dropped."""

    done = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, parent: QWidget, fn: Callable[..., Any], *, text: str | None = None,
                 cancellable: bool = False, disable: Iterable[QWidget] = (), with_progress: bool = False,
                 show_after_ms: int = SHOW_AFTER_MS) -> None:
        super().__init__(parent)
        self._parent = parent
        self._text = text
        self._cancellable = cancellable
        self._disabled = [w for w in disable if w.isEnabled()]
        self._dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self._over = False
        self.job = Job(fn if with_progress else (lambda _progress, _cancelled: fn()))
        self.job.signals.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.job.signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.job.signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(show_after_ms)
        self._timer.timeout.connect(self._show_dialog)

    def start(self) -> Task:
        for w in self._disabled:
            w.setEnabled(False)
        if self._text is not None:
            self._timer.start()
        self.job.start()
        return self

    def is_running(self) -> bool:
        return not self._over

    def cancel(self) -> None:
        """Stop waiting: the result is dropped (the service is told through ``cancelled()``)."""
        if self._over:
            return
        self.job.cancel()
        self._finish()

    def _show_dialog(self) -> None:
        if self._over:
            return
        dialog = QProgressDialog(self._text or "", self.tr("取消") if self._cancellable else "", 0, 0, self._parent)
        dialog.setObjectName("taskProgress")
        dialog.setWindowTitle(self.tr("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(360)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self._cancellable:
            dialog.setCancelButton(None)
        # Our own bar, set directly: QProgressDialog.setValue on a modal dialog processes events,
        # and a finish delivered inside it used to close the dialog under the caller (issue 16).
        self._bar = QProgressBar(dialog)
        self._bar.setRange(0, 0)
        dialog.setBar(self._bar)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self._dialog = dialog

    def _on_progress(self, text: str, share: float) -> None:
        dialog, bar = self._dialog, self._bar
        if dialog is None or bar is None or self._over:
            return
        if text:
            dialog.setLabelText(text)
        bar.setRange(0, 100)
        bar.setValue(int(share * 100))  # never processes events: nothing can re-enter here

    def _finish(self) -> None:
        self._over = True
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = self._bar = None
        for w in self._disabled:
            w.setEnabled(True)
        running()
        self.finished.emit()

    def _on_done(self, result: object) -> None:
        if self._over:  # cancelled: nobody waits for it any more
            return
        self._finish()
        self.done.emit(result)
        self.deleteLater()

    def _on_failed(self, exc: BaseException) -> None:
        if self._over:
            return
        self._finish()
        self.failed.emit(exc)
        self.deleteLater()


def run_in_background(parent: QWidget, fn: Callable[[], Any], on_done: Callable[[Any], None], *,
                      text: str | None = None, on_failed: Callable[[BaseException], None] | None = None,
                      action: str = "", cancellable: bool = False, disable: Iterable[QWidget] = ()) -> Task:
    """Run ``fn()`` in the pool; ``on_done(result)`` on the GUI thread. A failure goes to
    ``on_failed`` or is shown by ``errors.show_error`` (``action`` says what did not happen).
    ``text``: the progress dialog's sentence (no dialog when None: the pane shows its own state)."""
    from gridoffice.ui.errors import show_error

    task = Task(parent, fn, text=text, cancellable=cancellable, disable=disable)
    task.done.connect(on_done)
    task.failed.connect(on_failed if on_failed is not None else (lambda exc: show_error(parent, exc, action)))
    return task.start()


class Loader(QObject):
    """A pane's reload in the pool, latest wins: a request while one runs is kept (only the last)
    and started when the running one ends; the running one's result is then dropped as stale.
    ``loading(bool)`` lets the pane say "正在计算…"."""

    loading = Signal(bool)

    def __init__(self, parent: QWidget, on_done: Callable[[Any], None],
                 on_failed: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._on_done = on_done
        self._on_failed = on_failed
        self._task: Task | None = None
        self._next: Callable[[], Any] | None = None

    def busy(self) -> bool:
        return self._task is not None

    def request(self, fn: Callable[[], Any]) -> None:
        if self._task is not None:
            self._next = fn
            return
        self._start(fn)

    def _start(self, fn: Callable[[], Any]) -> None:
        task = Task(self._parent, fn)
        task.done.connect(self._done)
        task.failed.connect(self._failed)
        self._task = task
        self.loading.emit(True)
        task.start()

    def _settle(self) -> bool:
        """The running task ended; start the waiting request if any. True: the result is current."""
        self._task = None
        if self._next is not None:
            fn, self._next = self._next, None
            self._start(fn)
            return False
        self.loading.emit(False)
        return True

    def _done(self, result: object) -> None:
        if self._settle():
            self._on_done(result)

    def _failed(self, exc: BaseException) -> None:
        if not self._settle():
            return
        if self._on_failed is not None:
            self._on_failed(exc)
        else:
            from gridoffice.ui.errors import show_error

            show_error(self._parent, exc)
