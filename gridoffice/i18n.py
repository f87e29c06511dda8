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

from collections.abc import Callable

Translate = Callable[[str, str, str | None], str]  # (context, source, disambiguation)
_translate: Translate | None = None


def install(translate: Translate | None) -> None:
    """Route :func:`tr` through ``translate(context, text, disambiguation)``
    (e.g. QCoreApplication.translate)."""
    global _translate
    _translate = translate


def tr(text: str, disambiguation: str | None = None) -> str:
    if _translate is None:
        return text
    return _translate("", text, disambiguation)


def N_(text: str) -> str:
    """Mark a data string for the catalogue without translating it (QT_TR_NOOP)."""
    return text
