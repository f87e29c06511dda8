"""Translation hook shared by every layer.

Qt-free layers (domain, store, services, exports) produce sentences that reach the user
(validation reasons, error messages, ledger titles). They pass them through :func:`tr`,
which by default returns the Chinese source text. The GUI installs Qt's translator with
:func:`install`, so the same call returns the English text when the English catalogue is
loaded. Chinese is the source language everywhere.

``pyside6-lupdate`` extracts ``tr("…")`` calls into the empty context, with an optional second
argument as the disambiguation; :func:`tr` looks them up the same way. Strings that are data
(category labels, roles, column headers kept in tables) are marked with :func:`N_` where they
are defined (``packaging/build_translations.py`` tells lupdate that ``N_`` is ``QT_TR_NOOP``, so
they land in the empty context too) and translated where they are shown, with ``tr(value)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Translate = Callable[[str, str, str | None], str]  # (context, source, disambiguation)
_translate: Translate | None = None


def install(translate: Translate | None) -> None:
    """Route :func:`tr` through ``translate(context, text, disambiguation)``
    (e.g. QCoreApplication.translate)."""
    global _translate
    _translate = translate


_local = threading.local()


@contextmanager
def source_language() -> Iterator[None]:
    """Within this block (in this thread) ``tr`` returns the Chinese source text: official
    documents (ledgers for upper levels, notice boards) are Chinese whatever the screen's
    language. Thread-local, because exports run in worker threads while the GUI translates."""
    previous = getattr(_local, "source", False)
    _local.source = True
    try:
        yield
    finally:
        _local.source = previous


def tr(text: str, disambiguation: str | None = None) -> str:
    if _translate is None or getattr(_local, "source", False):
        return text
    return _translate("", text, disambiguation)


def N_(text: str) -> str:
    """Mark a data string for the catalogue without translating it (QT_TR_NOOP)."""
    return text
