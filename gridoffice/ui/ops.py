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
  the change at once (a dialog that selects the row it added); ``apply`` is that in one call,
  ``start`` the same write in the pool for callers that don't.

``Loader`` is a pane's reload on top of it (latest request wins); ``wait_all`` is what closing
the window waits for. This module replaced ``ui/worker.Task``/``Loader``, the export dialog's own
QRunnable, the posters pane's processEvents() loop and the pane-local apply helpers (issue 16).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

from gridoffice.services.changes import Change
from gridoffice.ui.jobs import CancelledFn, Job, ProgressFn, running, wait_all

__all__ = ["SHOW_AFTER_MS", "Cancelled", "CancelledFn", "Loader", "Op", "ProgressFn", "apply", "change_in",
           "run_in_background", "running", "start", "wait_all"]

SHOW_AFTER_MS = 300


class Cancelled(Exception):
    """A call stopped on request. Services have their own (``importer.Cancelled``,
    ``ledgers.ExportCancelled``); here any error raised after 取消 counts as this one."""


def _t(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate: _t is tr (empty context)


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


def start(parent: QWidget, context: Any, make: Callable[[], Any], *, title: str | None = None,
          failure: Callable[[BaseException], None] | None = None, disable: Iterable[QWidget] = ()) -> Op:
    """``apply`` in the pool, for a caller that needs nothing from the change at once (the panes
    refresh on ``data_changed``): recorded when it ends, or its refusal shown. ``make`` runs in a
    pool thread: it must capture plain values, not read widgets."""
    op = Op(parent, make, context=context, title=title, disable=disable)
    if failure is not None:
        op.failure(failure)
    return op.run()


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
