"""The root of every refusal the user can act on.

Each layer has its own root below it — ``store.errors.StoreError``, ``services.errors.ServiceError``,
``exports.errors.ExportError`` — and every user-fixable refusal is a subclass carrying one Chinese
sentence (``str(err)``) and, optionally, a technical ``detail`` for the log. The CLI prints the
sentence as one line and exits 2; the GUI shows it in a message box. Builtin exceptions
(ValueError, LookupError…) are bugs.
"""

from __future__ import annotations


class Refusal(Exception):
    def __init__(self, message: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message
