"""Translation hook shared by every layer.

Qt-free layers (domain, store, services, exports) produce sentences that reach the user
(validation reasons, error messages, ledger titles). They pass them through :func:`tr`,
which by default returns the Chinese source text. The GUI installs Qt's translator with
:func:`install`, so the same call returns the English text when the English catalogue is
loaded. Chinese is the source language everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str, str], str] | None = None


def install(translate: Callable[[str, str], str] | None) -> None:
    """Route :func:`tr` through ``translate(context, text)`` (e.g. QCoreApplication.translate)."""
    global _translate
    _translate = translate


def tr(text: str, context: str = "GridOffice") -> str:
    if _translate is None:
        return text
    return _translate(context, text)
