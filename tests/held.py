"""A service held back in a pool thread, for tests of background work (``slow_spy`` fixture):

    spy = slow_spy(roster_lists, "person_ids")   # calls wait until spy.release is set
    qtbot.waitUntil(lambda: spy.calls == 1)
    assert spy.threads[0] is not threading.main_thread()
    spy.release.set()

The fixture releases every held call when the test ends (a failing test never leaves a pool
thread waiting out its timeout), and ``delivered(qtbot)`` waits — on a condition, not a time —
until everything a finished pool thread posted to the GUI thread has been handled, so a test can
then assert that something did *not* happen."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

HOLD_SECONDS = 10


class Spy:
    def __init__(self, real: Callable[..., Any], release: threading.Event, result: Any = None,
                 call_real: bool = True) -> None:
        self.real, self.release = real, release
        self.threads: list[threading.Thread] = []
        self.args: list[tuple[Any, ...]] = []
        self._result, self._call_real = result, call_real

    @property
    def calls(self) -> int:
        return len(self.threads)

    def __call__(self, *args: Any, **kw: Any) -> Any:
        self.threads.append(threading.current_thread())
        self.args.append(args)
        self.release.wait(HOLD_SECONDS)
        return self.real(*args, **kw) if self._call_real else self._result


@pytest.fixture
def slow_spy(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``slow_spy(owner, "name", release=None, held=True, result=…)`` replaces ``owner.name`` by a spy that
    records the calling thread and waits for ``spy.release`` before calling the real one (or
    returning ``result`` when given)."""
    events: list[threading.Event] = []

    def hold(owner: Any, name: str, release: threading.Event | None = None, *, held: bool = True,
             **kw: Any) -> Spy:
        event = release or threading.Event()
        if not held:  # a spy only: records the thread, calls through at once
            event.set()
        events.append(event)
        if "result" in kw:
            spy = Spy(getattr(owner, name), event, kw["result"], call_real=False)
        else:
            spy = Spy(getattr(owner, name), event)
        monkeypatch.setattr(owner, name, spy)
        return spy

    yield hold
    for event in events:
        event.set()


def delivered(qtbot: Any) -> None:
    """Wait until the pool is idle and every event posted so far has been handled (a sentinel
    queued now is handled after them)."""
    from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

    class _Sentinel(QObject):
        ping = Signal()

    QThreadPool.globalInstance().waitForDone()
    seen: list[bool] = []
    sentinel = _Sentinel()
    sentinel.ping.connect(lambda: seen.append(True), Qt.ConnectionType.QueuedConnection)
    sentinel.ping.emit()
    qtbot.waitUntil(lambda: bool(seen))
