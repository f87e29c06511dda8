"""Building large results (the street's 33,000 key persons and their week grid, a 10,000-row
import) without the cyclic garbage collector's full passes.

CPython runs a full collection each time the number of live container objects has grown by a
quarter; a service that builds a few hundred thousand rows, lists and records in one go pays
for several walks over every object of the program (they took ~40 % of the street's week grid).
The objects built are results, not garbage cycles, so ``building()`` pauses the collector while
they are made and does the one young-generation pass they would have had anyway before handing
them over (the pass stays inside what a caller measures).
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
                gc.enable()
        if resume:
            gc.collect(0)
