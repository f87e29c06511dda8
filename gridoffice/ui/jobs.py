"""The pool side of ``ui/ops.py``: a ``Job`` runs ``fn(progress, cancelled)`` in Qt's thread
pool and talks back only through a bare ``ended`` signal (the outcome stays on the job, read on
the GUI thread); jobs are kept until the pool is idle so they are freed on the GUI thread;
cyclic garbage collection pauses while any job runs. Panes use ``Op`` / ``Loader`` (ui/ops.py),
not this module."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from gridoffice import heap

ProgressFn = Callable[[str, float], None]
CancelledFn = Callable[[], bool]


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
