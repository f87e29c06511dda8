"""Running a long service call off the GUI thread (QThreadPool), with progress and result
delivered back to the GUI thread by signals. The function never touches a widget."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    progress = Signal(str, float)
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """``fn(progress, cancelled)`` runs in a pool thread; connect to ``signals`` before start."""

    def __init__(self, fn: Callable[[Callable[[str, float], None], Callable[[], bool]], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self._fn = fn
        self._cancel = threading.Event()
        self.finished = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self._fn(lambda text, share: self.signals.progress.emit(text, share), self._cancel.is_set)
        except BaseException as exc:  # delivered to the GUI thread, shown there as a sentence
            self.finished.set()
            self.signals.failed.emit(exc)
            return
        self.finished.set()
        self.signals.done.emit(result)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)
