"""The one way a pane runs a service call (after Anki's ``CollectionOp`` / ``QueryOp``).

    Op(self, lambda: staff.add_staff(db, values), context=self.context).success(select).run()

- The call runs in the thread pool (``run``); a progress dialog appears only when it takes longer
  than ~300 ms (``text``), with 取消 when ``cancellable``; the widgets in ``disable`` are disabled
  meanwhile (a second click starts nothing).
- A service that takes ``(progress, cancelled)`` (``with_progress=True``) reports
  ``progress(text, share)`` — the one progress signature: a sentence ("" keeps the last one) and
  the share done, 0…1 (below 0: not known) — and looks at ``cancelled()`` now and then.
- Errors are routed once: a refusal (``Refusal``, a known store error) becomes a message box
  with its sentence, anything else the one error dialog and the log (``errors.show_error``),
  unless the caller handles failures itself (``failure``). An error after 取消 is the cancel.
- With ``context``, a ``Change`` in the result (the result itself, or an item of a tuple) is
  recorded: pushed on the undo stack and announced once (``context.apply`` → ``data_changed``).
  A write that finished although 取消 was pressed is still recorded: it happened.
- ``run_now`` runs a short write on the GUI thread with the same routing, for callers that need
  the change at once (a dialog that selects the row it added).

``Loader`` is a pane's reload on top of it (latest request wins); ``wait_all`` is what closing
the window waits for. This module replaced ``ui/worker.Task``/``Loader``, the export dialog's own
QRunnable, the posters pane's processEvents() loop and the pane-local apply helpers (issue 16).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

from gridoffice import heap
from gridoffice.services.changes import Change

ProgressFn = Callable[[str, float], None]
CancelledFn = Callable[[], bool]
SHOW_AFTER_MS = 300


class Cancelled(Exception):
    """A call stopped on request. Services have their own (``importer.Cancelled``,
    ``ledgers.ExportCancelled``); here any error raised after 取消 counts as this one."""


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


class _Signals(QObject):
    progress = Signal(str, float)
    ended = Signal()  # the outcome is on the job: no Python object crosses threads in a signal


class Job(QRunnable):
    """``fn(progress, cancelled)`` in a pool thread; talks back only through ``signals``."""

    def __init__(self, fn: Callable[[ProgressFn, CancelledFn], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self.result: Any = None
        self.error: BaseException | None = None
        self._fn = fn
        self._cancel = threading.Event()
        self.finished = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        # The outcome stays on the job and only a bare ``ended`` is queued: a Python object (an
        # exception with its traceback) sent through a queued signal was freed on the wrong thread
        # and corrupted the heap ("malloc_consolidate(): unaligned fastbin chunk", export tests).
        # ``finished`` is set only after the last emit: until then the job stays in ``_running``,
        # so its signals object cannot be collected under the emit ("Signal source has been deleted").
        try:
            with _gc_paused():
                self.result = self._fn(lambda text, share: self.signals.progress.emit(text, share),
                                       self._cancel.is_set)
        except BaseException as exc:  # delivered to the GUI thread, shown there as a sentence
            self.error = exc
        try:
            self.signals.ended.emit()
        finally:
            self.finished.set()

    def outcome(self) -> tuple[Any, BaseException | None]:
        """(result, error) once ended; read on the GUI thread."""
        error, self.error = self.error, None
        result, self.result = self.result, None
        return result, error

    def start(self) -> None:
        _running.add(self)
        QThreadPool.globalInstance().start(self)


def _gc_paused() -> AbstractContextManager[None]:
    """No cyclic garbage collection while a job runs. A job reading a street database makes
    hundreds of thousands of objects; Python's full collections over them hold the interpreter
    lock for up to a second each, and the GUI thread stands still meanwhile. Memory is freed by
    reference counting as usual; collection resumes when the last job (or service build) ends,
    its objects promoted unexamined — one counted pause shared with the services'
    ``bulk.building`` (gridoffice/heap.py; two pauses of their own left a job's objects in the
    young generation, walked on the next allocation, often on the GUI thread). (Pausing from the
    GUI thread and resuming there when the job's end was delivered crashed the UI tests.)"""
    return heap.building()


# Jobs are kept here until the pool is idle, and so are freed on the GUI thread. A job freed on
# its pool thread (its last reference dropped as ``run`` returned) took its signals object and
# the closures' widgets with it on the wrong thread, and the pool then read the freed runnable:
# heap corruption ("malloc_consolidate(): unaligned fastbin chunk") under the UI tests.
_running: set[Job] = set()


def running() -> int:
    """How many jobs are still running."""
    alive = sum(1 for job in _running if not job.finished.is_set())
    if alive == 0 and QThreadPool.globalInstance().activeThreadCount() == 0:
        _running.clear()
    return alive


def wait_all(cancel: bool = True) -> None:
    """Block until every job has finished (closing the window); cancellable ones are told to stop."""
    if cancel:
        for job in list(_running):
            job.cancel()
    QThreadPool.globalInstance().waitForDone()
    running()


def change_in(result: object) -> Change | None:
    """The change a service returned: the result itself, an item of a returned tuple, or its
    ``change`` attribute."""
    if isinstance(result, Change):
        return result
    if isinstance(result, tuple):
        return next((item for item in result if isinstance(item, Change)), None)
    change = getattr(result, "change", None)  # a result that carries its change (an import)
    return change if isinstance(change, Change) else None


_live: set[Op] = set()  # ops that have not ended (they have no parent to keep them)


class Op(QObject):
    """One service call started from a widget. ``done(result)`` / ``failed(exc)`` /
    ``cancelled()`` arrive on the GUI thread, ``finished`` after any of them."""

    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()
    progress = Signal(str, float)  # for a dialog with its own bar (the export dialog)

    def __init__(self, parent: QWidget, fn: Callable[..., Any], *, context: Any = None, text: str | None = None,
                 cancellable: bool = False, disable: Iterable[QWidget] = (), with_progress: bool = False,
                 show_after_ms: int = SHOW_AFTER_MS, action: str = "", title: str | None = None,
                 waits: bool | None = None) -> None:
        # Not a child of ``parent``: an op deleted through ``deleteLater`` while a child crashed
        # the UI tests now and then (heap corruption). It lives in ``_live`` until it has ended,
        # then is let go on a later turn of the event loop; a parent gone meanwhile only drops
        # the outcome.
        super().__init__()
        self._parent = parent
        self._context = context  # an AppContext: records the change (typed loosely: no import cycle)
        self._text = text
        self._cancellable = cancellable
        self._disable = list(disable)
        self._disabled: list[QWidget] = []
        self._action, self._title = action, title
        self._routes_failures = True
        self._dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self._over = False
        self._waits = context is not None if waits is None else waits  # 取消 waits for the outcome
        self._fn = fn if with_progress else (lambda _progress, _cancelled: fn())
        self.job = Job(self._fn)
        self.job.signals.ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)
        self.job.signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(show_after_ms)
        self._timer.timeout.connect(self._show_dialog)

    # ---- building --------------------------------------------------------------------------------
    def success(self, callback: Callable[[Any], None]) -> Op:
        self.done.connect(callback)
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op:
        """The caller shows this failure itself (no message box from here)."""
        self._routes_failures = False
        self.failed.connect(callback)
        return self

    # ---- running ---------------------------------------------------------------------------------
    def run(self) -> Op:
        _live.add(self)
        self._disabled = [w for w in self._disable if w.isEnabled()]
        for w in self._disabled:
            w.setEnabled(False)
        if self._text is not None:
            self._timer.start()
        self.job.start()
        return self

    def run_now(self) -> Any:
        """Run on the GUI thread (a short write); the result, or None when it failed (shown)."""
        try:
            result = self._fn(lambda _text, _share: None, lambda: False)
        except Exception as exc:
            self._over = True
            self._route(exc)
            self._let_go()
            return None
        self._over = True
        self._record(result)
        self.done.emit(result)
        self.finished.emit()
        self._let_go()
        return result

    def _let_go(self) -> None:
        QTimer.singleShot(0, lambda: _live.discard(self))

    def _parent_alive(self) -> bool:
        return shiboken6.isValid(self._parent)

    def is_running(self) -> bool:
        return not self._over

    def cancel(self) -> None:
        """取消. A read stops being waited for (its result is dropped). A write (or ``waits``: a
        file being written) is asked to stop and its outcome still arrives: ``cancelled`` when it
        stopped (an error, or a result without a change), the change recorded when it had
        finished anyway."""
        if self._over:
            return
        if self._waits:
            self.ask_to_stop()
            return
        self.job.cancel()
        self._finish()
        self.cancelled.emit()

    def ask_to_stop(self) -> None:
        self.job.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(_t("正在取消…"))
            button = self._dialog.findChild(QPushButton)
            if button is not None:
                button.setEnabled(False)

    # ---- progress --------------------------------------------------------------------------------
    def _show_dialog(self) -> None:
        if self._over:
            return
        dialog = QProgressDialog(self._text or "", _t("取消") if self._cancellable else "", 0, 0, self._parent)
        dialog.setObjectName("taskProgress")
        dialog.setWindowTitle(_t("请稍候"))
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
        if self._over:
            return
        self.progress.emit(text, share)
        dialog, bar = self._dialog, self._bar
        if dialog is None or bar is None:
            return
        if text:
            dialog.setLabelText(text)
        if share >= 0:
            bar.setRange(0, 100)
            bar.setValue(int(share * 100))  # never processes events: nothing can re-enter here

    # ---- outcome ---------------------------------------------------------------------------------
    def _finish(self) -> None:
        self._over = True
        self._timer.stop()
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
        self._dialog = self._bar = None
        for w in self._disabled:
            if shiboken6.isValid(w):
                w.setEnabled(True)
        running()
        self.finished.emit()

    def _record(self, result: object) -> None:
        change = change_in(result) if self._context is not None else None
        if change is not None:
            self._context.apply(change)

    def _on_ended(self) -> None:
        result, error = self.job.outcome()
        if not self._parent_alive():  # the window closed mid-load: nobody to tell
            self._over = True
            if error is None and self._context is not None and shiboken6.isValid(self._context):
                self._record(result)
            self._let_go()
            return
        if error is not None:
            self._on_failed(error)
        else:
            self._on_done(result)

    def _on_done(self, result: object) -> None:
        if self._over:  # cancelled: nobody waits for the result; a write that happened is kept
            self._record(result)
            self._let_go()
            return
        self._finish()
        if self.job.cancelled() and change_in(result) is None:  # stopped early: a partial result
            self.cancelled.emit()
        else:
            self._record(result)
            self.done.emit(result)
        self._let_go()

    def _on_failed(self, exc: BaseException) -> None:
        if self._over:
            self._let_go()
            return
        if self.job.cancelled() or isinstance(exc, Cancelled):
            self._finish()
            self.cancelled.emit()
        else:
            self._finish()
            self._route(exc)
        self._let_go()

    def _route(self, exc: BaseException) -> None:
        if self._routes_failures:
            from gridoffice.ui.errors import show_error

            show_error(self._parent, exc, self._action, self._title)
        self.failed.emit(exc)


