"""Figures derived from many rows, kept in memory while the tables they were read from stay
unchanged: the key persons of a street (33,000 read from five tables), the dashboard's counts.
Whether the tables changed is told by the database itself (store/generations.py:
PostgreSQL's counters kept by triggers, per group of tables; SQLite's ``data_version``, any
commit), so a write by any path — an operation, an import, an exchange package, an undo, raw
SQL, another program or clerk — makes the next read compute afresh. Nothing here is a second copy of data: a kept figure is the value the same
function returned for the same arguments and the same counters.

A figure is kept only when the counters read before and after computing it agree (a write
committed while it was read leaves nothing kept). A few figures per open database, the least
recently used dropped first. Values handed out are shared: callers must not change them (the
functions that hand out changeable objects copy them, see ``visits.core.key_persons``)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from gridoffice.store import Database

T = TypeVar("T")
KEPT = 8  # figures per database
KEPT_LARGE = 3  # of them large (a street's key persons with their details, about 15 MB; its membership rows, 7 MB)
_lock = threading.Lock()  # the pool's threads share a database's figures


def _stamp(db: Database, groups: tuple[str, ...]) -> tuple[int, ...]:
    return db.counters.stamp(groups)


def kept(db: Database, key: Hashable, groups: tuple[str, ...], compute: Callable[[], T], *,
         large: bool = False) -> T:
    """``compute()``, or the value it gave for ``key`` while the stamp of ``groups`` was what it
    is now. ``large``: one of the few big figures (at most ``KEPT_LARGE`` are kept)."""
    stamp = _stamp(db, groups)
    memo: OrderedDict[Hashable, tuple[tuple[int, ...], object, bool]] = db.derived
    with _lock:
        found = memo.get(key)
        if found is not None and found[0] == stamp:
            memo.move_to_end(key)
            return found[1]  # type: ignore[return-value]
    value = compute()
    if _stamp(db, groups) == stamp and min(stamp, default=0) >= 0:
        with _lock:
            memo[key] = (stamp, value, large)
            memo.move_to_end(key)
            bigs = [k for k, entry in memo.items() if entry[2]]
            for k in bigs[:max(0, len(bigs) - KEPT_LARGE)]:  # the least recently used first
                del memo[k]
            while len(memo) > KEPT:
                memo.popitem(last=False)
    return value


def peek(db: Database, key: Hashable, groups: tuple[str, ...]) -> object | None:
    """The value kept for ``key`` if it is still valid, else None (nothing is computed)."""
    with _lock:
        found = db.derived.get(key)
        if found is not None:
            db.derived.move_to_end(key)  # used: the last to go
    if found is None or found[0] != _stamp(db, groups):
        return None
    return found[1]


def forget(db: Database) -> None:
    """Drop every kept figure of ``db`` (tests and benches: a first read again). A restore needs
    none of this: it reopens the SQLite watcher, and a new watcher's stamps never repeat."""
    with _lock:
        db.derived.clear()
