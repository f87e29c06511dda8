"""The "masked display" switch, for screens a visitor can see: ID numbers and phones shown as
the public policy (domain.privacy) shows them. Table models call ``display_id`` /
``display_phone`` (or ``display_field``) for such columns and refresh on ``switch().changed``.
The state lives in the per-user settings, read once and cached (models call this per cell)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from gridoffice import options
from gridoffice.domain import privacy
from gridoffice.services.audit import core as audit
from gridoffice.ui import settings

KEY = options.MASKED_DISPLAY.key


class MaskingSwitch(QObject):
    changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self._on: bool | None = None

    @property
    def on(self) -> bool:
        if self._on is None:
            self._on = bool(settings.user_settings().value(KEY, False, type=bool))
        return self._on

    def set(self, on: bool) -> None:
        if on == self.on:
            return
        self._on = on
        store = settings.user_settings()
        store.setValue(KEY, on)
        store.sync()
        self.changed.emit(on)

    def forget(self) -> None:
        """Read the setting again on next use (a new settings folder, tests)."""
        self._on = None


_switch: MaskingSwitch | None = None


def switch() -> MaskingSwitch:
    global _switch
    if _switch is None:
        _switch = MaskingSwitch()
    return _switch


def masked() -> bool:
    return switch().on


class MaskedCells:
    """Mixin for a table model that shows IDs or phones: call ``self.watch_masking()`` in
    ``__init__``; when the switch flips, every cell is painted again (a bound method, so Qt
    drops the connection when the model goes)."""

    def watch_masking(self) -> None:
        switch().changed.connect(self._repaint_masked)

    def _repaint_masked(self, _on: bool) -> None:
        rows, columns = self.rowCount(), self.columnCount()  # type: ignore[attr-defined]
        if rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))  # type: ignore[attr-defined]


def display_id(value: str | None) -> str:
    if not value:
        return ""
    return privacy.mask_id(value) if masked() else str(value)


def display_phone(value: str | None) -> str:
    if not value:
        return ""
    return privacy.mask_phone(value) if masked() else str(value)


def display_field(field: str, value: str | None) -> str:
    """A value of the named field (``id_number``, ``phone``… or a whole row's values) as the
    screen shows it: readable, and masked when the switch is on."""
    return audit.readable(field, value, masked=masked())
