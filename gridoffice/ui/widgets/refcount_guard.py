"""Work-around for a reference-count bug in PySide6 6.12 on Python 3.11.

Measured here (PySide6 6.12.0, CPython 3.11.7): every call from Python to a Qt method that
returns nothing (``label.setText(…)``, ``processEvents()``), or returns an invalid QVariant as
``None``, takes one reference from ``None`` that it never gave; every ``signal.emit(…)`` does the
same to ``True``. A session starts with about 51,000 references to ``None`` and 10,000 to
``True``, so after that many calls the interpreter aborts ("Fatal Python error: none_dealloc"),
in the GUI after a few minutes of work on a street database, in tests at interpreter exit.

From Python 3.12 these singletons are immortal and the bug is harmless. On 3.11 we give
``None``, ``True`` and ``False`` a very large reference count once at start, which is what 3.12
does. Remove this module when PySide6 is fixed or Python 3.11 support is dropped.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6

_HEADROOM = 1 << 40
_done = False


def affected() -> bool:
    return sys.version_info < (3, 12) and PySide6.__version__.startswith("6.12")


def install() -> bool:
    """Apply once when affected; returns whether it was applied."""
    global _done
    if _done or not affected() or sys.implementation.name != "cpython":
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython 3.11 object, at id(obj)
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _done = True
    return True
