"""The root of every refusal the user can act on.

Each layer has its own root below it — ``store.errors.StoreError``, ``services.errors.ServiceError``,
``exports.errors.ExportError`` — and every user-fixable refusal is a subclass carrying one Chinese
sentence (``str(err)``) and, optionally, a technical ``detail`` for the log. The CLI prints the
sentence as one line and exits 2; the GUI shows it in a message box. Builtin exceptions
(ValueError, LookupError…) are bugs.

A sentence is written for both surfaces: it never names a command-line flag, a command or a
button. What to do next on one surface goes in ``hint_cli`` (the CLI prints it after the sentence:
"加 --force 重新导入") or ``hint_gui`` (the GUI shows it under the sentence: "按“强制导入”");
``for_cli`` and ``for_gui`` give the whole text for each (``Hinted``, which a report's line — an
import row's warning — uses too). ``services.errors.hints`` builds the two as keyword arguments.
"""

from __future__ import annotations

from typing import ClassVar


class Hinted:
    """A sentence for both surfaces plus what to do next on each: ``for_cli()`` is the sentence
    and the CLI hint on one line, ``for_gui()`` the sentence and the GUI hint (after
    ``gui_joint``: a line break in a message box, nothing in a table's cell)."""

    hint_cli: str
    hint_gui: str
    gui_joint: ClassVar[str] = "\n"

    def sentence(self) -> str:
        return str(self)

    def for_cli(self) -> str:
        return f"{self.sentence()}{self.hint_cli}"

    def for_gui(self) -> str:
        return f"{self.sentence()}{self.gui_joint}{self.hint_gui}" if self.hint_gui else self.sentence()


class Refusal(Hinted, Exception):
    def __init__(self, message: str = "", detail: str = "", *, hint_cli: str = "", hint_gui: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.hint_cli = hint_cli
        self.hint_gui = hint_gui

    def __str__(self) -> str:
        return self.message