def apply(parent: QWidget, context: Any, make: Callable[[], Any], *, title: str | None = None,
          failure: Callable[[BaseException], None] | None = None) -> Any:
    """A short write on the GUI thread: recorded (undo + refresh) or its refusal shown (or handed
    to ``failure``). Returns what ``make`` returned (the change), or None when it failed."""
    op = Op(parent, make, context=context, title=title)
    if failure is not None:
        op.failure(failure)
    return op.run_now()


class Loader(QObject):
    """A pane's reload in the pool, latest wins: a request while one runs is kept (only the last)
    and started when the running one ends; the running one's result is then dropped as stale.
    ``loading(bool)`` lets the pane say "正在统计…"."""

    loading = Signal(bool)

    def __init__(self, parent: QWidget, on_done: Callable[[Any], None],
                 on_failed: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._on_done = on_done
        self._on_failed = on_failed
        self._op: Op | None = None
        self._next: Callable[[], Any] | None = None

    def busy(self) -> bool:
        return self._op is not None

    def request(self, fn: Callable[[], Any]) -> None:
        if self._op is not None:
            self._next = fn
            return
        self._start(fn)

    def _start(self, fn: Callable[[], Any]) -> None:
        op = Op(self._parent, fn)
        op.done.connect(self._done)
        op.failure(self._failed)
        op.cancelled.connect(self._settle)  # the window is closing
        self._op = op
        self.loading.emit(True)
        op.run()

    def _settle(self) -> bool:
        """The running load ended; start the waiting request if any. True: the result is current."""
        self._op = None
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


def run_in_background(parent: QWidget, fn: Callable[[], Any], on_done: Callable[[Any], None], *,
                      text: str | None = None, on_failed: Callable[[BaseException], None] | None = None,
                      action: str = "", cancellable: bool = False, disable: Iterable[QWidget] = (),
                      context: Any = None) -> Op:
    """``Op(…).success(on_done)[.failure(on_failed)].run()`` in one call."""
    op = Op(parent, fn, text=text, cancellable=cancellable, disable=disable, action=action, context=context)
    op.success(on_done)
    if on_failed is not None:
        op.failure(on_failed)
    return op.run()
