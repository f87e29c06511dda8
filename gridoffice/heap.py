"""Building large results (the street's 33,000 key persons and their week grid, a 10,000-row
import, pypinyin's phrase dictionary) without the cyclic garbage collector's full passes.

CPython runs a full collection each time the number of live container objects has grown by a
quarter; a service that builds a few hundred thousand rows, lists and records in one go pays
for several walks over every object of the program. The collector holds the GIL while it walks:
building on a pool thread then froze the window too (pypinyin's dictionary, parsed in pieces so
the GUI thread could run between them, still stalled it 200–290 ms with the collector on,
30–45 ms with it paused). The objects built are results, not garbage cycles.

Decision (issue 17, session 4): keep the pause, for every thread, as the one counted pause of
the program — the services' ``bulk.building`` and every GUI job (``ui/ops.py``) use it. Work runs
in the pool, so a "main thread only" pause would not pause anything that matters; and two
independent pauses (the services' and the jobs') let a build inside a job skip its ending, its
objects left in the young generation for the next allocation to walk, often on the GUI thread.

- ``building()`` pauses the collector while the block runs (nested and concurrent uses are
  counted: it resumes once, when the last one ends);
- at the end, the objects made meanwhile are *promoted* to the oldest generation unexamined
  (``gc.freeze()`` + ``gc.unfreeze()``: two list splices, and the young generation's count is
  reset) instead of the young-generation pass of the previous version (``gc.collect(0)`` walked
  the ~180,000 live objects of the street's week grid: 0.15–0.45 s, CPU 1.44–1.53 s → 1.24–1.43 s
  for the whole week view). Not promoting would leave the count high and the next allocation
  would walk them. A cycle among them is found by the next full collection, as an old object's is;
- no ``gc.freeze()`` after start-up: the promotion unfreezes whatever is frozen (``promote``
  falls back to ``gc.collect(0)`` when something else froze objects), and the start-up objects
  are a minority of what a full pass walks once a street is loaded (with the start-up heap
  frozen, the dictionary load above still stalled 40–70 ms; paused, 30–45 ms).
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
