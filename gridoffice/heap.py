"""Building large results (the street's 33,000 key persons and their week grid, a 10,000-row
import, pypinyin's phrase dictionary) without the cyclic garbage collector's full passes.

CPython runs a full collection each time the number of live container objects has grown by a
quarter; a service that builds a few hundred thousand rows, lists and records in one go pays
for several walks over every object of the program. The collector holds the GIL while it walks:
building on a pool thread then froze the window too (pypinyin's dictionary, parsed in pieces so
the GUI thread could run between them, still stalled it 200–290 ms with the collector on,
30–45 ms with it paused). The objects built are results, not garbage cycles.

Decision (issue 17, session 4), kept for every thread (the builds run in the pool, where a
"main thread only" pause would not apply) and without ``gc.freeze()`` at start-up:

- ``building()`` pauses the collector while the block runs (counted: nested and concurrent
  uses resume it once, when the last one ends);
- at the end, the objects made meanwhile are *promoted* to the oldest generation unexamined
  (``gc.freeze()`` + ``gc.unfreeze()``: two list splices) instead of the young-generation pass
  the previous version ran (``gc.collect(0)`` walked the ~180,000 objects of the street's week
  grid: 0.15–0.45 s of it). Not promoting would leave the young generation's count high and the
  next allocation — usually on the GUI thread, handing the result over — would walk them there.
  A cycle among them is found by the next full collection, as any old object's would be.
- a ``gc.freeze()`` after start-up was measured and left out: the promotion above unfreezes
  whatever was frozen, and the start-up objects are a minority of what a full pass walks once
  a street is loaded.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def building() -> Iterator[None]:
    """Pause cyclic garbage collection for the block (nested and concurrent uses are counted:
    the collector comes back, as it was, when the last one ends)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            resume = _depth == 0 and _was_enabled
            if resume:
                promote()
                gc.enable()


def promote() -> None:
    """Move every object the collector tracks to the oldest generation without walking them
    (and reset the young generation's count). When something else froze objects, they stay
    frozen: then the young generation is collected instead."""
    if gc.get_freeze_count():
        gc.collect(0)
        return
    gc.freeze()
    gc.unfreeze()
